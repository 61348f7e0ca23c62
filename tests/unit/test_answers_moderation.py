"""The words of reporting an offer and of a coordinator's decision, in all seven languages (nlu.answers)."""

from __future__ import annotations

import pytest

from nlu import answers

REPORTS = [
    "report this offer", "Report the second offer", "flag this listing",
    "pranešti apie šį pasiūlymą", "pranesk apie si skelbima",
    "ziņot par šo piedāvājumu", "ziņot par šo sludinājumu",
    "zgłoś tę ofertę", "zgłaszam to ogłoszenie",
    "segnala questa offerta", "segnalare l'annuncio",
    "denunciar esta oferta", "denunciar o anúncio",
    "пожаловаться на это предложение", "жалоба на объявление",
]  # fmt: skip
NOT_REPORTS = [
    "Praneškite, kai užsakymas bus paruoštas",  # "let me know when the order is ready"
    "catering for 40 people in Riga",
    "I want to order this offer",
    "please report back when the cakes are ready for our event next friday morning",  # long: talk, not a command
]
DECISIONS = {
    "hide": ["hide it", "paslėpk", "paslēpt", "ukryj", "nascondi", "ocultar", "скрыть"],
    "restore": ["restore", "grąžink", "atjaunot", "przywróć", "ripristina", "restaurar", "восстановить"],
    "dismiss": ["dismiss", "palikti", "atstāt", "zostaw", "lascia", "manter", "оставить"],
}


@pytest.mark.parametrize("text", REPORTS)
def test_report_requests(text: str) -> None:
    assert answers.offer_report_request(text)


@pytest.mark.parametrize("text", NOT_REPORTS)
def test_not_report_requests(text: str) -> None:
    assert not answers.offer_report_request(text)


@pytest.mark.parametrize(("verb", "text"), [(v, t) for v, texts in DECISIONS.items() for t in texts])
def test_moderation_verbs(verb: str, text: str) -> None:
    assert answers.moderation_verb(text) == verb


def test_not_decisions() -> None:
    assert answers.moderation_verb("hide it and restore it") is None  # two verbs: ask, never guess
    assert answers.moderation_verb("birthday cakes in Kaunas") is None
    assert answers.ordinal("report the second offer", 5) == 2  # which one, read the usual way
