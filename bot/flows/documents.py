"""Documents on an order: 📎 on the order card, send the file, the other side is told and downloads it there.

Why the bot downloads the file before storing anything: what the file is comes from its bytes (a renamed program
is not an agreement), and its SHA-256 is what tells later which file was agreed. Telegram's own size (the
``file_size`` it sends) is checked first, so a 25 MB file is refused without being fetched. All the rules —
who may, which types, how large — are the domain's (domain.order_documents), asked on every call: a 📥 button's
data can be forged, and then the service says no.

A document sent with no order in view (no 📎 pressed, no conversation open) is not lost: the person is asked
which of their orders it belongs to, by button or by typing the order's number; with no order, they are told
what documents are for and how to send a photo or a file to the other side instead.

| step | asks | typed answer | buttons |
|---|---|---|---|
| docs/upload | "send the document for order #N" | (text: "send the file itself") | — |
| docs/which | "which order is «name» for?" | "2", "the second", "#17", "order 17" | one per order (odp) |

Actions (callback names): oda = add a document to an order, odd = download one, odp = the order a document sent
without context belongs to.
"""

from __future__ import annotations

import re

from babel.units import format_unit

from bot.core import registry
from bot.core.callbacks import Action
from bot.core.files import FileTooBig, FileUnavailable
from bot.core.turn import Turn
from bot.core.types import Button, Reply
from bot.i18n import Safe, Translator, escape
from domain import order_documents
from domain.attachments import FileRef
from domain.errors import Invalid
from domain.limits import DOCUMENT_MAX_BYTES
from domain.orders import order_view, orders_for
from domain.views import OrderDocumentView, OrderView

FLOW = "docs"
PICK_MAX = 6  # orders offered as buttons when a document came without one
MEGABYTE = 1024 * 1024


def file_size(tr: Translator, size: int) -> str:
    """340 kB, 1.2 MB — numbers and units as the person's language writes them."""
    if size >= MEGABYTE:
        return str(format_unit(size / MEGABYTE, "digital-megabyte", length="short", locale=tr.locale, format="#,##0.#"))
    return str(format_unit(max(1, round(size / 1024)), "digital-kilobyte", length="short", locale=tr.locale))


def document_lines(tr: Translator, view: OrderView) -> list[str]:
    """The order card's documents: name, size, which side added it and when."""
    if not view.documents:
        return []
    lines = [tr._("📄 Documents:")]
    for d in view.documents:
        who = view.school_name if d.side == "school" else view.customer_name
        lines.append(Safe("    ") + escape(f"{d.file_name} · {file_size(tr, d.size_bytes)} · {who} · ")
                     + escape(tr.date(d.created_at)))  # fmt: skip
    return lines


def document_buttons(turn: Turn, view: OrderView) -> list[list[Button]]:
    """📥 for each document (newest three on a phone screen), 📎 to add one while the order is not cancelled."""
    tr = turn.tr
    rows = [[turn.button(tr._("📥 {name}", name=d.file_name), "odd", d.id)] for d in view.documents[-3:]]
    if view.status != "cancelled":
        rows.append([turn.button(tr._("📎 Add a document"), "oda", view.id)])
    return rows


# --- adding one from the order card ----------------------------------------------------------------------------


@registry.button("oda")
async def on_add(turn: Turn, action: Action) -> None:
    view = await order_view(turn.session, turn.person, action.arg_int(0))  # a side of the order, or refused
    if view.status == "cancelled":
        turn.say(turn.tr._("This order is not in progress any more."))
        return
    turn.finish()
    turn.goto(FLOW, "upload", order_id=view.id)
    turn.say(turn.tr._("📎 Send the document for order #{id} as a file: PDF, DOCX or ODT, up to 20 MB. /cancel to "
                       "stop.", id=view.id), expects="text")  # fmt: skip


@registry.step(FLOW, "upload")
async def upload_typed(turn: Turn, _text: str) -> None:
    """Words where the file was expected: say what is awaited, and stay."""
    order_id = int(turn.state.data["order_id"])
    turn.say(turn.tr._("Please send the file itself (PDF, DOCX or ODT) for order #{id}, or /cancel.", id=order_id),
             expects="text")  # fmt: skip


async def store(turn: Turn, order_id: int, file: FileRef) -> None:
    """Check, fetch, store and announce a document; a refusal (DomainError) leaves the person where they were."""
    tr = turn.tr
    if file.kind != "document":
        raise Invalid("document_type")  # a photo of a page is not a document that can be signed and kept
    order_documents.check_size(file.size)  # before downloading anything
    await order_view(turn.session, turn.person, order_id)  # a side of the order, before fetching the bytes
    if turn.services.files is None:
        raise Invalid("file_unavailable")
    try:
        content = await turn.services.files.fetch(file, DOCUMENT_MAX_BYTES)
    except FileTooBig:
        raise Invalid("document_too_large") from None
    except FileUnavailable:
        raise Invalid("file_unavailable") from None
    added = await order_documents.add_document(turn.session, turn.person, order_id, file_name=file.file_name,
                                               content=content, telegram_file_id=file.file_id)  # fmt: skip
    view = await order_view(turn.session, turn.person, order_id)
    other = view.customer_name if view.side == "school" else view.school_name
    turn.finish()
    turn.say(
        tr._("✔ «{name}» ({size}) is added to order #{id}. {other} is told and can download it from the order.",
             name=added.file_name, size=file_size(tr, added.size_bytes), id=order_id, other=other),
        [[turn.button(tr._("🧰 Order #{id}", id=order_id), "oo", order_id)]],
    )  # fmt: skip


@registry.on_file(10)
async def file_for_order(turn: Turn, file: FileRef, _caption: str) -> bool:
    """The file the 📎 button asked for."""
    if (turn.state.flow, turn.state.step) != (FLOW, "upload"):
        return False
    await store(turn, int(turn.state.data["order_id"]), file)
    return True


# --- a document with no order in view ----------------------------------------------------------------------


@registry.on_file(90)
async def document_without_order(turn: Turn, file: FileRef, _caption: str) -> bool:
    """Last of the handlers: nothing else took it. A document: ask which order; a photo: say what can be done."""
    tr = turn.tr
    if file.kind != "document":
        turn.say(_nowhere(tr))
        return True
    order_documents.check_size(file.size)  # say it now, not after they chose an order
    orders = [v for v in await orders_for(turn.session, turn.person) if v.status != "cancelled"][:PICK_MAX]
    if not orders:
        turn.say(_nowhere(tr))
        return True
    turn.finish()
    turn.goto(FLOW, "which", file=[file.kind, file.file_id, file.message_id, file.file_name, file.size],
              orders=[v.id for v in orders])  # fmt: skip
    rows = []
    for number, view in enumerate(orders, start=1):
        other = view.customer_name if view.side == "school" else view.school_name
        label = f"📎 #{view.id} {view.listing_title} — {other}"
        rows.append([turn.button(label[:60], "odp", view.id, means=f"item:{number}")])
    name = file.file_name or tr._("this document")
    turn.say(tr._("Which order is «{name}» for? Choose it, or type its number (for example #{id}). /cancel to stop.",
                  name=name, id=orders[0].id), rows, expects="choice")  # fmt: skip
    return True


def _nowhere(tr: Translator) -> str:
    return tr._(
        "I pass photos and files on in a conversation: reply to a message from the school or company (swipe it, "
        "or press ↩️ Reply) and send it. A document for an order (PDF, DOCX or ODT): open the order in /orders "
        "and press 📎 Add a document."
    )


def _pending(turn: Turn) -> FileRef | None:
    raw = turn.state.data.get("file") if turn.state.flow == FLOW else None
    if not isinstance(raw, list) or len(raw) != 5:
        return None
    kind, file_id, message_id, name, size = raw
    return FileRef(str(kind), str(file_id), message_id if isinstance(message_id, int) else None,
                   name if isinstance(name, str) else None, size if isinstance(size, int) else None)  # fmt: skip


@registry.button("odp")
async def on_pick(turn: Turn, action: Action) -> None:
    file = _pending(turn)
    if file is None:
        turn.say(turn.tr._("This button is no longer valid. Send /menu to start again."))
        return
    await store(turn, action.arg_int(0), file)


ORDER_NUMBER = re.compile(r"#?\s*(\d{1,9})")


@registry.step(FLOW, "which")
async def which_typed(turn: Turn, text: str) -> None:
    """ "#17", "order 17", "užsakymas 17": an order number among those offered (a list position is taken by the
    open question first, bot/core/asking.py)."""
    offered = [int(i) for i in turn.state.data.get("orders", [])]
    numbers = [int(m) for m in ORDER_NUMBER.findall(text)]
    chosen = next((n for n in numbers if n in offered), None)
    file = _pending(turn)
    if chosen is None or file is None:
        turn.say(turn.tr._("Which order? Type its number, for example #{id}, or /cancel.",
                           id=offered[0] if offered else 1), expects="choice")  # fmt: skip
        return
    await store(turn, chosen, file)


# --- downloading ----------------------------------------------------------------------------------------------


@registry.button("odd")
async def on_download(turn: Turn, action: Action) -> None:
    """📥: the document itself, sent again by its Telegram file id (a party of its order only)."""
    found: OrderDocumentView = await order_documents.download(turn.session, turn.person, action.arg_int(0))
    tr = turn.tr
    caption = tr._("📄 {name} · {size} · order #{id}", name=found.file_name, size=file_size(tr, found.size_bytes),
                   id=found.order_id)  # fmt: skip
    turn.replies.append(Reply(caption, sent_file=("document", found.telegram_file_id)))
