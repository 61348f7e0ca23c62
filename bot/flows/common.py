"""Pieces several flows share: who the person is in which organisation, and the main menu."""

from __future__ import annotations

from bot.core import asking, registry
from bot.core.callbacks import Action
from bot.core.turn import Turn
from bot.core.types import Button
from bot.i18n import N_, Translator
from domain import accounts
from domain.coordinators import coordinator_scope
from domain.replies import enquiries_since, open_thread
from domain.text_input import clean_name
from domain.views import EnquiryView, MembershipView
from nlu import answers

SCHOOL_STAFF = ("teacher", "admin")
# What the bot is, said at /start and to anyone but a school's staff who asks "what do you offer?".
WHAT_IT_IS = N_(
    "Hello! I am VET2B Chat. Vocational schools in Lithuania, Latvia, Poland, Italy and Portugal offer "
    "what their students make and do: catering, cakes, websites, 3D printing, car service and more. "
    "Tell me what you need in your own words and I will find it."
)
# How a school not in VET2B yet gets in (a director who wanted to join met a dead end: who gives the first link?).
NEW_SCHOOL = N_(
    "A school that is not in VET2B yet joins through the VET2B team: they add the school and send its director an "
    "administrator invite link."
)


# How coordinators get in (a regional education office asked how to become one and met the offers text).
NEW_COORDINATOR = N_(
    "Coordinators — regional education authorities and employment bodies — join with an invite link from the VET2B "
    "team, for their country. Open the link here once you have it."
)


def way_in(turn: Turn, text: str) -> str:
    """``text`` (how a school or a coordinator joins), and how to reach the VET2B team when one is configured."""
    contact = turn.services.contact
    return text + ("\n" + turn.tr._("Write to the VET2B team: {contact}", contact=contact) if contact else "")


def student_name(tr: Translator, name: str | None, *, erased: bool = False) -> str:
    """A student's name as their teachers see it: never blank or reversed (names stored before the
    cleaning are cleaned here); a neutral placeholder when nothing visible is left or they erased it."""
    if erased:
        return tr._("former student")
    return clean_name(name) or tr._("(no name)")


# What the "↩️ Write more" under "✔ Sent to …" means: the bot's last words were the person's own message passed on.
WROTE = "wrote"


def write_more(turn: Turn, enquiry_id: int) -> Button:
    """The button under "✔ Sent to …": more words for the same enquiry (and the mark ``just_relayed`` reads)."""
    return turn.button(turn.tr._("↩️ Write more"), "rp", enquiry_id, means=WROTE)


def just_relayed(turn: Turn) -> int | None:
    """The enquiry the person's previous message was passed on to ("✔ Sent to …" was the bot's last word): what
    they type next is more for the other side, or an "ok", "no" or question said to the bot after sending."""
    wrote = turn.asked.meaning(WROTE) if turn.asked else None
    return int(wrote.action[1]) if wrote is not None and len(wrote.action) > 1 and wrote.action[1].isdecimal() else None


def enquiry_in_view(turn: Turn) -> int | None:
    """The enquiry the bot showed last — its card (↩️ Reply) or a list of just that one (Open #…) — if one:
    what a teacher types next ("we accept", the answer itself) is about that enquiry."""
    options = turn.asked.options if turn.asked else []
    shown = {o.action[1] for o in options if o.action[0] in ("rp", "eo") and len(o.action) > 1}
    return int(shown.pop()) if len(shown) == 1 and next(iter(shown)).isdecimal() else None


async def enquiry_meant(
    turn: Turn, text: str, candidates: list[EnquiryView], *, by_name: bool = False, sure: bool = False
) -> int | None:
    """The one of ``candidates`` that words are about ("priimu užsakymą 4", "tell the client that…"): its number,
    else the one of the notification just answered, else the one whose card was just shown, else (``by_name``)
    the only one whose other side the words name, else the only candidate; None when that leaves several.
    ``sure`` (a decision: accepting makes an order): the notification just answered counts only when no other
    of the candidates was notified since the person last wrote (two new enquiries, "priimu": the newer was
    accepted, unasked)."""
    ids = {v.id for v in candidates}
    number = answers.reference_number(text)
    if number in ids:
        return number
    titled = [v for v in candidates if answers.mentions(text, v.listing_title)] if sure else []
    if len(titled) == 1:  # "atmesk logotipo užklausą": the one whose offer the words name
        return titled[0].id
    thread = await open_thread(turn.session, turn.person.id, turn.previous_at)
    if thread is not None and thread.kind == "enquiry" and thread.id in ids:
        heard = await enquiries_since(turn.session, turn.person.id, turn.previous_at) if sure else set()
        if len(heard & ids) <= 1:
            return thread.id
    if (shown := enquiry_in_view(turn)) in ids:
        return shown
    named = [v for v in candidates if answers.mentions(text, v.other_organisation_name)] if by_name else []
    if len(named) == 1:
        return named[0].id
    return candidates[0].id if len(candidates) == 1 else None


async def memberships(turn: Turn) -> list[MembershipView]:
    return await accounts.memberships(turn.session, turn.person.id)


def is_staff(view: MembershipView) -> bool:
    return view.kind == "school" and view.role in SCHOOL_STAFF


def menu_buttons(turn: Turn, roles: list[MembershipView], *, coordinator: bool = False) -> list[list[Button]]:
    _ = turn.tr._
    kinds = {(m.kind, m.role) for m in roles}
    rows: list[list[Button]] = []
    if any(is_staff(m) for m in roles):
        rows += [[turn.button(_("➕ Post an offer"), "m", "offer"), turn.button(_("📋 Our listings"), "m", "listings")]]
        rows += [[turn.button(_("📨 Enquiries"), "m", "enquiries"), turn.button(_("🧰 Orders"), "m", "orders")]]
    if ("school", "student") in kinds:
        rows += [[turn.button(_("✅ My tasks"), "m", "tasks")]]
    if any(m.kind == "company" for m in roles):
        rows += [[turn.button(_("🔎 Find offers"), "m", "search"), turn.button(_("📨 My enquiries"), "m", "enquiries")]]
        orders = [] if any(is_staff(m) for m in roles) else [turn.button(_("🧰 Orders"), "m", "orders")]  # staff: above
        rows += [[*orders, turn.button(_("♿ Visits"), "m", "visits")]]
    if coordinator:
        rows += [[turn.button(_("🚩 Reports"), "m", "reports"), turn.button(_("✔ Verify"), "m", "verify")]]
        rows += [[turn.button(_("📊 Statistics"), "m", "stats"), turn.button(_("📜 Audit log"), "m", "audit")]]
    if not roles and not coordinator:
        rows += [[turn.button(_("🏢 I represent a company"), "role", "company", means="role:company")]]
        rows += [[turn.button(_("🏫 I am from a school"), "role", "school", means="role:school")]]
        rows += [[turn.button(_("🔎 Just looking"), "role", "guest", means="role:guest")]]
    rows += [[turn.button(_("🌐 Language"), "m", "language"), turn.button(_("❓ Help"), "m", "help")]]
    return rows


def kept_words(turn: Turn, action: Action, key: str) -> tuple[int, str] | None:
    """The thread id (``key`` in the state) and the words kept at "Send this to …?", if this button is the one
    asked with them (a forged or stale one is refused)."""
    data = turn.state.data
    if turn.state.flow != "relay" or turn.state.step != "maybe" or str(data.get(key)) != action.args[0]:
        turn.say(turn.tr._("This button is no longer valid. Send /menu to start again."))
        return None
    return int(data[key]), str(data["text"])


NOT_SURE = N_("I am not sure what you mean. Please tell me in words, or choose below.")


async def show_menu(
    turn: Turn, intro: str | None = None, *, known: tuple[list[MembershipView], bool] | None = None
) -> None:
    """The main menu for the person's roles; ``known``: (memberships, is a coordinator) the caller just read."""
    if known is not None:
        roles, coordinator = known
    else:
        roles = await memberships(turn)
        coordinator = await coordinator_scope(turn.session, turn.person.id) is not None
    turn.say(intro or turn.tr._("What would you like to do?"), menu_buttons(turn, roles, coordinator=coordinator))


async def served_as_request(turn: Turn, text: str) -> bool:
    """For a step's typed answer it could not read: when the message is a request of its own ("preciso de 40
    bolos"), leave the step and serve it (True); otherwise the step asks again (False)."""
    if not await reads_as_request(turn, text):
        return False
    result = await turn.understand(text)  # remembered by the turn: the model is asked once
    turn.finish()
    await registry.INTENTS.get(result.intent, registry.INTENTS["search_offers"])(turn, text)
    return True


async def reads_as_request(turn: Turn, text: str) -> bool:
    """A step's typed answer that is a request of its own ("preciso de 40 bolos"), not the answer asked for."""
    if len(text.split()) < asking.MOVED_ON_MIN_WORDS:
        return False
    return asking.is_new_request(text, await turn.understand(text))
