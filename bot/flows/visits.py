"""Inclusive employers and class visits: a company declares itself an inclusive employer, a coordinator of its
country confirms it, the company offers class visits, teachers find them in words and ask for one.

| step | asks | expects | buttons | then |
|---|---|---|---|---|
| (declare) | "we employ people with disabilities": right? | yesno | ✅ Yes (yes), No (no) | coordinators told |
| offer: what | what a class can see | text | — | city |
| offer: city | where | text | the company's city (skip) | size |
| offer: size | largest group | number | 10, 15, 25 | notes |
| offer: notes | accessibility notes | optional | Skip (skip) | published |
| request: date | when | date | — | size |
| request: size | how many students | number | the offer's largest group | needs |
| request: needs | accessibility needs | optional | No special needs (skip) | sent to the company |

Every action asks domain/visits.py, which checks roles on each call (button data can be forged).
"""

from __future__ import annotations

from datetime import date

from bot.core import asking, registry
from bot.core.callbacks import Action
from bot.core.turn import Turn
from bot.core.types import Button
from bot.i18n import Safe, escape
from domain import visits
from domain.limits import VISIT_GROUP_MAX
from domain.models import Organisation
from domain.visits import OfferView
from nlu import answers

OFFER = "visit_offer"
REQUEST = "visit_request"
SIZES = (10, 15, 25)
TAG = "♿"


def offer_lines(turn: Turn, offer: OfferView, number: int | None = None) -> str:
    tr = turn.tr
    head = f"{number}. " if number is not None else ""
    lines = [Safe(head + "<b>") + escape(offer.what) + Safe("</b>"),
             escape(f"{offer.organisation_name} · {offer.city}, {tr.country(offer.country)}"),
             tr._("♿ Inclusive employer, verified"),
             tr.n_("Up to {n} student", "Up to {n} students", offer.max_group)]  # fmt: skip
    if offer.access_notes:
        lines.append(tr._("Accessibility: {notes}", notes=offer.access_notes))
    return "\n".join(lines)


@registry.command("visits")
async def cmd_visits(turn: Turn, _args: str) -> None:
    """The company's inclusive status and visit offers; for a teacher, the visit offers to choose from."""
    turn.finish()
    companies = await visits.companies_of(turn.session, turn.person.id)
    if companies:
        await _company_overview(turn, companies[0].id)
        return
    if await visits.is_coordinator(turn.session, turn.person.id):
        await show_pending(turn)
        return
    if not await visits.is_teacher(turn.session, turn.person.id):
        turn.say(turn.tr._("Class visits are for teachers of a school. Companies confirmed as inclusive employers "
                           "offer them."))  # fmt: skip
        return
    await _list_offers(turn, "")


async def _company_overview(turn: Turn, org_id: int) -> None:
    tr = turn.tr
    _ = tr._
    companies = {c.id: c for c in await visits.companies_of(turn.session, turn.person.id)}
    org = companies.get(org_id)
    if org is None:
        turn.say(_("You are not allowed to do this."))
        return
    if org.inclusive_employer:
        offers = await visits.own_offers(turn.session, turn.person, org.id)
        lines = [_("♿ {company}: inclusive employer, verified.", company=org.name)]
        lines += [offer_lines(turn, o, n) for n, o in enumerate(offers, 1)] or [_("No visit offers yet.")]
        turn.say("\n\n".join(lines), [[turn.button(_("➕ New visit offer"), "vnew", org.id)]])
    elif org.inclusive_declared_at is not None:
        turn.say(_("{company} declared itself an inclusive employer. A coordinator will confirm it soon.",
                   company=org.name))  # fmt: skip
    else:
        turn.say(_("Does {company} employ people with disabilities or special needs? Declare it: a coordinator "
                   "confirms it, then schools see the ♿ tag and you can offer class visits.", company=org.name),
                 [[turn.button(_("♿ We are an inclusive employer"), "vdi", org.id)]])  # fmt: skip


def _confirm(turn: Turn, org_id: int, name: str) -> None:
    _ = turn.tr._
    turn.say(_("{company} employs people with disabilities or special needs, and you want the ♿ inclusive "
               "employer tag. Is that right?", company=name),
             [[turn.button(_("✅ Yes, declare it"), "vdy", org_id, means="yes"),
               turn.button(_("No"), "m", "menu", means="no")]])  # fmt: skip


@registry.button("vdi")
async def on_declare(turn: Turn, action: Action) -> None:
    org_id = action.arg_int(0)
    org = next((c for c in await visits.companies_of(turn.session, turn.person.id) if c.id == org_id), None)
    if org is None:
        turn.say(turn.tr._("You are not allowed to do this."))
        return
    _confirm(turn, org.id, org.name)


@registry.button("vdy")
async def on_declare_yes(turn: Turn, action: Action) -> None:
    name, changed = await visits.declare_inclusive(turn.session, turn.person, action.arg_int(0))
    _ = turn.tr._
    if changed:
        turn.say(_("♿ Thank you. The coordinators are asked to confirm that {company} is an inclusive employer.",
                   company=name))  # fmt: skip
    else:
        turn.say(_("{company} has already declared it.", company=name))


@registry.in_context(9)
async def declare_in_words(turn: Turn, text: str) -> bool:
    """ "We employ people with disabilities", "įdarbiname žmones su negalia" from a company's person."""
    if not answers.declares_inclusive(text):
        return False
    companies = await visits.companies_of(turn.session, turn.person.id)
    if not companies:
        return False
    org = companies[0]
    if org.inclusive_employer or org.inclusive_declared_at is not None:
        await _company_overview(turn, org.id)
    else:
        _confirm(turn, org.id, org.name)
    return True


# --- coordinators ---------------------------------------------------------------------------------------


async def show_pending(turn: Turn) -> None:
    found = await visits.pending_inclusive(turn.session, turn.person)
    tr = turn.tr
    if not found:
        turn.say(tr._("No company waits for its inclusive employer declaration to be confirmed."))
        return
    turn.say(*pending_message(turn, found))


def pending_message(turn: Turn, found: list[Organisation]) -> tuple[str, list[list[Button]]]:
    tr = turn.tr
    lines = [tr._("♿ Companies that declared themselves inclusive employers:")]
    rows: list[list[Button]] = []
    for number, org in enumerate(found, start=1):
        lines.append(Safe(f"{number}. <b>{escape(org.name)}</b> — ") + escape(f"{org.city}, {tr.country(org.country)}"))
        rows.append([turn.button(tr._("♿ {number}. Confirm inclusive", number=number), "vok", org.id)])
    return "\n".join(lines), rows


@registry.button("vok")
async def on_verify_inclusive(turn: Turn, action: Action) -> None:
    name, changed = await visits.verify_inclusive(turn.session, turn.person, action.arg_int(0))
    _ = turn.tr._
    if changed:
        turn.say(_("♿ {company} is confirmed as an inclusive employer. The company is told.", company=name))
    else:
        turn.say(_("{company} was already confirmed as an inclusive employer.", company=name))


# --- publishing a visit offer ------------------------------------------------------------------------------


def _in(turn: Turn, flow: str, step: str) -> bool:
    if turn.state.flow == flow and turn.state.step == step:
        return True
    turn.say(turn.tr._("This button is no longer valid. Send /menu to start again."))
    return False


@registry.button("vnew")
async def on_new_offer(turn: Turn, action: Action) -> None:
    org = await visits.may_publish(turn.session, turn.person, action.arg_int(0))
    turn.goto(OFFER, "what", org=org.id, city=org.city)
    turn.say(turn.tr._("What can a class see or do on a visit? For example: «how bread is baked, 1 hour»."),
             expects="text")  # fmt: skip


@registry.step(OFFER, "what")
async def offer_what(turn: Turn, text: str) -> None:
    turn.goto(OFFER, "city", what=text.strip())
    city = str(turn.state.data["city"])
    turn.say(turn.tr._("In which city? Type it, or choose:"), [[turn.button(city, "vci", means="skip")]],
             expects="text")  # fmt: skip


@registry.button("vci")
async def on_offer_city(turn: Turn, _action: Action) -> None:
    if _in(turn, OFFER, "city"):
        _ask_size(turn, str(turn.state.data["city"]))


@registry.step(OFFER, "city")
async def offer_city(turn: Turn, text: str) -> None:
    _ask_size(turn, text.strip())


def _ask_size(turn: Turn, city: str) -> None:
    turn.goto(OFFER, "size", city=city)
    buttons = [turn.button(turn.tr.number(n), "vsz", n) for n in SIZES]
    turn.say(turn.tr._("How many students at most in one group? Choose or type a number."), [buttons],
             expects="number")  # fmt: skip


@registry.button("vsz")
async def on_offer_size(turn: Turn, action: Action) -> None:
    if _in(turn, OFFER, "size"):
        _ask_notes(turn, action.arg_int(0))


@registry.step(OFFER, "size")
async def offer_size(turn: Turn, text: str) -> None:
    size = _group_size(turn, text, VISIT_GROUP_MAX)
    if size is not None:
        _ask_notes(turn, size)


def _group_size(turn: Turn, text: str, most: int) -> int | None:
    """A typed group size from 1 to ``most``; otherwise the question again (None)."""
    answer = asking.interpret(text, "number", language=turn.person.language, now=turn.now)
    if answer.kind == "number" and isinstance(answer.value, int) and 1 <= answer.value <= most:
        return answer.value
    turn.say(turn.tr._("Please type a number from 1 to {max}.", max=turn.tr.number(most)), expects="number")
    return None


def _optional_text(turn: Turn, text: str) -> str | None:
    """Typed notes or needs; None for "no", "skip", "none" in any of the languages."""
    answer = asking.interpret(text, "optional", language=turn.person.language, now=turn.now)
    return str(answer.value) if answer.kind == "text" else None


def _ask_notes(turn: Turn, size: int) -> None:
    turn.goto(OFFER, "notes", size=size)
    _ = turn.tr._
    turn.say(_("Accessibility notes? For example: «step-free access, quiet room». Type them, or skip."),
             [[turn.button(_("Skip"), "vns", means="skip")]], expects="optional")  # fmt: skip


@registry.button("vns")
async def on_offer_no_notes(turn: Turn, _action: Action) -> None:
    if _in(turn, OFFER, "notes"):
        await _publish(turn, None)


@registry.step(OFFER, "notes")
async def offer_notes(turn: Turn, text: str) -> None:
    await _publish(turn, _optional_text(turn, text))


async def _publish(turn: Turn, notes: str | None) -> None:
    data = turn.state.data
    offer = await visits.publish_offer(
        turn.session, turn.person, int(data["org"]),
        what=str(data["what"]), city=str(data["city"]), max_group=int(data["size"]), access_notes=notes,
    )  # fmt: skip
    turn.finish()
    views = await visits.own_offers(turn.session, turn.person, offer.organisation_id)
    shown = next(v for v in views if v.id == offer.id)
    turn.say(turn.tr._("✅ The visit offer is published. Teachers can find it and ask for a visit.") + "\n\n"
             + offer_lines(turn, shown))  # fmt: skip


# --- teachers: finding and requesting a visit --------------------------------------------------------------


async def _list_offers(turn: Turn, words: str) -> None:
    found = await visits.find_offers(turn.session, turn.person, words)
    _ = turn.tr._
    if not found:
        turn.say(_("No company offers class visits yet."))
        return
    lines = [_("♿ Class visits at inclusive employers:")] + [offer_lines(turn, o, n) for n, o in enumerate(found, 1)]
    rows = [[turn.button(_("🚌 {n}. Ask for a visit", n=n), "vrq", o.id, means=f"item:{n}")]
            for n, o in enumerate(found, 1)]  # fmt: skip
    turn.say("\n\n".join(lines), rows, expects="choice")


@registry.in_context(12)
async def visits_in_words(turn: Turn, text: str) -> bool:
    """ "įmonių lankymas Vilniuje", "company visits for my class", "визит на предприятие" from a teacher."""
    if not answers.asks_for_visits(text) or not await visits.is_teacher(turn.session, turn.person.id):
        return False  # anyone else's words go on (a company's "visit our bakery" may be a search)
    turn.finish()
    await _list_offers(turn, text)
    return True


@registry.button("vrq")
async def on_request(turn: Turn, action: Action) -> None:
    offer_id = action.arg_int(0)
    found = {o.id: o for o in await visits.find_offers(turn.session, turn.person, "")}
    turn.goto(REQUEST, "date", offer=offer_id, max=found[offer_id].max_group if offer_id in found else VISIT_GROUP_MAX)
    turn.say(turn.tr._("On which day would the class like to come? Type a date, for example «May 12»."),
             expects="date")  # fmt: skip


@registry.step(REQUEST, "date")
async def request_date(turn: Turn, text: str) -> None:
    answer = asking.interpret(text, "date", language=turn.person.language, now=turn.now)
    if answer.kind != "date" or date.fromisoformat(str(answer.value)) < turn.now.date():
        turn.say(turn.tr._("Please type a date from today on, for example «May 12»."), expects="date")
        return
    turn.goto(REQUEST, "size", day=str(answer.value))
    most = int(turn.state.data["max"])
    turn.say(turn.tr._("How many students will come? At most {n}.", n=turn.tr.number(most)),
             [[turn.button(turn.tr.number(most), "vgs", most)]], expects="number")  # fmt: skip


@registry.button("vgs")
async def on_request_size(turn: Turn, action: Action) -> None:
    if _in(turn, REQUEST, "size"):
        _ask_needs(turn, action.arg_int(0))


@registry.step(REQUEST, "size")
async def request_size(turn: Turn, text: str) -> None:
    size = _group_size(turn, text, int(turn.state.data["max"]))
    if size is not None:
        _ask_needs(turn, size)


def _ask_needs(turn: Turn, size: int) -> None:
    turn.goto(REQUEST, "needs", size=size)
    _ = turn.tr._
    turn.say(_("Do the students have accessibility needs the company should know of? Type them, or choose."),
             [[turn.button(_("No special needs"), "vnn", means="skip")]], expects="optional")  # fmt: skip


@registry.button("vnn")
async def on_request_no_needs(turn: Turn, _action: Action) -> None:
    if _in(turn, REQUEST, "needs"):
        await _send_request(turn, None)


@registry.step(REQUEST, "needs")
async def request_needs(turn: Turn, text: str) -> None:
    await _send_request(turn, _optional_text(turn, text))


async def _send_request(turn: Turn, needs: str | None) -> None:
    data = turn.state.data
    await visits.request_visit(turn.session, turn.person, int(data["offer"]), visit_date=date.fromisoformat(
        str(data["day"])), group_size=int(data["size"]), needs=needs)  # fmt: skip
    turn.finish()
    turn.say(turn.tr._("📨 Your visit request is sent. You will hear when the company answers."))


# --- the company answers -------------------------------------------------------------------------------------


@registry.button("vac")
async def on_accept(turn: Turn, action: Action) -> None:
    await _decide(turn, action.arg_int(0), accept=True)


@registry.button("vdc")
async def on_decline(turn: Turn, action: Action) -> None:
    await _decide(turn, action.arg_int(0), accept=False)


async def _decide(turn: Turn, request_id: int, *, accept: bool) -> None:
    view = await visits.decide_visit(turn.session, turn.person, request_id, accept=accept)
    _ = turn.tr._
    day = turn.tr.date(view.visit_date)
    if view.status == "accepted":
        turn.say(_("✅ Visit accepted: {school}, {date}. The school is told.", school=view.school_name, date=day))
    else:
        turn.say(_("The visit request of {school} for {date} is declined. The school is told.",
                   school=view.school_name, date=day))  # fmt: skip
