"""/stats for coordinators: the network report (domain/reports.py) as a chart and a CSV, for a period and a
grouping chosen by button or typed ("this month by country", "pernai pagal kategorijas", "за прошлый год по
месяцам"; the words are nlu.answers.report_request, the days nlu.normalise.dates.report_span).

What a coordinator gets: the chart as a photo (caption: the headline figures, buttons for other periods and
groupings), then the same figures as a CSV document. A coordinator of one country sees that country's schools
only; the scope is asked again on every press and every typed request, since callback data can be forged.

Why the files are drawn in a worker thread: matplotlib takes most of a second for a chart and would hold up
every other chat served by this process meanwhile.

Actions (callback names): srp = a report (period, grouping).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from decimal import Decimal

from bot.core import registry
from bot.core.callbacks import Action
from bot.core.turn import Turn
from bot.core.types import Button
from bot.i18n import N_, Safe, Translator, escape
from bot.reports_render import period_text, report_chart, report_csv, report_title
from domain.coordinators import coordinator_scope
from domain.reports import GROUPINGS, Grouping, Period, Report, build_report
from nlu import answers
from nlu.normalise.dates import report_span

FLOW = "report"
DEFAULT_PERIOD = "months:6"
DEFAULT_BY: Grouping = "country"
PERIODS = {
    "this_month": N_("This month"),
    "last_month": N_("Last month"),
    "months:6": N_("Last 6 months"),
    "this_year": N_("This year"),
    "last_year": N_("Last year"),
}
GROUPING_BUTTONS = {"country": N_("🌍 By country"), "category": N_("🗂 By category"), "month": N_("📅 By month"),
                    "school": N_("🏫 By school")}  # fmt: skip


@dataclass(frozen=True)
class ReportScope:
    """Whose schools a person may see reports of: ``countries`` None means every country."""

    countries: frozenset[str] | None


async def report_scope(turn: Turn) -> ReportScope | None:
    """The person's report scope: their coordinator countries (None inside: all); None when they are no
    coordinator, who then gets no report (the `vet2b stats` command needs no role: it runs on the server)."""
    scope = await coordinator_scope(turn.session, turn.person.id)
    return None if scope is None else ReportScope(scope.countries)


@registry.command("stats")
async def cmd_stats(turn: Turn, args: str) -> None:
    """/stats [words]: the report the words ask for ("/stats last year by category"), else the last six
    months by country."""
    scope = await report_scope(turn)
    if scope is None:
        turn.say(turn.tr._("Reports are for coordinators of the network."))
        return
    asked = answers.report_request(args) if args.strip() else None
    await send_stats(turn, asked.period if asked and asked.period else DEFAULT_PERIOD,
                     _grouping(asked.by if asked else None), scope.countries)  # fmt: skip


@registry.button("srp")
async def on_report(turn: Turn, action: Action) -> None:
    scope = await report_scope(turn)
    if scope is None:
        turn.say(turn.tr._("Reports are for coordinators of the network."))
        return
    period, by = (*action.args, "", "")[:2]
    period = period.replace(".", ":")  # ":" separates a button's arguments (bot/core/callbacks.py)
    try:  # a forged "months:999" or "month:13" gets the default period, not an error
        Period(*report_span(period, turn.now.date()))
    except ValueError:
        period = DEFAULT_PERIOD
    await send_stats(turn, period, _grouping(by), scope.countries)


STATISTICS_STEMS = ("statist", "statyst", "estatist", "статист")


@registry.in_context(25)
async def report_in_words(turn: Turn, text: str) -> bool:
    """A coordinator's typed request: "this month by country", "statistika pernai", or — right after a report —
    just "by category" or "last year" (the other half is kept from the report shown)."""
    asked = answers.report_request(text)
    if asked is None:
        return False
    following = turn.state.flow == FLOW
    if not (following or asked.names_report or (asked.period and asked.by)):
        return False
    scope = await report_scope(turn)
    if scope is None and asked.names_report and (asked.period or answers.has_stem(text, STATISTICS_STEMS)):
        # "pokaż statystyki za ten miesiąc" from someone who is no coordinator: said so, as /stats says it (it got
        # "There are no enquiries yet")
        turn.say(turn.tr._("Reports are for coordinators of the network."))
        return True
    if scope is None:
        return False
    kept = turn.state.data if following else {}
    period = asked.period or str(kept.get("period") or DEFAULT_PERIOD)
    await send_stats(turn, period, _grouping(asked.by or kept.get("by")), scope.countries)
    return True


def _grouping(value: object) -> Grouping:
    for grouping in GROUPINGS:
        if value == grouping:
            return grouping
    return DEFAULT_BY


async def send_stats(turn: Turn, period_name: str, by: Grouping, countries: frozenset[str] | None) -> None:
    """Send the report of ``period_name`` (a name nlu.normalise.dates.report_span knows) grouped ``by``, for the
    schools of ``countries`` (None: all): the chart as a photo with the headline figures, then the CSV.
    The caller has checked that this person may see those countries."""
    tr = turn.tr
    try:
        period = Period(*report_span(period_name, turn.now.date()))
    except ValueError:  # "/stats 2099": said, and the usual period shown (it was shown without a word)
        turn.say(tr._("That period has not begun yet; here are the last 6 months."))
        period_name = DEFAULT_PERIOD
        period = Period(*report_span(period_name, turn.now.date()))
    report = await build_report(turn.session, period, by, countries)
    turn.finish()
    turn.goto(FLOW, "shown", period=period_name, by=by)
    buttons = _choices(turn, period_name, by)
    if report.empty:
        turn.say(tr._("Nothing to report for {period}: no listings, enquiries or orders.",
                      period=period_text(tr, report)), buttons)  # fmt: skip
        return
    chart, table = await asyncio.to_thread(_files, report, tr)
    stem = f"vet2b-report-{by}-{period.since:%Y%m%d}-{period.until:%Y%m%d}"
    turn.send_photo(caption(tr, report), f"{stem}.png", chart, buttons)
    turn.send_file(tr._("The same figures as a table, for a spreadsheet."), f"{stem}.csv", table)


def _files(report: Report, tr: Translator) -> tuple[bytes, bytes]:
    return report_chart(report, tr), report_csv(report, tr)


def caption(tr: Translator, report: Report) -> str:
    """The headline under the chart: what it is, then the totals in a few words."""
    total = report.total
    lines = [Safe("📊 <b>") + escape(report_title(tr, report)) + Safe("</b>")]
    lines.append(tr._("Enquiries: {enquiries} · orders: {orders} · completed: {completed}",
                      enquiries=tr.number(total.enquiries), orders=tr.number(total.orders),
                      completed=tr.number(total.completed_orders)))  # fmt: skip
    if total.median_response_hours is not None:
        lines.append(tr._("Schools answer in {hours} h (median).", hours=_one_decimal(tr, total.median_response_hours)))
    if total.average_rating is not None:
        lines.append(tr._("Average rating: {rating} ★", rating=_one_decimal(tr, total.average_rating)))
    lines.append(tr._("Students involved: {students}", students=tr.number(total.students)))
    if report.by == "school":  # "which schools are the most active?": the first of them, by orders and enquiries
        for n, row in enumerate(report.rows[:TOP_SCHOOLS], start=1):
            name = row.key if len(row.key) <= SCHOOL_NAME_SHOWN else row.key[: SCHOOL_NAME_SHOWN - 1] + "…"
            orders = tr.n_("{n} order", "{n} orders", row.orders)
            enquiries = tr.n_("{n} enquiry", "{n} enquiries", row.enquiries)
            lines.append(Safe(f"{n}. ") + escape(name) + Safe(f": {orders}, {enquiries}"))
    lines.append(tr._("Another period or grouping? Press a button or write, for example, «last year by category»."))
    return "\n".join(lines)


TOP_SCHOOLS = 3  # under the chart (a photo's caption holds 1,024 characters); the CSV has every school
SCHOOL_NAME_SHOWN = 48


def _one_decimal(tr: Translator, value: float) -> str:
    return tr.number(Decimal(str(round(value, 1))))


def _choices(turn: Turn, period: str, by: Grouping) -> list[list[Button]]:
    tr = turn.tr
    shown = period.replace(":", ".")  # "months:3" → "months.3": ":" separates a button's arguments
    groupings = [turn.button(tr._(label), "srp", shown, key) for key, label in GROUPING_BUTTONS.items() if key != by]
    periods = [turn.button(tr._(label), "srp", key.replace(":", "."), by) for key, label in PERIODS.items()
               if key != period]  # fmt: skip
    return [groupings, periods[:2], periods[2:]]
