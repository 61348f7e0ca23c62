"""/listings: a school's offers with their status; pause, resume, edit or archive each one.

Why the list only opens and pauses, and the card holds the rest: a list of five offers with four
buttons each is a wall of buttons on a phone. Pausing is the quick, reversible thing teachers do
from the list (holidays, out of stock); editing and archiving happen on the card, where the teacher
sees what they change, and archiving (final) asks for confirmation first.

Who sees what: only teachers/admins of the listing's school see the management buttons; the domain
services check again on every press, because a button can be forged or stale.

Actions (callback names): lg = list page, lo = open a listing, lp = pause, lr = resume/publish,
le = edit menu, lf = type a new value for a field, la = archive?, lx = archive (confirmed).
"""

from __future__ import annotations

from typing import Any

from bot.core import registry
from bot.core.callbacks import Action
from bot.core.turn import Turn
from bot.core.types import Button
from bot.flows.cards import listing_details, price_text
from bot.flows.common import is_staff, memberships
from bot.flows.offer import FIELD_LABELS, FIELDS, PROMPTS, currency_of, parse_field, refuse_non_teacher, say_in_threes
from bot.i18n import N_, Safe, escape
from domain.limits import PHOTOS_MAX
from domain.listing_photos import photo_count
from domain.listings import listing_view, school_listings, set_listing_status, update_listing
from domain.views import ListingView
from nlu import answers
from nlu.normalise.dates import resolve_date
from nlu.normalise.offer_text import posting_request_named

FLOW = "listing"
PAGE_SIZE = 5
STATUS = {
    "active": ("🟢", N_("published")),
    "paused": ("⏸", N_("paused")),
    "draft": ("📝", N_("draft")),
    "archived": ("🗄", N_("archived")),
}


def _status(turn: Turn, status: str, *, hidden: bool = False) -> str:
    icon, label = STATUS.get(status, ("", status))
    text = f"{icon} {turn.tr._(label)}".strip()
    return text + " · " + turn.tr._("🙈 hidden by the coordinators") if hidden else text


async def _staff_of(turn: Turn, organisation_id: int) -> bool:
    return any(is_staff(m) and m.organisation_id == organisation_id for m in await memberships(turn))


@registry.command("listings")
async def cmd_listings(turn: Turn, _args: str) -> None:
    turn.finish()
    await _show_list(turn, 0)


@registry.intent("my_listings")
async def on_my_listings(turn: Turn, text: str) -> None:
    """A school's offers for its staff; anyone else saying "show me all offers" wants to look around the catalogue
    (they got "Only teachers of a school can post offers"), so it is searched, and refused only when that finds
    nothing."""
    if not any(is_staff(m) for m in await memberships(turn)):
        before = len(turn.replies)
        await registry.INTENTS["search_offers"](turn, text)
        if (turn.recall("search") or {}).get("shown"):
            return
        del turn.replies[before:]
    await cmd_listings(turn, "")


@registry.button("lg")
async def on_list_page(turn: Turn, action: Action) -> None:
    await _show_list(turn, max(0, action.arg_int(0)), edit=not turn.easy)


async def _show_list(turn: Turn, page: int, *, edit: bool = False) -> None:
    roles = await memberships(turn)
    if not any(is_staff(m) for m in roles):
        refuse_non_teacher(turn, roles)
        return
    tr = turn.tr
    views = [v for v in await school_listings(turn.session, turn.person) if v.status != "archived"]
    if not views:
        turn.say(tr._("Your school has no offers yet. Send /offer to post one."),
                 [[turn.button(tr._("➕ Post an offer"), "m", "offer")]])  # fmt: skip
        return
    pages = -(-len(views) // PAGE_SIZE)
    page = min(page, pages - 1)
    first = page * PAGE_SIZE
    shown = views[first : first + PAGE_SIZE]
    several_schools = len({v.organisation_id for v in views}) > 1
    lines = [tr.n_("Your school has {n} offer:", "Your school has {n} offers:", len(views))]
    rows: list[list[Button]] = []
    for number, view in enumerate(shown, start=first + 1):
        school = f" — {escape(view.organisation_name)}" if several_schools else ""
        price = price_text(tr, view.price_amount, view.price_currency, view.price_unit)
        lines.append(
            Safe(f"{number}. <b>{escape(view.title)}</b>{school}\n    ")
            + escape(_status(turn, view.status, hidden=view.hidden))
            + " · "
            + escape(price)
        )
        row = [turn.button(tr._("⚙️ {number}. Open", number=number), "lo", view.id, means=f"item:{number}")]
        if view.status == "active":
            row.append(turn.button(tr._("⏸ {number}. Pause", number=number), "lp", view.id))
        elif view.status == "paused":
            row.append(turn.button(tr._("▶️ {number}. Resume", number=number), "lr", view.id))
        rows.append(row)
    nav: list[Button] = []
    if page > 0:
        nav.append(turn.button(tr._("◀ Back"), "lg", page - 1))
    if page < pages - 1:
        nav.append(turn.button(tr._("More ▶"), "lg", page + 1, means="more"))
    if turn.easy:  # one offer per message, its buttons under it
        turn.say(lines[0])
        for line, row in zip(lines[1:], rows, strict=True):
            turn.say(line, [row])
        if nav:
            turn.say(tr._("Page {page} of {pages}.", page=page + 1, pages=pages), [nav])
        return
    if nav:
        rows.append(nav)
        lines.append(tr._("Page {page} of {pages}.", page=page + 1, pages=pages))
    turn.say("\n".join(lines), rows, edit=edit)


# --- one listing ------------------------------------------------------------------------------------------


async def _card(turn: Turn, view: ListingView, *, edit: bool = False, note: str = "") -> None:
    tr = turn.tr
    text = (note + "\n\n" if note else "") + tr._(
        "Status: {status}", status=_status(turn, view.status, hidden=view.hidden)
    )
    photos = await photo_count(turn.session, view.id)
    if photos:
        text += "\n" + tr._("🖼 Photos: {n} of {most}", n=photos, most=PHOTOS_MAX)
    text += "\n\n" + listing_details(tr, view)
    rows: list[list[Button]] = [[turn.button(tr._("📋 All offers"), "lg", 0)]]
    if view.status != "archived":
        toggle = {
            "active": turn.button(tr._("⏸ Pause"), "lp", view.id),
            "paused": turn.button(tr._("▶️ Resume"), "lr", view.id),
        }.get(view.status, turn.button(tr._("✅ Publish"), "lr", view.id))
        edit_button = turn.button(tr._("✏️ Edit"), "le", view.id)
        rows = [[toggle, edit_button], [turn.button(tr._("🖼 Photos"), "lh", view.id)],
                [turn.button(tr._("🗄 Archive"), "la", view.id), *rows[0]]]  # fmt: skip
    turn.say(text, rows, edit=edit)


async def managed(turn: Turn, listing_id: int) -> ListingView | None:
    """The listing if this person may manage it; otherwise says so and returns None."""
    view = await listing_view(turn.session, listing_id)
    if not await _staff_of(turn, view.organisation_id):
        turn.say(turn.tr._("Only teachers of the school that posted this offer can change it."))
        return None
    return view


@registry.button("lo")
async def on_open(turn: Turn, action: Action) -> None:
    view = await managed(turn, action.arg_int(0))
    if view is not None:
        turn.finish()
        await _card(turn, view)


@registry.button("lp")
async def on_pause(turn: Turn, action: Action) -> None:
    view = await set_listing_status(turn.session, turn.person, action.arg_int(0), "paused")
    note = turn.tr._("⏸ Paused. Customers do not see this offer until you resume it.")
    await _card(turn, view, edit=not turn.easy, note=note)


@registry.button("lr")
async def on_resume(turn: Turn, action: Action) -> None:
    view = await set_listing_status(turn.session, turn.person, action.arg_int(0), "active")
    await _card(turn, view, edit=not turn.easy, note=turn.tr._("🟢 Published. Customers can find this offer again."))


@registry.button("la")
async def on_archive_ask(turn: Turn, action: Action) -> None:
    view = await managed(turn, action.arg_int(0))
    if view is None:
        return
    tr = turn.tr
    turn.say(
        tr._("Archive «{title}»? Customers will not see it any more, and it cannot be published again.",
             title=view.title),
        [[turn.button(tr._("🗄 Yes, archive"), "lx", view.id, means="yes"),
          turn.button(tr._("Keep it"), "lo", view.id, means="no")]],
    )  # fmt: skip


@registry.button("lx")
async def on_archive(turn: Turn, action: Action) -> None:
    view = await set_listing_status(turn.session, turn.person, action.arg_int(0), "archived")
    turn.finish()
    turn.say(
        turn.tr._("🗄 «{title}» is archived.", title=view.title),
        [[turn.button(turn.tr._("📋 All offers"), "lg", 0)]],
    )


# --- editing ----------------------------------------------------------------------------------------------


@registry.button("le")
async def on_edit_menu(turn: Turn, action: Action) -> None:
    view = await managed(turn, action.arg_int(0))
    if view is None:
        return
    tr = turn.tr
    rows = [[turn.button(tr._(FIELD_LABELS[f]), "lf", view.id, f)] for f in FIELDS]
    rows.append([turn.button(tr._("◀ Back"), "lo", view.id)])
    say_in_threes(turn, tr._("What do you want to change in «{title}»?", title=view.title), rows, tr._("More:"))


@registry.button("lf")
async def on_edit_field(turn: Turn, action: Action) -> None:
    field = action.args[1] if len(action.args) > 1 else ""
    view = await managed(turn, action.arg_int(0))
    if view is None:
        return
    if field not in FIELDS or view.status == "archived":
        turn.say(turn.tr._("This button is no longer valid. Send /menu to start again."))
        return
    turn.finish()
    turn.goto(FLOW, field, listing_id=view.id)
    turn.say(turn.tr._(PROMPTS[field]), [[turn.button(turn.tr._("◀ Back"), "lo", view.id)]])


async def _typed(turn: Turn, text: str) -> None:
    listing_id = int(turn.state.data.get("listing_id", 0))
    field = turn.state.step or ""
    view = await managed(turn, listing_id)
    if view is None:
        turn.finish()
        return
    parsed = parse_field(turn.tr, field, text, currency=view.price_currency or currency_of(view.country),
                         unit=view.price_unit)  # fmt: skip
    if isinstance(parsed, str):
        turn.say(parsed, [[turn.button(turn.tr._("◀ Back"), "lo", view.id)]])
        return
    updated = await update_listing(turn.session, turn.person, listing_id, **parsed)
    turn.finish()
    await _card(turn, updated, note=turn.tr._("✔ Saved."))


for _field in FIELDS:
    registry.step(FLOW, _field)(_typed)


@registry.in_context(14)
async def open_in_words(turn: Turn, text: str) -> bool:
    """ "atidaryk žvakes", "redaguoti žvakes", "apri le torte": the school's own offer whose title the words name
    (one only) is opened, as ⚙️ Open does (a teacher got a public search, or a student's "no open tasks")."""
    manage = answers.manages_by_name(text)  # "pause the 3D printed souvenirs offer", "delete the offer called …"
    others = answers.CANCEL_ENQUIRY_STEMS + answers.CANCEL_ORDER_STEMS
    if manage and (answers.task_command(text) is not None or answers.has_stem(text, others)):
        manage = None  # "delete the cake task", "delete my enquiry": not an offer
    if not (answers.opens_by_name(text) or manage) or not any(is_staff(m) for m in await memberships(turn)):
        return False
    views = [v for v in await school_listings(turn.session, turn.person) if v.status != "archived"]
    named = [(answers.mentions(text, v.title), v) for v in views]
    best = max((n for n, _ in named), default=0)
    chosen = [v for n, v in named if n == best]
    if not best and answers.opens_by_name(text) and posting_request_named(text):
        await registry.COMMANDS["listings"](turn, "")  # "I want to edit the cakes offer", none so titled: the list
        return True
    said = answers.offer_number(text) if manage and not best else None
    listed = any(o.action[0] in ("lo", "lp", "lr", "lg") for o in (turn.asked.options if turn.asked else []))
    numbers = answers.numbers_said(text) if manage and not best and said is None and listed else []
    if len(numbers) == 1:  # "pristabdyk 7" under /listings, the 7th on its second page (a search for offers)
        said = numbers[0]
    if said is not None and not 1 <= said <= len(views):  # "archive offer 3" of two: the open card was archived
        _no_such_offer(turn, said, len(views))
        await _show_list(turn, 0)
        return True
    by_ordinal = manage and not best and answers.picks_by_number(text)
    number = said or (answers.ordinal(text, len(views)) if by_ordinal else None)
    if number is not None:  # "pause offer number 2": the second of /listings (it showed the list again)
        best, chosen = 1, [views[number - 1]]
    in_view = _offer_in_view(turn, views) if manage and not best and not by_ordinal else None
    if in_view is not None:  # "paslēp šo piedāvājumu", "pause it" under the card just published or opened
        best, chosen = 1, [in_view]
    if best and len(chosen) > 1 and len(chosen) <= WHICH_MAX:  # "sustabdyk logotipo pasiūlymą" with two logo
        # offers: which one (the list was shown, and the teacher believed it paused)
        action = {"pause": "lp", "remove": "la", "resume": "lr"}.get(manage or "", "lo")
        rows = [[turn.button(f"{n}. {v.title}"[:60], action, v.id, means=f"item:{n}")]
                for n, v in enumerate(chosen, start=1)]  # fmt: skip
        turn.say(turn.tr._("Which one? Type its number, for example «2»."), rows, expects="choice")
        return True
    if not best or len(chosen) != 1:
        return False
    if manage == "pause" and chosen[0].status == "active":
        await on_pause(turn, Action("lp", (str(chosen[0].id),)))
    elif manage == "remove":
        await on_archive_ask(turn, Action("la", (str(chosen[0].id),)))  # asked first: "🗄 Yes, archive"
    elif manage == "resume" and chosen[0].status in ("paused", "draft"):
        await on_resume(turn, Action("lr", (str(chosen[0].id),)))  # "pubblica la bozza della pasta fresca"
    else:
        await _card(turn, chosen[0])
    return True


WHICH_MAX = 6  # offers a name may match before the list itself is the better answer
CARD_ACTIONS = ("le", "lp", "lr", "la", "lh")  # buttons of one of the school's offers: its card is on the screen


def _offer_in_view(turn: Turn, views: list[ListingView]) -> ListingView | None:
    shown = {o.action[1] for o in (turn.asked.options if turn.asked else []) if o.action[0] in CARD_ACTIONS}
    found = [v for v in views if str(v.id) in shown]
    return found[0] if len(found) == 1 else None


def _no_such_offer(turn: Turn, number: int, count: int) -> None:
    said = turn.tr.n_(
        "There is no offer number {number}: your school has {n} offer.",
        "There is no offer number {number}: your school has {n} offers.",
        count,
        number=number,
    )
    turn.say(said)


async def _named_offer(turn: Turn, text: str) -> int | None:
    """The school's one offer a change names by its title ("change the price of the gingerbread to 4 euro", "zmień
    cenę pierników na 7 zł" with no card open: it was off-topic, a public search, or the list again), or by its
    number in /listings ("change the price of offer 2 to 5 euro": the card open was changed)."""
    if not any(is_staff(m) for m in await memberships(turn)):
        return None
    views = [v for v in await school_listings(turn.session, turn.person) if v.status != "archived"]
    said = answers.offer_number(text)
    if said is not None and 1 <= said <= len(views):
        return views[said - 1].id
    named = [(answers.mentions(text, v.title), v.id) for v in views]
    best = max((n for n, _ in named), default=0)
    chosen = [listing_id for n, listing_id in named if n == best]
    return chosen[0] if best and len(chosen) == 1 else None


# What a field change in words may set on a published offer (the rest is on ✏️ Edit).
CHANGED_IN_WORDS = ("title", "desc", "price", "lead", "minq")


@registry.in_context(13)
async def change_in_words(turn: Turn, text: str) -> bool:
    """ "nomaini cenu uz 28 eiro", "change the title to …" with an offer's card open: that field is changed, as
    ✏️ Edit and typing the value would (it ran a public search)."""
    change = answers.field_change(text)
    # the card (✏️ Edit) or its edit menu ("What do you want to change?": "cena 120 eur" there too)
    shown = next((o for o in turn.asked.options if o.action[0] in ("le", "lf")), None) if turn.asked else None
    if change is None or change[0] not in CHANGED_IN_WORDS:
        return False
    # the offer named ("pakeisk kompiuterių remonto kainą į 20 eur") before the one on the screen (the price went
    # onto the website offer open there); named by the words before the new value, not by the value itself
    named = await _named_offer(turn, text.replace(change[1], " ") if change[1] else text)
    said = answers.offer_number(text.replace(change[1], " ") if change[1] else text)
    if named is None and said is not None and any(is_staff(m) for m in await memberships(turn)):
        count = len([v for v in await school_listings(turn.session, turn.person) if v.status != "archived"])
        _no_such_offer(turn, said, count)  # "offer 7" of three: never the card open instead
        return True
    listing_id = named if named is not None else int(shown.action[1]) if shown is not None else None
    if listing_id is None:
        return False
    view = await managed(turn, listing_id)
    if view is None:
        return True
    field, value = change
    if field == "lead" and resolve_date(value, turn.person.language, turn.now) is not None and not shown:
        return False  # "mudar o prazo para 22 de dezembro": an order's date, never an offer's lead time
    several = [c for c in answers.field_changes(text) if c[0] in CHANGED_IN_WORDS]
    fields: dict[str, Any] = {}
    for field, value in several if len(several) > 1 else [change]:  # "… cenu uz 5 eiro un izpildes laiku uz 10 …"
        parsed = parse_field(turn.tr, field, value, currency=view.price_currency or currency_of(view.country),
                             unit=view.price_unit)  # fmt: skip
        if isinstance(parsed, str):
            turn.say(parsed)
            return True
        fields |= parsed
    updated = await update_listing(turn.session, turn.person, view.id, **fields)
    await _card(turn, updated, note=turn.tr._("✔ Saved."))
    return True
