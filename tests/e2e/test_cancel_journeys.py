"""Withdrawing enquiries and cancelling an order on Telegram, in three languages, typed and by buttons.

Real PTB Application, flows, services, database and outbox sender; Telegram is the fake Bot API server on
loopback (Rasa is not needed: the words are read by nlu.answers). A company owner has two open enquiries
(to a bakery school and to a web school) and an order in progress at the bakery, whose student has a task.
In their own language they:

1. type "cancel my enquiry to the bakery" and press ✖️ on the question → the bakery's teacher is told;
2. open /enquiries, press the other enquiry, ✖️ Withdraw, ✖️ Yes → the web school's teacher is told;
3. type "cancel the order", then the reason → the bakery's teacher gets the reason, the student that the task
   is closed.

Each step asserts what was stored and what the other party received; nobody sees another's Telegram identity.
Buttons are found by the action they carry, so the same steps serve every language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from itertools import count

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import enquiries, orders
from domain.db import transaction
from domain.models import Enquiry, Membership, Order, Person
from domain.timeutil import utcnow
from tests.domain.factories import listing, org
from tests.e2e.harness import Person as Chatter
from tests.e2e.harness import all_delivered as _delivered
from tests.e2e.harness import has_button as _has
from tests.e2e.harness import plain, running_bot
from tests.e2e.harness import press_button as _press
from tests.fake_telegram import FakeTelegram


@dataclass(frozen=True)
class Words:
    bakery: str  # the bakery school's name, as the company would name it in their language
    withdraw: str  # typed: withdraw the enquiry to the bakery
    cancel_order: str  # typed: cancel the order
    reason: str


WORDS = {
    "en": Words("City Bakery School", "cancel my enquiry to the bakery", "please cancel the order",
                "Our event was moved to next year"),
    "lt": Words("Kauno kepykla", "atšaukite mano užklausą kepyklai", "atšaukite užsakymą",
                "Renginys nukeltas į kitus metus"),
    "ru": Words("Школьная пекарня", "отмените мой запрос в пекарню", "отмените заказ",
                "Мероприятие перенесли на следующий год"),
}  # fmt: skip
COMPANY = "Nordic Sweets"
_ids = count(5001)


@dataclass
class Cast:
    company: Chatter
    baker: Chatter  # teacher at the bakery school (accepted the order)
    webber: Chatter  # teacher at the web school
    student: Chatter  # the bakery's student with a task in the order
    to_bakery: int  # open enquiry
    to_web: int  # open enquiry
    order: int  # in progress, one task


async def _cast(factory: async_sessionmaker[AsyncSession], server: FakeTelegram, language: str, w: Words) -> Cast:
    """Organisations, members (with the fake server's user ids), two open enquiries and an order with a task."""
    chatters: dict[str, Chatter] = {}
    rows: dict[str, Person] = {}
    async with transaction(factory) as s:
        bakery = await org(s, "school", w.bakery)
        web = await org(s, "school", "Riga Web School", country="LV", city="Riga")
        company = await org(s, "company", COMPANY)
        for key, organisation, role in (("company", company, "admin"), ("baker", bakery, "teacher"),
                                        ("webber", web, "teacher"), ("student", bakery, "student")):  # fmt: skip
            user_id = next(_ids)
            name = f"SECRET-{key.upper()}-{user_id}"
            rows[key] = Person(telegram_id=user_id, display_name=name, language=language, consent_at=utcnow())
            s.add(rows[key])
            await s.flush()
            s.add(Membership(person_id=rows[key].id, organisation_id=organisation.id, role=role))
            chatters[key] = Chatter(server, user_id, name)
            server.add_user(user_id, name, username=f"user{user_id}", language_code=language)
        await s.flush()
        bread, site = await listing(s, bakery, "Sourdough bread"), await listing(s, web, "Shop website")
        owner, baker = rows["company"], rows["baker"]
        to_bakery = await enquiries.create_enquiry(s, owner, bread.id, quantity=10, needed_by=None, message="")
        to_web = await enquiries.create_enquiry(s, owner, site.id, quantity=10, needed_by=None, message="")
        taken = await enquiries.create_enquiry(s, owner, bread.id, quantity=10, needed_by=None, message="")
        order = await enquiries.accept_enquiry(s, baker, taken.id)
        task = await orders.add_task(s, baker, order.id, "Bake 10 loaves", utcnow() + timedelta(days=4))
        await orders.assign_task(s, baker, task.id, [rows["student"].id])
    return Cast(chatters["company"], chatters["baker"], chatters["webber"], chatters["student"], to_bakery.id,
                to_web.id, order.id)  # fmt: skip


async def _status(factory: async_sessionmaker[AsyncSession], model: type[Enquiry] | type[Order], row_id: int) -> str:
    async with factory() as s:
        row = await s.get(model, row_id)
        assert isinstance(row, Enquiry | Order)
        return row.status


@pytest.mark.parametrize("language", sorted(WORDS))
async def test_withdraw_and_cancel_typed_and_by_buttons(db: async_sessionmaker[AsyncSession], language: str) -> None:
    w = WORDS[language]
    async with running_bot(db) as (server, _services):
        c = await _cast(db, server, language, w)
        await _delivered(db)

        # 1. typed: "cancel my enquiry to the bakery" → the question names it → ✖️ Yes pressed
        company, baker = c.company.mark(), c.baker.mark()
        await c.company.send(w.withdraw)
        asked = await c.company.wait(partial(_has, f"xwy:{c.to_bakery}"), after=company)
        assert f"#{c.to_bakery}" in plain(asked) and w.bakery in plain(asked)
        done = await c.company.wait(after=await _press(c.company, asked, "xwy"))
        assert f"#{c.to_bakery}" in plain(done) and w.bakery in plain(done)
        told = await c.baker.wait(after=baker)
        assert f"#{c.to_bakery}" in plain(told) and COMPANY in plain(told) and plain(told).startswith("✖️")
        assert await _status(db, Enquiry, c.to_bakery) == "cancelled"
        assert await _status(db, Enquiry, c.to_web) == "open"

        # 2. buttons only: /enquiries → the web school's enquiry → ✖️ Withdraw → ✖️ Yes
        company, webber = c.company.mark(), c.webber.mark()
        await c.company.send("/enquiries")
        listed = await c.company.wait(partial(_has, f"eo:{c.to_web}"), after=company)
        card = await c.company.wait(partial(_has, f"xw:{c.to_web}"), after=await _press(c.company, listed,
                                                                                       f"eo:{c.to_web}"))  # fmt: skip
        confirm = await c.company.wait(partial(_has, "xwy"), after=await _press(c.company, card, "xw"))
        await c.company.wait(after=await _press(c.company, confirm, "xwy"))
        told = await c.webber.wait(after=webber)
        assert f"#{c.to_web}" in plain(told) and COMPANY in plain(told)
        assert await _status(db, Enquiry, c.to_web) == "cancelled"

        # 3. typed: "cancel the order" → the reason, typed → the teacher hears why, the student that it is closed
        company, baker, student = c.company.mark(), c.baker.mark(), c.student.mark()
        await c.company.send(w.cancel_order)
        asked = await c.company.wait(partial(_has, f"oo:{c.order}"), after=company)  # with "Keep the order"
        assert f"#{c.order}" in plain(asked) and w.bakery in plain(asked)
        company = c.company.mark()
        await c.company.send(w.reason)
        assert f"#{c.order}" in plain(await c.company.wait(after=company))
        told = await c.baker.wait(after=baker)
        assert w.reason in plain(told) and f"#{c.order}" in plain(told) and COMPANY in plain(told)
        closed = await c.student.wait(after=student)
        assert plain(closed).startswith("✖️") and "Sourdough bread" in plain(closed) and w.reason not in plain(closed)
        async with db() as s:
            order = await s.get_one(Order, c.order)
            assert (order.status, order.cancel_reason) == ("cancelled", w.reason)

        for person, others in ((c.company, (c.baker, c.webber, c.student)), (c.baker, (c.company, c.student)),
                               (c.student, (c.company,)), (c.webber, (c.company,))):  # fmt: skip
            seen = person.everything_received()
            for other in others:
                if not (person is c.baker and other is c.student):  # a teacher may know their own student
                    assert other.name not in seen and f"user{other.user_id}" not in seen, (person.name, other.name)
