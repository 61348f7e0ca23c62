"""Catalogue pictures: `photos:` paths are read and checked from their bytes, a fake picture stops the whole
import at its file:line, and import → export → import gives back the very same files."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import export_catalogue, import_catalogue
from domain.listing_photos import photos_of
from domain.models import Image, Listing, ListingPhoto
from domain.taxonomy import load_taxonomy

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
  - slug: rbs-cakes
    organization: riga-bakery-school
    language: en
    title: "Birthday cakes"
    description: "Students bake birthday cakes to order."
    category: bakery
    photos:
      - pictures/cake-1.jpg
      - pictures/cake-2.png
      - pictures/cake-3.webp
  - slug: rbs-cookies
    organization: riga-bakery-school
    language: en
    title: "Cookies"
    description: "Butter cookies."
    category: bakery
"""


def _folder(tmp_path: Path, text: str = CATALOGUE) -> Path:
    (tmp_path / "pictures").mkdir()
    for name in ("cake-1.jpg", "cake-2.png", "cake-3.webp"):
        shutil.copy(FIXTURES / name, tmp_path / "pictures" / name)
    path = tmp_path / "catalogue.yml"
    path.write_text(text, encoding="utf-8")
    return path


async def test_photos_are_imported_in_order_and_stored_once(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    path = _folder(tmp_path)
    report = await import_catalogue(db, path.read_bytes(), load_taxonomy(), base_dir=path.parent)
    assert report.ok, report.errors
    assert report.photos_set == 1
    again = await import_catalogue(db, path.read_bytes(), load_taxonomy(), base_dir=path.parent)
    assert again.ok and again.photos_set == 0  # the same pictures: nothing rewritten, file ids kept
    async with db() as session:
        listing_id = await session.scalar(select(Listing.id).where(Listing.slug == "rbs-cakes"))
        assert listing_id is not None
        photos = await photos_of(session, listing_id)
        assert [p.media_type for p in photos] == ["image/jpeg", "image/png", "image/webp"]
        assert await session.scalar(select(func.count()).select_from(Image)) == 3


async def test_export_writes_the_files_beside_the_catalogue_and_the_round_trip_keeps_them(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    (tmp_path / "in").mkdir()
    path = _folder(tmp_path / "in")
    assert (await import_catalogue(db, path.read_bytes(), load_taxonomy(), base_dir=path.parent)).ok
    out = tmp_path / "out" / "export.yml"
    out.parent.mkdir()
    text = await export_catalogue(db, out)
    out.write_text(text, encoding="utf-8")
    listings = {item["slug"]: item for item in yaml.safe_load(text)["listings"]}
    assert listings["rbs-cakes"]["photos"] == [
        "export-photos/rbs-cakes-1.jpg", "export-photos/rbs-cakes-2.png", "export-photos/rbs-cakes-3.webp"
    ]  # fmt: skip
    assert "photos" not in listings["rbs-cookies"]
    for written, original in zip(
        ["rbs-cakes-1.jpg", "rbs-cakes-2.png", "rbs-cakes-3.webp"],
        ["cake-1.jpg", "cake-2.png", "cake-3.webp"],
        strict=True,
    ):
        assert (out.parent / "export-photos" / written).read_bytes() == (FIXTURES / original).read_bytes()
    # the exported catalogue imports into an empty database with the same pictures, byte for byte
    async with db.begin() as session:
        await session.execute(delete(ListingPhoto))
        await session.execute(delete(Image))
    again = await import_catalogue(db, out.read_bytes(), load_taxonomy(), base_dir=out.parent)
    assert again.ok and again.photos_set == 1
    second = tmp_path / "second" / "export.yml"
    second.parent.mkdir()
    assert await export_catalogue(db, second) == text
    for name in ("rbs-cakes-1.jpg", "rbs-cakes-2.png", "rbs-cakes-3.webp"):
        assert (second.parent / "export-photos" / name).read_bytes() == (
            out.parent / "export-photos" / name
        ).read_bytes()


async def test_a_file_that_is_no_picture_is_refused_at_its_line_and_nothing_is_imported(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    path = _folder(tmp_path)
    (tmp_path / "pictures" / "cake-2.png").write_bytes(b"MZ\x90\x00" + b"\x00" * 200)  # a program, renamed
    shutil.copy(FIXTURES / "anim.gif", tmp_path / "pictures" / "anim.gif")
    text = CATALOGUE.replace("pictures/cake-3.webp", "pictures/anim.gif")
    path.write_text(text, encoding="utf-8")
    report = await import_catalogue(db, path.read_bytes(), load_taxonomy(), base_dir=path.parent)
    rendered = [e.render("catalogue.yml") for e in report.errors]
    assert rendered == [
        "catalogue.yml:17: listings[0] 'rbs-cakes' photos[1]: 'pictures/cake-2.png' is not a JPEG, PNG or WebP "
        "picture (whatever its name says)",
        "catalogue.yml:18: listings[0] 'rbs-cakes' photos[2]: 'pictures/anim.gif' is a GIF; use JPEG, PNG or WebP",
    ]
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(Listing)) == 0
        assert await session.scalar(select(func.count()).select_from(Image)) == 0


async def test_paths_must_stay_inside_the_catalogue_folder(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    path = _folder(tmp_path, CATALOGUE.replace("pictures/cake-1.jpg", "../secret.jpg"))
    report = await import_catalogue(db, path.read_bytes(), load_taxonomy(), base_dir=path.parent)
    assert [e.line for e in report.errors] == [16]
    assert "inside the catalogue's folder" in report.errors[0].message
