"""What coordinators do in the chat: the moderation queue (/reports), hide / restore / dismiss (buttons on a
report, in the queue, or typed right after a report arrived), verifying organisations (/verify) and the
audit log (/audit).

Every action goes through domain/moderation.py, which checks the coordinator's countries on each call: a
button is signed for its recipient, but a stale or forged one must still be refused.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from bot.core import registry
from bot.core.callbacks import Action
from bot.core.turn import Turn
from bot.core.types import Button
from bot.flows.offer_reports import reason_text
from bot.flows.visits import pending_message
from bot.i18n import N_, Safe, escape
from domain import moderation, visits
from domain.audit_log import AuditEntry, coordinator_audit
from domain.coordinators import coordinator_scope, require_coordinator
from domain.errors import DomainError
from domain.models import OutboxMessage
from domain.moderation import ReportedListing
from nlu import answers

# Who reported an offer is not the coordinators' to know, not even as a number to compare across reports.
ANONYMOUS_ACTIONS = frozenset({"listing.report"})
MODERATING = "moderating"  # memory: the listing whose report or card the coordinator saw last, and when
MODERATING_FOR = timedelta(minutes=30)  # "hide it" means that listing only this long after


def _moderating(turn: Turn, listing_id: int) -> None:
    turn.remember(MODERATING, [listing_id, turn.now.isoformat()])


def _place(turn: Turn, item: ReportedListing) -> str:
    return f"{item.organisation_name} · {item.city}, {turn.tr.country(item.country)}"


def decision_buttons(turn: Turn, item: ReportedListing, number: int | None = None) -> list[Button]:
    """🙈 Hide and ✔ Keep for a reported offer, ↩️ Restore for a hidden one (numbered in a list)."""
    _ = turn.tr._
    n = f" {number}." if number is not None else ""
    means = (lambda verb: f"{verb}:{number}") if number is not None else (lambda _verb: None)  # "hide the first"
    if item.hidden:
        return [turn.button(_("↩️{n} Restore", n=n), "mr", item.listing_id, means=means("restore"))]
    hide = turn.button(_("🙈{n} Hide", n=n), "mh", item.listing_id, item.report_id or 0, means=means("hide"))
    return [hide, turn.button(_("✔{n} Keep", n=n), "mx", item.listing_id, means=means("dismiss"))]


async def card_buttons(turn: Turn, listing_id: int, country: str) -> list[list[Button]]:
    """For a coordinator of the offer's country looking at its card: 🙈 Hide (and "hide it" typed next means
    this offer). Nothing for anyone else."""
    scope = await coordinator_scope(turn.session, turn.person.id)
    if scope is None or not scope.covers(country):
        return []
    _moderating(turn, listing_id)
    return [[turn.button(turn.tr._("🙈 Hide"), "mh", listing_id, 0)]]


@registry.in_context(6)
async def who_reported_asked(turn: Turn, text: str) -> bool:
    """ "who reported it?", "кто пожаловался?": nobody learns it, coordinators included (it got an unrelated reply,
    or began a new report)."""
    if not answers.asks_who_reported(text):
        return False
    turn.say(turn.tr._("Reports are anonymous: nobody, coordinators included, learns who reported an offer."))
    return True


@registry.command("reports")
async def cmd_reports(turn: Turn, _args: str) -> None:
    turn.finish()
    queue = await moderation.moderation_queue(turn.session, turn.person)
    tr = turn.tr
    _ = tr._
    if not queue.reported and not queue.hidden:
        turn.say(_("No reported offers wait for you, and none is hidden."))
        return
    lines: list[str] = []
    rows: list[list[Button]] = []
    number = 0
    if queue.reported:
        lines.append(tr.n_("🚩 {n} reported offer waits for your decision:",
                           "🚩 {n} reported offers wait for your decision:", len(queue.reported)))  # fmt: skip
    for item in queue.reported:
        number += 1
        reason = reason_text(tr, item.reason_code, item.reason)
        lines.append(Safe(f"{number}. <b>{escape(item.title)}</b> — {escape(_place(turn, item))}\n    ")
                     + tr.n_("{n} report", "{n} reports", item.open_reports) + " · "
                     + _("Reason: {reason}", reason=reason))  # fmt: skip
        rows.append(decision_buttons(turn, item, number))
    if queue.hidden:
        lines.append(_("🙈 Hidden offers:"))
    for item in queue.hidden:
        number += 1
        lines.append(Safe(f"{number}. <b>{escape(item.title)}</b> — {escape(_place(turn, item))}"))
        rows.append(decision_buttons(turn, item, number))
    turn.say("\n".join(lines), rows)


async def _listing_of_last_report(turn: Turn) -> int | None:
    """The offer of the newest report that reached the coordinator since their previous message, else the
    one they last decided about or looked at."""
    query = select(OutboxMessage.payload).where(
        OutboxMessage.recipient_id == turn.person.id,
        OutboxMessage.kind == "listing_reported",
        OutboxMessage.sent_at.is_not(None),
    )
    if turn.previous_at is not None:
        query = query.where(OutboxMessage.created_at > turn.previous_at)
    payload = await turn.session.scalar(query.order_by(OutboxMessage.id.desc()).limit(1))
    if payload and isinstance(payload.get("report_id"), int):
        try:
            item = await moderation.report_view(turn.session, turn.person, int(payload["report_id"]))
        except DomainError:  # gone, or no longer theirs to decide
            item = None
        if item is not None:
            return item.listing_id
    remembered = turn.recall(MODERATING)
    if not isinstance(remembered, list) or len(remembered) != 2:
        return None
    listing_id, at = remembered
    fresh = turn.now - datetime.fromisoformat(str(at)) <= MODERATING_FOR
    return int(listing_id) if fresh else None


NUMBER_REACH = 99  # a number typed with a decision names one of the list: none else is decided about


def _result_listing(turn: Turn, number: int) -> int | None:
    """The offer of search result ``number`` on the screen ("hide number 1, it's a duplicate" under results)."""
    options = turn.asked.options if turn.asked else []
    found = next((o for o in options if o.means in (f"item:{number}", f"details:{number}")
                  and o.action[0] in ("eq", "sd") and len(o.action) > 1), None)  # fmt: skip
    return int(found.action[1]) if found is not None else None


@registry.in_context(6)
async def decide_typed(turn: Turn, text: str) -> bool:
    """ "Hide it", "paslėpk", "скрыть", "restore", "atstāj": a coordinator's decision about the last report.
    "Hide it, the photos are stolen from another website": the words after the decision are for the school (the
    long sentence was no decision at all, and a student's "no open tasks" answered it)."""
    said = answers.decision_and_words(text)
    if said is not None and answers.moderation_verb(said[0]) == "hide":
        verb, note = answers.moderation_verb(said[0]), said[1]  # "скрыть, фото украдены…": the note for the school
    elif said is not None and answers.moderation_verb(said[0]) is not None:
        # "keep it, I called the school and it's legit", "show it again, the school sent proof": the decision (it
        # was read as posting an offer, or verified a school); the words are the coordinator's own
        verb, note = answers.moderation_verb(said[0]), ""
    else:
        verb, note = answers.moderation_verb(text), ""
    if verb is None or await coordinator_scope(turn.session, turn.person.id) is None:
        return False
    if answers.is_question(text):  # "what did I hide?" hid the offer of the last report: the list answers it
        await cmd_reports(turn, "")
        return True
    listed = [o for o in (turn.asked.options if turn.asked else []) if o.means and o.means.startswith(f"{verb}:")]
    named = answers.ordinal(text, NUMBER_REACH)  # "hide number 5": that one or none (the only one was hidden)
    if listed:  # /reports was just shown: "paslēp pirmo", "hide 2", or the only one
        picked = answers.ordinal(text, max(int((o.means or ":0").split(":")[1]) for o in listed))
        only = listed[0] if len(listed) == 1 and named is None else None
        option = next((o for o in listed if o.means == f"{verb}:{picked}"), only)
        if option is not None:
            name, *args = option.action
            if note:
                await _hide(turn, int(args[0]), int(args[1]) if len(args) > 1 else 0, note)
                return True
            await registry.BUTTONS[name](turn, Action(name, tuple(args)))
            return True
    listing_id = await _listing_of_last_report(turn) if named is None else _result_listing(turn, named)
    if listing_id is None:
        turn.say(turn.tr._("Which offer? Send /reports and press the button under it."))
        return True
    if note:
        await _hide(turn, listing_id, 0, note)
        return True
    action = {"hide": "mh", "restore": "mr", "dismiss": "mx"}[verb]
    await registry.BUTTONS[action](turn, Action(action, (str(listing_id),)))
    return True


@registry.in_context(26)
async def list_in_words(turn: Turn, text: str) -> bool:
    """A coordinator's "show complaints", "покажи жалобы", "organisations to verify", "audit log": that list, as
    its command shows it. Anyone else's words go on (to a search, an offer…)."""
    named = answers.coordinator_list(text)
    if named is None or await coordinator_scope(turn.session, turn.person.id) is None:
        return False
    await registry.COMMANDS[named](turn, "")
    return True


@registry.button("mh")
async def on_hide(turn: Turn, action: Action) -> None:
    await _hide(turn, action.arg_int(0), action.arg_int(1) if len(action.args) > 1 else 0, "")


async def _hide(turn: Turn, listing_id: int, report_id: int, note: str) -> None:
    done = await moderation.hide_listing(turn.session, turn.person, listing_id, report_id=report_id or None, note=note)
    _moderating(turn, done.listing_id)
    _ = turn.tr._
    if done.changed and done.reason_known:
        text = _("🙈 «{title}» is hidden: it is out of search and takes no enquiries. Its school is told why.",
                 title=done.title)  # fmt: skip
    elif done.changed:  # no reason picked nor written: the school was told "why" of nothing (a tester saw it)
        text = _("🙈 «{title}» is hidden: it is out of search and takes no enquiries. Its school is told, without a "
                 "reason: to tell them why, write «hide it, …» with your reason.", title=done.title)  # fmt: skip
    elif done.noted:
        text = _("«{title}» is hidden; its school got your words.", title=done.title)
    else:
        text = _("«{title}» was already hidden.", title=done.title)
    turn.say(text, [[turn.button(_("↩️ Restore"), "mr", done.listing_id), turn.button(_("🚩 Reports"), "m", "reports")]])


@registry.button("mr")
async def on_restore(turn: Turn, action: Action) -> None:
    done = await moderation.restore_listing(turn.session, turn.person, action.arg_int(0))
    _moderating(turn, done.listing_id)
    _ = turn.tr._
    if done.changed:
        text = _("↩️ «{title}» is shown again. Its school is told.", title=done.title)
    else:
        text = _("«{title}» is not hidden.", title=done.title)
    turn.say(
        text, [[turn.button(_("🙈 Hide"), "mh", done.listing_id, 0), turn.button(_("🚩 Reports"), "m", "reports")]]
    )


@registry.button("mx")
async def on_dismiss(turn: Turn, action: Action) -> None:
    done = await moderation.dismiss_reports(turn.session, turn.person, action.arg_int(0))
    _moderating(turn, done.listing_id)
    _ = turn.tr._
    if done.changed:
        text = turn.tr.n_("✔ «{title}» stays: {n} report is closed.", "✔ «{title}» stays: {n} reports are closed.",
                          done.reports, title=done.title)  # fmt: skip
    else:
        text = _("No reports about «{title}» wait for a decision.", title=done.title)
    turn.say(text, [[turn.button(_("🚩 Reports"), "m", "reports")]])


@registry.command("verify")
async def cmd_verify(turn: Turn, _args: str) -> None:
    turn.finish()
    found, total = await moderation.unverified_organisations(turn.session, turn.person)
    tr = turn.tr
    inclusive = await visits.pending_inclusive(turn.session, turn.person)  # ♿ declarations wait here too
    if not found:
        turn.say(tr._("Every organisation of your countries is verified."))
        if inclusive:
            turn.say(*pending_message(turn, inclusive))
        return
    lines = [tr.n_("{n} organisation is not verified yet:", "{n} organisations are not verified yet:", total)]
    rows: list[list[Button]] = []
    for number, org in enumerate(found, start=1):
        kind = tr._("school") if org.kind == "school" else tr._("company")
        lines.append(Safe(f"{number}. <b>{escape(org.name)}</b> ({escape(kind)}) — ")
                     + escape(f"{org.city}, {tr.country(org.country)}"))  # fmt: skip
        rows.append([turn.button(tr._("✔ {number}. Verify", number=number), "ov", org.id, means=f"item:{number}")])
    turn.say("\n".join(lines), rows, expects="choice")  # "patvirtink pirmą", "verify 2": that button ("OK." before)
    if inclusive:
        turn.say(*pending_message(turn, inclusive))


NAMED_MIN_WORDS = 2  # "patvirtink Klaipėdos mokyklą" names it by two words; "verify the schools" by none


@registry.in_context(6)
async def verify_in_words(turn: Turn, text: str) -> bool:
    """ "verify 2 and 4", "patvirtinti 2 ir 4", "patvirtink visas", "patvirtink Klaipėdos mokyklą": those of the
    organisations to verify, by their numbers in the list last shown (several numbers searched for offers; a name
    showed the list again; "all" answered "OK." and verified nothing)."""
    if not answers.verify_words(text) or answers.is_question(text):
        return False  # "kurios organizacijos nepatvirtintos?" asks for the list
    if await coordinator_scope(turn.session, turn.person.id) is None:
        return False
    if answers.negates_verifying(text):  # "don't verify UAB Kauno šventės yet", "undo it, unverify …": it verified
        turn.say(turn.tr._("Nothing is verified. A verification cannot be taken back, so verify only organisations "
                           "you have checked."))  # fmt: skip
        await cmd_verify(turn, "")
        return True
    found, _total = await moderation.unverified_organisations(turn.session, turn.person)
    listed = [int(o.action[1]) for o in (turn.asked.options if turn.asked else []) if o.action[0] == "ov"]
    ids = listed or [org.id for org in found]  # the list shown, else the list as it stands
    if answers.picks_all(text):
        chosen_ids = ids
    else:
        numbers = [n for n in answers.numbers_said(text) if 1 <= n <= len(ids)]
        named = [(answers.mentions(text, org.name), org.id) for org in found]
        best = max((n for n, _ in named), default=0)
        by_name = [org_id for n, org_id in named if best and n == best]
        if numbers:
            chosen_ids = [ids[n - 1] for n in numbers]
        elif len(by_name) == 1 and (answers.coordinator_list(text) is None or best >= NAMED_MIN_WORDS):
            chosen_ids = by_name
        else:
            return False  # none or several named, or "verify the schools": the list answers
    for org_id in chosen_ids:
        await _verify(turn, org_id)
    await cmd_verify(turn, "")  # what is left, numbered anew (a later number hit another organisation)
    return True


@registry.button("ov")
async def on_verify(turn: Turn, action: Action) -> None:
    await _verify(turn, action.arg_int(0))
    await cmd_verify(turn, "")  # the list again: its numbers change as organisations leave it


async def _verify(turn: Turn, organisation_id: int) -> None:
    name, changed = await moderation.verify_organisation(turn.session, turn.person, organisation_id)
    _ = turn.tr._
    turn.say(
        _("✔ {organisation} is verified.", organisation=name)
        if changed
        else _("{organisation} was already verified.", organisation=name)
    )


# What a coordinator reads for an event of the log (the codes and ids were shown: "listing.dismiss_reports listing
# #4 (LT) · by #5"); an event without a label shows its code.
AUDIT_LABELS = {
    "listing.report": N_("🚩 Offer reported"),
    "listing.hide": N_("🙈 Offer hidden"),
    "listing.hide_note": N_("✍️ Coordinators' words sent about a hidden offer"),
    "listing.restore": N_("↩️ Offer shown again"),
    "listing.dismiss_reports": N_("✔ Reports dismissed, offer kept"),
    "listing.create": N_("➕ Offer created"),
    "listing.update": N_("✏️ Offer changed"),
    "listing.status": N_("⏸ Offer paused, resumed or archived"),
    "listing.photo_add": N_("🖼 Photo added to an offer"),
    "listing.photos_clear": N_("🖼 Photos removed from an offer"),
    "organisation.create": N_("🏢 Organisation registered"),
    "organisation.update": N_("🏢 Organisation details changed"),
    "organisation.verify": N_("✔ Organisation verified"),
    "organisation.inclusive_declare": N_("♿ Said to be an inclusive employer"),
    "organisation.inclusive_verify": N_("♿ Inclusive employer confirmed"),
    "invite.create": N_("🔗 Invite link made"),
    "invite.redeem": N_("👋 Joined with an invite link"),
    "coordinator.add": N_("🧭 Coordinator added"),
    "coordinator.remove": N_("🧭 Coordinator removed"),
}


def _audit_line(turn: Turn, e: AuditEntry) -> str:
    """One event as a coordinator reads it (HTML): what happened, to which offer or organisation, where, when, and
    by whom. Translated texts are HTML already (their values escaped); names and titles are escaped here."""
    tr = turn.tr
    label = AUDIT_LABELS.get(e.action)
    what = tr._(label) if label else f"<code>{escape(e.action)}</code>"
    subject = f"«{e.subject_name}»" if e.subject_name else (f"#{e.subject_id}" if e.subject_id is not None else "")
    where = f"{subject} ({tr.country(e.country)})" if e.country else subject
    parts = [escape(where), escape(tr.datetime(e.at))]
    if e.action not in ANONYMOUS_ACTIONS:
        if e.actor_id is None:
            parts.append(tr._("by the system"))
        elif e.actor_id == turn.person.id:
            parts.append(tr._("by you"))
        else:
            parts.append(tr._("by {name}", name=e.actor_name) if e.actor_name else tr._("by a former user"))
    return f"{what}: " + " · ".join(p for p in parts if p)


@registry.command("audit")
async def cmd_audit(turn: Turn, _args: str) -> None:
    turn.finish()
    await _show_audit(turn, 0)


@registry.button("al")
async def on_audit_page(turn: Turn, action: Action) -> None:
    await _show_audit(turn, max(0, action.arg_int(0)), edit=not turn.easy)


async def _show_audit(turn: Turn, page: int, *, edit: bool = False) -> None:
    await require_coordinator(turn.session, turn.person.id, None)
    entries, older = await coordinator_audit(turn.session, turn.person, page)
    tr = turn.tr
    if not entries:
        turn.say(tr._("The audit log has no events for your countries yet."))
        return
    lines = [tr._("📜 Audit log, newest first (page {page}):", page=page + 1)]
    for e in entries:
        lines.append(_audit_line(turn, e))
    nav: list[Button] = []
    if page > 0:
        nav.append(turn.button(tr._("◀ Newer"), "al", page - 1, means="back"))
    if older:
        nav.append(turn.button(tr._("Older ▶"), "al", page + 1, means="skip"))
    turn.say("\n".join(lines), [nav] if nav else [], edit=edit)
