"""Pictures on listings, end to end: real PTB against the fake Telegram server, real flows, services, database.

* a listing imported with three photos is found as a photo with its card as the caption, and Details opens
  the picture with the whole text and the two others as an album; the pictures go up to Telegram once and
  are sent by file id afterwards;
* a teacher drafting an offer (Polish, buttons) is refused a 30 MB file (never downloaded), a program named
  ``tort.jpg`` and a GIF, each in Polish, and adds a JPEG photo, a PNG and a WebP file; published, the offer
  shows them;
* a teacher (Lithuanian, typed) adds pictures to a published offer from /listings and answers in words.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.flows.photos import MEGABYTES, REFUSALS
from bot.i18n import translator
from domain.catalogue import import_catalogue
from domain.db import transaction
from domain.invites import create_invite
from domain.models import Image, Listing, ListingPhoto
from domain.taxonomy import load_taxonomy
from tests.e2e.harness import Person, plain, running_bot
from tests.fake_telegram import FakeTelegram
from tests.fake_telegram.records import MessageRecord

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "photos"
CATALOGUE = """\
organizations:
  - slug: riga-bakery-school
    kind: school
    name: "Rīgas konditoru skola"
    country: LV
    city: Riga
    languages: [lv, en]
listings:
  - slug: rbs-birthday-cakes
    organization: riga-bakery-school
    language: en
    title: "Birthday cakes with fruit"
    description: "{description}"
    category: bakery
    price: {{amount: 25.00, currency: EUR, unit: kg}}
    photos: [pictures/cake-1.jpg, pictures/cake-2.png, pictures/cake-3.webp]
"""
# Long enough that the details do not fit a caption: the rest must follow, not be lost.
DESCRIPTION = " ".join(f"Layer {i}: sponge, cream & berries." for i in range(1, 50)) + " THE-END"


async def _catalogue(factory: async_sessionmaker[AsyncSession], folder: Path) -> None:
    (folder / "pictures").mkdir(parents=True)
    for name in ("cake-1.jpg", "cake-2.png", "cake-3.webp"):
        shutil.copy(FIXTURES / name, folder / "pictures" / name)
    text = CATALOGUE.format(description=DESCRIPTION)
    report = await import_catalogue(factory, text.encode(), load_taxonomy(), base_dir=folder)
    assert report.ok, report.errors


async def _invite(factory: async_sessionmaker[AsyncSession], role: str) -> str:
    async with transaction(factory) as session:
        return (await create_invite(session, "riga-bakery-school", role, uses=1, days=1)).token


async def _file_ids(factory: async_sessionmaker[AsyncSession], count: int) -> list[str | None]:
    for _ in range(100):
        async with factory() as session:
            found = list(await session.scalars(select(Image.telegram_file_id).order_by(Image.id)))
        if sum(1 for f in found if f) >= count:
            break
        await asyncio.sleep(0.1)
    return found


def _photo_with(*needles: str) -> Callable[[MessageRecord], bool]:
    def matches(record: MessageRecord) -> bool:
        return record.is_photo and all(n in plain(record) for n in needles)

    return matches


async def test_a_listing_with_three_photos_is_found_as_a_photo_and_its_album_opens_on_details(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    await _catalogue(db, tmp_path)
    async with running_bot(db) as (server, _services):
        company = Person(server, 1101, "Buyer")
        server.add_user(company.user_id, company.name, language_code="en")
        await company.send("birthday cakes")
        card = await company.wait(_photo_with("Birthday cakes with fruit", "Rīgas konditoru skola"))
        assert card.method == "sendPhoto" and card.caption is not None and len(card.caption) <= 1024
        assert card.document_bytes == (FIXTURES / "cake-1.jpg").read_bytes()  # the first picture goes with the card
        assert any("Details" in label for label, _ in FakeTelegram.buttons(card))

        await company.press(card, "Details")
        head = await company.wait(_photo_with("Birthday cakes with fruit"))
        rest = await company.wait(lambda r: "THE-END" in plain(r))  # what did not fit the caption follows
        album = [await company.wait(lambda r: r.media_group_id is not None) for _ in range(2)]
        assert head.caption is not None and head.caption.endswith("…") and len(head.caption) <= 1024
        assert plain(rest).startswith("…") and "Layer 49" in plain(rest)
        assert any("Enquire" in label for label, _ in FakeTelegram.buttons(rest))
        assert album[0].media_group_id == album[1].media_group_id
        assert [r.document_bytes for r in album] == [
            (FIXTURES / "cake-2.png").read_bytes(),
            (FIXTURES / "cake-3.webp").read_bytes(),
        ]
        uploads = len(server._files)

        # Telegram's file ids are kept (written once Telegram answered): the next time, nothing is uploaded again
        file_ids = await _file_ids(db, 3)
        assert len(set(file_ids)) == 3
        await company.press(card, "Details")
        again = await company.wait(_photo_with("Birthday cakes with fruit"))
        assert again.document is not None and again.document.file_id == head.document.file_id  # type: ignore[union-attr]
        await company.wait(lambda r: r.media_group_id is not None and r.media_group_id != album[0].media_group_id)
        assert len(server._files) == uploads


async def test_a_teacher_is_refused_what_is_no_photo_and_publishes_an_offer_with_three(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    await _catalogue(db, tmp_path)
    pl = translator("pl")
    async with running_bot(db) as (server, _services):
        teacher = Person(server, 2101, "Nauczycielka")
        server.add_user(teacher.user_id, teacher.name, language_code="pl")
        await teacher.send(f"/start {await _invite(db, 'teacher')}")
        await teacher.wait_button("📨")
        await teacher.send("/offer Nasi uczniowie pieką torty urodzinowe, 30 EUR za kg, w 4 dni")
        draft = await teacher.wait_button("🖼")
        await teacher.press(draft, "🖼")
        await teacher.wait(lambda r: "JPEG, PNG" in plain(r))

        big = await server.user_sends_file(teacher.user_id, b"\xff\xd8\xff\xe0" + b"\x00" * (30 * 1024 * 1024),
                                           "tort-duzy.jpg", mime_type="image/jpeg")  # fmt: skip
        refused = await teacher.wait()
        assert plain(refused) == pl._(REFUSALS["too_big"], mb=MEGABYTES)
        assert plain(refused).startswith("Ten plik jest za duży")  # Polish, not the English source
        assert not server.downloads(big["document"]["file_id"])  # refused on Telegram's word, never fetched

        program = (FIXTURES.parent.parent.parent / "bot" / "__init__.py").read_bytes()
        exe = await server.user_sends_file(teacher.user_id, b"\x7fELF\x02\x01\x01" + program, "tort.jpg",
                                           mime_type="image/jpeg")  # fmt: skip
        assert plain(await teacher.wait()) == pl._(REFUSALS["unknown_type"], mb=MEGABYTES)
        assert server.downloads(exe["document"]["file_id"])  # fetched, then read: not a picture

        await server.user_sends_file(teacher.user_id, (FIXTURES / "anim.gif").read_bytes(), "tort.gif",
                                     mime_type="image/gif")  # fmt: skip
        assert plain(await teacher.wait()) == pl._(REFUSALS["gif"], mb=MEGABYTES)

        await server.user_sends_photo(teacher.user_id, (FIXTURES / "cake-1.jpg").read_bytes())
        assert "1" in plain(await teacher.wait())
        await server.user_sends_file(teacher.user_id, (FIXTURES / "cake-2.png").read_bytes(), "tort.png",
                                     mime_type="image/png")  # fmt: skip
        await teacher.wait()
        await server.user_sends_file(teacher.user_id, (FIXTURES / "cake-3.webp").read_bytes(), "tort.webp",
                                     mime_type="image/webp")  # fmt: skip
        added = await teacher.wait()
        assert plain(added) == pl._("🖼 Photo {n} of {most} added. Send more, or press ✔ Done.", n=3, most=5)

        await teacher.press(added, "✔")
        card = await teacher.wait_button("✅")
        assert pl._("🖼 Photos: {n} of {most}", n=3, most=5) in plain(card)
        await teacher.press(card, "✅")
        published = await teacher.wait(lambda r: r.is_photo)
        assert "30,00" in plain(published) and published.document_bytes == (FIXTURES / "cake-1.jpg").read_bytes()
        album = [await teacher.wait(lambda r: r.media_group_id is not None) for _ in range(2)]
        assert [r.document_bytes for r in album] == [
            (FIXTURES / "cake-2.png").read_bytes(),
            (FIXTURES / "cake-3.webp").read_bytes(),
        ]
    async with db() as session:
        listing = await session.scalar(select(Listing).where(Listing.slug != "rbs-birthday-cakes"))
        assert listing is not None and listing.status == "active"
        count = await session.scalar(select(func.count()).where(ListingPhoto.listing_id == listing.id))
        assert count == 3
        assert await session.scalar(select(func.count()).select_from(Image)) == 3  # the same bytes: stored once


async def test_a_teacher_adds_photos_to_a_published_offer_in_words(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    await _catalogue(db, tmp_path)
    lt = translator("lt")
    async with running_bot(db) as (server, _services):
        teacher = Person(server, 2201, "Mokytoja")
        server.add_user(teacher.user_id, teacher.name, language_code="lt")
        await teacher.send(f"/start {await _invite(db, 'teacher')}")
        await teacher.wait_button("📨")
        await teacher.send("/listings")
        listing = await teacher.wait_button("⚙️")
        await teacher.press(listing, "⚙️")
        card = await teacher.wait_button("🖼")
        assert lt._("🖼 Photos: {n} of {most}", n=3, most=5) in plain(card)
        await teacher.press(card, "🖼")
        await teacher.wait()
        await server.user_sends_photo(teacher.user_id, (FIXTURES / "cake-4.jpg").read_bytes())
        added = plain(await teacher.wait())
        assert added == lt._("🖼 Photo {n} of {most} added. Send more, or press ✔ Done.", n=4, most=5)
        assert added.startswith("🖼 Pridėta nuotrauka 4 iš 5")
        await server.user_sends_photo(teacher.user_id, (FIXTURES / "cake-2.png").read_bytes())
        await teacher.wait()
        await server.user_sends_photo(teacher.user_id, (FIXTURES / "cake-3.webp").read_bytes())
        assert plain(await teacher.wait()) == lt._(
            "An offer can have at most {most} photos. Press 🗑 Remove photos to choose them again.", most=5
        )
        await teacher.send("taip")  # "yes" to "✔ Done": back at the offer's card
        back = await teacher.wait_button("🖼")
        assert lt._("🖼 Photos: {n} of {most}", n=5, most=5) in plain(back)
    async with db() as session:
        listing_id = await session.scalar(select(Listing.id).where(Listing.slug == "rbs-birthday-cakes"))
        count = await session.scalar(select(func.count()).where(ListingPhoto.listing_id == listing_id))
        assert count == 5
