"""A teacher posts what the students make: one free-text message becomes a draft card to check and publish.

Why a draft card rather than a questionnaire: teachers describe an offer the way they would to a
colleague ("mūsų mokiniai gali iškepti tortus už 25 eur/kg per 3 dienas"), and most of the facts are in
that one message. We extract what we can, show every field with a button to fix it, and nothing is
published until the teacher presses Publish — a wrong guess costs one tap, never a wrong public offer.

Typed corrections (after "✏️ Title" etc. the next message is the new value) are parsed by
``parse_field``, which /listings reuses for editing a published offer, so both accept the same input.

Actions (callback names): ofs = which school, ofe = type a field, ofm = field menu (easy-read),
ofk = category picker page, ofc = set category, ofu = unit picker, ofn = set unit, ofv = delivers-to
picker, ofw = toggle a country, ofr = back to the card, ofp = publish, ofd = save as draft.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from bot.core import registry
from bot.core.callbacks import Action
from bot.core.turn import Turn
from bot.core.types import Button
from bot.flows.cards import UNITS, lead_text, price_text
from bot.flows.common import NEW_SCHOOL, WHAT_IT_IS, is_staff, memberships, way_in
from bot.flows.gallery import show_listing
from bot.flows.search import on_search
from bot.flows.task_plan import named_students
from bot.i18n import N_, Translator
from domain.limits import DESCRIPTION_MAX, LEAD_TIME_MAX, PHOTOS_MAX, PRICE_MAX, QUANTITY_MAX, TITLE_MAX
from domain.listing_photos import add_photo
from domain.listings import create_listing, listing_view
from domain.orders import school_students
from domain.search.service import looks_around
from domain.taxonomy import LANGUAGES, load_taxonomy
from domain.views import ListingDraft, MembershipView
from nlu import answers
from nlu.normalise._text import fold, words_of
from nlu.normalise.categories import find_category
from nlu.normalise.lead_time import duration_days, extract_lead_time
from nlu.normalise.money import extract_price, parse_amount
from nlu.normalise.numbers import NUMBER_WORDS
from nlu.normalise.offer_text import (
    AMOUNT_RE,
    category_suggestions,
    extract_minimum,
    extract_title,
    guess_unit,
    posting_request_only,
    price_word_index,
    without_posting_request,
)

FLOW = "offer"
CATEGORY_PAGE = 8
DESCRIPTION_PREVIEW = 300
MARKET_COUNTRIES = ("LT", "LV", "PL", "IT", "PT")
CURRENCY_BY_COUNTRY = {"PL": "PLN"}  # every other market country pays in euro
DEFAULT_CURRENCY = "EUR"
FIELDS = ("title", "price", "lead", "minq", "desc")
PROMPTS = {
    "title": N_("Send the title of the offer (up to 120 characters)."),
    "price": N_("Send the price, for example «5», «5,50» or «5.50 EUR». You can add the unit: «12 EUR per kg»."),
    "lead": N_("How many days do you need from the order to delivery? Send a number, for example «3»."),
    "minq": N_("What is the smallest order you take? Send a number, for example «10» (1 = no minimum)."),
    "desc": N_("Send the description (up to 2,000 characters)."),
}
FIELD_LABELS = {
    "title": N_("✏️ Title"),
    "price": N_("💶 Price"),
    "lead": N_("⏱ Lead time"),
    "minq": N_("🔢 Minimum"),
    "desc": N_("📝 Description"),
}

# --- extraction: one message → a draft --------------------------------------------------------------------


def currency_of(country: str) -> str:
    return CURRENCY_BY_COUNTRY.get(country, DEFAULT_CURRENCY)


async def extract_draft(turn: Turn, text: str) -> tuple[dict[str, Any], list[str]]:
    """The draft (JSON-able, as held in the dialogue state) and category suggestions for ``text``."""
    result = await turn.understand(text)
    language = result.language if result.language in LANGUAGES else turn.person.language
    price = result.entities.get("price")
    unit = None
    if price:
        unit = guess_unit(text, price_word_index(text, Decimal(price["amount"]))) or "item"
    suggestions = category_suggestions(text, language, result.entities.get("category"))
    draft: dict[str, Any] = {
        "title": extract_title(answers.after_greeting(text) or text, TITLE_MAX),  # never «Здравствуйте»
        "description": without_posting_request(text)[:DESCRIPTION_MAX].strip(),
        "category": suggestions[0] if suggestions else None,
        "language": language,
        "price_amount": price["amount"] if price else None,
        "price_currency": price["currency"] if price else None,
        "price_unit": unit,
        "lead_time_days": extract_lead_time(text, language),
        "min_quantity": extract_minimum(text, language),
        "delivers_to": [],
    }
    return draft, suggestions


# --- typed values: shared with /listings -----------------------------------------------------------------


def parse_field(tr: Translator, field: str, text: str, *, currency: str, unit: str | None) -> dict[str, Any] | str:
    """ListingDraft changes for a typed value of ``field``, or the message that says what is wrong."""
    value = " ".join(text.split()) if field != "desc" else text.strip()
    if field == "title":
        if not 1 <= len(value) <= TITLE_MAX:
            return tr._("The title must be 1 to 120 characters long. Please send it again.")
        return {"title": value}
    if field == "desc":
        if len(value) > DESCRIPTION_MAX:
            return tr._("The description must be at most 2,000 characters. Please make it shorter.")
        return {"description": value}
    if field == "price":
        return _parse_price(tr, value, currency, unit)
    if field in ("lead", "minq"):
        number = int(value) if value.isdecimal() and len(value) <= 7 else None
        if field == "lead":
            if number is None:  # "1 week" typed as the value: 7 days (it was 1)
                number = extract_lead_time(value) or duration_days(value) or _first_int(value)
            if number is None or not 0 <= number <= LEAD_TIME_MAX:
                return tr._("Please send the number of days, from 0 to 730, for example «3».")
            return {"lead_time_days": number}
        number = number if number is not None else _first_int(value)
        if number is None or not 1 <= number <= QUANTITY_MAX:
            return tr._("Please send a whole number from 1 to 1,000,000, for example «10».")
        return {"min_quantity": number}
    raise ValueError(field)


def _first_int(text: str) -> int | None:
    """The first number written in digits, else in words of any of our languages ("three days", "trys dienos")."""
    match = re.search(r"\d{1,7}", text)
    if match:
        return int(match.group())
    return next((NUMBER_WORDS[w.text] for w in words_of(fold(text)) if w.text in NUMBER_WORDS), None)


def _parse_price(tr: Translator, text: str, currency: str, unit: str | None) -> dict[str, Any] | str:
    found = extract_price(text)
    amount = found.amount if found else parse_amount(text)
    if amount is None:
        number = AMOUNT_RE.search(text)
        amount = parse_amount(number.group()) if number else None
    if amount is None or not Decimal(0) < amount <= PRICE_MAX:
        return tr._("Please send a price above 0 and up to 1,000,000, for example «5», «5,50» or «5.50 EUR».")
    typed_unit = guess_unit(text)
    return {
        "price_amount": amount,
        "price_currency": found.currency if found else currency,
        "price_unit": typed_unit or unit or "item",
    }


# --- showing the draft ------------------------------------------------------------------------------------


def _draft(turn: Turn) -> dict[str, Any] | None:
    draft = turn.state.data.get("draft") if turn.state.flow == FLOW else None
    return draft if isinstance(draft, dict) else None


current_draft = _draft  # for bot/flows/photos.py: the draft its pictures go to


def draft_text(tr: Translator, draft: dict[str, Any], school: str) -> str:
    amount = Decimal(draft["price_amount"]) if draft.get("price_amount") else None
    missing = tr._("— not given")
    lines = [
        tr._("📝 Draft offer — please check it:"),
        "",
        tr._("Title: {title}", title=draft["title"]) if draft.get("title") else tr._("Title: missing — press ✏️ Title"),
        tr._("Category: {category}", category=tr.category(draft["category"]))
        if draft.get("category")
        else tr._("Category: missing — press 🏷 Category"),
        tr._("Price: {price}", price=price_text(tr, amount, draft.get("price_currency"), draft.get("price_unit"))),
        tr._("Lead time: {lead}", lead=lead_text(tr, draft["lead_time_days"]))
        if draft.get("lead_time_days") is not None
        else tr._("Lead time: {lead}", lead=missing),
        tr._("Minimum order: {n}", n=tr.number(int(draft["min_quantity"])))
        if draft.get("min_quantity")
        else tr._("Minimum order: {n}", n=missing),
        tr._("Delivers to: {countries}", countries=", ".join(tr.country(c) for c in draft.get("delivers_to") or []))
        if draft.get("delivers_to")
        else tr._("Delivers to: {countries}", countries=missing),
        tr._("School: {school}", school=school),
    ]
    photos = len(draft.get("photos") or [])
    if photos:
        lines.append(tr._("🖼 Photos: {n} of {most}", n=photos, most=PHOTOS_MAX))
    description = str(draft.get("description") or "")
    if description:
        short = description if len(description) <= DESCRIPTION_PREVIEW else description[:DESCRIPTION_PREVIEW] + "…"
        lines += ["", tr._("Description: {text}", text=short)]
    return "\n".join(lines)


def field_buttons(turn: Turn, action: str, *args: object) -> list[list[Button]]:
    """One button per typed field: ``action`` with ``args`` and the field name."""
    tr = turn.tr
    return [[turn.button(tr._(FIELD_LABELS[f]), action, *args, f)] for f in FIELDS]


async def show_draft(turn: Turn, *, edit: bool = False) -> None:
    draft = _draft(turn)
    if draft is None:
        await cmd_offer(turn, "")
        return
    tr = turn.tr
    school = await _school(turn, int(turn.state.data["org"]))
    text = draft_text(tr, draft, school.name if school else "")
    publish = turn.button(tr._("✅ Publish"), "ofp", means="yes")
    save = turn.button(tr._("💾 Save as draft"), "ofd")
    cancel = turn.button(tr._("✖️ Cancel"), "m", "cancel", means="no")
    if turn.easy:  # the three that matter; every field can still be changed through the menu
        turn.say(text, [[publish], [turn.button(tr._("✏️ Change something"), "ofm")], [cancel]], edit=edit)
        return
    rows = [
        [publish, save],
        [turn.button(tr._("🖼 Photos"), "ofi")],
        [turn.button(tr._("✏️ Title"), "ofe", "title"), turn.button(tr._("🏷 Category"), "ofk", 0)],
        [turn.button(tr._("💶 Price"), "ofe", "price"), turn.button(tr._("📏 Unit"), "ofu")],
        [turn.button(tr._("⏱ Lead time"), "ofe", "lead"), turn.button(tr._("🔢 Minimum"), "ofe", "minq")],
        [turn.button(tr._("🌍 Delivers to"), "ofv"), turn.button(tr._("📝 Description"), "ofe", "desc")],
        [cancel],
    ]
    turn.say(text, rows, edit=edit)


def say_in_threes(turn: Turn, text: str, rows: list[list[Button]], more: str) -> None:
    """Easy-read shows at most three buttons a message: send the rest as further short messages."""
    if not turn.easy:
        turn.say(text, rows)
        return
    flat = [b for row in rows for b in row]
    for start in range(0, len(flat), 3):
        turn.say(text if start == 0 else more, [[b] for b in flat[start : start + 3]])


async def _school(turn: Turn, organisation_id: int) -> MembershipView | None:
    return next((m for m in await memberships(turn) if m.organisation_id == organisation_id and is_staff(m)), None)


def _stale(turn: Turn) -> None:
    turn.say(turn.tr._("This button is no longer valid. Send /menu to start again."))


stale = _stale


# --- entry points -----------------------------------------------------------------------------------------


def refuse_non_teacher(turn: Turn, roles: list[MembershipView]) -> None:
    _ = turn.tr._
    text = _(
        "Only teachers of a school can post offers. If you teach at a vocational school, ask your school's "
        "administrator for a teacher invite link and open it, then send /offer again."
    )
    if not roles:
        text += "\n" + way_in(turn, _(NEW_SCHOOL))
    if any(m.kind == "company" for m in roles) or not roles:
        text += "\n" + _("Looking for something? Just tell me what you need.")
    turn.say(text)


@registry.command("offer")
async def cmd_offer(turn: Turn, args: str) -> None:
    turn.finish()
    roles = await memberships(turn)
    schools = [m for m in roles if is_staff(m)]
    if not schools:
        refuse_non_teacher(turn, roles)
        return
    if not args.strip() or posting_request_only(args):  # "paskelbti", "опубликовать": nothing to draft from
        turn.goto(FLOW, "describe")
        turn.say(
            turn.tr._(
                "Describe your offer in one message: what your students make or do, the price, how fast, the "
                "minimum order. For example: «Our students bake birthday cakes, 25 EUR per kg, within 3 days, "
                "from 2 kg»."
            )
        )
        return
    await _start_draft(turn, args, schools)


@registry.in_context(13)
async def how_to_post(turn: Turn, text: str) -> bool:
    """A teacher's "como ponho uma oferta nova?", "come faccio a mettere le nostre offerte?": the way to post one
    (it was searched for as an offer). Anyone else's words go on."""
    if not answers.asks_how_to_post(text) or not any(is_staff(m) for m in await memberships(turn)):
        return False
    head, colon, tail = text.partition(":")
    # "I want to post an offer: birthday cakes": drafted from the words after it; "ola, sou a professora Ana. como
    # ponho uma oferta nova?" asks how: the offer is to be described (no draft titled with the greeting)
    await cmd_offer(turn, tail.strip() if colon and tail.strip() and posting_request_only(head) else "")
    return True


async def _names_our_students(turn: Turn, text: str, schools: list[MembershipView]) -> bool:
    """Whether a teacher's words name two or more of their school's students: a task plan, not an offer."""
    for school in schools:
        students = await school_students(turn.session, turn.person, school.organisation_id)
        if len(named_students(students, text)) >= PLAN_MIN_STUDENTS:
            return True
    return False


PLAN_MIN_STUDENTS = 2
ANSWER_MAX_WORDS = 12  # an answer to an enquiry is short; an offer describes


def _answers_an_enquiry(text: str) -> bool:
    """A refusal or an acceptance, not a description of an offer ("Niestety nie możemy przyjąć", "labi, pieņemam")."""
    if len(text.split()) > ANSWER_MAX_WORDS or answers.stance(text) == "offer":
        return False
    accepts = answers.has_stem(text, answers.ACCEPT_STEMS) and not answers.has_stem(text, answers.OFFERED_STEMS)
    return answers.refuses(text) or answers.cannot_accept(text) is not None or accepts


@registry.intent("post_offer")
async def on_post_offer(turn: Turn, text: str) -> None:
    """Only staff post offers. A company (or student) that sounds like offering is stating a need: search.
    Someone with no role yet may be a teacher who has not joined: they hear how to join."""
    roles = await memberships(turn)
    if not any(is_staff(m) for m in roles) and looks_around(text):
        await on_search(turn, text)  # "what do you offer in Lithuania?", "show me all offers": the offers there
        return
    if not any(is_staff(m) for m in roles) and answers.is_question(text) and answers.asks_what_is_offered(text):
        turn.say(turn.tr._(WHAT_IT_IS))  # "what do you offer?": not "only teachers can post offers"
        return
    if roles and not any(is_staff(m) for m in roles):
        await on_search(turn, text)
        return
    if roles and answers.field_change(text) is not None:  # "измени название на …" with no offer open: which one?
        await registry.COMMANDS["listings"](turn, "")  # (it became a new offer titled «Измени название на …»)
        return
    if _answers_an_enquiry(text) and any(is_staff(m) for m in roles):
        # "Niestety nie możemy przyjąć", "labi, pieņemam" with no enquiry open: the enquiries, never an offer draft
        # titled with the refusal
        await registry.COMMANDS["enquiries"](turn, "")
        return
    if await _names_our_students(turn, text, [m for m in roles if is_staff(m)]):
        # "Student A projektuje model 3D, Student B drukuje…" with no order to split: the orders, never an offer
        # draft (a "tak" after it published an offer titled with the plan)
        await registry.COMMANDS["orders"](turn, "")
        return
    if roles and answers.introduces_oneself(text):  # "Bom dia, sou professora de pastelaria": greeted, no offer
        await registry.INTENTS["greet"](turn, text)
        return
    if not roles and answers.says_it_runs_a_business(text) and answers.stance(text) != "offer":
        # "Hi! I'm Sarah, I run a small marketing agency in Lisbon… we'd love some catering for 25": a customer's
        # need (she was told only teachers post offers)
        await on_search(turn, text)
        return
    await cmd_offer(turn, text)


@registry.step(FLOW, "describe")
async def offer_described(turn: Turn, text: str) -> None:
    schools = [m for m in await memberships(turn) if is_staff(m)]
    if not schools:
        turn.finish()
        refuse_non_teacher(turn, [])
        return
    await _start_draft(turn, text, schools)


async def _start_draft(turn: Turn, text: str, schools: list[MembershipView]) -> None:
    draft, suggestions = await extract_draft(turn, text)
    turn.finish()
    turn.goto(FLOW, "review", draft=draft, suggest=suggestions)
    if len(schools) > 1:
        rows = [[turn.button(m.name, "ofs", m.organisation_id)] for m in schools]
        say_in_threes(turn, turn.tr._("You teach at several schools. Which school is this offer from?"), rows,
                      turn.tr._("More schools:"))  # fmt: skip
        return
    _set_school(turn, schools[0])
    await show_draft(turn)


def _set_school(turn: Turn, school: MembershipView) -> None:
    draft = turn.state.data["draft"]
    draft["delivers_to"] = draft.get("delivers_to") or [school.country]
    if draft.get("price_amount") and not draft.get("price_currency"):
        draft["price_currency"] = currency_of(school.country)
    turn.state.data["org"] = school.organisation_id


@registry.button("ofs")
async def on_school(turn: Turn, action: Action) -> None:
    school = await _school(turn, action.arg_int(0))
    if _draft(turn) is None or school is None:
        _stale(turn)
        return
    _set_school(turn, school)
    await show_draft(turn, edit=not turn.easy)


@registry.button("ofr")
async def on_back(turn: Turn, _action: Action) -> None:
    if _draft(turn) is None or "org" not in turn.state.data:
        _stale(turn)
        return
    turn.goto(FLOW, "review")
    await show_draft(turn, edit=not turn.easy)


async def _cancel_within(turn: Turn) -> bool:
    """/cancel at one of the draft's questions (a field, the category, the unit…) goes back to the draft: the field
    is left as it was and nothing typed before is lost (the whole draft was thrown away)."""
    card = turn.asked is not None and any(o.action[0] in ("ofp", "ofd") for o in turn.asked.options)
    if turn.state.step in (None, "describe") or (turn.state.step == "review" and (card or turn.asked is None)):
        return False  # at the draft card itself, /cancel drops the draft (its ✖️ Cancel)
    if _draft(turn) is None or "org" not in turn.state.data:
        return False
    turn.say(turn.tr._("Nothing changed. Here is your draft again."))
    turn.goto(FLOW, "review")
    await show_draft(turn)
    return True


registry.CANCELLING[FLOW] = _cancel_within


# --- fixing fields by typing ------------------------------------------------------------------------------


@registry.button("ofm")
async def on_field_menu(turn: Turn, _action: Action) -> None:
    if _draft(turn) is None:
        _stale(turn)
        return
    tr = turn.tr
    rows = [[turn.button(tr._(FIELD_LABELS[f]), "ofe", f)] for f in FIELDS]
    rows += [[turn.button(tr._("🏷 Category"), "ofk", 0)], [turn.button(tr._("📏 Unit"), "ofu")]]
    rows += [[turn.button(tr._("🌍 Delivers to"), "ofv")], [turn.button(tr._("🖼 Photos"), "ofi")]]
    rows += [[turn.button(tr._("◀ Back"), "ofr")]]
    say_in_threes(turn, tr._("What do you want to change?"), rows, tr._("More:"))


@registry.button("ofe")
async def on_edit_field(turn: Turn, action: Action) -> None:
    field = action.args[0] if action.args else ""
    if _draft(turn) is None or field not in FIELDS:
        _stale(turn)
        return
    turn.goto(FLOW, field)
    turn.say(turn.tr._(PROMPTS[field]), [[turn.button(turn.tr._("◀ Back"), "ofr")]])


async def _typed(turn: Turn, text: str) -> None:
    draft = _draft(turn)
    field = turn.state.step or ""
    if draft is None or field not in FIELDS:
        _stale(turn)
        return
    school = await _school(turn, int(turn.state.data.get("org", 0)))
    currency = draft.get("price_currency") or currency_of(school.country if school else "")
    parsed = parse_field(turn.tr, field, text, currency=currency, unit=draft.get("price_unit"))
    if isinstance(parsed, str):
        turn.say(parsed, [[turn.button(turn.tr._("◀ Back"), "ofr")]])
        return
    draft.update({k: str(v) if isinstance(v, Decimal) else v for k, v in parsed.items()})
    turn.goto(FLOW, "review", draft=draft)
    await show_draft(turn)


for _field in FIELDS:
    registry.step(FLOW, _field)(_typed)


@registry.correction(FLOW, "review")
async def corrected_at_review(turn: Turn, text: str) -> bool:
    """What a yes or no opening a line at the draft card really says: countries, or a field corrected after "no"
    ("ne, kaina turi būti 18 eur", "não, o preço é 18 euros" discarded the whole draft as ✖️ Cancel). A bare "no"
    says something is wrong: what can be changed is said first; a second one (or a cancel word) cancels."""
    if await countries_at_review(turn, text):
        return True
    if answers.saves_draft(text) and _draft(turn) is not None:  # "išsaugok kaip juodraštį": 💾 Save as draft
        await registry.BUTTONS["ofd"](turn, Action("ofd", ()))
        return True
    if answers.asks_to_publish(text) and answers.yes_no(text) != "no" and _draft(turn) is not None:
        await registry.BUTTONS["ofp"](turn, Action("ofp", ()))  # "skelbti", "publikuj": ✅ Publish (it was not read)
        return True
    if answers.decides_a_deal(text) and not _states_offer_facts(turn, text):  # "…Akceptuję zamówienie." published
        await _about_a_deal(turn, text)
        return True
    draft = _draft(turn)
    if draft is not None and answers.yes_no(text) is not None and _bare_amount(turn, draft, text) is not None:
        await review_typed(turn, text)  # "tegul bus 18", "ok, 25": the price (a yes published the old one)
        return True
    if answers.yes_no(text) != "no" or answers.control_word(text) is not None or draft is None:
        return False
    if answers.after_self_correction(text) is not None:
        return False  # "nie, jednak opublikuj": the words after the second thought answer
    if answers.bare_no(text):
        if turn.state.data.get(NO_AT_REVIEW):
            return False  # the second no: ✖️ Cancel
        turn.state.data[NO_AT_REVIEW] = True
        turn.say(turn.tr._(CHANGE_HINT))
        await show_draft(turn)
        return True
    await review_typed(turn, text)
    return True


def _states_offer_facts(turn: Turn, text: str) -> bool:
    """ "we accept orders from 5 kg": a minimum or a unit, about the offer (not an enquiry's acceptance)."""
    return extract_minimum(text, turn.person.language) is not None or guess_unit(text) is not None


async def _about_a_deal(turn: Turn, text: str) -> None:
    """Words about an enquiry or order typed at the draft card: the draft is kept (saved as a draft when it can be)
    and the words are served as what the teacher's situation makes of them (accepting, declining)."""
    draft = _draft(turn)
    if draft is not None and draft.get("title") and draft.get("category") and "org" in turn.state.data:
        await _create(turn, publish=False)
    turn.finish()
    if not await registry.served_in_context(turn, text):
        await registry.INTENTS["my_enquiries"](turn, text)


NO_AT_REVIEW = "no_at_review"  # a bare "no" was said to the draft card once
CHANGE_HINT = N_("Press ✅ Publish, or a button to change a field — or type the new price, lead time or minimum order.")


async def countries_at_review(turn: Turn, text: str) -> bool:
    """ "var piegādāt arī uz Lietuvu", "tak, możemy wysłać też na Litwę", "Latvija, Lietuva" at the draft card (or its
    country buttons) add those delivery countries, "only Italy" sets them: the draft is shown again. A "var"/"tak"
    opening them read as yes and published the offer with its old countries."""
    said = answers.delivery_countries(text)
    draft = _draft(turn)
    if said is None or draft is None:
        return False
    named = [c for c in said[0] if c in MARKET_COUNTRIES]
    if not named:
        return False
    chosen = [] if said[1] else [c for c in draft.get("delivers_to") or [] if c not in named]
    draft["delivers_to"] = [*chosen, *named]
    turn.goto(FLOW, "review", draft=draft)
    await show_draft(turn)
    return True


@registry.step(FLOW, "review")
async def review_typed(turn: Turn, text: str) -> None:
    """A correction typed at the draft card ("30 eur per kg", "within 5 days", "from 10 pieces") changes the
    fields it states; "yes"/"publish" and "no"/"cancel" were already taken as the card's buttons."""
    draft = _draft(turn)
    if draft is None or "org" not in turn.state.data:
        _stale(turn)
        return
    change = answers.field_change(text)  # "change the price to 350", "zmień tytuł na …": set, as typed after ✏️
    if change is not None and change[0] in FIELDS:
        turn.goto(FLOW, change[0])
        await _typed(turn, change[1])
        return
    field = answers.draft_field_named(text)  # "tytuł", "kategoria" typed in any language: that field's question
    if field == "category":
        await on_category_page(turn, Action("ofk", ("0",)))
        return
    if field is not None and field in FIELDS and field not in ("price", "lead", "minq"):
        await on_edit_field(turn, Action("ofe", (field,)))
        return
    if answers.manages_by_name(text) == "pause" and not _named_elsewhere(text, draft):
        # "paslėpk šį pasiūlymą" at the draft: kept unpublished, as 💾 Save as draft (a "ši" read as yes published it)
        await registry.BUTTONS["ofd"](turn, Action("ofd", ()))
        return
    if answers.adds_photo(text):  # "aggiungo una foto", "dodaj zdjęcie": as 🖼 Photos (it set the category to photos)
        await registry.BUTTONS["ofi"](turn, Action("ofi", ()))
        return
    category = _category_corrected(text)
    if category is not None and category != draft.get("category"):  # "no, it's bakery not catering"
        draft["category"] = category
        turn.goto(FLOW, "review", draft=draft)
        await show_draft(turn)
        return
    if (unit := _unit_said(text)) is not None:  # "al chilo", "zmień jednostkę na kilogram" (nothing changed)
        draft["price_unit"] = unit
        turn.goto(FLOW, "review", draft=draft)
        await show_draft(turn)
        return
    if answers.is_question(text):  # "how do customers find my offer, do I need photos?" (a second draft was begun)
        turn.say(turn.tr._(QUESTION_AT_REVIEW))
        await show_draft(turn)
        return
    school = await _school(turn, int(turn.state.data["org"]))
    found, _suggestions = await extract_draft(turn, text)
    if _another_offer(draft, found, text):
        await _set_aside_for_another(turn, draft, text)
        return
    changes = {k: v for k, v in found.items() if k in CORRECTABLE and v not in (None, "", [])}
    if guess_unit(text) is None:
        changes.pop("price_unit", None)  # "il prezzo è 26 euro": per kg still (it became "per piece")
    amount = _bare_amount(turn, draft, text) if not changes else None
    if amount is not None:  # "actually make it 25": the price (it became the category «Beauty», from "make")
        changes.update(amount)
    elif found.get("category") and (has_stem_category(text) or (not changes and _names_a_category_alone(text))):
        changes["category"] = found["category"]  # "piekarnia", "zmień kategorię na wypieki"
    if "price_amount" in changes and not changes.get("price_unit") and not draft.get("price_unit"):
        changes["price_unit"] = "item"  # a first price without its unit: per item, as a first description gets
    if "price_amount" in changes and not changes.get("price_currency"):
        changes["price_currency"] = draft.get("price_currency") or currency_of(school.country if school else "")
    changes = {k: v for k, v in changes.items() if draft.get(k) != v}  # what it says that the draft does not
    days = duration_days(text) if not changes and len(text.split()) <= SPAN_ALONE_MAX_WORDS else None
    if days is not None and 0 < days <= LEAD_TIME_MAX:  # "3 dienos" typed after the price: the lead time
        changes["lead_time_days"] = days
    if not changes and len(answers.meaningful_words(text)) >= DESCRIBES_MIN_WORDS and not _asks_something(text):
        # "Buffet freddo e caldo preparato dagli studenti…" typed after the price and the minimum: it describes the
        # offer (it was dropped, and the title stayed the description)
        changes["description"] = _described(draft, text)
    if not changes:
        turn.say(turn.tr._(CHANGE_HINT))
        await show_draft(turn)
        return
    draft.update(changes)
    turn.goto(FLOW, "review", draft=draft)
    await show_draft(turn)


NOT_WORDS = frozenset({"not", "ne", "nie", "non", "nao", "не", "nav"})
CORRECTION_MAX_WORDS = 8


def _category_corrected(text: str) -> str | None:
    """The category a short correction names against another: "no, it's bakery not catering", "ne kepiniai, o
    maitinimas", "non catering ma pasticceria" (the category named after "not" is the wrong one; nothing changed)."""
    tokens = text.split()
    if len(tokens) > CORRECTION_MAX_WORDS:
        return None
    kept: list[str] = []
    negated = skip = False
    for token in tokens:
        if fold(token).strip(",.;:!?-–—") in NOT_WORDS:
            negated = skip = True
            continue
        if skip:  # the category after "not" is the wrong one
            skip = False
            continue
        kept.append(token)
    return find_category(" ".join(kept)) if negated else None


UNIT_ALONE_MAX_WORDS = 4  # "al chilo", "the unit is per piece": a unit said alone
UNIT_NOUN_STEMS = ("unit", "vienet", "vienib", "jednost", "unita", "unidad", "единиц", "edinic")


def _unit_said(text: str) -> str | None:
    """The price unit a short message without a number names ("al chilo", "per hour", "за штуку"), or any message
    naming the unit as such ("zmień jednostkę na kilogram")."""
    unit = guess_unit(text)
    if unit is None or AMOUNT_RE.search(text):
        return None  # "25 euro per kg": the price and its unit, read with the other facts
    short = len(answers.meaningful_words(text)) <= UNIT_ALONE_MAX_WORDS
    return unit if short or answers.has_stem(text, UNIT_NOUN_STEMS) else None


DESCRIBES_MIN_WORDS = 5  # a sentence that sets no field and says this much describes the offer
SPAN_ALONE_MAX_WORDS = 3  # "3 dienos", "2 weeks": a lead time said alone


CATEGORY_ALONE_MAX_WORDS = 2  # "piekarnia", "grafinis dizainas": a category named alone; "ne, be nuotraukos" is not


def _names_a_category_alone(text: str) -> bool:
    return len(answers.meaningful_words(text)) <= CATEGORY_ALONE_MAX_WORDS


def _named_elsewhere(text: str, draft: dict[str, Any]) -> bool:
    """Words naming an offer other than the draft ("pause the catering offer" at a cake draft)."""
    return answers.mentions(text, str(draft.get("title") or "")) == 0 and len(answers.meaningful_words(text)) > 3


def _asks_something(text: str) -> bool:
    """Words that ask for something else than this draft: another offer managed, a task, a reminder, a message for
    a customer, a need. They are no description."""
    return bool(
        answers.manages_by_name(text)
        or answers.opens_by_name(text)
        or answers.starts_task(text) is not None
        or answers.relay_request(text) is not None
        or answers.asks_to_remind(text)
        or answers.stance(text) == "need"
        or answers.decides_a_deal(text)
    )


def _described(draft: dict[str, Any], text: str) -> str:
    """The description with ``text``: in place of one that only repeats the title, else after it."""
    old = str(draft.get("description") or "").strip()
    if not old or old.casefold() == str(draft.get("title") or "").strip().casefold():
        return text.strip()[:DESCRIPTION_MAX]
    joined = f"{old}\n{text.strip()}"
    return joined if len(joined) <= DESCRIPTION_MAX else old


BARE_AMOUNT_MAX_WORDS = 5
QUESTION_AT_REVIEW = N_(
    "Companies find your offer by writing what they need in their own language: a clear title, a price and photos "
    "(🖼 Photos) help. Press ✅ Publish when the draft is ready."
)


def _bare_amount(turn: Turn, draft: dict[str, Any], text: str) -> dict[str, Any] | None:
    """One number in a few words ("actually make it 25", "tegul bus 18") at a draft with a price: the new price."""
    numbers = AMOUNT_RE.findall(text)
    if draft.get("price_amount") is None or len(numbers) != 1 or len(text.split()) > BARE_AMOUNT_MAX_WORDS:
        return None
    if answers.names_a_time_span(text):  # "3 dienos": the lead time (the 12 € price became 3 €)
        return None
    parsed = _parse_price(turn.tr, numbers[0], str(draft.get("price_currency") or "EUR"),
                          str(draft.get("price_unit") or "item"))  # fmt: skip
    if isinstance(parsed, str):
        return None
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in parsed.items()}  # the state is JSON


# A message this long, of another category, sharing at most this many title words with the draft, is a new offer.
ANOTHER_OFFER_MIN_WORDS = 6
ANOTHER_OFFER_SHARED_WORDS = 1
_SHARED_PREFIX = 5  # "prijuostes"/"prijuosčių": the same word in another form


def _another_offer(draft: dict[str, Any], found: dict[str, Any], text: str) -> bool:
    """A whole new offer typed while a draft is open ("Siuvimo klasės mokiniai siuva prijuostes…, 9 eur, per 10
    dienų" at the bird-house draft): another category and hardly a word of the draft's title. Its price, lead time
    and minimum overwrote the draft's, under the old title, and the new offer was lost."""
    if len(text.split()) < ANOTHER_OFFER_MIN_WORDS or not found.get("title") or not found.get("category"):
        return False
    if answers.takes_back(text):  # "no wait, make the price 28 euro per kg": this draft, corrected
        return False
    if has_stem_category(text):  # "the category is wrong, it should be catering": this draft's category
        return False
    if found["category"] == draft.get("category"):
        return False
    old = {w.text[:_SHARED_PREFIX] for w in words_of(fold(f"{draft.get('title')} {draft.get('description')}"))}
    new = {w.text[:_SHARED_PREFIX] for w in words_of(fold(str(found["title"]))) if len(w.text) >= 4}
    return len(new & old) <= ANOTHER_OFFER_SHARED_WORDS


async def _set_aside_for_another(turn: Turn, draft: dict[str, Any], text: str) -> None:
    """The open draft is kept (saved as a draft in /listings when it can be) and the new offer drafted."""
    if draft.get("title") and draft.get("category"):
        await _create(turn, publish=False)  # "💾 Saved as a draft: «…»": nothing lost
    schools = [m for m in await memberships(turn) if is_staff(m)]
    await _start_draft(turn, text, schools)


def has_stem_category(text: str) -> bool:
    return answers.has_stem(text, answers.DRAFT_FIELD_STEMS["category"])


# What a typed correction at the draft card may change: the facts a message states, never title or text.
CORRECTABLE = ("price_amount", "price_currency", "price_unit", "lead_time_days", "min_quantity")


# --- category, unit and countries by buttons --------------------------------------------------------------


def _sorted_categories(tr: Translator) -> list[str]:
    return sorted(load_taxonomy().keys(), key=lambda key: tr.category(key).casefold())


@registry.button("ofk")
async def on_category_page(turn: Turn, action: Action) -> None:
    """Page 0: the suggestions and "Other…"; pages 1…: every category, by name in the reader's language."""
    if _draft(turn) is None:
        _stale(turn)
        return
    tr = turn.tr
    keys = load_taxonomy().keys()
    page = max(0, action.arg_int(0))
    suggested = [k for k in turn.state.data.get("suggest", []) if k in keys]
    if page == 0 and suggested:
        rows = [[turn.button(tr.category(k), "ofc", keys.index(k))] for k in suggested]
        rows.append([turn.button(tr._("Other…"), "ofk", 1)])
        turn.say(tr._("Which category fits best?"), rows, edit=not turn.easy)
        return
    ordered = _sorted_categories(tr)
    page = max(1, page)
    per_page = 2 if turn.easy else CATEGORY_PAGE  # easy-read: two categories and "More" make three buttons
    pages = -(-len(ordered) // per_page)
    page = min(page, pages)
    shown = ordered[(page - 1) * per_page : page * per_page]
    rows = [[turn.button(tr.category(k), "ofc", keys.index(k))] for k in shown]
    nav = []
    if page > 1 and not turn.easy:
        nav.append(turn.button(tr._("◀ Back"), "ofk", page - 1))
    if page < pages:
        nav.append(turn.button(tr._("More ▶"), "ofk", page + 1, means="more"))
    rows.append(nav)
    text = tr._("Choose the category (page {page} of {pages}):", page=page, pages=pages)
    turn.say(text, [r for r in rows if r], edit=not turn.easy)


@registry.button("ofc")
async def on_category(turn: Turn, action: Action) -> None:
    draft = _draft(turn)
    keys = load_taxonomy().keys()
    index = action.arg_int(0)
    if draft is None or not 0 <= index < len(keys):
        _stale(turn)
        return
    draft["category"] = keys[index]
    await show_draft(turn, edit=not turn.easy)


@registry.button("ofu")
async def on_unit_menu(turn: Turn, _action: Action) -> None:
    draft = _draft(turn)
    if draft is None:
        _stale(turn)
        return
    tr = turn.tr
    if not draft.get("price_amount"):
        turn.goto(FLOW, "price")
        turn.say(tr._("First send the price.") + " " + tr._(PROMPTS["price"]))
        return
    rows = [[turn.button(tr._(label), "ofn", unit)] for unit, label in UNITS.items()]
    say_in_threes(turn, tr._("The price is for what?"), rows, tr._("More:"))


@registry.button("ofn")
async def on_unit(turn: Turn, action: Action) -> None:
    draft = _draft(turn)
    unit = action.args[0] if action.args else ""
    if draft is None or unit not in UNITS or not draft.get("price_amount"):
        _stale(turn)
        return
    draft["price_unit"] = unit
    await show_draft(turn, edit=not turn.easy)


def _countries_rows(turn: Turn, chosen: list[str]) -> list[list[Button]]:
    tr = turn.tr
    rows = [[turn.button(f"{'☑' if c in chosen else '☐'} {tr.country(c)}", "ofw", c)] for c in MARKET_COUNTRIES]
    return [[turn.button(tr._("✔ Done"), "ofr")], *rows] if turn.easy else [*rows, [turn.button(tr._("✔ Done"), "ofr")]]


@registry.button("ofv")
async def on_countries(turn: Turn, _action: Action) -> None:
    draft = _draft(turn)
    if draft is None:
        _stale(turn)
        return
    tr = turn.tr
    say_in_threes(turn, tr._("Where can you deliver? Tap to switch a country on or off."),
                  _countries_rows(turn, list(draft.get("delivers_to") or [])), tr._("More:"))  # fmt: skip


@registry.button("ofw")
async def on_toggle_country(turn: Turn, action: Action) -> None:
    draft = _draft(turn)
    code = action.args[0] if action.args else ""
    if draft is None or code not in MARKET_COUNTRIES:
        _stale(turn)
        return
    chosen = list(draft.get("delivers_to") or [])
    if code in chosen:
        chosen.remove(code)
    else:
        chosen.append(code)
    draft["delivers_to"] = chosen
    tr = turn.tr
    text = tr._("Delivers to: {countries}", countries=", ".join(tr.country(c) for c in chosen) or "—")
    if turn.easy:
        turn.say(text, [[turn.button(tr._("✔ Done"), "ofr")], [turn.button(tr._("🌍 Delivers to"), "ofv")]])
        return
    turn.say(text, _countries_rows(turn, chosen), edit=True)


# --- publishing -------------------------------------------------------------------------------------------


@registry.button("ofp")
async def on_publish(turn: Turn, _action: Action) -> None:
    await _create(turn, publish=True)


@registry.button("ofd")
async def on_save_draft(turn: Turn, _action: Action) -> None:
    await _create(turn, publish=False)


async def _create(turn: Turn, *, publish: bool) -> None:
    draft = _draft(turn)
    if draft is None or "org" not in turn.state.data:
        _stale(turn)
        return
    tr = turn.tr
    if not draft.get("title"):
        turn.goto(FLOW, "title")
        turn.say(tr._("The offer needs a title first.") + " " + tr._(PROMPTS["title"]))
        return
    if not draft.get("category"):
        await on_category_page(turn, Action("ofk", ("0",)))
        return
    amount = draft.get("price_amount")
    listing = ListingDraft(
        title=str(draft["title"]),
        description=str(draft.get("description") or ""),
        category=str(draft["category"]),
        language=str(draft.get("language") or turn.person.language),
        price_amount=Decimal(amount) if amount else None,
        price_currency=draft.get("price_currency") if amount else None,
        price_unit=(draft.get("price_unit") or "item") if amount else None,
        lead_time_days=draft.get("lead_time_days"),
        min_quantity=draft.get("min_quantity"),
        delivers_to=list(draft.get("delivers_to") or []),
    )
    view = await create_listing(turn.session, turn.person, int(turn.state.data["org"]), listing, publish=publish)
    for image_id in draft.get("photos") or []:
        await add_photo(turn.session, turn.person, view.id, int(image_id))
    turn.finish()
    if publish:
        turn.say(tr._("✅ Published! This is how customers see your offer:"))
        # ✏️ and ⏸ under it: "change the price to 250", "hide this offer" typed next mean this one (a public search
        # and "only coordinators can do this" answered them)
        await show_listing(turn, await listing_view(turn.session, view.id),
                           [[turn.button(tr._("✏️ Edit"), "le", view.id), turn.button(tr._("⏸ Pause"), "lp", view.id)],
                            [turn.button(tr._("📋 Our listings"), "m", "listings")]])  # fmt: skip
    else:
        turn.say(
            tr._("💾 Saved as a draft: «{title}». Customers do not see it until you publish it in /listings.",
                 title=view.title),
            [[turn.button(tr._("📋 Our listings"), "m", "listings")]],
        )  # fmt: skip
