"""Deadline resolution: every language, inflected forms, no-diacritics spellings, and bad input."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime

import pytest

from nlu.normalise.dates import resolve_date, resolve_date_forgiving

# Wednesday 18 November 2026, 10:00 UTC.
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
TODAY = date(2026, 11, 18)
TOMORROW = date(2026, 11, 19)
FRIDAY = date(2026, 11, 20)  # also "day after tomorrow"
IN_3_DAYS = date(2026, 11, 21)
IN_A_WEEK = date(2026, 11, 25)
NEXT_FRIDAY = date(2026, 11, 27)  # Friday of the following calendar week
IN_2_WEEKS = date(2026, 12, 2)
DEC_12 = date(2026, 12, 12)
NEXT_MONDAY = date(2026, 11, 23)
END_OF_MONTH = date(2026, 11, 30)

CASES: list[tuple[str, str, date]] = [
    # Lithuanian
    ("lt", "reikia 50 tortų iki penktadienio Kaune", FRIDAY),
    ("lt", "iki penktadienio", FRIDAY),
    ("lt", "gal galite penktadienį?", FRIDAY),
    ("lt", "reikia tortu iki penktadienio", FRIDAY),
    ("lt", "kitą penktadienį", NEXT_FRIDAY),
    ("lt", "ar galite rytoj?", TOMORROW),
    ("lt", "poryt", FRIDAY),
    ("lt", "po 3 dienų", IN_3_DAYS),
    ("lt", "per savaitę", IN_A_WEEK),
    ("lt", "po dvieju savaiciu", IN_2_WEEKS),
    ("lt", "iki gruodžio 12 d.", DEC_12),
    ("lt", "gruodzio 12", DEC_12),
    ("lt", "2026 m. gruodžio 12 d.", DEC_12),
    ("lt", "iki mėnesio pabaigos", END_OF_MONTH),
    ("lt", "kita savaite", NEXT_MONDAY),
    ("lt", "šiandien", TODAY),
    # Latvian
    ("lv", "vajag 50 kūkas līdz piektdienai Rīgā", FRIDAY),
    ("lv", "līdz piektdienai", FRIDAY),
    ("lv", "lidz piektdienai", FRIDAY),
    ("lv", "vai varat piektdien?", FRIDAY),
    ("lv", "rīt", TOMORROW),
    ("lv", "vai var rit", TOMORROW),
    ("lv", "parīt", FRIDAY),
    ("lv", "pēc 2 nedēļām", IN_2_WEEKS),
    ("lv", "pec 3 dienam", IN_3_DAYS),
    ("lv", "nedēļas laikā", IN_A_WEEK),
    ("lv", "līdz 12. decembrim", DEC_12),
    ("lv", "12. decembrī", DEC_12),
    ("lv", "2026. gada 12. decembrī", DEC_12),
    ("lv", "līdz mēneša beigām", END_OF_MONTH),
    ("lv", "nākamnedēļ", NEXT_MONDAY),
    ("lv", "šodien", TODAY),
    # English
    ("en", "need 200 cupcakes by Friday", FRIDAY),
    ("en", "on friday", FRIDAY),
    ("en", "next friday", NEXT_FRIDAY),
    ("en", "tomorrow please", TOMORROW),
    ("en", "the day after tomorrow", FRIDAY),
    ("en", "in 3 days", IN_3_DAYS),
    ("en", "within a week", IN_A_WEEK),
    ("en", "in two weeks", IN_2_WEEKS),
    ("en", "by 12 December", DEC_12),
    ("en", "December 12th", DEC_12),
    ("en", "by the 12th of December 2026", DEC_12),
    ("en", "end of the month", END_OF_MONTH),
    ("en", "next week", NEXT_MONDAY),
    ("en", "12/25", date(2026, 12, 25)),
    # Polish
    ("pl", "potrzebuję cateringu na 40 osób w Krakowie do piątku", FRIDAY),
    ("pl", "do piatku", FRIDAY),
    ("pl", "w piątek", FRIDAY),
    ("pl", "w przyszły piątek", NEXT_FRIDAY),
    ("pl", "jutro", TOMORROW),
    ("pl", "pojutrze", FRIDAY),
    ("pl", "za tydzień", IN_A_WEEK),
    ("pl", "za 3 dni", IN_3_DAYS),
    ("pl", "za dwa tygodnie", IN_2_WEEKS),
    ("pl", "w ciagu 3 dni", IN_3_DAYS),
    ("pl", "do 12 grudnia", DEC_12),
    ("pl", "12 grudnia", DEC_12),
    ("pl", "do konca miesiaca", END_OF_MONTH),
    ("pl", "w przyszłym tygodniu", NEXT_MONDAY),
    # Italian
    ("it", "ci servono 200 cornetti entro venerdì", FRIDAY),
    ("it", "entro venerdi", FRIDAY),
    ("it", "venerdì", FRIDAY),
    ("it", "venerdì prossimo", NEXT_FRIDAY),
    ("it", "domani", TOMORROW),
    ("it", "dopodomani", FRIDAY),
    ("it", "tra 2 settimane", IN_2_WEEKS),
    ("it", "fra 3 giorni", IN_3_DAYS),
    ("it", "entro una settimana", IN_A_WEEK),
    ("it", "entro il 12 dicembre", DEC_12),
    ("it", "12 dicembre 2026", DEC_12),
    ("it", "entro fine mese", END_OF_MONTH),
    ("it", "la prossima settimana", NEXT_MONDAY),
    ("it", "oggi", TODAY),
    # Portuguese
    ("pt", "preciso de 200 pasteis de nata ate sexta", FRIDAY),
    ("pt", "até sexta-feira", FRIDAY),
    ("pt", "na sexta", FRIDAY),
    ("pt", "na próxima sexta", NEXT_FRIDAY),
    ("pt", "amanhã", TOMORROW),
    ("pt", "amanha", TOMORROW),
    ("pt", "depois de amanhã", FRIDAY),
    ("pt", "daqui a 2 semanas", IN_2_WEEKS),
    ("pt", "em 3 dias", IN_3_DAYS),
    ("pt", "até 12 de dezembro", DEC_12),
    ("pt", "ate 12 de dezembro", DEC_12),
    ("pt", "até ao fim do mês", END_OF_MONTH),
    ("pt", "na proxima semana", NEXT_MONDAY),
    ("pt", "hoje", TODAY),
    # Russian
    ("ru", "нужно 50 тортов к пятнице", FRIDAY),
    ("ru", "в пятницу", FRIDAY),
    ("ru", "до пятницы", FRIDAY),
    ("ru", "в следующую пятницу", NEXT_FRIDAY),
    ("ru", "завтра", TOMORROW),
    ("ru", "послезавтра", FRIDAY),
    ("ru", "через неделю", IN_A_WEEK),
    ("ru", "через 3 дня", IN_3_DAYS),
    ("ru", "через две недели", IN_2_WEEKS),
    ("ru", "к 12 декабря", DEC_12),
    ("ru", "до 12 декабря", DEC_12),
    ("ru", "до конца месяца", END_OF_MONTH),
    ("ru", "на следующей неделе", NEXT_MONDAY),
    ("ru", "сегодня", TODAY),
    # Numeric dates (any language)
    ("lt", "iki 12.12", DEC_12),
    ("pl", "do 12/12", DEC_12),
    ("en", "2026-12-12", DEC_12),
    ("pt", "até 12.12.2026", DEC_12),
    ("ru", "к 12.12.26", DEC_12),
    # The day in words beside the month (a blind tester's "iki gruodžio dvidešimto", "entro il quindici dicembre")
    ("lt", "iki gruodžio dvylikto", DEC_12),
    ("lv", "līdz divpadsmitajam decembrim", DEC_12),
    ("en", "by the twelfth of December", DEC_12),
    ("pl", "do dwunastego grudnia", DEC_12),
    ("it", "entro il dodici dicembre", DEC_12),
    ("pt", "até doze de dezembro", DEC_12),
    ("ru", "до двенадцатого декабря", DEC_12),
    # The end of a named month (the fourth blind tester: "līdz marta beigām", "entro fine febbraio")
    ("lv", "līdz marta beigām", date(2027, 3, 31)),
    ("lv", "līdz 31. martam", date(2027, 3, 31)),
    ("it", "entro fine febbraio", date(2027, 2, 28)),
    ("ru", "до конца марта", date(2027, 3, 31)),
    ("pl", "do końca marca", date(2027, 3, 31)),
    ("lt", "iki kovo pabaigos", date(2027, 3, 31)),
    ("en", "by the end of November", date(2026, 11, 30)),
    # The end of *next* week is its Friday (a blind tester's deal: "end of next week" was stored as its Monday, and
    # "kitos savaitės pabaigoje" as this week's Friday); "sexta que vem" is next week's, as "até sexta que vem" was
    ("en", "by the end of next week", NEXT_FRIDAY),
    ("ru", "до конца следующей недели", NEXT_FRIDAY),
    ("pl", "do końca przyszłego tygodnia", NEXT_FRIDAY),
    ("it", "entro la fine della settimana prossima", NEXT_FRIDAY),
    ("it", "fine della prossima settimana", NEXT_FRIDAY),
    ("pt", "fim da próxima semana", NEXT_FRIDAY),
    ("lt", "kitos savaitės pabaigoje", NEXT_FRIDAY),
    ("lv", "nākamās nedēļas beigās", NEXT_FRIDAY),
    ("pt", "sexta que vem", NEXT_FRIDAY),
    ("en", "end of this week", FRIDAY),
    ("en", "by the end of next month", date(2026, 12, 31)),
    ("pt", "até ao fim do mês que vem", date(2026, 12, 31)),
    # the day nearest before "next month", not another number ("30 pessoas" made it the 30th: session 17)
    ("pt", "somos 30 pessoas, almoço no dia 20 do próximo mês", date(2026, 12, 20)),
]


@pytest.mark.parametrize(("language", "text", "expected"), CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_resolves_deadline(language: str, text: str, expected: date) -> None:
    assert resolve_date(text, language, NOW) == expected


def test_at_least_twelve_cases_per_language() -> None:
    for language in ("lt", "lv", "en", "pl", "it", "pt", "ru"):
        assert sum(1 for c in CASES if c[0] == language) >= 12, language


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "by 5 March", date(2027, 3, 5)),
        ("pl", "do 1 listopada", date(2027, 11, 1)),
        ("lt", "iki sausio 10", date(2027, 1, 10)),
        ("ru", "к 3 февраля", date(2027, 2, 3)),
        ("pt", "até 17 de novembro", date(2027, 11, 17)),
        ("it", "18 novembre", TODAY),  # today is not in the past
        ("en", "01.02", date(2027, 2, 1)),
    ],
)
def test_past_day_month_means_next_year(language: str, text: str, expected: date) -> None:
    assert resolve_date(text, language, NOW) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("pl", "w środę", IN_A_WEEK),
        ("en", "by Wednesday", IN_A_WEEK),
        ("ru", "в среду", IN_A_WEEK),
        ("lt", "trečiadienį", IN_A_WEEK),
    ],
)
def test_weekday_said_on_that_weekday_means_next_week(language: str, text: str, expected: date) -> None:
    assert resolve_date(text, language, NOW) == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("lt", "mūsų mokiniai gali atspausdinti 3D detales po 5 eur"),
        ("lt", "mes kepame tortus"),
        ("en", "I need a website for my company"),
        ("en", "costs 5.10 eur"),
        ("en", "1.5 kg of cheese"),
        ("pt", "peças em segunda mão"),
        ("ru", "нужен сайт для нашей фирмы"),
        ("ru", "заботимся об окружающей среде"),
        ("it", "per 3 giorni di catering"),
        ("pl", "potrzebuję 50 tortów"),
        ("lv", "vajag 50 kūkas Rīgā"),
        ("lt", "reikia 20 sausainių"),
        ("pl", "20 czerwonych róż"),
    ],
)
def test_no_date(language: str, text: str) -> None:
    assert resolve_date(text, language, NOW) is None


def test_explicit_date_beats_weekday() -> None:
    assert resolve_date("by Friday, at the latest 12 December", "en", NOW) == DEC_12


def test_italian_tuesday_is_not_march() -> None:
    assert resolve_date("entro martedì 24", "it", NOW) == date(2026, 11, 24)


BAD_INPUT = [
    "",
    " ",
    "🎂🎂🎂",
    "\x00\x01\x02\x1b[31m",
    "нужен website do piątku",
    "1" * 10_000,
    "12." * 3_400,
    "po 3 " * 2_000,
    ("iki penktadienio " * 600)[:10_000],
    "a" * 10_000,
]


@pytest.mark.parametrize("text", BAD_INPUT, ids=range(len(BAD_INPUT)))
def test_bad_input_is_fast_and_safe(text: str) -> None:
    start = time.perf_counter()
    result = resolve_date(text, "en", NOW)
    elapsed = time.perf_counter() - start
    assert result is None or isinstance(result, date)
    assert elapsed < 1.0, f"{elapsed:.3f}s"  # catastrophic backtracking takes seconds; speed is benchmarked


def test_unknown_language_code_is_fine() -> None:
    assert resolve_date("do piątku", "xx", NOW) == FRIDAY
    assert resolve_date("do piątku", "", NOW) == FRIDAY


def test_a_day_of_the_month_in_words_answers_by_when() -> None:
    """ "para dia quinze", "il venti": as the answer to "by when?" (resolve_date_forgiving)."""
    assert resolve_date_forgiving("para dia quinze", "pt", NOW) == date(2026, 12, 15)
    assert resolve_date_forgiving("il venti", "it", NOW) == date(2026, 11, 20)


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("pt", "ate sexta dia 18", date(2026, 12, 18)),
        ("ru", "до пятницы 18-го", date(2026, 12, 18)),
        ("it", "entro venerdì 18", date(2026, 12, 18)),
        ("lt", "iki penktadienio 18", date(2026, 12, 18)),
        ("en", "tomorrow at 5", date(2026, 12, 7)),  # an hour, not the 5th
        ("pt", "ate sexta", date(2026, 12, 11)),
    ],
)
def test_a_weekday_with_its_day_of_the_month_is_that_day(language: str, text: str, expected: date) -> None:
    """ "até sexta dia 18" said on Sunday 6 December meant Friday the 18th; the next Friday (the 11th) was taken —
    in an answer to "by when?" and in a whole message ("the first one, two boxes by friday the 18th") alike."""
    now = datetime(2026, 12, 6, 10, tzinfo=UTC)
    assert resolve_date_forgiving(text, language, now) == expected
    assert resolve_date(f"the first one, 2 boxes, {text}", language, now) in (expected, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the first one, two boxes by friday the 18th", date(2026, 12, 18)),
        ("print 50 keychains by thursday 17th", date(2026, 12, 17)),
        ("friday 5 pm", date(2026, 12, 11)),  # an hour: the 5th is no Friday
        ("monday 30 people", date(2026, 12, 7)),  # people: the 30th is no Monday
    ],
)
def test_a_weekday_and_a_number_in_a_message(text: str, expected: date) -> None:
    assert resolve_date(text, "en", datetime(2026, 12, 6, 10, tzinfo=UTC)) == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "by 20 December, budget 2000 euro"), ("pl", "do 20 grudnia, budżet 2000 zł"),
     ("it", "per il 20 dicembre, 2000 euro di budget"), ("pt", "até 20 de dezembro, orçamento 2000 euros")],
)  # fmt: skip
def test_a_budget_beside_the_date_is_no_year(language: str, text: str) -> None:
    """Blind tester J-F1 (session 18): "… 20 December, budget 2000 euro" was 20 December 2000: the enquiry's date
    long past."""
    assert resolve_date(text, language, datetime(2026, 12, 6, 10, tzinfo=UTC)) == date(2026, 12, 20)
