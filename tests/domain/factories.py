"""Builders for the journey tests: people, organisations, memberships, listings, and a whole small world."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.db import transaction
from domain.models import Base, Listing, Membership, Organisation, OutboxMessage, Person
from domain.timeutil import utcnow

_ids = itertools.count(1)


def next_id() -> int:
    return next(_ids)


async def person(s: AsyncSession, name: str, *, telegram: bool = True, language: str = "en") -> Person:
    p = Person(  # a named person with a role has agreed to be stored, as in the bot (accounts.give_consent)
        telegram_id=700_000_000 + next_id() if telegram else None,
        display_name=name,
        language=language,
        consent_at=utcnow(),
    )
    s.add(p)
    await s.flush()
    return p


async def org(s: AsyncSession, kind: str, name: str, *, country: str = "LT", city: str = "Vilnius") -> Organisation:
    o = Organisation(slug=f"{kind}-{next_id()}", kind=kind, name=name, country=country, city=city, languages=["en"])
    s.add(o)
    await s.flush()
    return o


async def member(s: AsyncSession, p: Person, o: Organisation, role: str) -> None:
    s.add(Membership(person_id=p.id, organisation_id=o.id, role=role))
    await s.flush()


async def listing(s: AsyncSession, o: Organisation, title: str = "Birthday cakes", status: str = "active") -> Listing:
    item = Listing(slug=f"l-{next_id()}", organisation_id=o.id, language="en", title=title, description="Tasty",
                   category="bakery", status=status, delivers_to=["LT"])  # fmt: skip
    s.add(item)
    await s.flush()
    return item


@dataclass
class World:
    """School A (admin, teacher, two students), school B (teacher, student), companies C (owner, member)
    and D (member), a stranger with no organisation, and an active listing of school A."""

    school_a: Organisation
    school_b: Organisation
    company_c: Organisation
    company_d: Organisation
    admin_a: Person
    teacher_a: Person
    student_a1: Person
    student_a2: Person
    teacher_b: Person
    student_b: Person
    owner_c: Person
    member_c: Person
    member_d: Person
    stranger: Person
    listing_a: Listing


async def build_world(db: async_sessionmaker[AsyncSession]) -> World:
    async with transaction(db) as s:
        school_a = await org(s, "school", "Vilnius VET school")
        school_b = await org(s, "school", "Riga VET school", country="LV", city="Riga")
        company_c = await org(s, "company", "Cafe Centras")
        company_d = await org(s, "company", "Other Ltd", country="PL", city="Warsaw")
        people: dict[str, Person] = {}
        for name, o, role in [
            ("admin_a", school_a, "admin"), ("teacher_a", school_a, "teacher"), ("student_a1", school_a, "student"),
            ("student_a2", school_a, "student"), ("teacher_b", school_b, "teacher"), ("student_b", school_b, "student"),
            ("owner_c", company_c, "admin"), ("member_c", company_c, "member"), ("member_d", company_d, "member"),
        ]:  # fmt: skip
            people[name] = await person(s, name.replace("_", " ").title())
            await member(s, people[name], o, role)
        people["stranger"] = await person(s, "Stranger")
        item = await listing(s, school_a)
        return World(school_a, school_b, company_c, company_d, listing_a=item, **people)


async def snapshot(db: async_sessionmaker[AsyncSession]) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table: "nothing changed" means this is equal before and after."""
    result: dict[str, list[tuple[Any, ...]]] = {}
    async with transaction(db) as s:
        for table in Base.metadata.sorted_tables:
            rows = await s.execute(text(f"SELECT * FROM {table.name}"))
            result[table.name] = sorted((tuple(r) for r in rows.all()), key=repr)
    return result


async def outbox_rows(db: async_sessionmaker[AsyncSession], kind: str | None = None) -> list[Any]:
    async with transaction(db) as s:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if kind is not None:
            query = query.where(OutboxMessage.kind == kind)
        return list(await s.scalars(query))
