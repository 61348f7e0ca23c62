"""The report as files: the CSV a spreadsheet opens (header in the reader's language, one row per group and a
total) and the PNG chart (a valid image of a size Telegram takes as a photo, every label drawable)."""

from __future__ import annotations

import csv
import io
import struct
import warnings
from datetime import date

import pytest

from bot.i18n import translator
from bot.reports_render import CHART_GROUPS_MAX, chart_rows, group_label, report_chart, report_csv, report_title
from domain.reports import Period, Report, ReportRow

PERIOD = Period(date(2026, 1, 1), date(2026, 3, 31))
ROWS = (
    ReportRow("LT", active_listings=2, enquiries=3, orders=2, completed_orders=2, median_response_hours=4.0,
              answered_enquiries=2, students=2, average_rating=4.5, ratings=2),
    ReportRow("LV", active_listings=1, enquiries=3, orders=3, completed_orders=1, median_response_hours=10.0,
              answered_enquiries=3, students=2, average_rating=2.0, ratings=1),
    ReportRow("PL", active_listings=4),
)  # fmt: skip
TOTAL = ReportRow("", active_listings=7, enquiries=6, orders=5, completed_orders=3, median_response_hours=6.0,
                  answered_enquiries=5, students=4, average_rating=11 / 3, ratings=3)  # fmt: skip
REPORT = Report(PERIOD, "country", None, ROWS, TOTAL)


def _rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM: spreadsheet programs then read UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_csv_has_a_translated_header_a_row_per_group_and_the_total() -> None:
    rows = _rows(report_csv(REPORT, translator("en")))
    assert rows[0] == ["Code", "Country", "Active listings", "Enquiries", "Orders", "Completed orders",
                       "Completion rate, %", "Median first response, hours", "Enquiries answered",
                       "Students involved", "Average rating", "Ratings"]  # fmt: skip
    assert rows[1:] == [
        ["LT", "Lithuania", "2", "3", "2", "2", "100.0", "4.0", "2", "2", "4.50", "2"],
        ["LV", "Latvia", "1", "3", "3", "1", "33.3", "10.0", "3", "2", "2.00", "1"],
        ["PL", "Poland", "4", "0", "0", "0", "", "", "0", "0", "", "0"],
        ["", "All", "7", "6", "5", "3", "60.0", "6.0", "5", "4", "3.67", "3"],
    ]


def test_csv_in_lithuanian_and_russian_keeps_numbers_machine_readable() -> None:
    lt = _rows(report_csv(REPORT, translator("lt")))
    assert lt[0][:4] == ["Kodas", "Šalis", "Aktyvūs pasiūlymai", "Užklausos"]
    assert lt[2][:2] == ["LV", "Latvija"] and lt[2][6] == "33.3"  # a point, whatever the locale
    ru = _rows(report_csv(Report(PERIOD, "month", None, (ReportRow("2026-03", enquiries=1),), TOTAL),
                          translator("ru")))  # fmt: skip
    assert ru[0][:2] == ["Код", "Месяц"] and ru[1][:2] == ["2026-03", "март 2026\u202fг."]
    assert ru[-1][1] == "Всего"


def _png_size(content: bytes) -> tuple[int, int]:
    assert content[:8] == b"\x89PNG\r\n\x1a\n" and content[12:16] == b"IHDR"
    width, height = struct.unpack(">II", content[16:24])
    return width, height


@pytest.mark.parametrize("language", ["en", "lt", "ru"])
def test_chart_is_a_png_telegram_takes_as_a_photo_and_every_glyph_is_drawn(language: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font" for letters it cannot draw
        content = report_chart(REPORT, translator(language))
    width, height = _png_size(content)
    assert 800 <= width <= 2000 and 500 <= height <= 2500  # a photo: sides under 10,000 in all, ratio under 20
    assert 20_000 < len(content) < 1_000_000  # Telegram takes photos up to 10 MB; this stays well under

    from PIL import Image

    with Image.open(io.BytesIO(content)) as image:
        image.verify()  # decodes: a whole, valid PNG
    assert report_chart(REPORT, translator(language)) == content  # the same report draws the same bytes


def test_chart_labels_are_in_the_readers_language() -> None:
    assert report_title(translator("lt"), REPORT) == "VET2B tinklo ataskaita pagal šalis, 2026-01-01 – 2026-03-31"
    assert (
        report_title(translator("ru"), REPORT)
        == "Отчёт сети VET2B по странам, 1 янв. 2026\u202fг. – 31 мар. 2026\u202fг."
    )
    scoped = Report(PERIOD, "category", frozenset({"LV"}), ROWS, TOTAL)
    assert (
        report_title(translator("en"), scoped) == "VET2B network report by category, 1 Jan 2026 – 31 Mar 2026 (Latvia)"
    )
    assert group_label(translator("lt"), "category", "bakery") == "Kepiniai ir tortai"
    assert group_label(translator("pl"), "month", "2026-02") == "luty 2026"


def test_a_chart_of_many_categories_shows_the_busiest_and_every_month() -> None:
    many = tuple(ReportRow(f"c{i:02d}", enquiries=i) for i in range(20))
    shown = chart_rows(Report(PERIOD, "category", None, many, TOTAL))
    assert [r.key for r in shown] == [f"c{i:02d}" for i in range(19, 19 - CHART_GROUPS_MAX, -1)]
    months = tuple(ReportRow(f"2026-{m:02d}") for m in range(1, 4))
    assert chart_rows(Report(PERIOD, "month", None, months, TOTAL)) == list(months)
    content = report_chart(Report(PERIOD, "category", None, many, TOTAL), translator("en"))
    assert _png_size(content)[1] > _png_size(report_chart(REPORT, translator("en")))[1]  # taller with more bars


def test_the_bot_and_the_cli_start_without_matplotlib() -> None:
    """It takes most of a second to import: only drawing a chart may load it."""
    import subprocess
    import sys

    code = (
        "import sys, bot.telegram_app, bot.cli, bot.console; print(sorted({'matplotlib', 'numpy'} & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == "[]"
