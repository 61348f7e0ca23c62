"""The whole journey: a company enquires, the school accepts, students do the work, the company rates it."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import enquiries, listings, orders, task_reminders, tasks
from domain.db import transaction
from domain.models import OutboxMessage, Person, TaskMessage
from domain.timeutil import as_utc, utcnow
from tests.domain.factories import World, outbox_rows


def _kinds_to(rows: list[OutboxMessage], recipient: int) -> list[str]:
    return [r.kind for r in rows if r.recipient_id == recipient]


async def test_whole_lifecycle(db: async_sessionmaker[AsyncSession], world: World) -> None:
    w = world
    # 1. the company enquires; both teachers/admins of school A get an outbox row
    async with transaction(db) as s:
        enq = await enquiries.create_enquiry(
            s, w.owner_c, w.listing_a.id, quantity=40, needed_by=utcnow().date() + timedelta(days=10),
            message="40 cupcakes for our opening",
        )  # fmt: skip
    assert enq.side == "customer" and enq.status == "open" and enq.from_organisation_name == "Cafe Centras"
    received = await outbox_rows(db, "enquiry_received")
    assert sorted(r.recipient_id for r in received) == sorted([w.admin_a.id, w.teacher_a.id])
    assert all(r.payload == {"enquiry_id": enq.id} for r in received)

    # 2. relay both ways
    async with transaction(db) as s:
        to_school = await enquiries.relay_message(s, w.owner_c, enq.id, "  Can they be gluten free? ")
    assert to_school.text == "Can they be gluten free?" and to_school.side == "customer"
    assert to_school.sender_organisation_name == "Cafe Centras" and to_school.sender_role == "admin"
    async with transaction(db) as s:
        to_company = await enquiries.relay_message(s, w.teacher_a, enq.id, "Yes, 2 EUR each")
    assert to_company.side == "school" and to_company.sender_role == "teacher"
    relays = await outbox_rows(db, "relay_message")
    assert {(r.recipient_id, r.payload["relay_id"]) for r in relays} == {
        (w.admin_a.id, to_school.id), (w.teacher_a.id, to_school.id), (w.owner_c.id, to_company.id),
    }  # fmt: skip
    async with transaction(db) as s:
        seen = await enquiries.enquiry_view(s, w.member_c, enq.id)
    assert [m.text for m in seen.last_messages] == ["Can they be gluten free?", "Yes, 2 EUR each"]

    # 3. accept: an order; the company hears it
    async with transaction(db) as s:
        order = await enquiries.accept_enquiry(s, w.teacher_a, enq.id)
    assert order.status == "in_progress" and order.side == "school" and order.customer_name == "Cafe Centras"
    accepted = await outbox_rows(db, "enquiry_accepted")
    assert [(r.recipient_id, r.payload["enquiry_id"]) for r in accepted] == [(w.owner_c.id, enq.id)]
    # after acceptance, the customer's messages go to the accepting teacher only
    async with transaction(db) as s:
        later = await enquiries.relay_message(s, w.member_c, enq.id, "Thanks!")
    assert [r.recipient_id for r in await outbox_rows(db) if r.payload.get("relay_id") == later.id] == [w.teacher_a.id]

    # 4. two tasks, assigned to two students; reminders 24 h before the due time
    due = utcnow() + timedelta(days=3)
    async with transaction(db) as s:
        bake = await orders.add_task(s, w.teacher_a, order.id, "Bake 40 cupcakes", due)
        pack = await orders.add_task(s, w.teacher_a, order.id, "Pack and label", None)
        students = await orders.school_students(s, w.teacher_a, w.school_a.id)
        ids = [st.id for st in students]
        assert sorted(ids) == sorted([w.student_a1.id, w.student_a2.id])
        bake = await orders.assign_task(s, w.teacher_a, bake.id, ids)
        pack = await orders.assign_task(s, w.teacher_a, pack.id, [w.student_a1.id])
        again = await orders.assign_task(s, w.teacher_a, pack.id, [w.student_a1.id])  # idempotent
    assert len(bake.assignments) == 2 and len(again.assignments) == 1
    assert {a.student_name for a in bake.assignments} == {"Student A1", "Student A2"}
    assigned = await outbox_rows(db, "task_assigned")
    assert len(assigned) == 3 and all(r.escalate_to_id == w.teacher_a.id for r in assigned)
    assert await outbox_rows(db, "task_reminder") == []  # the scan writes them when their time comes:
    async with transaction(db) as s:
        await task_reminders.scan(s, as_utc(due) - timedelta(hours=23))
    reminders = await outbox_rows(db, "task_reminder")
    assert len(reminders) == 2  # only the task with a due time, one for each of its students
    for r in reminders:
        assert r.dedupe_key.startswith(f"task_reminder:{r.payload['assignment_id']}.")
        assert r.dedupe_key.endswith(f":{int(as_utc(due).timestamp())}:24h")
        assert r.escalate_to_id == w.teacher_a.id and r.payload["before"] == "24h"

    # 5. students see, acknowledge and finish their tasks
    async with transaction(db) as s:
        mine = await tasks.my_tasks(s, w.student_a1)
        assert [t.title for t in mine] == ["Bake 40 cupcakes", "Pack and label"]
        assert mine[0].customer_name == "Cafe Centras" and mine[0].listing_title == "Birthday cakes"
        await tasks.acknowledge_task(s, w.student_a1, mine[0].assignment_id)
        await tasks.ask_about_task(s, w.student_a1, mine[0].assignment_id, "Which icing?")
        for t in mine:
            await tasks.mark_task_done(s, w.student_a1, t.assignment_id)
        other = (await tasks.my_tasks(s, w.student_a2))[0]
        half = await orders.order_view(s, w.owner_c, order.id)
        assert (half.done_count, half.total_count) == (1, 2)  # "pack" done, "bake" waits for student 2
        await tasks.mark_task_done(s, w.student_a2, other.assignment_id)
        assert await tasks.my_tasks(s, w.student_a1) == []
        assert len(await tasks.my_tasks(s, w.student_a1, include_done=True)) == 2
    done = await outbox_rows(db, "task_done")
    assert {r.recipient_id for r in done} == {w.teacher_a.id} and len(done) == 3
    question = (await outbox_rows(db, "task_question"))[0]
    assert question.recipient_id == w.teacher_a.id and "text" not in question.payload  # the words are stored:
    async with transaction(db) as s:
        stored = await s.get(TaskMessage, question.payload["message_id"])
    assert stored is not None and (stored.text, stored.sender_role) == ("Which icing?", "student")

    # 6. the company sees progress without student names
    async with transaction(db) as s:
        seen_order = await orders.order_view(s, w.owner_c, order.id)
    assert seen_order.side == "customer" and (seen_order.done_count, seen_order.total_count) == (2, 2)
    assert all(a.student_name is None and a.student_id is None for t in seen_order.tasks for a in t.assignments)

    # 7. complete: the company and both students hear it; pending reminders are skipped
    async with transaction(db) as s:
        completed = await orders.complete_order(s, w.teacher_a, order.id)
    assert completed.status == "completed" and completed.completed_at is not None
    finished = await outbox_rows(db, "order_completed")
    assert sorted(r.recipient_id for r in finished) == sorted([w.owner_c.id, w.student_a1.id, w.student_a2.id])
    assert all(
        r.status == "sent" and r.last_error.startswith("skipped") for r in await outbox_rows(db, "task_reminder")
    )

    # 8. rate; the review shows on the listing, attributed to the organisation
    async with transaction(db) as s:
        review = await orders.rate_order(s, w.member_c, order.id, 5, "Delicious")
    assert review.author_organisation_name == "Cafe Centras"
    assert [r.recipient_id for r in await outbox_rows(db, "review_received")] == sorted([w.admin_a.id, w.teacher_a.id])
    async with transaction(db) as s:
        card = await listings.listing_view(s, w.listing_a.id)
        lists = await enquiries.enquiries_for(s, w.teacher_a), await enquiries.enquiries_for(s, w.owner_c)
        mine_orders = await orders.orders_for(s, w.owner_c)
    assert card.rating_avg == 5.0 and card.rating_count == 1
    assert [(r.rating, r.comment, r.author_organisation_name) for r in card.recent_reviews] == [
        (5, "Delicious", "Cafe Centras")
    ]
    assert [e.side for e in lists[0]] == ["school"] and [e.side for e in lists[1]] == ["customer"]
    assert lists[1][0].order_status == "completed" and mine_orders[0].review is not None

    # no payload anywhere carries a Telegram id, a display name or a username
    await _assert_payloads_anonymous(db)


async def _assert_payloads_anonymous(db: async_sessionmaker[AsyncSession]) -> None:
    async with transaction(db) as s:
        people = list(await s.scalars(select(Person)))
        rows = list(await s.scalars(select(OutboxMessage)))
    assert rows
    allowed_keys = {"enquiry_id", "order_id", "relay_id", "assignment_id", "review_id", "message_id", "due", "before"}
    for row in rows:
        assert set(row.payload) <= allowed_keys, row.payload
        blob = json.dumps(row.payload)
        for p in people:
            assert p.display_name not in blob
            assert str(p.telegram_id) not in blob


async def test_declined_enquiry_is_closed(db: async_sessionmaker[AsyncSession], world: World) -> None:
    w = world
    async with transaction(db) as s:
        enq = await enquiries.create_enquiry(s, w.member_d, w.listing_a.id, quantity=None, needed_by=None, message="")
        declined = await enquiries.decline_enquiry(s, w.admin_a, enq.id, "  fully booked  ")
    assert declined.status == "declined" and declined.decline_reason == "fully booked"
    assert [r.recipient_id for r in await outbox_rows(db, "enquiry_declined")] == [w.member_d.id]
    for call in (
        lambda s: enquiries.relay_message(s, w.member_d, enq.id, "why?"),
        lambda s: enquiries.accept_enquiry(s, w.admin_a, enq.id),
        lambda s: enquiries.decline_enquiry(s, w.admin_a, enq.id),
    ):
        async with transaction(db) as s:
            try:
                await call(s)
            except Exception as exc:
                assert getattr(exc, "code", None) == "enquiry_closed"
            else:
                raise AssertionError("closed enquiry accepted an action")


async def test_school_to_school_enquiry(db: async_sessionmaker[AsyncSession], world: World) -> None:
    w = world
    async with transaction(db) as s:
        enq = await enquiries.create_enquiry(s, w.teacher_b, w.listing_a.id, quantity=2, needed_by=None, message="hi")
        reply = await enquiries.relay_message(s, w.teacher_a, enq.id, "hello Riga")
    assert enq.from_organisation_id == w.school_b.id and reply.side == "school"
    assert [r.recipient_id for r in await outbox_rows(db, "relay_message")] == [w.teacher_b.id]
