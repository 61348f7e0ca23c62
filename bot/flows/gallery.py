"""Showing a listing's pictures: the first with the card's text as its caption, the others as an album.

Why the caption is cut here and not at sending: a caption may hold 1,024 characters, a listing's details up
to about 2,500. The text is cut cleanly (bot.telegram_text.fit_caption) and what did not fit follows as a
message of its own, carrying the buttons, so nothing the card says is lost and the buttons stay under it.
Pictures go by Telegram's file id once Telegram has one; only the first send of a picture loads its bytes.
"""

from __future__ import annotations

from bot.core.turn import Turn
from bot.core.types import Button, Photo
from bot.flows.cards import listing_details
from bot.telegram_text import fit_caption
from domain.listing_photos import PhotoView, first_photos, image_bytes, photos_of
from domain.views import ListingView

ALBUM_MAX = 10


async def sendable(turn: Turn, views: list[PhotoView]) -> list[Photo]:
    """The pictures ready to send: by file id, or with their bytes when Telegram has none yet."""
    contents = await image_bytes(turn.session, [v.image_id for v in views if v.file_id is None])
    return [Photo(v.image_id, v.file_id, None if v.file_id else contents.get(v.image_id)) for v in views]


async def card_photos(turn: Turn, listing_ids: list[int]) -> dict[int, Photo]:
    """The card picture of each listing that has one (a page of search results: one query)."""
    firsts = await first_photos(turn.session, listing_ids)
    ready = await sendable(turn, list(firsts.values()))
    return dict(zip(firsts.keys(), ready, strict=True))


def say_with_photo(turn: Turn, photo: Photo | None, text: str, buttons: list[list[Button]] | None = None) -> None:
    """``text`` as the caption of ``photo`` (shortened cleanly; the rest follows with the buttons), or plain."""
    if photo is None:
        turn.say(text, buttons)
        return
    caption, rest = fit_caption(text)
    if rest:
        turn.show_photo(photo, caption)
        turn.say(rest, buttons)
    else:
        turn.show_photo(photo, caption, buttons)


async def show_listing(turn: Turn, view: ListingView, buttons: list[list[Button]] | None = None) -> None:
    """Details of an offer: its first picture with the text, then the other pictures as an album."""
    photos = await sendable(turn, await photos_of(turn.session, view.id))
    text = listing_details(turn.tr, view)
    say_with_photo(turn, photos[0] if photos else None, text, buttons)
    others = photos[1 : ALBUM_MAX + 1]
    if len(others) >= 2:
        turn.show_album(others)
    elif others:  # an album needs two: one more picture is sent on its own
        turn.show_photo(others[0], "")
