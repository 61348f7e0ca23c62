"""A report as files a coordinator opens: a CSV table and a PNG chart, both in the reader's language.

Why in bot/ and not domain/: a domain service never formats for people (ARCHITECTURE.md), and both
readers of these files live here — the `vet2b stats` command and the chat's /stats (bot/flows/reports.py).
Each function returns bytes, so the CLI writes them to a file and the chat sends them, and neither
touches the other's I/O.

Why matplotlib is imported inside :func:`report_chart`: it takes most of a second to import, and the bot,
which draws a chart only when a coordinator asks for one, should start without it. It draws on an Agg
canvas of its own (no pyplot, so no global figure state shared between concurrent reports).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from babel.dates import format_skeleton
from babel.numbers import format_decimal, format_percent

from bot.i18n import N_, Translator
from domain.reports import Report, ReportRow

if TYPE_CHECKING:
    from matplotlib.axes import Axes

CHART_GROUPS_MAX = 12  # more bars than this do not read at a glance; the CSV has every group
GROUPING_NAMES = {"country": N_("Country"), "category": N_("Category"), "month": N_("Month"), "school": N_("School")}
BY_TITLES = {"country": N_("by country"), "category": N_("by category"), "month": N_("by month"),
             "school": N_("by school")}  # fmt: skip


def group_label(tr: Translator, by: str, key: str) -> str:
    """A country's, category's or month's name in the reader's language; a school's name as written."""
    if by == "country":
        return tr.country(key)
    if by == "category":
        return tr.category(key)
    if by == "school":
        return key  # the school's name as it is written
    year, month = (int(part) for part in key.split("-"))
    return format_skeleton("yMMMM", date(year, month, 1), locale=tr.locale)


def period_text(tr: Translator, report: Report) -> str:
    days = (report.period.since, report.period.until)
    since, until = (format_skeleton("yMMMd", day, locale=tr.locale) for day in days)
    return f"{since} – {until}"


def report_title(tr: Translator, report: Report) -> str:
    """ "VET2B network report by country, 1 Jan 2026 – 31 Mar 2026 (Latvia)": what, how grouped, when, where."""
    title = tr.plain(N_("VET2B network report {by}, {period}"), by=tr.plain(BY_TITLES[report.by]),
                     period=period_text(tr, report))  # fmt: skip
    if report.countries is not None:
        title += " (" + ", ".join(tr.country(c) for c in sorted(report.countries)) + ")"
    return title


def _number(tr: Translator, value: float | None, digits: int = 1, *, fixed: bool = False) -> str:
    """A figure in the reader's locale ("1 234,5"); "—" where there is nothing to measure."""
    if value is None:
        return "—"
    return format_decimal(round(value, digits), format="#,##0." + ("0" if fixed else "#") * digits, locale=tr.locale)


def _percent(tr: Translator, value: float | None) -> str:
    return "—" if value is None else format_percent(value, format="#,##0%", locale=tr.locale)


# --- CSV --------------------------------------------------------------------------------------------------

CSV_COLUMNS = (
    N_("Active listings"), N_("Enquiries"), N_("Orders"), N_("Completed orders"), N_("Completion rate, %"),
    N_("Median first response, hours"), N_("Enquiries answered"), N_("Students involved"), N_("Average rating"),
    N_("Ratings"),
)  # fmt: skip


def _csv_values(row: ReportRow) -> list[str]:
    """Numbers as a spreadsheet reads them in any locale: no thousands separator, a point for decimals."""

    def number(value: float | None, digits: int) -> str:
        return "" if value is None else f"{value:.{digits}f}"

    rate = None if row.completion_rate is None else row.completion_rate * 100
    return [str(row.active_listings), str(row.enquiries), str(row.orders), str(row.completed_orders),
            number(rate, 1), number(row.median_response_hours, 1), str(row.answered_enquiries), str(row.students),
            number(row.average_rating, 2), str(row.ratings)]  # fmt: skip


def report_csv(report: Report, tr: Translator) -> bytes:
    """One row per country, category or month and a last row for all of them; the header in the reader's
    language. UTF-8 with a byte-order mark, so that spreadsheet programs show "ą" and "ж" as they are."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([tr.plain(N_("Code")), tr.plain(GROUPING_NAMES[report.by]), *(tr.plain(c) for c in CSV_COLUMNS)])
    for row in report.rows:
        writer.writerow([row.key, group_label(tr, report.by, row.key), *_csv_values(row)])
    writer.writerow(["", tr.plain(N_("All")), *_csv_values(report.total)])
    return out.getvalue().encode("utf-8-sig")


# --- chart ------------------------------------------------------------------------------------------------


def chart_rows(report: Report) -> list[ReportRow]:
    """The groups the chart shows, top to bottom: months in order (the last two years of them); countries and
    categories busiest first, at most CHART_GROUPS_MAX of them."""
    if report.by == "month":
        return list(report.rows[-CHART_GROUPS_MAX * 2 :])
    ranked = sorted(report.rows, key=lambda r: (-r.enquiries, -r.orders, -r.active_listings, r.key))
    return ranked[:CHART_GROUPS_MAX]


def report_chart(report: Report, tr: Translator) -> bytes:
    """A PNG: six small bar charts side by side, one figure each, sharing the groups down the left edge."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rows = chart_rows(report)
    labels = [group_label(tr, report.by, r.key) for r in rows]
    positions = list(range(len(rows)))
    height = 2.4 + 2 * max(1.6, 0.34 * len(rows) + 0.6)
    figure = Figure(figsize=(12, height), dpi=110, layout="constrained")
    FigureCanvasAgg(figure)
    figure.suptitle(report_title(tr, report), fontsize=15, fontweight="bold")
    if len(rows) < len(report.rows):
        figure.supxlabel(tr.plain(N_("Showing {shown} of {total}; the CSV file has them all."), shown=len(rows),
                                  total=len(report.rows)), fontsize=10, color="#555555")  # fmt: skip
    axes = figure.subplots(2, 3, sharey=True)
    flat: list[Axes] = [ax for line in axes for ax in line]
    _volume(tr, flat[0], rows, positions)
    panels: list[tuple[str, Callable[[ReportRow], float | None], Callable[[float | None], str], str]] = [
        (N_("Completion rate"), lambda r: r.completion_rate, lambda v: _percent(tr, v), "#2e7d32"),
        (
            N_("Median first response, hours"),
            lambda r: r.median_response_hours,
            lambda v: _number(tr, v, 1, fixed=True),
            "#ef6c00",
        ),
        (N_("Active listings"), lambda r: r.active_listings, lambda v: _number(tr, v, 0), "#6a1b9a"),
        (N_("Students involved"), lambda r: r.students, lambda v: _number(tr, v, 0), "#00838f"),
        (
            N_("Average rating (1–5 stars)"),
            lambda r: r.average_rating,
            lambda v: _number(tr, v, 1, fixed=True),
            "#f9a825",
        ),
    ]
    for ax, (title, value, text, colour) in zip(flat[1:], panels, strict=True):
        _single(tr, ax, rows, positions, tr.plain(title), value, text, colour)
    flat[1].set_xlim(0, 1.15)
    flat[1].set_xticks([0, 0.25, 0.5, 0.75, 1])
    flat[1].xaxis.set_major_formatter(lambda x, _pos: _percent(tr, x))
    flat[5].set_xlim(0, 5.75)
    flat[5].set_xticks(range(6))
    flat[0].invert_yaxis()  # the first group on top (the axes share it)
    for ax in flat:
        ax.set_yticks(positions, labels)
        ax.tick_params(axis="y", labelsize=10)
        ax.tick_params(axis="x", labelsize=8.5)
        ax.grid(axis="x", color="#dddddd", linewidth=0.7)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    out = io.BytesIO()
    figure.savefig(out, format="png", facecolor="white")
    return out.getvalue()


def _volume(tr: Translator, ax: Axes, rows: list[ReportRow], positions: list[int]) -> None:
    """Enquiries, orders and completed orders as three bars per group: the funnel at a glance."""
    series = [(N_("Enquiries"), [r.enquiries for r in rows], "#1565c0"),
              (N_("Orders"), [r.orders for r in rows], "#64b5f6"),
              (N_("Completed orders"), [r.completed_orders for r in rows], "#2e7d32")]  # fmt: skip
    width = 0.27
    peak = max([1, *(v for _, values, _ in series for v in values)])
    for index, (name, values, colour) in enumerate(series):
        offsets = [p + (index - 1) * width for p in positions]
        ax.barh(offsets, values, height=width, color=colour, label=tr.plain(name))
        for y, v in zip(offsets, values, strict=True):
            if v:
                ax.text(v + peak * 0.01, y, _number(tr, v, 0), va="center", fontsize=7.5)
    ax.set_xlim(0, peak * 1.18)
    ax.set_title(tr.plain(N_("Enquiries and orders")), fontsize=11.5, loc="left")
    # under the panel, not in it: inside it always hides some group's bars
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.09), ncol=3, fontsize=8.5, frameon=False,
              handlelength=1.2, columnspacing=1.0)  # fmt: skip
    _integer_ticks(tr, ax)


def _single(
    tr: Translator,
    ax: Axes,
    rows: list[ReportRow],
    positions: list[int],
    title: str,
    value: Callable[[ReportRow], float | None],
    text: Callable[[float | None], str],
    colour: str,
) -> None:
    values = [value(r) for r in rows]
    peak = max([0.0, *(v for v in values if v is not None)]) or 1.0
    ax.barh(positions, [v or 0 for v in values], height=0.6, color=colour)
    for y, v in zip(positions, values, strict=True):
        ax.text((v or 0) + peak * 0.015, y, text(v), va="center", fontsize=8.5, color="#222222" if v is not None
                else "#999999")  # fmt: skip
    ax.set_xlim(0, peak * 1.22)
    ax.set_title(title, fontsize=11.5, loc="left")
    _integer_ticks(tr, ax)


def _integer_ticks(tr: Translator, ax: Axes) -> None:
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 5, 10], integer=True))
    ax.xaxis.set_major_formatter(lambda x, _pos: _number(tr, x))
