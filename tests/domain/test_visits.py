"""domain/visits.py: who may declare, confirm, publish, request and answer — checked on every call — and what
each side is told (by organisation, never by person)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import enquiries, visits
from domain.db import transaction
from domain.errors import ALL_CODES, Forbidden, Invalid, NotFound
from domain.models import Coordinator, Membership, Organisation, OutboxMessage, Person, VisitRequest
from domain.timeutil import utcnow
from nlu import answers
from tests.domain.factories import listing, org, person
from tests.flows.helpers import delivered

Factory = async_sessionmaker[AsyncSession]


async def _setup(s: AsyncSession) -> dict[str, int]:
    bakery = await org(s, "company", "Bakery")
    school = await org(s, "school", "School")
    other_school = await org(s, "school", "Riga School", country="LV", city="Riga")
    ids = {"bakery": bakery.id, "school": school.id, "other_school": other_school.id}
    for key, o, role in (("baker", bakery, "admin"), ("teacher", school, "teacher"), ("student", school, "student"),
                         ("lv_teacher", other_school, "teacher")):  # fmt: skip
        p = await person(s, key)
        s.add(Membership(person_id=p.id, organisation_id=o.id, role=role))
        ids[key] = p.id
    for key, country in (("coordinator", "LT"), ("latvian", "LV")):
        p = await person(s, key)
        s.add(Coordinator(person_id=p.id, country=country))
        ids[key] = p.id
    ids["stranger"] = (await person(s, "stranger")).id
    await s.flush()
    return ids


async def _who(s: AsyncSession, ids: dict[str, int], key: str) -> Person:
    return await s.get_one(Person, ids[key])


async def test_declare_verify_publish_request_decide(db: Factory) -> None:
    async with transaction(db) as s:
        ids = await _setup(s)
    async with transaction(db) as s:
        for key in ("teacher", "stranger", "coordinator"):
            with pytest.raises(Forbidden):
                await visits.declare_inclusive(s, await _who(s, ids, key), ids["bakery"])
        with pytest.raises(Forbidden) as caught:
            await visits.publish_offer(s, await _who(s, ids, "baker"), ids["bakery"], what="Tour", city="Vilnius",
                                       max_group=10, access_notes=None)  # fmt: skip
        assert caught.value.code == "not_inclusive_verified" and caught.value.code in ALL_CODES
        with pytest.raises(Invalid):  # nothing declared yet: nothing to confirm
            await visits.verify_inclusive(s, await _who(s, ids, "coordinator"), ids["bakery"])
    async with transaction(db) as s:
        assert await visits.declare_inclusive(s, await _who(s, ids, "baker"), ids["bakery"]) == ("Bakery", True)
        assert await visits.declare_inclusive(s, await _who(s, ids, "baker"), ids["bakery"]) == ("Bakery", False)
        told = list(await s.scalars(select(OutboxMessage.recipient_id).where(
            OutboxMessage.kind == "inclusive_declared")))  # fmt: skip
        assert told == [ids["coordinator"]]  # not Latvia's
        assert [o.id for o in await visits.pending_inclusive(s, await _who(s, ids, "coordinator"))] == [ids["bakery"]]
        assert await visits.pending_inclusive(s, await _who(s, ids, "latvian")) == []
        for key, code in (("latvian", "not_your_country"), ("teacher", "not_a_coordinator"),
                          ("baker", "not_a_coordinator")):  # fmt: skip
            with pytest.raises(Forbidden) as caught:
                await visits.verify_inclusive(s, await _who(s, ids, key), ids["bakery"])
            assert caught.value.code == code
        assert await visits.verify_inclusive(s, await _who(s, ids, "coordinator"), ids["bakery"]) == ("Bakery", True)
        assert (await s.get_one(Organisation, ids["bakery"])).inclusive_employer
    async with transaction(db) as s:
        baker = await _who(s, ids, "baker")
        with pytest.raises(Forbidden):
            await visits.publish_offer(s, await _who(s, ids, "teacher"), ids["bakery"], what="Tour", city="Vilnius",
                                       max_group=10, access_notes=None)  # fmt: skip
        with pytest.raises(Invalid):
            await visits.publish_offer(s, baker, ids["bakery"], what="Tour", city="Vilnius", max_group=0,
                                       access_notes=None)  # fmt: skip
        offer = await visits.publish_offer(s, baker, ids["bakery"], what="Bread tour", city="Vilnius", max_group=12,
                                           access_notes="step-free")  # fmt: skip
        offer_id = offer.id
    async with transaction(db) as s:
        day = utcnow().date() + timedelta(days=7)
        for key in ("student", "baker", "stranger", "coordinator"):
            with pytest.raises(Forbidden):
                await visits.find_offers(s, await _who(s, ids, key), "visits")
            with pytest.raises(Forbidden):
                await visits.request_visit(
                    s, await _who(s, ids, key), offer_id, visit_date=day, group_size=5, needs=None
                )
        teacher = await _who(s, ids, "teacher")
        assert [o.what for o in await visits.find_offers(s, teacher, "įmonių lankymas Vilniuje")] == ["Bread tour"]
        with pytest.raises(Invalid) as too_big:
            await visits.request_visit(s, teacher, offer_id, visit_date=day, group_size=13, needs=None)
        assert too_big.value.code == "group_too_big"
        with pytest.raises(NotFound):
            await visits.request_visit(s, teacher, offer_id + 99, visit_date=day, group_size=5, needs=None)
        asked = await visits.request_visit(s, teacher, offer_id, visit_date=day, group_size=12, needs="a wheelchair")
        request_id = asked.id
    async with transaction(db) as s:
        for key in ("teacher", "lv_teacher", "stranger", "coordinator"):  # the school asked; only the company answers
            with pytest.raises(Forbidden):
                await visits.decide_visit(s, await _who(s, ids, key), request_id, accept=True)
        view = await visits.decide_visit(s, await _who(s, ids, "baker"), request_id, accept=False)
        assert view.status == "declined"
        assert (await s.get_one(VisitRequest, request_id)).status == "declined"
        told = list(await s.scalars(select(OutboxMessage.recipient_id).where(OutboxMessage.kind == "visit_decided")))
        assert told == [ids["teacher"]]


async def test_the_school_sees_an_inclusive_customer(db: Factory) -> None:
    async with transaction(db) as s:
        ids = await _setup(s)
        item = await listing(s, await s.get_one(Organisation, ids["school"]), "Cakes")
        bakery = await s.get_one(Organisation, ids["bakery"])
        bakery.inclusive_employer = True
        made = await enquiries.create_enquiry(s, await _who(s, ids, "baker"), item.id, quantity=3, needed_by=None,
                                              message="hello")  # fmt: skip
        view = await enquiries.enquiry_view(s, await _who(s, ids, "teacher"), made.id)
        assert view.from_inclusive
    told = await delivered(db, "enquiry_received")  # the school's notification, as its teacher reads it
    assert "♿ Inclusive employer, verified" in told[ids["teacher"]] and "Bakery" in told[ids["teacher"]]


@pytest.mark.parametrize(
    "text",
    ["įmonių lankymas Vilniuje", "company visits for my class", "wizyta w firmie dla klasy", "визит на предприятие",
     "uzņēmumu apmeklējums klasei", "visita aziendale per la classe", "visita de estudo a uma empresa"],
)  # fmt: skip
def test_visit_words(text: str) -> None:
    assert answers.asks_for_visits(text)


@pytest.mark.parametrize(
    "text",
    ["we employ people with disabilities", "įdarbiname žmones su negalia", "mēs nodarbinām cilvēkus ar invaliditāti",
     "zatrudniamy osoby niepełnosprawne", "assumiamo persone con disabilità", "empregamos pessoas com deficiência",
     "мы нанимаем людей с инвалидностью"],
)  # fmt: skip
def test_inclusive_words(text: str) -> None:
    assert answers.declares_inclusive(text)


@pytest.mark.parametrize("text", ["birthday cake for 20", "wedding cake in Vilnius", "visit my profile", "hello"])
def test_not_visit_or_inclusive_words(text: str) -> None:
    assert not answers.asks_for_visits(text) and not answers.declares_inclusive(text)
