"""nlu.answers and bot.core.asking.interpret on the cases that must not go wrong: everyday words that look like
answers ("para 20 pessoas" is no "stop"), answers that look like something else, and each kind in words."""

from __future__ import annotations

import ast
from datetime import datetime
from pathlib import Path

import pytest

from bot.core.asking import Answer, interpret
from nlu import answers
from nlu.normalise._text import fold

NOW = datetime(2026, 12, 7, 10, 0)  # a Monday


@pytest.mark.parametrize(
    ("text", "expects", "language", "want"),
    [
        ("sim, pode enviar", "yesno", "pt", Answer("yes")),
        ("taip, siųsk", "yesno", "lt", Answer("yes")),
        ("да, отправляй", "yesno", "ru", Answer("yes")),
        ("tikrai ne", "yesno", "lt", Answer("no")),
        ("nesiųsk", "yesno", "lt", Answer("no")),
        ("sure why not", "yesno", "en", Answer("yes")),
        ("no pewnie", "yesno", "pl", Answer("yes")),
        ("how much does it cost?", "yesno", "en", Answer("none")),
        ("quem vai fazer?", "yesno", "pt", Answer("none")),
        ("para 20 pessoas", "number", "pt", Answer("number", 20)),
        ("à volta de cem", "number", "pt", Answer("number", 100)),
        ("two hundred", "number", "en", Answer("number", 200)),
        ("don't know, skip it", "number", "en", Answer("skip")),
        ("non", "yesno", "it", Answer("no")),  # not the "non" of "non so" (skip): "Rispondi sì o no" came back
        ("non so", "number", "it", Answer("skip")),
        ("poryt", "date", "lt", Answer("date", "2026-12-09")),
        ("до пятницы", "date", "ru", Answer("date", "2026-12-11")),
        ("iki penktadenio", "date", "lt", Answer("date", "2026-12-11")),
        ("dia 18", "date", "pt", Answer("date", "2026-12-18")),
        ("na wigilię", "date", "pl", Answer("date", "2026-12-24")),
        ("no deadline", "date", "en", Answer("skip")),
        ("the second one", "choice", "en", Answer("item", 2)),
        ("antrą", "choice", "lt", Answer("item", 2)),
        ("pierwszą ofertę", "choice", "pl", Answer("item", 1)),
        ("o primeiro", "choice", "pt", Answer("item", 1)),
        ("quero o primero", "choice", "pt", Answer("item", 1)),  # a slip of "primeiro" (a search ran)
        ("the last one", "choice", "en", Answer("item", 5)),
        ("kuo skiriasi 1 ir 2?", "choice", "lt", Answer("none")),
        ("show me cheaper ones", "choice", "en", Answer("none")),
        ("no thanks", "optional", "en", Answer("skip")),
        ("please make them chocolate", "optional", "en", Answer("text", "please make them chocolate")),
        ("отмена", "number", "ru", Answer("cancel")),
        ("cancel the enquiry", "optional", "en", Answer("cancel")),
        ("atšaukit viską", "date", "lt", Answer("cancel")),
        ("go back", "date", "en", Answer("back")),
        ("stop sending me offers about cakes", "none", "en", Answer("none")),
        ("queremos também salgados para a festa", "none", "pt", Answer("none")),
    ],
)
def test_typed_answers(text: str, expects: str, language: str, want: Answer) -> None:
    assert interpret(text, expects, language=language, now=NOW, count=5) == want  # type: ignore[arg-type]


def test_commands_in_words() -> None:
    assert answers.price_cap("iki 100 eurų") is not None
    assert answers.price_cap("do 500 zł") is not None and answers.price_cap("do 500 zł")[1] == "PLN"  # type: ignore[index]
    assert answers.price_cap("we need 100 cakes") is None
    assert answers.rating("ottimo lavoro, 5 stelle!") == (5, "ottimo lavoro")
    assert answers.rating("★★★★") == (4, "")
    assert answers.rating("we need 5 cakes") is None
    assert answers.acknowledges("supratau") and answers.acknowledges("ok, ricevuto")
    assert not answers.acknowledges("done") and not answers.acknowledges("baigiau užduotį")
    assert answers.starts_task("task for the students: bake 50 cakes by Friday") == "bake 50 cakes by Friday"
    assert answers.starts_task("we need a task board") is None
    assert answers.starts_task("uzdevums 2 nav pabeigts, atver to atkal") is None  # about task 2 (blind tester)
    assert answers.asks_erasure("ištrinkite mano asmeninius duomenis") and not answers.asks_erasure("delete the offer")
    assert answers.role_named("somos uma empresa") == "company" and answers.role_named("svetainės mūsų įmonei") is None


def test_no_phrase_becomes_another_tables_word_without_its_filler() -> None:
    """Filler is left out of a phrase ("forget it" is matched as "forget"); a phrase that would thereby become a
    one-word answer of another table must be kept whole ("=non so"), or that word changes meaning: "non so"
    (I don't know: skip) made every Italian "non" a skip, and "non" to "Send it?" was asked again."""
    specs: dict[str, str] = {}
    for node in ast.walk(ast.parse(Path(answers.__file__).read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Assign):
            continue
        call = node.value
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "_phrases":
            target = node.targets[0]
            first = call.args[0]
            if isinstance(target, ast.Name) and isinstance(first, ast.Constant) and isinstance(first.value, str):
                specs[target.id] = first.value
    assert {"YES_PHRASES", "NO_PHRASES", "SKIP_PHRASES", "CANCEL_PHRASES"} <= set(specs)
    written_alone = {
        fold(w.strip()): name for name, spec in specs.items() for w in spec.split(";") if len(w.split()) == 1
    }
    for name, spec in specs.items():
        for written in spec.split(";"):
            words = fold(written.strip()).replace("'", " ").split()
            kept = [w for w in words if w not in answers.FILLER]
            if written.strip().startswith("=") or len(words) < 2 or len(kept) != 1:
                continue
            other = written_alone.get(kept[0], name)
            assert other == name, f"{name}: {written.strip()!r} would be matched as {kept[0]!r}, a word of {other}"


@pytest.mark.parametrize(
    ("text", "language", "want"),
    [
        ("five!!! super tasty", "en", (5, "super tasty")),
        ("четыре, немного опоздали", "ru", (4, "немного опоздали")),
        ("4", "en", (4, "")),
        ("5 more cakes please", "en", None),
        ("7!", "en", None),
        ("tortas buvo skanus", "lt", None),
    ],
)
def test_a_number_said_first_and_alone_is_a_rating(text: str, language: str, want: tuple[int, str] | None) -> None:
    assert answers.opening_rating(text, language) == want


@pytest.mark.parametrize(
    ("typed", "passed_on"),
    [
        ("tell him: use the blue plastic", "use the blue plastic"),
        ("Tell her that the deadline is Friday", "the deadline is Friday"),
        ("pasakyk jam: naudok mėlyną plastiką", "naudok mėlyną plastiką"),
        ("скажи ему, что коробки не нужны", "коробки не нужны"),
        ("diz-lhe que sim", "sim"),
        ("digli che va bene", "va bene"),
        ("tell the client: we deliver on Friday", "we deliver on Friday"),
        ("Reply as soon as you can please", "Reply as soon as you can please"),  # no ":" or "that": as typed
        ("tell him", "tell him"),
        ("Chocolate, please", "Chocolate, please"),
    ],
)
def test_words_for_the_other_side_lose_their_address_to_the_bot(typed: str, passed_on: str) -> None:
    assert answers.words_for_them(typed) == passed_on


@pytest.mark.parametrize(
    ("text", "count", "picked"),
    [("enquire about number 2, 200 pcs by dec 22", 2, 2), ("zakazhu nomer 1 na 50 chelovek", 5, 1),
     ("number 2", 5, 2), ("nr 3 i 4", 5, None), ("what is the difference between number 1 and number 2", 5, None),
     ("kuo skiriasi 1 ir 2?", 5, None), ("vorrei chiedere al 1, ci serve entro fine febbraio", 5, 1),
     ("the 3 looks good", 5, 3)],
)  # fmt: skip
def test_a_number_after_number_is_the_pick_and_the_details_numbers_are_not(
    text: str, count: int, picked: int | None
) -> None:
    """Blind tester (session 16): "enquire about number 2, 200 pcs by dec 22" got "Which one?" (three numbers)."""
    assert answers.ordinal(text, count) == picked
