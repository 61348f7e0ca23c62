"""Reporting an offer to the network's coordinators: the 🚩 button on every offer card, or typed
("report this offer", "pranešti apie šį pasiūlymą", "пожаловаться на это предложение").

The reporter picks a reason or types one; the coordinators of the offer's country are told through the
outbox (domain/moderation.py), never who reported it. A second report of the same offer by the same person
counts once, and the person is told so.
"""

from __future__ import annotations

from bot.core import registry
from bot.core.callbacks import Action
from bot.core.turn import Turn
from bot.core.types import Button
from bot.flows.common import served_as_request
from bot.i18n import N_, Translator
from domain.coordinators import coordinator_scope
from domain.limits import REPORT_REASON_MAX
from domain.listings import listing_view
from domain.moderation import REPORT_REASONS, report_listing
from nlu import answers

FLOW = "report_offer"
REPORT_LABEL = N_("🚩 Report")
REASON_LABELS = {
    "misleading": N_("Misleading or wrong information"),
    "not_student_work": N_("Not made by students"),
    "offensive": N_("Offensive or inappropriate"),
    "spam": N_("Spam or a scam"),
}


def reason_text(tr: Translator, code: str | None, typed: str | None) -> str:
    """A reason as the reader sees it: a picked one in their language, or the words typed (escape them)."""
    if code in REASON_LABELS:
        return tr._(REASON_LABELS[code])
    return typed or ""


def report_button(turn: Turn, listing_id: int, number: int | None = None) -> Button:
    """🚩 under an offer card; typed "report the second offer" presses the one of offer 2."""
    label = turn.tr._(REPORT_LABEL) if number is None else f"🚩 {number}"
    return turn.button(label, "rpt", listing_id, means=f"report:{number or 1}")


@registry.button("rpt")
async def on_report(turn: Turn, action: Action) -> None:
    view = await listing_view(turn.session, action.arg_int(0))
    _ = turn.tr._
    if not view.visible:
        turn.say(_("This offer is not available any more."))
        return
    turn.goto(FLOW, "reason", listing_id=view.id)
    rows = [[turn.button(_(REASON_LABELS[code]), "rpr", view.id, code, means=f"item:{number}")]
            for number, code in enumerate(REPORT_REASONS, start=1)]  # fmt: skip
    turn.say(
        _("🚩 Why do you report «{title}»? Choose a reason or type it in your own words. The network's "
          "coordinators will look at it; they do not see who reported it.", title=view.title),
        rows,
        expects="choice",
    )  # fmt: skip


@registry.button("rpr")
async def on_reason(turn: Turn, action: Action) -> None:
    code = action.args[1] if len(action.args) > 1 else ""
    await _report(turn, action.arg_int(0), reason_code=code)


@registry.step(FLOW, "reason")
async def reason_typed(turn: Turn, text: str) -> None:
    """The reason in words; a need typed instead ("preciso de um bolo de aniversario no porto") is no reason: the
    report is left unsent and the need served (it reached the coordinators as the reason, and nothing was found)."""
    if answers.stance(text) == "need" and await served_as_request(turn, text):
        return
    await _report(turn, int(turn.state.data["listing_id"]), reason=text)


async def _report(turn: Turn, listing_id: int, *, reason_code: str | None = None, reason: str | None = None) -> None:
    outcome = await report_listing(turn.session, turn.person, listing_id, reason_code=reason_code, reason=reason)
    turn.finish()
    _ = turn.tr._
    if outcome.new:
        turn.say(_("✔ Thank you. Your report about «{title}» is sent to the network's coordinators.",
                   title=outcome.listing_title))  # fmt: skip
    else:
        turn.say(_("You have already reported «{title}». A report counts once; the coordinators have it.",
                   title=outcome.listing_title))  # fmt: skip


@registry.in_context(8)
async def report_typed(turn: Turn, text: str) -> bool:
    """ "Report this offer": the offer last looked at, the only one shown, or the one named by its number. A reason
    after a comma or colon is the report's reason ("quero denunciar a oferta 2, parece burla…", "хочу пожаловаться на
    второе предложение, это мошенничество": it was searched for, or asked for again)."""
    reason = ""
    said = answers.report_with_reason(text)
    if said is not None:
        text, reason = said
    elif not answers.offer_report_request(text):
        return False
    if answers.coordinator_list(text) == "reports" and await coordinator_scope(turn.session, turn.person.id):
        return False  # a coordinator's "kokie yra pranešimai apie pasiūlymus?": the list (bot/flows/coordination.py)
    shown = [int(i) for i in (turn.recall("search") or {}).get("shown", [])]
    picked = answers.ordinal(text, len(shown)) if shown else None
    focus = turn.recall("focus")
    if picked is not None:
        listing_id: int | None = shown[picked - 1]
    elif focus is not None:
        listing_id = int(focus)
    elif len(shown) == 1:
        listing_id = shown[0]
    else:
        listing_id = None
    _ = turn.tr._
    if listing_id is not None and reason and len(reason) <= REPORT_REASON_MAX:
        await _report(turn, listing_id, reason=reason)
    elif listing_id is not None:
        await on_report(turn, Action("rpt", (str(listing_id),)))
    elif shown:
        rows = []
        for number, shown_id in enumerate(shown, start=1):
            view = await listing_view(turn.session, shown_id)
            rows.append([turn.button(f"🚩 {number}. {view.title}"[:60], "rpt", shown_id, means=f"item:{number}")])
        turn.say(_("Which offer do you report? Choose it or type its number."), rows, expects="choice")
    else:
        turn.say(_("Which offer? Find it first, then press 🚩 under it."))
    return True
