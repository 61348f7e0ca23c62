"""`vet2b search`: the search the bot uses, from the command line (one query, or a JSONL batch)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cli.app import UserError, cli, with_database
from domain.search.service import SearchHit, SearchQuery, SearchService
from domain.taxonomy import LANGUAGES


def _result(hit: SearchHit) -> dict[str, Any]:
    return {
        "slug": hit.slug,
        "title": hit.title,
        "organization": hit.organisation_slug,
        "country": hit.country,
        "category": hit.category,
        "language": hit.language,
        "score": hit.score,
    }


def _batch_queries(path: Path, limit: int) -> list[SearchQuery]:
    queries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            queries.append(
                SearchQuery(
                    text=str(entry["query"]),
                    language=entry.get("lang"),
                    country=entry.get("country"),
                    category=entry.get("category"),
                    page_size=limit,
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise UserError(f'{path}:{number}: expected {{"query": ..., "lang": ...}} ({exc})') from None
    return queries


@cli.command("search")
@click.argument("query", required=False, default="")
@click.option("--lang", type=click.Choice(LANGUAGES), help="Language the query is written in.")
@click.option("--country", help="Only schools in this country (ISO code, e.g. LT).")
@click.option("--category", help="Only this taxonomy category key.")
@click.option("--limit", type=click.IntRange(1, 50), default=5, show_default=True, help="Results to show.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of lines.")
@click.option(
    "--batch",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help='JSONL file, one {"query", "lang", "country"?} per line; prints one JSON array per line.',
)
def search(
    query: str,
    lang: str | None,
    country: str | None,
    category: str | None,
    limit: int,
    as_json: bool,
    batch: Path | None,
) -> None:
    """Search active listings in any language: typos, missing diacritics and inflections are fine."""
    service = SearchService(refresh_interval=0)
    if batch is not None:
        queries = _batch_queries(batch, limit)
    else:
        country_code = country.upper() if country else None
        queries = [SearchQuery(query, language=lang, country=country_code, category=category, page_size=limit)]
    if category is not None and category not in service.taxonomy:
        raise UserError(f"unknown category {category!r}; known: {', '.join(service.taxonomy.keys())}")

    async def work(factory: async_sessionmaker[AsyncSession]) -> list[list[dict[str, Any]]]:
        async with factory() as session:
            return [[_result(hit) for hit in (await service.search(session, q)).hits] for q in queries]

    results = with_database(work)
    if batch is not None or as_json:
        for found in results:
            click.echo(json.dumps(found, ensure_ascii=False))
        return
    if not results[0]:
        click.echo("nothing found")
    for item in results[0]:
        click.echo(
            f"{item['score']:5.1f}  {item['slug']:<36} {item['country']} {item['language']}  "
            f"{item['category']:<16} {item['title']}"
        )
