"""Catalogue import throughput: a generated catalogue into a fresh SQLite file and a fresh PostgreSQL database.

Usage: python bench/import.py [--listings 100000] [--database-url postgresql://postgres@127.0.0.1:5432/mine]
       python bench/import.py [--listings 100000] [--pg-url postgresql://postgres@127.0.0.1:5432/test]
--database-url names a PostgreSQL database the benchmark may empty (its public schema is dropped and
migrated afresh); --pg-url instead names a server on which it creates the database vet2b_bench_import.
Last line: one JSON object with listings_per_s for each backend and phase (goal >= 5,000/s on both).
The time counts everything `vet2b catalogue import` does: decoding, YAML parsing, validating, writing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text
from sqlalchemy.engine import make_url

from domain.catalogue import import_catalogue
from domain.db import make_engine, make_session_factory
from domain.migrate import upgrade
from domain.taxonomy import LANGUAGES, load_taxonomy

COUNTRIES = {"lt": "LT", "lv": "LV", "pl": "PL", "it": "IT", "pt": "PT", "ru": "LV", "en": "LT"}
UNITS = ["item", "hour", "kg", "person", "project"]


def generate(listings: int, seed: int = 7) -> str:
    """A realistic-shaped catalogue: 1 school per 500 listings, titles built from taxonomy words."""
    rng = random.Random(seed)
    taxonomy = load_taxonomy()
    keys = taxonomy.keys()
    schools = max(1, listings // 500)
    lines = ["organizations:"]
    for s in range(schools):
        lang = LANGUAGES[s % len(LANGUAGES)]
        lines += [
            f"  - slug: school-{s}", "    kind: school", f'    name: "Generated school {s}"',
            f"    country: {COUNTRIES[lang]}", f"    city: City {s % 50}", f"    languages: [{lang}, en]",
        ]  # fmt: skip
    lines.append("listings:")
    for i in range(listings):
        s = i % schools
        lang = LANGUAGES[s % len(LANGUAGES)]
        category = taxonomy[keys[rng.randrange(len(keys))]]
        words = category.synonyms.get(lang) or category.synonyms["en"]
        title = f"{category.name(lang)}: {rng.choice(words)} {i}".replace('"', "'")
        description = " ".join(rng.choice(words) for _ in range(12)).replace('"', "'")
        lines += [
            f"  - slug: listing-{i}", f"    organization: school-{s}", f"    language: {lang}",
            f'    title: "{title[:120]}"', f'    description: "{description}"', f"    category: {category.key}",
            f"    price: {{amount: {rng.randrange(100, 100000) / 100:.2f}, currency: EUR, unit: {rng.choice(UNITS)}}}",
            f"    lead_time_days: {rng.randrange(1, 60)}", f"    min_quantity: {rng.randrange(1, 20)}",
            f"    delivers_to: [{COUNTRIES[lang]}, LV]",
        ]  # fmt: skip
    return "\n".join(lines) + "\n"


async def fresh_postgres(url: str, name: str) -> str:
    admin = make_engine(url, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    await admin.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


async def emptied_postgres(url: str) -> str:
    """The given database with an empty public schema (as tests/conftest.py resets it)."""
    engine = make_engine(url)
    async with engine.begin() as conn:
        await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
    await engine.dispose()
    return url


async def measure(url: str, data: bytes, listings: int) -> dict[str, float]:
    await upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    started = time.perf_counter()
    report = await import_catalogue(factory, data, load_taxonomy())
    first = time.perf_counter() - started
    assert report.ok and report.listings_created == listings, report.errors[:5]
    changed = data.replace(b"currency: EUR", b"currency: PLN")  # every listing changes: the update path
    started = time.perf_counter()
    again = await import_catalogue(factory, changed, load_taxonomy())
    second = time.perf_counter() - started
    assert again.ok and again.listings_updated == listings, (again.listings_updated, again.errors[:3])
    started = time.perf_counter()
    same = await import_catalogue(factory, changed, load_taxonomy())
    third = time.perf_counter() - started
    assert same.ok and same.listings_unchanged == listings
    await engine.dispose()
    return {
        "listings_per_s": round(listings / first),
        "seconds": round(first, 2),
        "reimport_changed_listings_per_s": round(listings / second),
        "reimport_unchanged_listings_per_s": round(listings / third),
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument(
        "--pg-url", default=os.environ.get("VET2B_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("VET2B_BENCH_DATABASE_URL"),
        help="a PostgreSQL database to empty and use (instead of creating one through --pg-url)",
    )
    parser.add_argument("--no-pg", action="store_true")
    args = parser.parse_args()

    started = time.perf_counter()
    data = generate(args.listings).encode()
    print(f"generated {args.listings} listings ({len(data) / 1e6:.1f} MB) in {time.perf_counter() - started:.1f}s")
    result: dict[str, object] = {"listings": args.listings, "bytes": len(data)}
    with tempfile.TemporaryDirectory() as tmp:
        result["sqlite"] = await measure(f"sqlite:///{tmp}/bench.sqlite3", data, args.listings)
        print("sqlite", result["sqlite"])
    if not args.no_pg:
        try:
            if args.database_url:
                url = await emptied_postgres(args.database_url)
            else:
                url = await fresh_postgres(args.pg_url, "vet2b_bench_import")
        except (OSError, ConnectionError) as exc:
            print(f"PostgreSQL not reachable at {args.database_url or args.pg_url}: {exc}", file=sys.stderr)
        else:
            result["postgresql"] = await measure(url, data, args.listings)
            print("postgresql", result["postgresql"])
    print(json.dumps(result))


if __name__ == "__main__":
    asyncio.run(main())
