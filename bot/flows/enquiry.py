"""Enquiries: a company (or another school) asks a school about an offer; then both sides talk through
the bot, the school accepts or declines, and after the order the company rates the work."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.core import asking, registry
from bot.core.callbacks import Action
from bot.core.turn import Turn
from bot.core.types import Button
from bot.flows.cards import offer_card, quantity_text
from bot.flows.common import enquiry_meant, kept_words, memberships, write_more
from bot.flows.errors import describe, too_long
from bot.flows.search import PAGE_SIZE
from bot.i18n import N_, Safe, Translator, escape
from domain import enquiries, orders
from domain.errors import DomainError, Forbidden, Invalid
from domain.limits import DECLINE_REASON_MAX, ENQUIRY_MESSAGE_MAX, QUANTITY_MAX, RELAY_MAX, REVIEW_COMMENT_MAX
from domain.listings import listing_view
from domain.order_terms import change_order_quantity, move_order_date
from domain.replies import newest_since
from domain.search.translit import as_russian, looks_like_translit_russian, to_cyrillic
from domain.taxonomy import LANGUAGES
from domain.text_input import require_length
from domain.views import EnquiryView, ListingView, MembershipView, RelayView
from nlu import answers
from nlu.normalise._text import fold
from nlu.normalise.dates import read_day_typed, resolve_date, resolve_date_forgiving
from nlu.normalise.numbers import extract_quantity, quantity_unit
from nlu.normalise.vocab import WEEKDAYS, month_of

STATUS = {
    "open": "⏳",
    "accepted": "✅",
    "declined": "✖️",
    "cancelled": "✖️",
}


def _icon(view: EnquiryView) -> str:
    """⏳ ✅ ✖️ by the enquiry, and ✖️ when its order was cancelled (a ✅ beside "order cancelled" read as done)."""
    return STATUS["cancelled"] if view.order_status == "cancelled" else STATUS.get(view.status, "")


def _status_text(tr: Translator, view: EnquiryView) -> str:
    if view.order_status == "completed":
        return tr._("order completed")
    if view.order_status == "cancelled":
        return tr._("order cancelled")
    if view.status == "accepted":
        return tr._("accepted, in progress")
    if view.status == "declined":
        return tr._("declined")
    if view.status == "cancelled":
        return tr._("cancelled")
    last = view.last_messages[-1] if view.last_messages else None
    if last is not None and last.side != view.side:  # the other side wrote last: "waiting" read as nothing came
        return tr._("the school replied") if view.side == "customer" else tr._("waiting for your answer")
    if view.side == "school":
        return tr._("waiting for your answer")
    return tr._("waiting for an answer")


# --- the enquiry wizard: quantity → needed by → message → confirm ------------------------------------


def _buyers(roles: list[MembershipView], view: ListingView) -> list[MembershipView]:
    """The organisations the person may enquire for: companies, and schools they teach at (not the offer's own)."""
    return [m for m in roles if (m.kind == "company" or m.role in ("teacher", "admin"))
            and m.organisation_id != view.organisation_id]  # fmt: skip


def _unanswerable(turn: Turn, reach: enquiries.SchoolReach) -> None:
    """Nobody has joined to answer: say so now, not "Sent" to nobody."""
    text = describe(turn.tr, Invalid("school_unstaffed"))
    if reach.admins_told:
        text += " " + turn.tr._("I have told the school that someone is waiting.")
    turn.finish()
    turn.say(text)


@registry.button("eq")
async def on_enquire(turn: Turn, action: Action) -> None:
    view = await listing_view(turn.session, action.arg_int(0))
    _ = turn.tr._
    if not view.visible:
        turn.say(_("This offer is not available any more."))
        return
    roles = await memberships(turn)
    eligible = [m for m in roles if m.kind == "company" or m.role in ("teacher", "admin")]
    if not eligible and roles:  # only student memberships: not a way round the rule by registering a company
        turn.say(describe(turn.tr, Forbidden("students_cannot_enquire")))
        return
    reach = await enquiries.school_can_answer(turn.session, turn.person, view.id)
    if not reach.can_answer:
        _unanswerable(turn, reach)
        return
    if not eligible:  # what came with "order the first one, 30 loaves by Monday" waits for the enquiry
        given = _details_with_the_choice(turn)
        turn.remember("needs", (turn.recall("needs") or {}) | given | {"given": sorted(given)})
        turn.goto("company", "name", pending_listing=view.id)
        turn.say(_("To send an enquiry, first tell me about your company. What is its name?"))
        return
    buyers = _buyers(roles, view)
    chosen = turn.recall("acting_org")
    if len(buyers) > 1 and chosen not in {m.organisation_id for m in buyers}:
        _ask_organisation(turn, view.id, buyers)  # several organisations: which one asks (remembered)
        return
    await _start(turn, view.id, chosen if len(buyers) > 1 else None)


async def _start(turn: Turn, listing_id: int, org_id: int | None) -> None:
    needs = turn.recall("needs") or {}
    turn.finish()  # nothing of an earlier, unfinished enquiry is carried into this one
    turn.goto("enquiry", "quantity", listing_id=listing_id, quantity=needs.get("quantity"), date=needs.get("date"),
              unit=needs.get("unit"), request=needs.get("request"), org_id=org_id)  # fmt: skip
    for key in needs.get("given") or ():  # said with the choice before registering: not asked again
        turn.state.data[f"early_{key}"] = True
    turn.remember("needs", {k: v for k, v in needs.items() if k != "given"} if needs else None)
    _given_with_the_choice(turn)
    await _go(turn, "quantity")


# --- a person in several buying organisations: which one asks, and changing it ---------------------------


def _ask_organisation(turn: Turn, listing_id: int, buyers: list[MembershipView]) -> None:
    rows = [[turn.button(f"🏢 {m.name}", "eqo", listing_id, m.organisation_id, means=f"item:{number}")]
            for number, m in enumerate(buyers, start=1)]  # fmt: skip
    turn.say(turn.tr._("Which organisation is asking?"), rows, expects="choice")


@registry.button("eqo")
async def on_organisation(turn: Turn, action: Action) -> None:
    """The organisation chosen to ask: remembered for the next enquiries; at the check, it replaces the one shown."""
    view = await listing_view(turn.session, action.arg_int(0))
    org_id = action.arg_int(1)
    if org_id not in {m.organisation_id for m in _buyers(await memberships(turn), view)}:
        turn.say(turn.tr._("This button is no longer valid. Send /menu to start again."))
        return
    turn.remember("acting_org", org_id)
    data = turn.state.data
    if turn.state.flow == "enquiry" and turn.state.step == "confirm" and data.get("listing_id") == view.id:
        data["org_id"] = org_id
        await _confirm(turn)
        return
    if not view.visible:
        turn.say(turn.tr._("This offer is not available any more."))
        return
    await _start(turn, view.id, org_id)


@registry.button("eqc")
async def on_change_organisation(turn: Turn, _action: Action) -> None:
    if turn.state.flow != "enquiry" or turn.state.step != "confirm":
        turn.say(turn.tr._("This button is no longer valid. Send /menu to start again."))
        return
    view = await listing_view(turn.session, int(turn.state.data["listing_id"]))
    _ask_organisation(turn, view.id, _buyers(await memberships(turn), view))


def _details_with_the_choice(turn: Turn) -> dict[str, Any]:
    """ "The first one, 20 pieces by Friday": the quantity and date that came with the choice. A small number
    may be the choice itself ("number 2", "2"): it is a quantity when the choice is said otherwise ("o primeiro,
    duas carrinhas", "zamawiam, dwa kilo" about the offer shown) or the number is above a page of offers."""
    if not turn.typed:
        return {}
    typed = as_russian(turn.typed, turn.person.language)  # "pervyj, dve korobki k pyatnice 18"
    found: dict[str, Any] = {}
    shown = max(turn.asked.item_count if turn.asked is not None else 0, PAGE_SIZE)  # "the first one" is no 1
    quantity = extract_quantity(typed, turn.person.language)
    picked = answers.ordinal(typed, shown)
    # "one" of "the second one", "um"/"uma" (a) are no quantity: a 1 counts only written as a digit
    spelt_one = quantity == 1 and not re.search(r"(?<!\d)1(?!\d)", typed)
    if quantity is not None and quantity <= QUANTITY_MAX and (quantity > shown or picked != quantity) and not spelt_one:
        found["quantity"] = quantity
        found |= asking.unit_said(typed, quantity, turn.person.language)
    needed = resolve_date(typed, turn.person.language, turn.now)
    if needed is not None and needed >= turn.now.date():
        found["date"] = needed.isoformat()
    return found


def _given_with_the_choice(turn: Turn) -> None:
    """What came with the choice is not asked again."""
    for key, value in _details_with_the_choice(turn).items():
        turn.state.data.update({key: value, f"early_{key}": True})


async def _ask_quantity(turn: Turn) -> None:
    _ = turn.tr._
    view = await listing_view(turn.session, int(turn.state.data["listing_id"]))
    known = turn.state.data.get("quantity")
    rows = [[turn.button(_("⏭ Skip"), "eqs", "quantity", means="skip")]]
    if known:
        said = quantity_text(turn.tr, int(known), turn.state.data.get("unit"))  # "✔ 6 kg", as it was said
        rows.insert(0, [turn.button(_("✔ {n}", n=said), "eqk", "quantity", means="yes")])
    turn.say(_("Enquiry about «{title}». How many do you need? Type a number.", title=view.title), rows,
             expects="number")  # fmt: skip


def _read_quantity(turn: Turn, text: str) -> dict[str, Any] | str:
    quantity = asking.typed_number(text, turn.person.language)  # "10 valandų": the listing's own unit
    if quantity is None:  # "двадцать пять" in a Lithuanian chat: number words of the language it is written in
        others = (asking.number_in_words_of(text, code) for code in LANGUAGES if code != turn.person.language)
        quantity = next(filter(None, others), None)
    if quantity is None and text.isascii() and not re.search(r"\d", text):
        # "dva kilogramma"; digits were read above, and a number they left out stays out ("budget 300 euro" is
        # no quantity, though "еуро" in Cyrillic letters is no currency word)
        quantity = asking.typed_number(to_cyrillic(text), "ru")
    day = read_day_typed(text, turn.person.language, turn.now)
    said_a_day = day is not None and day >= turn.now.date() and not text.strip().isdigit()
    if said_a_day and day is not None and (quantity is None or quantity == day.day):
        # "poryt", "ate dia 18", "k subbote": the date came instead (18 is its day, no quantity); kept, and the
        # quantity asked again (it went out without one, or with 18)
        turn.state.data["date"] = day.isoformat()
        turn.state.data["early_date"] = True
        return turn.tr._("Please type a number, for example 20, or press Skip.")
    if quantity is None or not 1 <= quantity <= QUANTITY_MAX:
        return turn.tr._("Please type a number, for example 20, or press Skip.")
    found: dict[str, Any] = {"quantity": quantity, **asking.unit_said(text, quantity, turn.person.language)}
    needed = resolve_date(text, turn.person.language, turn.now)
    if needed is None and text.isascii() and (turn.person.language == "ru" or looks_like_translit_russian(text)):
        needed = resolve_date(to_cyrillic(text), "ru", turn.now)  # "2 kg k 15 yanvarya": the date asked again
    if needed is not None and needed >= turn.now.date():  # "20, by Friday": the next answer came early
        found["date"] = needed.isoformat()
    if len(answers.meaningful_words(text)) >= SAYS_MORE_MIN_WORDS or "?" in text:  # ("do 20 …" opens no question)
        # "Olá, somos 30 pessoas, almoço no dia 20 do próximo mês, precisamos de opção vegetariana": the rest is for
        # the school too (the vegetarian request was dropped)
        kept = str(turn.state.data.get("message") or "")
        joined = f"{kept}\n{text.strip()}" if kept else text.strip()
        if len(joined) <= ENQUIRY_MESSAGE_MAX:
            found["message"] = joined
    return found


SAYS_MORE_MIN_WORDS = 8  # an answer to "How many?" this long (or asking something) says more than the number


async def _ask_date(turn: Turn) -> None:
    _ = turn.tr._
    known = turn.state.data.get("date")
    rows = [[turn.button(_("⏭ Skip"), "eqs", "date", means="skip")]]
    if known:
        day = turn.tr.date(date.fromisoformat(known))
        rows.insert(0, [turn.button(_("✔ {date}", date=day), "eqk", "date", means="yes")])
    turn.say(_("By when do you need it? For example «by Friday» or «12 December»."), rows, expects="date")


def _read_date(turn: Turn, text: str) -> dict[str, Any] | str:
    needed = read_day_typed(text, turn.person.language, turn.now)
    taken_back = answers.after_self_correction(text)
    if taken_back is not None:  # "il 14 febbraio, anzi no, il 15": the 15th (the 14th was sent)
        needed = _day_taken_back(turn, needed, taken_back) or needed
    if needed is None:
        try:
            needed = date.fromisoformat(text.strip())
        except ValueError:
            needed = None
    if needed is None and answers.as_soon_as_possible(text):
        # "ASAP", "kuo greičiau", "il prima possibile": no day, but the school is told ("I did not understand the
        # date", and the urgency was dropped)
        kept = str(turn.state.data.get("message") or "")
        joined = f"{kept}\n{text.strip()}" if kept else text.strip()
        return {"date": None, "message": joined[:ENQUIRY_MESSAGE_MAX]}
    if needed is None or needed < turn.now.date():
        return turn.tr._("I did not understand the date. Try «by Friday», «12.12» or press Skip.")
    found: dict[str, Any] = {"date": needed.isoformat()}
    if len(answers.meaningful_words(text)) >= SAYS_MORE_WITH_A_DATE_MIN_WORDS or "?" in text:
        # "logotipą atsiųsiu el. paštu, reikia iki gegužės 20": the rest is for the school (it was dropped)
        kept = str(turn.state.data.get("message") or "")
        joined = f"{kept}\n{text.strip()}" if kept else text.strip()
        if len(joined) <= ENQUIRY_MESSAGE_MAX:
            found["message"] = joined
    return found


SAYS_MORE_WITH_A_DATE_MIN_WORDS = 8  # "il 14 febbraio, anzi no, il 15" says a date; eight words say more too


def _day_taken_back(turn: Turn, said_first: date | None, rest: str) -> date | None:
    """The day said after a correction; a day alone ("…, anzi no, il 15") keeps the month said first."""
    corrected = read_day_typed(rest, turn.person.language, turn.now)
    if corrected is None or said_first is None or any(month_of(w) for w in rest.split()):
        return corrected
    try:
        return said_first.replace(day=corrected.day)
    except ValueError:  # "31 March, no, 31" in a shorter month
        return corrected


async def _ask_message(turn: Turn) -> None:
    _ = turn.tr._
    request = turn.state.data.get("request")
    turn.say(
        _(
            "Your request goes to the school with it: «{request}». Anything to add? Write a message or press Skip.",
            request=request,
        )
        if request
        else _("Anything to add for the school? Write a message or press Skip."),
        [[turn.button(_("⏭ Skip"), "eqs", "message", means="skip")]],
        expects="optional",
    )


def _read_message(_turn: Turn, text: str) -> dict[str, Any] | str:
    if not any(char.isalnum() for char in text):  # "-", "...", "—": nothing to add (a blind tester's "-" was sent)
        return {"message": None}
    return {"message": require_length(text, ENQUIRY_MESSAGE_MAX)}


@dataclass(frozen=True)
class WizardStep:
    """One question of the enquiry wizard: how it is asked, how a typed answer is read, what follows."""

    ask: Callable[[Turn], Awaitable[None]]
    read: Callable[[Turn, str], dict[str, Any] | str] | None  # the values it gives, or what is wrong
    next: str | None
    skipped: Any = None  # the value a Skip leaves


# quantity → needed by → message → confirm. Every question takes words and buttons alike: Skip (⏭, or
# "skip"/"no" typed), ✔ to keep a value given earlier ("yes"), cancel words anywhere; an answer may also
# bring the next one early ("20 by Friday"), and then that question is not asked.
WIZARD: dict[str, WizardStep] = {
    "quantity": WizardStep(_ask_quantity, _read_quantity, "date"),
    "date": WizardStep(_ask_date, _read_date, "message"),
    "message": WizardStep(_ask_message, _read_message, "confirm", skipped=""),
    "confirm": WizardStep(lambda turn: _confirm(turn), None, None),  # 📨 Send ("yes") or Cancel ("no")
}


async def _go(turn: Turn, name: str) -> None:
    """Ask step ``name``, or the first after it whose answer is not known yet (given early)."""
    while name != "confirm" and turn.state.data.get(f"early_{name}"):
        turn.state.data.pop(f"early_{name}")
        name = WIZARD[name].next or "confirm"
    turn.goto("enquiry", name)
    await WIZARD[name].ask(turn)


SEND_NOW_MAX_WORDS = 4  # "yes send it", "taip, siųsk", "sim pode enviar": no message, send


# A message at "Anything to add?" this long, naming a place or a budget and read as a search, may be a new search.
NEW_SEARCH_MIN_WORDS = 5


async def _reads_as_new_search(turn: Turn, text: str) -> bool:
    if len(text.split()) < NEW_SEARCH_MIN_WORDS:
        return False
    understood = await turn.understand(text)
    placed = "city" in understood.entities or "country" in understood.entities
    return understood.intent == "search_offers" and (placed or answers.price_cap(text) is not None)


def _ask_message_or_search(turn: Turn, text: str) -> None:
    """ "birthday cake in Krakow for 15 person, max 100 euro" at "Anything to add?": a new search, maybe (it was
    sent to the school as the message of an enquiry about another offer). Asked, never guessed."""
    _ = turn.tr._
    if len(text) > ENQUIRY_MESSAGE_MAX:  # too long for either: said so, never cut
        turn.say(too_long(turn.tr, ENQUIRY_MESSAGE_MAX))
        return
    turn.state.data["maybe_message"] = text
    turn.say(
        _("Add this to your enquiry as your message to the school?"),
        [[turn.button(_("✔ Add it"), "eqma", means="yes"), turn.button(_("🔎 No, search for it"), "eqms", means="no")]],
    )


@registry.button("eqma")
async def on_add_as_message(turn: Turn, _action: Action) -> None:
    said = turn.state.data.pop("maybe_message", None)
    if turn.state.flow != "enquiry" or turn.state.step != "message" or said is None:
        turn.say(turn.tr._("This button is no longer valid. Send /menu to start again."))
        return
    found = _read_message(turn, str(said))
    if isinstance(found, dict):
        turn.state.data.update(found)
    await _go(turn, "confirm")
    if turn.typed and answers.says_send(turn.typed) and turn.state.step == "confirm":
        # "sì, invia": add it and send (the summary stayed unsent, and the user left believing it sent)
        turn.replies.clear()
        await on_send(turn, Action("eqsend", ()))


@registry.button("eqms")
async def on_search_instead(turn: Turn, _action: Action) -> None:
    said = turn.state.data.pop("maybe_message", None)
    if turn.state.flow != "enquiry" or said is None:
        turn.say(turn.tr._("This button is no longer valid. Send /menu to start again."))
        return
    turn.finish()
    await registry.INTENTS["search_offers"](turn, str(said))


async def _typed(turn: Turn, text: str) -> None:
    if turn.state.step == "message" and await corrected_before_the_message(turn, text):
        return
    if (
        turn.state.step == "message"
        and "maybe_message" not in turn.state.data
        and await _reads_as_new_search(turn, text)
    ):
        _ask_message_or_search(turn, text)
        return
    turn.state.data.pop("maybe_message", None)
    if turn.state.step == "message" and len(text.split()) <= SEND_NOW_MAX_WORDS and answers.yes_no(text) == "yes":
        turn.state.data["message"] = ""  # "Anything to add?" answered "yes, send it": nothing to add, send it
        await _go(turn, "confirm")
        if len(answers.meaningful_words(text)) <= 1 and not answers.says_send(text):
            return  # a bare "yes" says neither what to add nor "send": the summary, to check and send ("siųsk" sends)
        del turn.replies[-1:]  # the summary to check is not needed: they said send
        await on_send(turn, Action("eqsend", ()))
        return
    step = WIZARD[turn.state.step or ""]
    assert step.read is not None
    found = step.read(turn, text)
    corrected = answers.corrected_number(text) if isinstance(found, str) and turn.state.step == "date" else None
    if corrected is None and isinstance(found, str) and turn.state.step == "date" and _takes_back_short(text):
        corrected = _last_quantity(text, turn.person.language)  # "actually wait, just 1 website" ("not a date")
    if corrected is not None and 1 <= corrected <= QUANTITY_MAX:  # "ne 40 o 45 zmones" at "By when?": the quantity
        turn.state.data |= {"quantity": corrected, **asking.unit_said(text, corrected, turn.person.language)}
        await _ask_date(turn)
        return
    if isinstance(found, str) and turn.state.step in ("quantity", "date") and _asks_about_the_offer(text):
        # "how much is it?", "how long does it take?" at "How many?": the offer's card answers, and the question
        # is asked again ("Please type a number", and the second was taken as no answer: "I will leave that open")
        view = await listing_view(turn.session, int(turn.state.data["listing_id"]))
        turn.say(offer_card(turn.tr, view))
        await _go(turn, turn.state.step)
        return
    misses = f"misses_{turn.state.step}"
    if isinstance(found, str) and _describes_the_need(text):
        # "Hi guys, … we want a modern logo with bread and a wave. Colors blue and white." at "How many?": the brief
        # for the school, kept as the message (it was dropped: "I will leave that open")
        _add_to_message(turn, text)
        turn.state.data["early_message"] = True
        needed = resolve_date(text, turn.person.language, turn.now)
        if needed is not None and needed >= turn.now.date() and turn.state.step == "quantity":
            turn.state.data |= {"date": needed.isoformat(), "early_date": True}  # "…, entro luglio": not asked again
        await _go(turn, turn.state.step or "confirm")
        return
    if isinstance(found, str) and not turn.state.data.get(misses):
        turn.state.data[misses] = 1
        turn.say(found)
        return
    if isinstance(found, str):  # the second answer it cannot read: leave this one open, never loop
        turn.state.data.pop(misses, None)
        if turn.state.step == "date" and turn.state.data.get("date"):  # the date proposed from the request stays
            await _go(turn, step.next or "confirm")
            return
        turn.state.data[turn.state.step or ""] = step.skipped
        turn.say(turn.tr._("I will leave that open: the school can ask you."))
        await _go(turn, step.next or "confirm")
        return
    turn.state.data.pop(misses, None)
    turn.state.data.update(found)
    for early in set(found) - {turn.state.step}:
        if early in WIZARD:
            turn.state.data[f"early_{early}"] = True
    await _go(turn, step.next or "confirm")


def _asks_about_the_offer(text: str) -> bool:
    """A question about the offer's price, time or delivery, asked while the enquiry is being written."""
    return answers.is_question(text) and answers.asks_about_it(text) and not answers.wants_to_order(text)


# An answer this long that gives no quantity or date describes what is wanted: the message for the school.
BRIEF_MIN_WORDS = 8


def _describes_the_need(text: str) -> bool:
    return len(text.split()) >= BRIEF_MIN_WORDS and not answers.is_question(text) and answers.control_word(text) is None


for _name, _step in WIZARD.items():
    if _step.read is not None:
        registry.step("enquiry", _name)(_typed)


@registry.button("eqk")
async def on_keep(turn: Turn, action: Action) -> None:
    await _advance(turn, action.args[0] if action.args else "", keep=True)


@registry.button("eqs")
async def on_skip(turn: Turn, action: Action) -> None:
    await _advance(turn, action.args[0] if action.args else "", keep=False)


async def _advance(turn: Turn, field: str, *, keep: bool) -> None:
    if turn.state.flow != "enquiry" or turn.state.step != field or field not in WIZARD:
        turn.say(turn.tr._("This button is no longer valid. Send /menu to start again."))
        return
    if not keep:
        turn.state.data[field] = WIZARD[field].skipped
    await _go(turn, WIZARD[field].next or "confirm")


async def _confirm(turn: Turn) -> None:
    data = turn.state.data
    view = await listing_view(turn.session, int(data["listing_id"]))
    tr = turn.tr
    lines = [tr._("Please check your enquiry:"), f"<b>{escape(view.title)}</b> — {escape(view.organisation_name)}"]
    if data.get("quantity"):
        lines.append(tr._("Quantity: {n}", n=quantity_text(tr, int(data["quantity"]), data.get("unit"))))
    if data.get("date"):
        lines.append(tr._("Needed by: {date}", date=tr.date(date.fromisoformat(data["date"]))))
    if data.get("request"):
        lines.append(tr._("Your request: {text}", text=data["request"]))
    if data.get("message"):
        lines.append(tr._("Message: {text}", text=data["message"]))
    rows = [
        [turn.button(tr._("📨 Send"), "eqsend", means="yes"), turn.button(tr._("Cancel"), "m", "cancel", means="no")]
    ]
    asking = next((m for m in await memberships(turn) if m.organisation_id == data.get("org_id")), None)
    if asking is not None:  # chosen among several: say which, and let it be changed
        lines.append(tr._("From: {customer}", customer=asking.name))
        rows.append([turn.button(tr._("🔁 Another organisation"), "eqc")])
    turn.say("\n".join(lines), rows)


CORRECTION_MAX_WORDS = 4  # "quantity 30", "30 persons i said": a number this short at the summary corrects it


async def _ask_what_to_change(turn: Turn) -> None:
    """The summary again, after "Not sent. What should I change?": a no at the summary loses nothing."""
    turn.state.data["no_at_confirm"] = 1
    turn.say(
        turn.tr._("Not sent. What should I change? Write, for example, «30 pieces» or «by Friday», or press Cancel.")
    )
    await _confirm(turn)


@registry.correction("enquiry", "confirm")
async def corrected_at_confirm(turn: Turn, text: str) -> bool:
    """A date or a quantity typed at "Please check your enquiry" ("no, the date is next Friday", "não, são 30")
    corrects it and shows the summary again: read as a no, it cancelled the whole enquiry."""
    if answers.control_word(text) is not None:
        return False
    data = turn.state.data
    clauses = [c for c in re.split(r"[.,;!?…]+", text) if c.strip()]
    if len(clauses) > 1 and answers.yes_no(clauses[-1]) == "yes" and answers.control_stem(clauses[0]) == "cancel":
        await on_send(turn, Action("eqsend", ()))  # "atcelt... ai ne, tomer suti": the last word is the answer
        return True
    if answers.bare_no(text) and not data.get("no_at_confirm"):
        # "nie", "nav", "no" to "Please check your enquiry": something is wrong, not necessarily "drop it all";
        # a second no (or Cancel, or a cancel word) cancels
        await _ask_what_to_change(turn)
        return True
    if not _says_a_change(text, asked_what=bool(data.get("no_at_confirm"))):
        return await _added_at_confirm(turn, text)
    changes = _changes_in(turn, text, asked_what=bool(data.get("no_at_confirm")))
    if not changes:
        if answers.yes_no(text) == "no" and not answers.bare_no(text):  # "нет, не так…": never a cancel
            await _ask_what_to_change(turn)
            return True
        return False
    if all(data.get(key) == value for key, value in changes.items()):
        await _confirm(turn)  # "afinal são 45 pessoas" said again: it is so already (it ran a search, lost the draft)
        return True
    data.update(changes)
    await _confirm(turn)
    return True


def _says_a_change(text: str, *, asked_what: bool) -> bool:
    """A message at the summary that may change the quantity or date: short ("quantity 30", "by Friday"), or
    saying it corrects ("no, …", "actually make it 45", "30 a nie 20"), or after "What should I change?"."""
    return (
        asked_what
        or len(text.split()) <= CORRECTION_MAX_WORDS
        or answers.yes_no(text) is not None
        or answers.takes_back(text)
        or answers.corrected_number(text) is not None
        or answers.restates_value(text)
    )


ADDED_MESSAGE = N_("✔ Added to your message to the school.")


async def _added_at_confirm(turn: Turn, text: str) -> bool:
    """A sentence typed at the summary that corrects nothing ("jubilejas torte ar uzrakstu „SIA Liepa 10“", "also
    please write Happy 25th Birthday Ana on the cake") is more for the school: added to the message, the summary
    shown again (its "10" became the 10th of July, its "20 fotos" the quantity, or it ran a search and the
    enquiry was silently left). A new search said as one ("we also need birthday cakes in Vilnius") is served."""
    if answers.stance(text) == "need" and asking.is_new_request(text, await turn.understand(text)):
        return False
    _add_to_message(turn, text)
    await _confirm(turn)
    return True


def _add_to_message(turn: Turn, text: str) -> None:
    """``text`` joins the message for the school, and the person is told so; past the message's limit nothing is
    added and they are told that instead (the school got the first 2,000 characters, cut mid-sentence)."""
    data = turn.state.data
    joined = "\n".join(part for part in (str(data.get("message") or ""), text.strip()) if part)
    if len(joined) > ENQUIRY_MESSAGE_MAX:
        turn.say(too_long(turn.tr, ENQUIRY_MESSAGE_MAX))
        return
    data["message"] = joined
    turn.say(turn.tr._(ADDED_MESSAGE))


# Quoted words are the customer's own (an inscription, a name): never a date or a quantity.
_QUOTED = re.compile(r"\"[^\"]*\"|„[^“”\"]*[“”\"]|«[^»]*»|“[^”]*”")


TAKEN_BACK_MAX_WORDS = 6  # "actually wait, just 1 website"; "actually 3 of the guests are vegetarian" says more


def _takes_back_short(text: str) -> bool:
    """A short second thought ("afinal são 8 kg", "actually, just 1"): its number replaces the one said before."""
    return answers.takes_back(text) and len(text.split()) <= TAKEN_BACK_MAX_WORDS


def _changes_in(turn: Turn, text: str, *, asked_what: bool) -> dict[str, Any]:
    """The quantity and date a correction gives ("não, são 30", "ne, 25 gabali un uz piektdienu", "nie, jednak 22
    stycznia"); ``asked_what``: "What should I change?" was asked, so a bare "30" or "friday" answers it."""
    changes: dict[str, Any] = {}
    text = _QUOTED.sub(" ", text)
    one_word = len(text.split()) == 1
    bare_number = text.strip().isdigit()  # "30" after "What should I change?" is a quantity, not the 30th
    day_named = one_word and fold(text.strip(" .!?")) in WEEKDAYS  # "domingo" at the summary (it was searched for)
    reads_date = not bare_number and (asked_what or not one_word or day_named)
    needed = resolve_date_forgiving(text, turn.person.language, turn.now) if reads_date else None
    if needed is not None and needed >= turn.now.date():
        changes["date"] = needed.isoformat()
    corrected = answers.corrected_number(text)  # "30 nie 20", "исправьте: не 15, а 18": the old value named
    quantity = corrected if corrected is not None else _last_quantity(text, turn.person.language)
    said_as_quantity = (
        asked_what
        or corrected is not None
        or _takes_back_short(text)  # "afinal são 8 kg, desculpe" (it became the message, and 6 was sent)
        or (answers.takes_back(text) and needed is not None)  # "afinal preciso de 250 e só para dia 20": both
        or answers.yes_no(text) == "no"  # "não, são 30"; never "sim, temos umas 20 fotos"
        or len(text.split()) <= CORRECTION_MAX_WORDS
        or answers.restates_value(text)  # "actually make it 45 items", "change the quantity to 55"
    )
    the_day = needed is not None and quantity == needed.day  # "no, the 19th" gives a day, not nineteen pieces
    if quantity is not None and 1 <= quantity <= QUANTITY_MAX and said_as_quantity and not the_day:
        # "não, são 30", "quantity 30", "30 persons i said", "ne, 25 gabali un uz piektdienu" (both changes)
        changes |= {"quantity": quantity, **asking.unit_said(text, quantity, turn.person.language)}
    return changes


@registry.correction("enquiry", "message")
async def corrected_before_the_message(turn: Turn, text: str) -> bool:
    """ "нет, подождите, 25 человек, не 30", "nie, jednak 22 stycznia", "ne, palaukit, 8 vienetai" at "Anything
    to add?": a correction of an earlier answer (it was lost, or became the message). "Anything to add?" is
    asked again with the correction kept."""
    if not (answers.takes_back(text) or answers.corrected_number(text) is not None):
        return False  # "no nuts please, 3 kids are allergic" is a message: no three pieces
    changes = _changes_in(turn, text, asked_what=False)
    if not changes:
        return False
    turn.state.data.update(changes)
    lines = []
    if "quantity" in changes:
        quantity = quantity_text(turn.tr, int(changes["quantity"]), changes.get("unit"))
        lines.append(turn.tr._("Quantity: {n}", n=quantity))
    if "date" in changes:
        lines.append(turn.tr._("Needed by: {date}", date=turn.tr.date(date.fromisoformat(changes["date"]))))
    turn.say("\n".join(lines))
    await _ask_message(turn)
    return True


# "нет, не три, а пять штук", "nie 3 tylko 5", "no, not 3 but 5": the new value is said last.
_BUT = re.compile(r",|;|\s(?:а|но|but|ale|tylko|lecz|ma|mas|bet|o|et)\s", re.IGNORECASE)


def _last_quantity(text: str, language: str) -> int | None:
    for clause in reversed(_BUT.split(text)):
        found = asking.typed_number(clause, language)
        if found is not None:
            return found
    return None


@registry.button("eqsend")
async def on_send(turn: Turn, _action: Action) -> None:
    if turn.state.flow != "enquiry" or turn.state.step != "confirm":
        turn.say(turn.tr._("This button is no longer valid. Send /menu to start again."))
        return
    data = turn.state.data
    needed = date.fromisoformat(data["date"]) if data.get("date") else None
    reach = await enquiries.school_can_answer(turn.session, turn.person, int(data["listing_id"]))
    if not reach.can_answer:  # the school's last teacher left while the enquiry was being written
        _unanswerable(turn, reach)
        return
    view = await enquiries.create_enquiry(
        turn.session,
        turn.person,
        int(data["listing_id"]),
        quantity=int(data["quantity"]) if data.get("quantity") else None,
        quantity_unit=data.get("unit") if data.get("quantity") else None,
        needed_by=needed,
        message=_with_request(data),
        from_organisation_id=int(data["org_id"]) if data.get("org_id") else None,
    )
    turn.finish()
    turn.say(
        turn.tr._(
            "📨 Sent to {school}. I will tell you when they answer. To write to them, press «Reply» on their message "
            "or open /enquiries.",
            school=view.to_organisation_name,
        )
    )


def _with_request(data: dict[str, Any]) -> str:
    """The message for the school: the customer's first request (what they told the bot) and what they added; the
    request is left out when both would not fit (what they added counts more)."""
    parts = [str(data.get("request") or "").strip(), str(data.get("message") or "").strip()]
    joined = "\n\n".join(p for p in parts if p)
    return joined if len(joined) <= ENQUIRY_MESSAGE_MAX else parts[1]


# --- /enquiries and one enquiry ----------------------------------------------------------------------


@registry.command("enquiries")
async def cmd_enquiries(turn: Turn, _args: str) -> None:
    turn.finish()
    views = await enquiries.enquiries_for(turn.session, turn.person)
    tr = turn.tr
    if not views:
        turn.say(tr._("There are no enquiries yet."))
        return
    lines = [tr.n_("{n} enquiry:", "{n} enquiries:", len(views))]
    rows: list[list[Button]] = []
    for number, view in enumerate(views[:10], start=1):
        other = view.other_organisation_name
        lines.append(
            Safe(f"{_icon(view)} <b>#{view.id}</b> {escape(view.listing_title)} — {escape(other)}: ")
            + escape(_status_text(tr, view))
        )
        # "1", "the first" open it (a "1" picked the first search result of before, and began a second enquiry)
        rows.append([turn.button(tr._("Open #{id}", id=view.id), "eo", view.id, means=f"item:{number}")])
    turn.say("\n".join(lines), rows, expects="choice")


@registry.intent("my_enquiries")
async def on_my_enquiries(turn: Turn, text: str) -> None:
    """ "my enquiries", "show our orders" ("parādiet mūsu pasūtījumus"): the model has one intent for both."""
    orders_named = answers.has_stem(text, answers.CANCEL_ORDER_STEMS)
    only_orders = orders_named and not answers.has_stem(text, answers.CANCEL_ENQUIRY_STEMS)
    if only_orders and await orders.orders_for(turn.session, turn.person):  # none yet: their enquiries are meant
        await registry.COMMANDS["orders"](turn, "")
        return
    await cmd_enquiries(turn, "")


@registry.button("eo")
async def on_open(turn: Turn, action: Action) -> None:
    view = await enquiries.enquiry_view(turn.session, turn.person, action.arg_int(0))
    show_enquiry(turn, view)


def relay_line(tr: Translator, message: RelayView) -> str:
    """Who wrote it, as an organisation and a role on its side of the enquiry; never a person's name."""
    if message.side == "school":
        role = tr._("teacher") if message.sender_role == "teacher" else tr._("school")
    else:
        role = tr._("company")
    return Safe(f"<b>{escape(message.sender_organisation_name)}</b> ({escape(role)}): ") + escape(message.text)


def show_enquiry(turn: Turn, view: EnquiryView) -> None:
    tr = turn.tr
    lines = [
        f"<b>#{view.id} {escape(view.listing_title)}</b>",
        tr._("From: {customer}", customer=view.from_organisation_name),
        tr._("To: {school}", school=view.to_organisation_name),
        tr._("Status: {status}", status=_status_text(tr, view)),
    ]
    if view.from_inclusive:
        lines.insert(2, tr._("♿ Inclusive employer, verified"))
    if view.quantity:
        lines.append(tr._("Quantity: {n}", n=quantity_text(tr, view.quantity, view.quantity_unit)))
    if view.needed_by:
        lines.append(tr._("Needed by: {date}", date=tr.date(view.needed_by)))
    if view.message:
        lines.append(tr._("Message: {text}", text=view.message))
    lines += [relay_line(tr, m) for m in view.last_messages]
    rows: list[list[Button]] = []
    if view.status in ("open", "accepted"):
        rows.append([turn.button(tr._("↩️ Reply"), "rp", view.id)])
    rows += _decision_rows(turn, view)
    if view.side == "customer" and view.status == "open":
        rows.append([turn.button(tr._("✖️ Withdraw"), "xw", view.id)])  # bot/flows/cancellations.py
    if view.order_id:
        rows.append([turn.button(tr._("🧰 Order #{id}", id=view.order_id), "oo", view.order_id)])
    turn.say("\n".join(lines), rows)


# --- relaying messages between the two sides ---------------------------------------------------------


@registry.button("rp")
async def on_reply(turn: Turn, action: Action) -> None:
    view = await enquiries.enquiry_view(turn.session, turn.person, action.arg_int(0))
    other = view.other_organisation_name
    turn.goto("relay", "compose", enquiry_id=view.id)
    turn.say(turn.tr._("Write your message to {other}. /cancel to stop.", other=other), expects="text")


@registry.step("relay", "compose")
async def relay_compose(turn: Turn, text: str) -> None:
    require_length(text, RELAY_MAX)  # refused whole (the turn is rolled back): never cut without telling
    enquiry_id = int(turn.state.data["enquiry_id"])
    await enquiries.relay_message(turn.session, turn.person, enquiry_id, answers.words_for_them(text))
    view = await enquiries.enquiry_view(turn.session, turn.person, enquiry_id)
    other = view.other_organisation_name
    turn.finish()
    # "yes we can do it, 45 pln per person" was only passed on: accepting (or declining) is one tap from here
    turn.say(
        turn.tr._("✔ Sent to {other}.", other=other), [[write_more(turn, enquiry_id)], *_decision_rows(turn, view)]
    )


def _decision_rows(turn: Turn, view: EnquiryView) -> list[list[Button]]:
    """✅ Accept and ✖️ Decline for the school while the enquiry is open; nothing for anyone else."""
    if view.side != "school" or view.status != "open":
        return []
    return [[turn.button(turn.tr._("✅ Accept"), "ea", view.id), turn.button(turn.tr._("✖️ Decline"), "ed", view.id)]]


# --- the school's answer -----------------------------------------------------------------------------


@registry.button("ea")
async def on_accept(turn: Turn, action: Action) -> None:
    order = await enquiries.accept_enquiry(turn.session, turn.person, action.arg_int(0))
    tr = turn.tr
    turn.say(
        tr._(
            "✅ Accepted. Order #{id} «{title}» for {customer} is created. Now split it into tasks for your students.",
            id=order.id,
            title=order.listing_title,  # which of several enquiries it was
            customer=order.customer_name,
        ),
        # ↩️ Reply too: the note typed right after ("we start on Monday, pick up at the reception") is for the
        # customer (it ran a search, or became an offer draft)
        [[turn.button(tr._("➕ Add a task"), "ot", order.id), turn.button(tr._("↩️ Reply"), "rp", order.enquiry_id)]],
    )


@registry.button("ed")
async def on_decline(turn: Turn, action: Action) -> None:
    view = await enquiries.enquiry_view(turn.session, turn.person, action.arg_int(0))
    if view.side != "school":  # the customer may view the enquiry, but only the school declines it
        turn.say(describe(turn.tr, Forbidden("not_a_teacher")))
        return
    turn.goto("decline", "reason", enquiry_id=view.id)
    turn.say(
        turn.tr._("Why do you decline? Your answer goes to {customer}.", customer=view.from_organisation_name),
        [[turn.button(turn.tr._("Decline without a reason"), "edn", view.id, means="skip")]],
        expects="optional",
    )


@registry.step("decline", "reason")
async def decline_reason(turn: Turn, text: str) -> None:
    """The reason typed; "yes", "tak", "no reason" decline without one (they were sent as the reason)."""
    reason = "" if answers.gives_no_reason(text) else require_length(text, DECLINE_REASON_MAX)
    await _decline(turn, int(turn.state.data["enquiry_id"]), reason)


@registry.button("edn")
async def on_decline_now(turn: Turn, action: Action) -> None:
    await _decline(turn, action.arg_int(0), "")


async def _decline(turn: Turn, enquiry_id: int, reason: str) -> None:
    view = await enquiries.decline_enquiry(turn.session, turn.person, enquiry_id, reason)
    turn.finish()
    turn.say(turn.tr._("The enquiry is declined. {customer} will be told.", customer=view.from_organisation_name))


# --- rating a completed order ------------------------------------------------------------------------


@registry.button("rt")
async def on_rate(turn: Turn, action: Action) -> None:
    order_id, rating = action.arg_int(0), action.arg_int(1)
    if not 1 <= rating <= 5:
        turn.say(turn.tr._("Please choose from 1 to 5 stars."))
        return
    order = await orders.order_view(turn.session, turn.person, order_id)  # refuses anyone but the two parties
    if order.side != "customer" or order.status != "completed" or order.review is not None:
        turn.say(turn.tr._("Only the customer can rate a completed order, once."))
        return
    turn.goto("rate", "comment", order_id=order_id, rating=rating)
    said = turn.recall(RATING_COMMENT)
    turn.remember(RATING_COMMENT, None)
    if isinstance(said, list) and len(said) == 2 and str(said[0]) == str(order_id):
        await _rate(turn, str(said[1]))  # the words said before the stars are the comment
        return
    turn.say(
        turn.tr._("Thank you! Add a short comment for other customers, or press Skip."),
        [[turn.button(turn.tr._("⏭ Skip"), "rts", means="skip")]],
        expects="optional",
    )


@registry.step("rate", "comment")
async def rate_comment(turn: Turn, text: str) -> None:
    if answers.asks_reorder(text):  # "gribu pasūtīt to pašu vēlreiz": the stars stay, and the order is asked again
        await _rate(turn, "")  # (it was published as the review's comment, and nothing was ordered)
        await order_again_in_words(turn, text)
        return
    await _rate(turn, require_length(text, REVIEW_COMMENT_MAX))


@registry.button("rts")
async def on_rate_skip(turn: Turn, _action: Action) -> None:
    await _rate(turn, "")


async def _rate(turn: Turn, comment: str) -> None:
    if turn.state.flow != "rate":
        turn.say(turn.tr._("This button is no longer valid. Send /menu to start again."))
        return
    data = turn.state.data
    await orders.rate_order(turn.session, turn.person, int(data["order_id"]), int(data["rating"]), comment)
    turn.finish()
    turn.say(turn.tr._("⭐ Thank you for your rating! It will help other customers."))


# --- the same in words ---------------------------------------------------------------------------------

COMMAND_MAX_WORDS = 8  # "we accept the order #4, thank you": longer messages are talk, not commands


async def _open_to_school(turn: Turn) -> list[EnquiryView]:
    return [v for v in await enquiries.enquiries_for(turn.session, turn.person)
            if v.side == "school" and v.status == "open"]  # fmt: skip


@registry.in_context(20)
async def answer_enquiry_in_words(turn: Turn, text: str) -> bool:
    """A teacher's "we accept the order" / "priimu užsakymą 4" / "atmetame": the same as the buttons."""
    taken_back = answers.after_self_correction(text)
    if taken_back is not None and answers.has_stem(text, answers.ACCEPT_STEMS + answers.DECLINE_STEMS):
        text = taken_back  # "pieņemu. ne, pagaidi, vēl ne…": what follows is meant (it accepted, and told the company)
        if not (answers.has_stem(text, answers.ACCEPT_STEMS) or answers.has_stem(text, answers.DECLINE_STEMS)):
            turn.say(turn.tr._("OK."))
            return True
    refused = answers.cannot_accept(text)  # "desculpe, não podemos aceitar, os alunos estão em estágio"
    head, because, reason = _split_reason(text)
    if refused is None and because and answers.has_stem(head, answers.DECLINE_STEMS):
        refused = reason  # "rejeito o pedido 1 porque os alunos estão em estágio": the reason follows "porque"
    if refused is None:
        refused = _reason_after_decline(text)
    if refused is not None:
        return await _decline_in_words(turn, text, refused)
    refusal = answers.refuses(text) and not answers.is_question(text)  # "…не успеем, можем 5 кг к 22. Подходит?"
    if refusal and not answers.has_stem(text, answers.ACCEPT_STEMS + answers.DECLINE_STEMS):
        return await _maybe_declining(turn, text)
    said = text
    if len(text.split()) > COMMAND_MAX_WORDS:  # "riga is far for us but ok, we accept this order": the clause that
        # decides ("yes we accept this order, we can do it", "Sorry, we cannot do 200 by then… Decline." were relayed)
        clauses = [c for c in re.split(r"[,.;:!?…]|\s(?:but|bet|ale|ma|mas|но|однако)\s", text) if c.strip()] or [text]
        deciding = [c for c in clauses if answers.has_stem(c, answers.ACCEPT_STEMS + answers.DECLINE_STEMS)]
        said = deciding[-1] if len(deciding) == 1 else clauses[-1]
    accepts = answers.has_stem(said, answers.ACCEPT_STEMS)
    declines = answers.has_stem(said, answers.DECLINE_STEMS)
    if accepts == declines or len(said.split()) > COMMAND_MAX_WORDS or not said.strip():
        return False
    if answers.is_question(said) or answers.hedged(said):  # "Могли бы принять, если срок 25 мая. Подойдёт?":
        return False  # a proposal for the customer, not a decision (it accepted, and moved the order's date)
    if accepts and answers.accepts_on_condition(text):  # "priimu, bet kaina bus 4 eur": the customer agrees first
        return False
    enquiry_id = await _enquiry_answered(turn, text, accepts=accepts)
    if enquiry_id is None:
        return await _the_school_decides(turn, text)
    if enquiry_id == ASKED:
        return True
    before = text[: text.rfind(said)].strip(" ,.;:!?") if said != text else ""
    if declines and before:  # "afinal não temos forno livre, recuso o pedido 15": the reason came first
        await _decline(turn, enquiry_id, require_length(before, DECLINE_REASON_MAX))
        return True
    await (on_accept if accepts else on_decline)(turn, Action("ea" if accepts else "ed", (str(enquiry_id),)))
    if accepts and (said != text or _says_more_than_yes(text)):  # the rest was for the customer: it goes with the
        # acceptance, nothing lost ("sim, aceitamos, custa 270 euros": the price never reached the company)
        await enquiries.relay_message(turn.session, turn.person, enquiry_id, require_length(text, RELAY_MAX))
    due = resolve_date(text, turn.person.language, turn.now) if accepts else None
    if due is not None:  # "ok, pieņemu - 5 kg līdz 13.06": the order is due then (it kept the enquiry's 14.06)
        view = await enquiries.enquiry_view(turn.session, turn.person, enquiry_id)
        if view.order_id is not None and view.needed_by != due and due >= turn.now.date():
            await move_order_date(turn.session, turn.person, view.order_id, due)
            turn.say(turn.tr._("📅 The order is due on {date}; the customer is told.", date=turn.tr.date(due)))
    said_quantity = _quantity_with_acceptance(turn, text) if accepts else None
    if said_quantity is not None:  # "ok, pieņemu - 5 kg līdz 13.06", "aceito, 150 unidades": the order is for that
        view = await enquiries.enquiry_view(turn.session, turn.person, enquiry_id)
        if view.order_id is not None and view.quantity != said_quantity[0]:
            changed = await change_order_quantity(turn.session, turn.person, view.order_id, *said_quantity)
            quantity = quantity_text(turn.tr, changed.quantity or said_quantity[0], changed.quantity_unit)
            turn.say(turn.tr._("✔ Order #{id} is now for {quantity}. {other} is told.", id=changed.id,
                               quantity=quantity, other=changed.customer_name))  # fmt: skip
    return True


def _quantity_with_acceptance(turn: Turn, text: str) -> tuple[int, str | None] | None:
    """A quantity in its unit said with the acceptance ("priimu, 150 vnt", "aceito, 150 unidades"); a bare number is
    none (it may be the enquiry's, or a price)."""
    plain = re.sub(r"#\d+", " ", text)  # "priimu #4": the enquiry named, no quantity
    for language in dict.fromkeys((turn.person.language, *LANGUAGES)):  # "aceito, 150 unidades" from an English app
        quantity = extract_quantity(plain, language)
        unit = quantity_unit(plain, quantity, language) if quantity is not None else None
        if quantity is not None and unit is not None:
            return quantity, unit
    return None


ASKED = -1  # _enquiry_answered asked which one, or showed the list
MORE_THAN_YES_WORDS = 2  # "ok, we accept, 270 euro": words of its own beside the acceptance


def _says_more_than_yes(text: str) -> bool:
    """Whether an acceptance says something besides accepting (a price, when to collect): words that are no accept,
    yes, enquiry or order word, nor the enquiry's number."""
    deciding = answers.ACCEPT_STEMS + answers.CANCEL_ORDER_STEMS + answers.CANCEL_ENQUIRY_STEMS
    own = [w for w in answers.meaningful_words(text)
           if not answers.has_stem(w, deciding) and answers.yes_no(w) is None and not w.isdecimal()]  # fmt: skip
    return len(own) >= MORE_THAN_YES_WORDS


async def _the_school_decides(turn: Turn, text: str) -> bool:
    """A customer's "accept enquiry #1" about their own open enquiry: the school decides, and they are told so (it
    began a second enquiry to the same offer)."""
    waiting = [v for v in await enquiries.enquiries_for(turn.session, turn.person)
               if v.side == "customer" and v.status == "open"]  # fmt: skip
    number = answers.reference_number(text)
    meant = [v for v in waiting if v.id == number] or (waiting[:1] if len(waiting) == 1 else [])
    if not meant or (not answers.names_numbered(text) and not answers.has_stem(text, ENQUIRY_WORDS)):
        return False
    turn.say(turn.tr._("The school decides on your enquiry #{id}; it is waiting for their answer. To write to them, "
                       "open /enquiries.", id=meant[0].id))  # fmt: skip
    return True


ENQUIRY_WORDS = ("enquir", "inquir", "request", "uzklaus", "pieprasij", "zapytan", "richiest", "pedido", "запрос",
                 "zapros")  # fmt: skip


async def _maybe_declining(turn: Turn, text: str) -> bool:
    """ "Diemžēl jāatsakās, nevarēsim paspēt", "К сожалению, не сможем — у группы экзамены": asked whether to decline
    with these words as the reason, or only to send them (they were relayed, and the enquiry waited for ever)."""
    open_ones = await _open_to_school(turn)
    if not open_ones:
        return False
    enquiry_id = await _enquiry_answered(turn, text, accepts=False, open_ones=open_ones)
    if enquiry_id is None or enquiry_id == ASKED:
        return enquiry_id == ASKED
    if len(text) > DECLINE_REASON_MAX:
        return False  # a long letter: passed on as a message (its buttons decline)
    view = next(v for v in open_ones if v.id == enquiry_id)
    turn.goto("relay", "maybe", enquiry_id=enquiry_id, text=text)
    _ = turn.tr._
    turn.say(_("Decline enquiry #{id} «{title}» with these words as the reason? {customer} will be told.", id=view.id,
               title=view.listing_title, customer=view.from_organisation_name),
             [[turn.button(_("✖️ Decline"), "edw", enquiry_id, means="yes"),
               turn.button(_("📨 Only send the message"), "rpy", enquiry_id, means="no")]])  # fmt: skip
    return True


@registry.button("edw")
async def on_decline_with_words(turn: Turn, action: Action) -> None:
    """The enquiry declined with the words kept at "Decline enquiry … with these words?" as the reason."""
    kept = kept_words(turn, action, "enquiry_id")
    if kept is not None:
        await _decline(turn, kept[0], require_length(kept[1], DECLINE_REASON_MAX))


async def _enquiry_answered(
    turn: Turn, text: str, *, accepts: bool, open_ones: list[EnquiryView] | None = None
) -> int | None:
    """The open enquiry a teacher's words accept or decline: its id; ASKED when which one was asked (never
    guessed: accepting makes an order) or the list shown; None when the person answers none for a school.
    ``open_ones``: the school's open enquiries, when the caller has read them already."""
    if not any(m.kind == "school" and m.role in ("teacher", "admin") for m in await memberships(turn)):
        return None
    if open_ones is None:
        open_ones = await _open_to_school(turn)
    enquiry_id = await enquiry_meant(turn, text, open_ones, sure=True)
    if enquiry_id is not None and not answers.mentions(text, _title_of(open_ones, enquiry_id)):
        closed = [v for v in await enquiries.enquiries_for(turn.session, turn.person)
                  if v.side == "school" and v.status != "open" and answers.mentions(text, v.listing_title)]  # fmt: skip
        if closed:  # "decline the logo enquiry" when the logo one was accepted: not the other one instead
            view = closed[0]
            turn.say(turn.tr._("Enquiry #{id} «{title}» is not open any more: {status}.", id=view.id,
                               title=view.listing_title, status=_status_text(turn.tr, view)))  # fmt: skip
            return ASKED
    if enquiry_id is None and len(open_ones) > 1:
        _ = turn.tr._
        action = "ea" if accepts else "ed"
        rows = [[turn.button(f"#{v.id} {v.listing_title} — {v.from_organisation_name}", action, v.id,
                             means=f"item:{n}")] for n, v in enumerate(open_ones[:8], start=1)]  # fmt: skip
        question = _("Which enquiry do you accept?") if accepts else _("Which enquiry do you decline?")
        turn.say(question + " " + _("Choose it or type its number."), rows, expects="choice")
        return ASKED
    if enquiry_id is None:
        await cmd_enquiries(turn, "")
        return ASKED
    return enquiry_id


def _title_of(views: list[EnquiryView], enquiry_id: int) -> str:
    return next((v.listing_title for v in views if v.id == enquiry_id), "")


def _reason_after_decline(text: str) -> str | None:
    """ "recusar o pedido: não temos alunos em dezembro", "noraidīt, diemžēl audzēkņi ir aizņemti līdz martam": a
    short decline, then the reason after a colon or comma (it reached the company as a message with the command
    word, and the enquiry stayed open; or the reason was asked again)."""
    match = re.search(r"[:,;–—]|\s-\s", text)  # "atmetam - studenti praksē": a typed dash too (asked again)
    if match is None:
        return None
    head, rest = text[: match.start()], text[match.end() :].strip()
    if not rest or len(head.split()) > COMMAND_MAX_WORDS or len(rest.split()) < REASON_MIN_WORDS:
        return None
    if not answers.has_stem(head, answers.DECLINE_STEMS) or answers.has_stem(head, answers.ACCEPT_STEMS):
        return None
    return rest


REASON_MIN_WORDS = 2


def _split_reason(text: str) -> tuple[str, str, str]:
    """ "rejeito o pedido 1 porque …" → ("rejeito o pedido 1", "porque", "…"); the text and two "" without one."""
    match = answers.BECAUSE.search(text)
    if match is None:
        return text, "", ""
    return text[: match.start()], match.group().strip(), text[match.end() :].strip()


async def _decline_in_words(turn: Turn, text: str, reason: str) -> bool:
    """ "Sorry, we can't take this one, our students are busy until January": declined with the rest as the
    reason (it reached the company as a message, or became an offer draft titled "Desculpe"); without a reason,
    asked for one as the ✖️ button does. Only when the teacher's school has an open enquiry."""
    open_ones = await _open_to_school(turn)
    if not open_ones:
        return False
    enquiry_id = await _enquiry_answered(turn, text, accepts=False, open_ones=open_ones)
    if enquiry_id is None:
        return False
    if enquiry_id == ASKED:
        return True
    if reason:
        await _decline(turn, enquiry_id, require_length(reason, DECLINE_REASON_MAX))
    else:
        await on_decline(turn, Action("ed", (str(enquiry_id),)))
    return True


@registry.in_context(22)
async def status_in_words(turn: Turn, text: str) -> bool:
    """ "какой статус?", "kas su mano užklausa?", "co z moim zamówieniem?": the enquiries and where each stands
    (right after writing to the school it was sent to the school; elsewhere a search)."""
    if not answers.asks_status(text) or answers.reference_number(text) is not None:
        return False  # "a che punto è l'ordine 2?" opens order #2 (open_by_number)
    if not await enquiries.enquiries_for(turn.session, turn.person):
        return False
    await cmd_enquiries(turn, "")
    return True


OPEN_BY_NUMBER_MAX_WORDS = 7  # "запрос 5", "покажи запрос номер 5", "a che punto è l'ordine 2?"


@registry.in_context(21)
async def open_by_number(turn: Turn, text: str) -> bool:
    """ "запрос 5", "покажи запрос номер 5", "order 3": the card of that enquiry or order, if it is the person's
    (it started a search, or an enquiry to an old result). A command word ("accept", "cancel") is left to its own
    handler."""
    if len(text.split()) > OPEN_BY_NUMBER_MAX_WORDS or answers.has_stem(text, answers.CANCEL_VERB_STEMS):
        return False
    if answers.has_stem(text, answers.ACCEPT_STEMS) or answers.has_stem(text, answers.DECLINE_STEMS):
        return False
    number = answers.reference_number(text)
    is_order = answers.has_stem(text, answers.CANCEL_ORDER_STEMS)
    kind_named = is_order or answers.has_stem(text, answers.CANCEL_ENQUIRY_STEMS)
    bare = len(text.split()) <= BARE_OPEN_MAX_WORDS and answers.commands_the_bot(text)
    if number is not None and bare and not kind_named:
        return await _open_numbered(turn, number)  # "open 1" under the enquiries (offered to the client as a reply)
    if number is None or not kind_named:
        return False
    try:
        if is_order:
            await orders.order_view(turn.session, turn.person, number)
        else:
            await enquiries.enquiry_view(turn.session, turn.person, number)
    except DomainError:
        return False  # not theirs, or no such one: what the words mean otherwise
    handler = registry.BUTTONS["oo" if is_order else "eo"]
    await handler(turn, Action("oo" if is_order else "eo", (str(number),)))
    return True


BARE_OPEN_MAX_WORDS = 3  # "open 1", "atidaryk #2"


async def _open_numbered(turn: Turn, number: int) -> bool:
    """The person's enquiry with this number, else their order with it; False when neither is theirs."""
    for action, view_of in (("eo", enquiries.enquiry_view), ("oo", orders.order_view)):
        try:
            await view_of(turn.session, turn.person, number)
        except DomainError:
            continue
        await registry.BUTTONS[action](turn, Action(action, (str(number),)))
        return True
    return False


RATING_COMMENT = "rating_comment"  # memory: [order id, the words said before the stars]
# What the words may ask of the bot rather than say about the work (a comment is none of these).
ASKS_THE_BOT = frozenset({"my_enquiries", "my_tasks", "my_listings", "help", "change_language", "greet", "goodbye",
                          "thank", "affirm", "deny"})  # fmt: skip
# Thanks and a yes inside words about the work are part of the comment: "correu muito bem, obrigado, mas chegou
# tarde", "it was great, thank you!" (they got "You are welcome!", and the rating was lost).
COMMENT_INTENTS = frozenset({"thank", "affirm"})
COMMENT_MIN_WORDS = 2
STARS_AFTER_WORDS = N_("Thank you! And how many stars would you give, from 1 to 5?")


async def _comment_before_stars(turn: Turn, text: str) -> bool:
    """Words without a number at "How was it?" ("estava bom mas chegou atrasado"): kept as the comment and the stars
    asked (they got the off-topic answer, and the rating was lost)."""
    stars = [o for o in (turn.asked.options if turn.asked else []) if o.action[0] == "rt" and len(o.action) > 1]
    if len(answers.meaningful_words(text)) < COMMENT_MIN_WORDS or answers.is_question(text):
        return False
    order_id = stars[0].action[1] if stars else await _rating_just_asked(turn)
    if order_id is None or answers.stance(text) == "need" or answers.asks_reorder(text):
        return False
    intent = (await turn.understand(text)).intent if not stars else None
    if intent in ASKS_THE_BOT and intent not in COMMENT_INTENTS:
        return False  # "fammi vedere le mie richieste e a che punto sono" after "How was it?": a request, no comment
    turn.remember(RATING_COMMENT, [order_id, text[:REVIEW_COMMENT_MAX]])
    turn.say(turn.tr._(STARS_AFTER_WORDS),
             [[turn.button(f"{n} ⭐", "rt", order_id, n, means=f"item:{n}") for n in range(1, 6)]],
             expects="choice")  # fmt: skip
    return True


async def _rating_just_asked(turn: Turn) -> str | None:
    """The order whose "How was it?" is the newest notification since the customer last wrote, if still unrated:
    "торт привезли на день позже и без надписи, недоволен" right after it is the comment (it was searched for)."""
    notice = await newest_since(turn.session, turn.person.id, turn.previous_at)
    if notice is None or notice[0] != "order_completed" or not isinstance(notice[1].get("order_id"), int):
        return None
    order_id = int(notice[1]["order_id"])
    mine = [o for o in await orders.orders_for(turn.session, turn.person) if o.side == "customer"]
    waiting = any(o.id == order_id and o.status == "completed" and o.review is None for o in mine)
    return str(order_id) if waiting else None


@registry.in_context(9)
async def order_again_in_words(turn: Turn, text: str) -> bool:
    """ "order the same again, 4 kg by 15 January", "quero encomendar outra vez o mesmo": an enquiry for the offer of
    the customer's newest order, with the quantity and date said (it searched, and asked "Which one?")."""
    if not answers.asks_reorder(text):
        return False
    mine = [o for o in await orders.orders_for(turn.session, turn.person) if o.side == "customer"]
    if not mine:
        return False
    newest = max(mine, key=lambda o: o.id)
    entities = (await turn.understand(text)).entities
    turn.remember("needs", asking.needs_said(entities, text, turn.person.language))
    await on_enquire(turn, Action("eq", (str(newest.listing_id),)))
    return True


@registry.in_context(30)
async def rate_in_words(turn: Turn, text: str) -> bool:
    """ "5 stars, great work": rates the customer's newest completed, unrated order, the words as comment."""
    rated = answers.rating(text, turn.person.language)
    opening = answers.opening_rating(text, turn.person.language) if rated is None else None
    if rated is None and opening is None and await _comment_before_stars(turn, text):
        return True
    if rated is None and opening is None and not answers.asks_to_rate(text):
        return False
    mine = [o for o in await orders.orders_for(turn.session, turn.person) if o.side == "customer"]
    waiting = [o for o in mine if o.status == "completed" and o.review is None]
    if rated is None and opening is not None:
        if not waiting:
            return False  # "2." is no rating when none is awaited
        rated = opening  # "five!!! super tasty", "четыре, немного опоздали": the awaited rating
    if rated is None and waiting:  # "хочу поставить оценку школе": the stars to choose (it began an enquiry)
        order = waiting[0]
        turn.say(turn.tr._("How was it? Rate it from 1 to 5 stars.") + f"\n#{order.id} {escape(order.listing_title)}",
                 [[turn.button(f"{n} ⭐", "rt", order.id, n, means=f"item:{n}") for n in range(1, 6)]],
                 expects="choice")  # fmt: skip
        return True
    if rated is None and any(o.status == "in_progress" for o in mine):
        turn.say(turn.tr._("You can rate an order when it is complete."))
        return True
    if rated is None or not waiting:
        return False
    stars, comment = rated
    if not comment.strip():  # "5" alone: the comment asked for, as after the ⭐ button ("ottimo" after it was lost)
        await on_rate(turn, Action("rt", (str(waiting[0].id), str(stars))))
        return True
    turn.goto("rate", "comment", order_id=waiting[0].id, rating=stars)
    await _rate(turn, comment[:REVIEW_COMMENT_MAX])
    return True
