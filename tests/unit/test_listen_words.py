"""Asking to hear the last message (nlu/answers.asks_to_listen): the seven languages, and what is not such a request.

Why: "read it to me" typed right after a teacher's answer must not travel to the teacher as a new question, and
a question that merely starts with "read" must not be swallowed by the voice."""

from __future__ import annotations

import pytest

from nlu import answers

ASKS = [
    "listen", "Read it to me please", "read aloud", "listen again",
    "perskaityk man", "Klausyti", "perskaitykite",
    "nolasi man", "klausīties", "lasi skaļi",
    "przeczytaj mi", "posłuchać", "czytaj na głos",
    "leggimelo", "ascolta", "leggi ad alta voce",
    "lê para mim", "ouvir", "leia para mim",
    "Прочитай мне", "слушать", "озвучь",
]  # fmt: skip
NOT_ASKS = [
    "read the task description again and fix the label", "I will listen to the teacher tomorrow", "hello",
    "got it", "Kokio dydžio turi būti sausainiai?", "прочитал, всё понятно, спасибо большое учитель", "",
]  # fmt: skip


@pytest.mark.parametrize("text", ASKS)
def test_asks_to_listen(text: str) -> None:
    assert answers.asks_to_listen(text)


@pytest.mark.parametrize("text", NOT_ASKS)
def test_does_not_ask_to_listen(text: str) -> None:
    assert not answers.asks_to_listen(text)
