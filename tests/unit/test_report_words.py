"""A coordinator's report request in words, in every language (nlu.answers.report_request), and the days each
named period covers (nlu.normalise.dates.report_span)."""

from __future__ import annotations

from datetime import date

import pytest

from nlu.answers import ReportAsk, report_request
from nlu.normalise.dates import report_span


@pytest.mark.parametrize(
    ("text", "period", "by"),
    [
        ("this month by country", "this_month", "country"),
        ("Last year by category", "last_year", "category"),
        ("stats for the last 3 months by month", "months:3", "month"),
        ("pernai pagal kategorijas", "last_year", "category"),
        ("šį mėnesį pagal šalis", "this_month", "country"),
        ("si menesi pagal salis", "this_month", "country"),  # without diacritics
        ("pagājušajā mēnesī pa valstīm", "last_month", "country"),
        ("šogad pa mēnešiem", "this_year", "month"),
        ("w zeszłym roku według kategorii", "last_year", "category"),
        ("ten miesiąc według krajów", "this_month", "country"),
        ("quest'anno per paese", "this_year", "country"),
        ("ultimi 3 mesi per categoria", "months:3", "category"),
        ("o ano passado por categoria", "last_year", "category"),
        ("este mês por país", "this_month", "country"),
        ("statistika šim mēnesim", "this_month", None),  # session 17: the 6 months before were shown
        ("statistics for last week", "last_week", None),
        ("статистика за эту неделю", "this_week", None),
        ("statystyki z zeszłego tygodnia", "last_week", None),
        ("estatísticas deste mês", "this_month", None),
        ("за прошлый год по месяцам", "last_year", "month"),
        ("отчёт за этот месяц по странам", "this_month", "country"),
        ("отчёт за март", "month:3", None),
        ("by month", None, "month"),
        ("last month", "last_month", None),
    ],
)
def test_report_requests(text: str, period: str | None, by: str | None) -> None:
    asked = report_request(text)
    assert asked is not None and (asked.period, asked.by) == (period, by), text


def test_this_month_is_a_period_not_a_grouping_and_report_words_are_noticed() -> None:
    assert report_request("this month") == ReportAsk("this_month", None, False)
    assert report_request("statistika šį mėnesį") == ReportAsk("this_month", None, True)


def test_statistics_named_alone_ask_the_default_report() -> None:
    """ "stats", "pokaż statystyki": the figures, for the default period (it was no request: a coordinator who did not
    know /stats got a search, "OK." or "which offer?")."""
    assert report_request("stats") == ReportAsk(None, None, True)
    assert report_request("pokaż statystyki") == ReportAsk(None, None, True)


@pytest.mark.parametrize("text", ["hello", "report this offer", "I need 20 cakes by Friday for our office",
                                  "one two three four five six seven eight nine ten by country"])  # fmt: skip
def test_what_is_no_report_request(text: str) -> None:
    assert report_request(text) is None


TODAY = date(2026, 2, 14)


@pytest.mark.parametrize(
    ("period", "span"),
    [
        ("this_week", (date(2026, 2, 9), TODAY)),  # 14 February 2026 is a Saturday
        ("last_week", (date(2026, 2, 2), date(2026, 2, 8))),
        ("this_month", (date(2026, 2, 1), TODAY)),
        ("last_month", (date(2026, 1, 1), date(2026, 1, 31))),
        ("this_year", (date(2026, 1, 1), TODAY)),
        ("last_year", (date(2025, 1, 1), date(2025, 12, 31))),
        ("months:6", (date(2025, 9, 1), TODAY)),
        ("month:1", (date(2026, 1, 1), date(2026, 1, 31))),
        ("month:2", (date(2026, 2, 1), TODAY)),  # not past today
        ("month:3", (date(2025, 3, 1), date(2025, 3, 31))),  # March has not begun this year: last year's
    ],
)
def test_report_spans(period: str, span: tuple[date, date]) -> None:
    assert report_span(period, TODAY) == span


def test_an_unknown_period_is_refused() -> None:
    with pytest.raises(ValueError):
        report_span("month:13", TODAY)
