"""Pictures of a listing: up to five, stored once by content, sent to Telegram once and then by file id.

Why content-addressed (``images.sha256``): the same picture comes back on every re-import of a
catalogue and may be sent by several teachers; storing it once means it is uploaded to Telegram once
and its file id (``telegram_file_id``) serves every later send. A picture is checked from its bytes
(domain/images.py) before anything is stored, wherever it comes from (the chat, a catalogue file).
Who may change a listing's pictures is checked here on every call: the school's teachers and admins.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from domain.errors import Invalid, NotFound
from domain.images import ImageInfo, identify
from domain.limits import PHOTOS_MAX
from domain.models import Image, Listing, ListingPhoto, ListingStatus, Person
from domain.roles import load_actor, require_staff
from domain.rules import audit
from domain.timeutil import utcnow


@dataclass(frozen=True)
class PhotoView:
    """One picture as the bot sends it: by ``file_id`` when Telegram has it, else its bytes are loaded."""

    image_id: int
    media_type: str
    file_id: str | None


async def store_image(session: AsyncSession, data: bytes, *, info: ImageInfo | None = None) -> int:
    """The id of the image with these bytes, stored now if new; :class:`domain.images.NotAPhoto` if no photo."""
    info = info or identify(data)
    digest = hashlib.sha256(data).hexdigest()
    found = await session.scalar(select(Image.id).where(Image.sha256 == digest))
    if found is not None:
        return found
    image = Image(sha256=digest, media_type=info.media_type, width=info.width, height=info.height, size=len(data),
                  content=data)  # fmt: skip
    try:
        async with session.begin_nested():  # the same picture stored at this moment by someone else: use theirs
            session.add(image)
    except IntegrityError:
        stored = await session.scalar(select(Image.id).where(Image.sha256 == digest))
        assert stored is not None
        return stored
    return image.id


async def images_by_id(session: AsyncSession, image_ids: Iterable[int]) -> dict[int, bytes]:
    """Bytes of these images, forgetting the file id Telegram refused (bot.outbox_sender.delivery)."""
    ids = list(set(image_ids))
    await session.execute(update(Image).where(Image.id.in_(ids)).values(telegram_file_id=None))
    return await image_bytes(session, ids)


async def _managed(session: AsyncSession, actor: Person, listing_id: int) -> tuple[Person, Listing]:
    person = await load_actor(session, actor)
    listing = await session.get(Listing, listing_id, with_for_update=True)
    if listing is None:
        raise NotFound("listing_not_found")
    await require_staff(session, person.id, listing.organisation_id)
    if listing.status == ListingStatus.archived.value:
        raise Invalid("listing_archived")
    return person, listing


async def photo_count(session: AsyncSession, listing_id: int) -> int:
    return int(await session.scalar(select(func.count()).where(ListingPhoto.listing_id == listing_id)) or 0)


async def add_photo(session: AsyncSession, actor: Person, listing_id: int, image_id: int) -> int:
    """Append a stored image to the listing's pictures; the number it has now. Refused past PHOTOS_MAX."""
    person, listing = await _managed(session, actor, listing_id)
    if await session.get(Image, image_id) is None:
        raise NotFound("image_not_found")
    count = await photo_count(session, listing.id)
    if count >= PHOTOS_MAX:
        raise Invalid("too_many_photos", f"at most {PHOTOS_MAX}")
    session.add(ListingPhoto(listing_id=listing.id, position=count, image_id=image_id))
    listing.updated_at = utcnow()  # the card changed: search replicas reload it
    audit(session, person.id, "listing.photo_add", "listing", listing.id, image_id=image_id, position=count)
    await session.flush()
    return count + 1


async def clear_photos(session: AsyncSession, actor: Person, listing_id: int) -> None:
    person, listing = await _managed(session, actor, listing_id)
    await session.execute(delete(ListingPhoto).where(ListingPhoto.listing_id == listing.id))
    audit(session, person.id, "listing.photos_clear", "listing", listing.id)
    await session.flush()


async def replace_photos(session: AsyncSession, listing_ids: Mapping[int, Sequence[int]]) -> None:
    """Set the pictures of each listing to these image ids, in order (the catalogue import; no actor)."""
    if not listing_ids:
        return
    await session.execute(delete(ListingPhoto).where(ListingPhoto.listing_id.in_(list(listing_ids))))
    rows = [
        {"listing_id": listing_id, "position": position, "image_id": image_id}
        for listing_id, images in listing_ids.items()
        for position, image_id in enumerate(images[:PHOTOS_MAX])
    ]
    if rows:
        session.add_all(ListingPhoto(**row) for row in rows)
        await session.flush()


async def photos_of(session: AsyncSession, listing_id: int) -> list[PhotoView]:
    rows = await session.execute(
        select(Image.id, Image.media_type, Image.telegram_file_id)
        .join(ListingPhoto, ListingPhoto.image_id == Image.id)
        .where(ListingPhoto.listing_id == listing_id)
        .order_by(ListingPhoto.position)
    )
    return [PhotoView(image_id, media_type, file_id) for image_id, media_type, file_id in rows.all()]


# Built once (every page of search results asks it): binding the ids is all a call costs.
_FIRST_PHOTOS = (
    select(ListingPhoto.listing_id, Image.id, Image.media_type, Image.telegram_file_id)
    .join(Image, Image.id == ListingPhoto.image_id)
    .where(ListingPhoto.listing_id.in_(bindparam("ids", expanding=True)), ListingPhoto.position == 0)
)


async def first_photos(session: AsyncSession, listing_ids: Iterable[int]) -> dict[int, PhotoView]:
    """The card picture (position 0) of each listing that has one: one query for a page of results."""
    ids = list(listing_ids)
    if not ids:
        return {}
    rows = await session.execute(_FIRST_PHOTOS, {"ids": ids})
    return {listing_id: PhotoView(image_id, kind, file_id) for listing_id, image_id, kind, file_id in rows.all()}


async def image_bytes(session: AsyncSession, image_ids: Iterable[int]) -> dict[int, bytes]:
    ids = list(set(image_ids))
    if not ids:
        return {}
    rows = await session.execute(select(Image.id, Image.content).where(Image.id.in_(ids)))
    return {image_id: bytes(content) for image_id, content in rows.all()}


async def remember_file_id(session: AsyncSession, image_id: int, file_id: str | None) -> None:
    """Telegram's id for the uploaded picture (None: forget one Telegram no longer accepts)."""
    await session.execute(update(Image).where(Image.id == image_id).values(telegram_file_id=file_id))


async def remember_file_ids(session: AsyncSession, learned: Iterable[tuple[int, str]]) -> None:
    for image_id, file_id in learned:
        await remember_file_id(session, image_id, file_id)
