"""Catalogue import: every fault is reported with its line and field, and a faulty file changes nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import export_catalogue, import_catalogue
from domain.models import Listing, Organisation
from domain.taxonomy import load_taxonomy
from domain.timeutil import as_utc

VALID = """\
organizations:
  - slug: vilnius-tech
    kind: school
    name: "Vilniaus technologijų mokymo centras"
    country: LT
    city: Vilnius
    languages: [lt, en]
  - slug: porto-cafe
    kind: company
    name: "Café do Porto"
    country: PT
    city: Porto
    languages: [pt]
listings:
  - slug: vt-3d
    organization: vilnius-tech
    language: lt
    title: "3D spausdinimas: prototipai ir detalės"
    description: "Mokiniai atspausdina prototipus."
    category: 3d_printing
    price: {amount: 5.00, currency: EUR, unit: item}
    lead_time_days: 10
    min_quantity: 1
    delivers_to: [LT, LV]
  - slug: vt-cakes
    organization: vilnius-tech
    language: lt
    title: "Tortai gimtadieniams"
    description: "Kepame tortus pagal užsakymą."
    category: bakery
"""


async def _counts(db: async_sessionmaker[AsyncSession]) -> tuple[int, int]:
    async with db() as session:
        orgs = await session.scalar(select(func.count()).select_from(Organisation))
        listings = await session.scalar(select(func.count()).select_from(Listing))
    return int(orgs or 0), int(listings or 0)


async def test_valid_file_imports_and_reimport_updates_not_duplicates(
    db: async_sessionmaker[AsyncSession],
) -> None:
    report = await import_catalogue(db, VALID.encode(), load_taxonomy())
    assert report.ok, report.errors
    assert (report.organisations_created, report.listings_created) == (2, 2)
    assert await _counts(db) == (2, 2)

    changed = VALID.replace("amount: 5.00", "amount: 6.50")
    again = await import_catalogue(db, changed.encode(), load_taxonomy())
    assert again.ok and (again.listings_created, again.listings_updated, again.listings_unchanged) == (0, 1, 1)
    assert await _counts(db) == (2, 2)
    async with db() as session:
        price = await session.scalar(select(Listing.price_amount).where(Listing.slug == "vt-3d"))
    assert price == Decimal("6.50")


async def test_export_reimports_to_the_same_catalogue(db: async_sessionmaker[AsyncSession]) -> None:
    assert (await import_catalogue(db, VALID.encode(), load_taxonomy())).ok
    exported = await export_catalogue(db)
    assert "amount: 5.00" in exported and "Vilniaus technologijų" in exported
    report = await import_catalogue(db, exported.encode(), load_taxonomy())
    assert report.ok and (report.listings_created, report.listings_updated, report.listings_unchanged) == (0, 0, 2)
    assert await export_catalogue(db) == exported


FAULTS = [
    # (description, replace this, with this, expected line, expected text in the error)
    ("unknown category", "category: bakery", "category: cakes", 30, "category: unknown category 'cakes'"),
    (
        "company organisation",
        'organization: vilnius-tech\n    language: lt\n    title: "Tortai',
        'organization: porto-cafe\n    language: lt\n    title: "Tortai',
        26,
        "is a company",
    ),
    (
        "unknown organisation",
        'organization: vilnius-tech\n    language: lt\n    title: "3D',
        'organization: nowhere-school\n    language: lt\n    title: "3D',
        16,
        "unknown organisation 'nowhere-school'",
    ),
    ("duplicate slug", "slug: vt-cakes", "slug: vt-3d", 25, "duplicate slug (first at line 15)"),
    ("bad country code", "country: PT", "country: XY", 11, "country: unknown country code 'XY'"),
    ("zero price", "amount: 5.00", "amount: 0", 21, "price.amount: must be greater than 0"),
    ("negative price", "amount: 5.00", "amount: -3", 21, "price.amount: must be greater than 0"),
    ("unknown currency", "currency: EUR", "currency: EUX", 21, "price.currency: unknown currency 'EUX'"),
    (
        "over-long title",
        'title: "Tortai gimtadieniams"',
        f'title: "{"T" * 121}"',
        28,
        "title: too long: 121 characters",
    ),
    ("missing required field", "    category: bakery\n", "", 25, "category: missing required field"),
    (
        "bad delivers_to",
        "delivers_to: [LT, LV]",
        "delivers_to: [LT, Latvia]",
        24,
        "unknown country code 'Latvia'",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "line", "message"), FAULTS, ids=[f[0] for f in FAULTS])
async def test_each_fault_is_refused_with_line_and_field(
    db: async_sessionmaker[AsyncSession], name: str, old: str, new: str, line: int, message: str
) -> None:
    assert old in VALID, name
    report = await import_catalogue(db, VALID.replace(old, new, 1).encode(), load_taxonomy())
    assert not report.ok
    rendered = [e.render("cat.yml") for e in report.errors]
    assert any(r.startswith(f"cat.yml:{line}:") and message in r for r in rendered), rendered
    assert await _counts(db) == (0, 0)


async def test_yaml_syntax_error_names_the_line(db: async_sessionmaker[AsyncSession]) -> None:
    broken = VALID.replace("    city: Vilnius\n", "    city: [Vilnius\n", 1)
    report = await import_catalogue(db, broken.encode(), load_taxonomy())
    assert len(report.errors) == 1
    assert "YAML syntax error" in report.errors[0].message
    assert report.errors[0].line in (6, 7)
    assert await _counts(db) == (0, 0)


async def test_non_utf8_bytes_are_refused_with_their_line(db: async_sessionmaker[AsyncSession]) -> None:
    data = VALID.encode().replace(b"Tortai gimtadieniams", b"Tortai gimtadieniams \xff\xfe")
    report = await import_catalogue(db, data, load_taxonomy())
    assert [(e.line, "not valid UTF-8" in e.message) for e in report.errors] == [(28, True)]
    assert await _counts(db) == (0, 0)


async def test_every_error_in_a_file_is_reported_at_once(db: async_sessionmaker[AsyncSession]) -> None:
    text = VALID.replace("category: bakery", "category: cakes").replace("currency: EUR", "currency: EUX")
    text = text.replace("country: PT", "country: pt")
    report = await import_catalogue(db, text.encode(), load_taxonomy())
    assert {e.line for e in report.errors} == {11, 21, 30}
    assert "codes are upper case" in report.errors[0].message


async def test_a_faulty_file_leaves_an_existing_catalogue_unchanged(
    db: async_sessionmaker[AsyncSession],
) -> None:
    assert (await import_catalogue(db, VALID.encode(), load_taxonomy())).ok
    before = await export_catalogue(db)
    bad = VALID.replace("amount: 5.00", "amount: 9.00").replace("category: bakery", "category: nope")
    assert not (await import_catalogue(db, bad.encode(), load_taxonomy())).ok
    assert await export_catalogue(db) == before


async def test_listing_for_an_organisation_already_in_the_database(
    db: async_sessionmaker[AsyncSession],
) -> None:
    assert (await import_catalogue(db, VALID.encode(), load_taxonomy())).ok
    more = """\
listings:
  - slug: vt-web
    organization: vilnius-tech
    language: lt
    title: Svetainių kūrimas
    description: Kuriame svetaines.
    category: web_design
  - slug: cafe-offer
    organization: porto-cafe
    language: pt
    title: Pastéis
    description: x
    category: bakery
"""
    report = await import_catalogue(db, more.encode(), load_taxonomy())
    assert [(e.line, "is a company" in e.message) for e in report.errors] == [(9, True)]
    ok = await import_catalogue(db, more.split("  - slug: cafe-offer")[0].encode(), load_taxonomy())
    assert ok.ok and ok.listings_created == 1


@pytest.mark.parametrize("text", ["", "just a string", "- a\n- list\n", "organizations: 5\n", "\ufeff"])
async def test_odd_documents_give_errors_not_crashes(db: async_sessionmaker[AsyncSession], text: str) -> None:
    report = await import_catalogue(db, text.encode(), load_taxonomy())
    assert not report.ok or (text == "organizations: 5\n" and not report.ok)


async def test_duplicate_key_in_an_item_is_an_error_with_its_line(db: async_sessionmaker[AsyncSession]) -> None:
    text = VALID.replace("    city: Porto\n", "    city: Porto\n    city: Braga\n", 1)
    report = await import_catalogue(db, text.encode(), load_taxonomy())
    assert [(e.line, "duplicate key 'city'" in e.message) for e in report.errors] == [(13, True)]


async def test_norway_stays_a_country_code_not_a_boolean(db: async_sessionmaker[AsyncSession]) -> None:
    text = VALID.replace("country: PT", "country: NO", 1)
    report = await import_catalogue(db, text.encode(), load_taxonomy())
    assert report.ok, report.errors


async def _rows(db: async_sessionmaker[AsyncSession]) -> dict[str, dict[str, Any]]:
    """Every stored column of every organisation and listing, by kind and slug (ids and timestamps too)."""
    found: dict[str, dict[str, Any]] = {}
    async with db() as session:
        for model in (Organisation, Listing):
            for row in (await session.execute(select(model.__table__))).mappings():
                found[f"{model.__tablename__}/{row['slug']}"] = dict(row)
    return found


async def test_reimport_writes_only_the_listings_and_organisations_that_changed(
    db: async_sessionmaker[AsyncSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("domain.catalogue.PG_BATCH", 1)  # one upsert statement per row: batches join up right
    assert (await import_catalogue(db, VALID.encode(), load_taxonomy())).ok
    first = await _rows(db)

    same = await import_catalogue(db, VALID.encode(), load_taxonomy())
    assert same.ok and (same.organisations_updated, same.listings_updated, same.listings_unchanged) == (0, 0, 2)
    assert await _rows(db) == first  # not even updated_at moved

    new_listing = """
  - slug: vt-web
    organization: vilnius-tech
    language: lt
    title: Svetainių kūrimas
    description: Kuriame svetaines.
    category: web_design
"""
    changed = VALID.replace("amount: 5.00", "amount: 6.50").replace("city: Porto", "city: Braga") + new_listing
    report = await import_catalogue(db, changed.encode(), load_taxonomy())
    assert report.ok, report.errors
    assert (report.organisations_updated, report.listings_created, report.listings_updated) == (1, 1, 1)
    after = await _rows(db)
    assert set(after) == set(first) | {"listings/vt-web"}
    moved = {key for key in first if after[key] != first[key]}
    assert moved == {"organisations/porto-cafe", "listings/vt-3d"}
    for key in moved:
        differs = {column for column in first[key] if after[key][column] != first[key][column]}
        assert differs == ({"city"} if key.startswith("org") else {"price_amount"}) | {"updated_at"}, key
        assert as_utc(after[key]["updated_at"]) > as_utc(first[key]["updated_at"])
    assert after["listings/vt-3d"]["price_amount"] == Decimal("6.50")
    assert after["listings/vt-web"]["delivers_to"] == [] and after["listings/vt-web"]["price_amount"] is None


async def test_an_organisation_may_speak_any_iso_language(db: async_sessionmaker[AsyncSession]) -> None:
    report = await import_catalogue(db, VALID.replace("languages: [lt, en]", "languages: [lt, en, de]").encode(),
                                    load_taxonomy())  # fmt: skip
    assert report.ok, report.errors
    async with db() as session:
        languages = await session.scalar(select(Organisation.languages).where(Organisation.slug == "vilnius-tech"))
    assert languages == ["lt", "en", "de"]
    bad = await import_catalogue(
        db, VALID.replace("languages: [lt, en]", "languages: [lt, xx]").encode(), load_taxonomy()
    )
    assert not bad.ok and any("unknown language 'xx'" in e.render("c") for e in bad.errors)
