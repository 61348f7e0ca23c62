"""The console chat keeps photos working without Telegram: pictures are said as [photo] / [album], and
``/photo PATH`` sends a picture from this machine, checked like one sent on Telegram."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.console import ConsoleChat, prepare_personas
from domain.catalogue import import_catalogue
from domain.models import ListingPhoto
from domain.taxonomy import load_taxonomy
from tests.flows.helpers import make_services

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "photos"
CATALOGUE = b"""\
organizations:
  - {slug: riga-bakery-school, kind: school, name: Riga Bakery School, country: LV, city: Riga, languages: [lv]}
  - {slug: office-ltd, kind: company, name: Office Ltd, country: LV, city: Riga, languages: [lv]}
listings:
  - slug: rbs-cakes
    organization: riga-bakery-school
    language: en
    title: Birthday cakes
    description: Cakes for birthdays.
    category: bakery
    photos: [cake-1.jpg, cake-2.png, cake-3.webp]
"""


async def test_the_console_says_where_pictures_are_and_sends_one_from_a_path(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    for name in ("cake-1.jpg", "cake-2.png", "cake-3.webp", "anim.gif"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    assert (await import_catalogue(db, CATALOGUE, load_taxonomy(), base_dir=tmp_path)).ok
    services = make_services(db)
    lines: list[str] = []
    chat = ConsoleChat(services, await prepare_personas(services, "en"), write=lines.append)

    await chat.send("birthday cakes")
    assert any(line.startswith("[photo] ") and "Birthday cakes" in line for line in lines)
    await chat.send("#1")  # ℹ️ 1. Details
    assert "[album: 2 photos]" in lines

    await chat.send("/as teacher")
    await chat.send("/listings")
    await chat.send("#1")  # ⚙️ 1. Open
    lines.clear()
    await chat.send("#3")  # 🖼 Photos
    assert any("JPEG, PNG or WebP" in line for line in lines)
    lines.clear()
    await chat.send(f"/photo {tmp_path / 'anim.gif'}")
    assert [line for line in lines if line.startswith("GIF animations cannot be shown")]
    lines.clear()
    await chat.send(f"/photo {tmp_path / 'cake-1.jpg'}")
    assert lines[0].startswith("🖼 Photo 4 of 5 added")
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(ListingPhoto)) == 4
