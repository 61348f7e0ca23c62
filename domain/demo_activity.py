"""Invented marketplace activity on the demo catalogue, so that reports (domain/reports.py) have something to show.

`vet2b demo activity` writes, over the last few months, what the bot itself would have written had people
used it: teachers and students joining the demo schools, a buyer per company, enquiries with the school's
answers (relayed messages, acceptances, declines with their audit events), orders split into tasks for
students, completions, cancellations and ratings. Rows are written directly with their past timestamps —
the services stamp "now" and refuse dates in the past — and nobody is notified: the people have no
Telegram account (``telegram_id`` is empty), so nothing can reach a real chat.

Why seeded randomness with a shape: a chart of uniform noise teaches nothing. Schools of each country
answer at their own pace (a median of a few hours to a day), some categories are asked for more, activity
grows month by month, and the last weeks' orders are still in progress — so a report looks like one.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.models import (
    AssignmentStatus,
    AuditEvent,
    Enquiry,
    EnquiryStatus,
    Listing,
    ListingStatus,
    Membership,
    Order,
    OrderStatus,
    Organisation,
    OrgKind,
    Person,
    RelayMessage,
    Review,
    Role,
    Task,
    TaskAssignment,
    TaskStatus,
)
from domain.timeutil import as_utc, utcnow

COUNTRY_LANGUAGE = {"LT": "lt", "LV": "lv", "PL": "pl", "IT": "it", "PT": "pt"}
# How each country's schools answer: (median hours to the first answer, share of enquiries ever answered)
COUNTRY_PACE = {"LT": (3.0, 0.95), "LV": (6.0, 0.9), "PL": (10.0, 0.88), "IT": (20.0, 0.8), "PT": (8.0, 0.9)}
POPULAR = {"catering": 2.0, "bakery": 1.8, "web_design": 1.5, "car_service": 1.4, "events_tourism": 1.3,
           "marketing": 1.2, "3d_printing": 1.1}  # fmt: skip
ENQUIRIES_PER_LISTING_MONTH = 0.3


class ActivityExists(Exception):
    """The database already has enquiries: invented ones would mix with them."""


@dataclass
class ActivitySummary:
    since: date
    until: date
    people: int = 0
    enquiries: int = 0
    orders: int = 0
    completed: int = 0
    reviews: int = 0
    by_status: dict[str, int] = field(default_factory=dict)


@dataclass
class _School:
    org: Organisation
    teachers: list[Person]
    students: list[Person]


def months_back(today: date, months: int) -> date:
    """The first day of the month ``months - 1`` months before ``today``'s."""
    index = today.year * 12 + today.month - 1 - (months - 1)
    return date(index // 12, index % 12 + 1, 1)


async def generate_activity(
    session: AsyncSession, *, months: int = 6, seed: int = 13, now: datetime | None = None
) -> ActivitySummary:
    """Invent ``months`` months of activity ending at ``now`` on the catalogue in the database (demo load)."""
    if await session.scalar(select(func.count(Enquiry.id))):
        raise ActivityExists("the database already has enquiries")
    now = as_utc(now or utcnow())
    rng = random.Random(seed)
    start = datetime.combine(months_back(now.date(), months), datetime.min.time(), tzinfo=UTC)
    summary = ActivitySummary(start.date(), now.date())
    orgs = list(await session.scalars(select(Organisation).order_by(Organisation.id)))
    schools = [o for o in orgs if o.kind == OrgKind.school.value]
    companies = [o for o in orgs if o.kind == OrgKind.company.value]
    if not schools or not companies:
        raise ValueError("no demo catalogue: run 'vet2b demo load' first")
    staff = {s.id: await _staff(session, rng, s) for s in schools}
    buyers = [await _person(session, f"Demo buyer {c.name}", c, Role.admin, "en") for c in companies]
    summary.people = sum(len(s.teachers) + len(s.students) for s in staff.values()) + len(buyers)
    listings = list(await session.scalars(
        select(Listing).where(Listing.status == ListingStatus.active.value).order_by(Listing.id)))  # fmt: skip
    span = (now - start).total_seconds()
    for item in listings:  # the catalogue grew over the period: most offers were there from the start
        item.created_at = start - timedelta(days=rng.randint(1, 90)) if rng.random() < 0.7 else (
            start + timedelta(seconds=rng.random() * span * 0.6))  # fmt: skip
    await session.flush()
    country = {s.id: s.country for s in schools}
    for item in listings:
        school = staff[item.organisation_id]
        rate = ENQUIRIES_PER_LISTING_MONTH * POPULAR.get(item.category, 0.8)
        moment = max(as_utc(item.created_at), start)
        while True:
            growth = 0.6 + 0.8 * (moment - start).total_seconds() / span  # busier towards the end
            moment += timedelta(days=rng.expovariate(rate * growth / 30.0))
            if moment >= now:
                break
            buyer_index = rng.randrange(len(companies))
            await _enquiry(session, rng, summary, item, school, companies[buyer_index], buyers[buyer_index],
                           country[item.organisation_id], moment, now)  # fmt: skip
    return summary


async def _person(session: AsyncSession, name: str, org: Organisation, role: Role, language: str) -> Person:
    person = Person(display_name=name, language=language)
    session.add(person)
    await session.flush()
    session.add(Membership(person_id=person.id, organisation_id=org.id, role=role.value))
    return person


async def _staff(session: AsyncSession, rng: random.Random, school: Organisation) -> _School:
    language = COUNTRY_LANGUAGE.get(school.country, "en")
    teachers = [await _person(session, f"Demo teacher {i + 1}", school, Role.teacher, language) for i in range(2)]
    students = [await _person(session, f"Demo student {i + 1}", school, Role.student, language)
                for i in range(rng.randint(5, 12))]  # fmt: skip
    return _School(school, teachers, students)


async def _enquiry(
    session: AsyncSession,
    rng: random.Random,
    summary: ActivitySummary,
    item: Listing,
    school: _School,
    company: Organisation,
    buyer: Person,
    country: str,
    created: datetime,
    now: datetime,
) -> None:
    enquiry = Enquiry(listing_id=item.id, from_organisation_id=company.id, from_person_id=buyer.id,
                      to_organisation_id=school.org.id, quantity=rng.randint(1, 60), message="Demo enquiry",
                      status=EnquiryStatus.open.value, created_at=created, updated_at=created)  # fmt: skip
    session.add(enquiry)
    await session.flush()
    summary.enquiries += 1
    median, answered = COUNTRY_PACE.get(country, (8.0, 0.9))
    teacher = rng.choice(school.teachers)
    answer_at = created + timedelta(hours=median * math.exp(rng.gauss(0, 0.8)))
    if rng.random() > answered or answer_at >= now:
        summary.by_status["open"] = summary.by_status.get("open", 0) + 1
        return
    talk = rng.random() < 0.6  # most answers start with a question or a "yes, we can"
    if talk:
        session.add(RelayMessage(enquiry_id=enquiry.id, sender_person_id=teacher.id,
                                 sender_organisation_id=school.org.id, sender_role=Role.teacher.value,
                                 text="Demo answer", created_at=answer_at))  # fmt: skip
        answer_at += timedelta(hours=rng.uniform(1, 48))
    outcome = rng.random()
    if talk and (outcome < 0.2 or answer_at >= now):  # still talking
        summary.by_status["open"] = summary.by_status.get("open", 0) + 1
        return
    if outcome < 0.75:
        await _order(session, rng, summary, enquiry, item, school, teacher, answer_at, now)
        return
    enquiry.status, enquiry.updated_at = EnquiryStatus.declined.value, answer_at
    session.add(AuditEvent(at=answer_at, actor_id=teacher.id, action="enquiry.decline", subject_type="enquiry",
                           subject_id=enquiry.id, details={}))  # fmt: skip
    summary.by_status["declined"] = summary.by_status.get("declined", 0) + 1


async def _order(
    session: AsyncSession,
    rng: random.Random,
    summary: ActivitySummary,
    enquiry: Enquiry,
    item: Listing,
    school: _School,
    teacher: Person,
    accepted: datetime,
    now: datetime,
) -> None:
    enquiry.status, enquiry.updated_at = EnquiryStatus.accepted.value, accepted
    order = Order(enquiry_id=enquiry.id, school_id=school.org.id, customer_id=enquiry.from_organisation_id,
                  accepted_by_id=teacher.id, status=OrderStatus.in_progress.value, created_at=accepted)  # fmt: skip
    session.add(order)
    await session.flush()
    session.add(AuditEvent(at=accepted, actor_id=teacher.id, action="enquiry.accept", subject_type="enquiry",
                           subject_id=enquiry.id, details={"order_id": order.id}))  # fmt: skip
    summary.orders += 1
    finish = accepted + timedelta(days=rng.uniform(5, 30))
    outcome = rng.random()
    done = finish < now and outcome < 0.88
    cancelled = finish < now and outcome >= 0.88
    for number in range(rng.randint(1, 3)):
        given = accepted + timedelta(hours=rng.uniform(2, 72))
        if given >= now:
            break
        task = Task(order_id=order.id, title=f"Demo task {number + 1}", due_at=finish, created_at=given,
                    status=TaskStatus.done.value if done else TaskStatus.open.value)  # fmt: skip
        session.add(task)
        await session.flush()
        for student in rng.sample(school.students, k=min(len(school.students), rng.randint(1, 3))):
            session.add(TaskAssignment(task_id=task.id, student_id=student.id, assigned_by_id=teacher.id,
                                       created_at=given, status=AssignmentStatus.done.value if done else
                                       AssignmentStatus.assigned.value, done_at=finish if done else None))  # fmt: skip
    if cancelled:
        order.status, order.cancelled_at = OrderStatus.cancelled.value, finish
        order.cancel_reason, order.cancelled_by_organisation_id = "Demo cancellation", enquiry.from_organisation_id
    if not done:
        return
    order.status, order.completed_at = OrderStatus.completed.value, finish
    summary.completed += 1
    rated = finish + timedelta(days=rng.uniform(0.2, 6))
    if rated < now and rng.random() < 0.75:
        stars = min(5, max(1, round(rng.gauss(4.3, 0.8))))
        session.add(Review(order_id=order.id, listing_id=item.id, author_organisation_id=enquiry.from_organisation_id,
                           author_person_id=enquiry.from_person_id, rating=stars, created_at=rated))  # fmt: skip
        summary.reviews += 1
