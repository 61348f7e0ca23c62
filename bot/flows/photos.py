"""A teacher sends pictures of an offer: while drafting it (/offer) or for a published one (/listings → 🖼).

Why each picture is checked here, in this order: its size as Telegram states it (a 30 MB file is refused
before anything is downloaded), then the bytes fetched through getFile (bot.core.files), then their type
from the bytes themselves (domain.images: a program renamed ``cake.jpg`` or a GIF is refused whatever its
name or mime type says). Every refusal says what to send instead, in the teacher's language. A picture
that passes is stored once (domain.listing_photos) and shown to customers with the offer.

Actions (callback names): ofi = the draft's pictures, ofx = remove the draft's pictures,
lh = a listing's pictures, lz = remove a listing's pictures.
"""

from __future__ import annotations

from bot.core import registry
from bot.core.callbacks import Action
from bot.core.files import FileTooBig, FileUnavailable
from bot.core.turn import Turn
from bot.core.types import Button, IncomingFile
from bot.flows import listings, offer
from bot.i18n import N_
from domain.images import NotAPhoto, identify
from domain.limits import PHOTO_BYTES_MAX, PHOTOS_MAX
from domain.listing_photos import add_photo, clear_photos, photo_count, store_image

STEP = "photos"
MEGABYTES = PHOTO_BYTES_MAX // (1024 * 1024)
REFUSALS = {
    "too_big": N_("That file is too big: a photo may be at most {mb} MB. Please send a smaller picture."),
    "gif": N_("GIF animations cannot be shown with an offer. Please send a photo: JPEG, PNG or WebP."),
    "unknown_type": N_(
        "That file is not a picture I can use, whatever its name says. Please send a JPEG, PNG or WebP photo."
    ),
    "broken": N_("I cannot read that picture: it seems damaged. Please send it again or choose another one."),
    "dimensions": N_("That picture is too large or too long and narrow for Telegram to show. Please send another."),
}
UNAVAILABLE = N_("I could not get that file from Telegram. Please send it again.")
PROMPT = N_(
    "Send up to {most} photos of the offer (JPEG, PNG or WebP, at most {mb} MB each). The first one is shown "
    "with the offer in search results, the others on its details."
)
ADDED = N_("🖼 Photo {n} of {most} added. Send more, or press ✔ Done.")
FULL = N_("An offer can have at most {most} photos. Press 🗑 Remove photos to choose them again.")


async def receive(turn: Turn, file: IncomingFile) -> int | None:
    """The stored image of ``file``, or None after telling the teacher why it cannot be used."""
    if file.size is not None and file.size > PHOTO_BYTES_MAX:  # Telegram said how big: not even downloaded
        _refuse(turn, "too_big")
        return None
    if turn.services.files is None:
        _refuse(turn, "unavailable")
        return None
    try:
        data = await turn.services.files.fetch(file, PHOTO_BYTES_MAX)
    except FileTooBig:
        _refuse(turn, "too_big")
        return None
    except FileUnavailable:
        _refuse(turn, "unavailable")
        return None
    try:
        info = identify(data)
    except NotAPhoto as exc:
        _refuse(turn, exc.reason)
        return None
    return await store_image(turn.session, data, info=info)


def _refuse(turn: Turn, reason: str) -> None:
    message = UNAVAILABLE if reason == "unavailable" else REFUSALS.get(reason, REFUSALS["broken"])
    turn.say(turn.tr._(message, mb=MEGABYTES))


@registry.on_file(5)
async def take_photo(turn: Turn, file: IncomingFile, _caption: str) -> bool:
    """A picture sent while an offer is drafted, or after 🖼 on a published one; anything else is not ours."""
    if turn.state.flow == offer.FLOW and offer.current_draft(turn) is not None and "org" in turn.state.data:
        await _to_draft(turn, file)
        return True
    if turn.state.flow == listings.FLOW and turn.state.step == STEP:
        await _to_listing(turn, file, int(turn.state.data.get("listing_id", 0)))
        return True
    return False


# --- a draft (/offer): the pictures wait in the dialogue state as image ids until it is saved -------------


def _draft_buttons(turn: Turn) -> list[list[Button]]:
    _ = turn.tr._
    return [[turn.button(_("✔ Done"), "ofr", means="yes")], [turn.button(_("🗑 Remove photos"), "ofx")]]


async def _to_draft(turn: Turn, file: IncomingFile) -> None:
    draft = offer.current_draft(turn)
    assert draft is not None
    photos = [int(i) for i in draft.get("photos") or []]
    if len(photos) >= PHOTOS_MAX:
        turn.say(turn.tr._(FULL, most=PHOTOS_MAX), _draft_buttons(turn))
        return
    image_id = await receive(turn, file)
    if image_id is None:
        return
    draft["photos"] = [*photos, image_id]
    turn.goto(offer.FLOW, STEP, draft=draft)
    turn.say(turn.tr._(ADDED, n=len(photos) + 1, most=PHOTOS_MAX), _draft_buttons(turn))


@registry.button("ofi")
async def on_draft_photos(turn: Turn, _action: Action) -> None:
    draft = offer.current_draft(turn)
    if draft is None:
        offer.stale(turn)
        return
    turn.goto(offer.FLOW, STEP)
    turn.say(turn.tr._(PROMPT, most=PHOTOS_MAX, mb=MEGABYTES), _draft_buttons(turn))


@registry.button("ofx")
async def on_draft_clear(turn: Turn, _action: Action) -> None:
    draft = offer.current_draft(turn)
    if draft is None:
        offer.stale(turn)
        return
    draft["photos"] = []
    turn.goto(offer.FLOW, STEP, draft=draft)
    turn.say(turn.tr._("🗑 Photos removed.") + " " + turn.tr._(PROMPT, most=PHOTOS_MAX, mb=MEGABYTES),
             _draft_buttons(turn))  # fmt: skip


@registry.step(offer.FLOW, STEP)
async def draft_photos_typed(turn: Turn, text: str) -> None:
    """Words instead of a picture: back at the draft card, where a typed correction works as usual."""
    turn.goto(offer.FLOW, "review")
    await offer.review_typed(turn, text)


# --- a published listing (/listings) ---------------------------------------------------------------------


def _listing_buttons(turn: Turn, listing_id: int) -> list[list[Button]]:
    _ = turn.tr._
    return [[turn.button(_("✔ Done"), "lo", listing_id, means="yes")],
            [turn.button(_("🗑 Remove photos"), "lz", listing_id)]]  # fmt: skip


async def _to_listing(turn: Turn, file: IncomingFile, listing_id: int) -> None:
    if await photo_count(turn.session, listing_id) >= PHOTOS_MAX:  # before downloading anything
        turn.say(turn.tr._(FULL, most=PHOTOS_MAX), _listing_buttons(turn, listing_id))
        return
    image_id = await receive(turn, file)
    if image_id is None:
        return
    count = await add_photo(turn.session, turn.person, listing_id, image_id)  # checks who may, again
    turn.say(turn.tr._(ADDED, n=count, most=PHOTOS_MAX), _listing_buttons(turn, listing_id))


@registry.button("lh")
async def on_listing_photos(turn: Turn, action: Action) -> None:
    view = await listings.managed(turn, action.arg_int(0))
    if view is None:
        return
    turn.finish()
    turn.goto(listings.FLOW, STEP, listing_id=view.id)
    turn.say(turn.tr._(PROMPT, most=PHOTOS_MAX, mb=MEGABYTES), _listing_buttons(turn, view.id))


@registry.button("lz")
async def on_listing_clear(turn: Turn, action: Action) -> None:
    listing_id = action.arg_int(0)
    await clear_photos(turn.session, turn.person, listing_id)
    turn.finish()
    turn.goto(listings.FLOW, STEP, listing_id=listing_id)
    turn.say(turn.tr._("🗑 Photos removed.") + " " + turn.tr._(PROMPT, most=PHOTOS_MAX, mb=MEGABYTES),
             _listing_buttons(turn, listing_id))  # fmt: skip


@registry.step(listings.FLOW, STEP)
async def listing_photos_typed(turn: Turn, _text: str) -> None:
    """Words instead of a picture: the teacher is done with pictures; back to the offer's card."""
    listing_id = int(turn.state.data.get("listing_id", 0))
    turn.finish()
    await listings.on_open(turn, Action("lo", (str(listing_id),)))
