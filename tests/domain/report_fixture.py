"""A small network with dated activity whose report figures are worked out by hand (tests/domain/test_reports.py).

Period: 2026-01-01 .. 2026-03-31. Schools: LT (listings L1 bakery, L2 web design, L5 bakery created after the
period) and LV (L3 bakery, L4 catering, paused). One customer company.

| enquiry | listing | created | school's first act | order (created, status) |
|---|---|---|---|---|
| E5 | L1 | 2025-12-20 (before) | accepted 2026-01-02 | O0 2026-01-02 completed |
| E1 | L1 | 2026-01-15 10:00 | relay 12:00 (2 h; accepted next day) | O1 2026-01-16 completed |
| E7 | L4 | 2026-01-05 00:00 | accepted 04:00 (4 h) | O4 2026-01-05 completed |
| E2 | L1 | 2026-02-01 08:00 | customer relay 09:00 (not the school); declined 14:00 (6 h) | — |
| E3 | L3 | 2026-02-10 00:00 | accepted next day (24 h) | O2 2026-02-11 in progress |
| E6 | L3 | 2026-03-01 00:00 | relay 10:00 (10 h) | O3 2026-03-02 cancelled |
| E4 | L2 | 2026-03-20 00:00 | none | — |

Students given tasks: A (O0 on 2026-01-03; O1 on 2026-01-17), B (O1 on 2026-01-17), C (O4 on 2026-01-06; O2 on
2026-02-12), D (O2 on 2026-02-12). Ratings: O0 ★5 on 2026-01-10, O4 ★2 on 2026-01-08, O1 ★4 on 2026-02-01.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from domain.models import (
    AuditEvent,
    Enquiry,
    Listing,
    Order,
    Organisation,
    Person,
    RelayMessage,
    Review,
    Task,
    TaskAssignment,
)
from domain.reports import Period

PERIOD = Period(date(2026, 1, 1), date(2026, 3, 31))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


async def build_report_world(s: AsyncSession) -> None:
    def add(row: object) -> object:
        s.add(row)
        return row

    lt = Organisation(slug="lt-school", kind="school", name="LT school", country="LT", city="Vilnius", languages=[])
    lv = Organisation(slug="lv-school", kind="school", name="LV school", country="LV", city="Rīga", languages=[])
    company = Organisation(slug="company", kind="company", name="Company", country="LT", city="Kaunas", languages=[])
    s.add_all([lt, lv, company])
    people = {name: Person(display_name=name) for name in ("buyer", "teacher", "A", "B", "C", "D")}
    s.add_all(people.values())
    await s.flush()

    def listing(slug: str, school: Organisation, category: str, created: str, status: str = "active") -> Listing:
        return Listing(slug=slug, organisation_id=school.id, language="en", title=slug, description="",
                       category=category, status=status, created_at=at(created))  # fmt: skip

    listings = {
        "L1": listing("L1", lt, "bakery", "2026-01-10T00:00"),
        "L2": listing("L2", lt, "web_design", "2026-03-05T00:00"),
        "L3": listing("L3", lv, "bakery", "2025-12-01T00:00"),
        "L4": listing("L4", lv, "catering", "2026-01-01T00:00", status="paused"),
        "L5": listing("L5", lt, "bakery", "2026-05-01T00:00"),
    }
    s.add_all(listings.values())
    await s.flush()

    def enquiry(name: str, created: str, status: str) -> Enquiry:
        item = listings[name]
        return Enquiry(listing_id=item.id, from_organisation_id=company.id, from_person_id=people["buyer"].id,
                       to_organisation_id=item.organisation_id, status=status, created_at=at(created))  # fmt: skip

    enquiries = {
        "E5": enquiry("L1", "2025-12-20T09:00", "accepted"),
        "E1": enquiry("L1", "2026-01-15T10:00", "accepted"),
        "E7": enquiry("L4", "2026-01-05T00:00", "accepted"),
        "E2": enquiry("L1", "2026-02-01T08:00", "declined"),
        "E3": enquiry("L3", "2026-02-10T00:00", "accepted"),
        "E6": enquiry("L3", "2026-03-01T00:00", "accepted"),
        "E4": enquiry("L2", "2026-03-20T00:00", "open"),
    }
    s.add_all(enquiries.values())
    await s.flush()

    def relay(name: str, when: str, *, school: bool) -> None:
        e = enquiries[name]
        add(RelayMessage(enquiry_id=e.id, sender_organisation_id=e.to_organisation_id if school else company.id,
                         sender_role="teacher" if school else "admin", text="hello", created_at=at(when)))  # fmt: skip

    relay("E1", "2026-01-15T12:00", school=True)
    relay("E1", "2026-01-15T11:00", school=False)  # the customer's own message is no answer
    relay("E2", "2026-02-01T09:00", school=False)
    relay("E6", "2026-03-01T10:00", school=True)
    relay("E6", "2026-03-01T20:00", school=True)
    add(AuditEvent(action="enquiry.decline", subject_type="enquiry", subject_id=enquiries["E2"].id,
                   at=at("2026-02-01T14:00")))  # fmt: skip

    def order(name: str, created: str, status: str) -> Order:
        e = enquiries[name]
        return Order(enquiry_id=e.id, school_id=e.to_organisation_id, customer_id=company.id, status=status,
                     created_at=at(created))  # fmt: skip

    orders = {
        "O0": order("E5", "2026-01-02T00:00", "completed"),
        "O1": order("E1", "2026-01-16T10:00", "completed"),
        "O4": order("E7", "2026-01-05T04:00", "completed"),
        "O2": order("E3", "2026-02-11T00:00", "in_progress"),
        "O3": order("E6", "2026-03-02T00:00", "cancelled"),
    }
    s.add_all(orders.values())
    await s.flush()

    for name, when, students in [
        ("O0", "2026-01-03T00:00", ["A"]),
        ("O1", "2026-01-17T00:00", ["A", "B"]),
        ("O4", "2026-01-06T00:00", ["C"]),
        ("O2", "2026-02-12T00:00", ["C", "D"]),
    ]:
        task = Task(order_id=orders[name].id, title="work", created_at=at(when))
        s.add(task)
        await s.flush()
        for student in students:
            add(TaskAssignment(task_id=task.id, student_id=people[student].id, created_at=at(when)))

    for name, stars, when in [("O0", 5, "2026-01-10T00:00"), ("O4", 2, "2026-01-08T00:00"),
                              ("O1", 4, "2026-02-01T00:00")]:  # fmt: skip
        o = orders[name]
        listing_id = (await s.get(Enquiry, o.enquiry_id)).listing_id  # type: ignore[union-attr]
        add(Review(order_id=o.id, listing_id=listing_id, author_organisation_id=company.id, rating=stars,
                   created_at=at(when)))  # fmt: skip
    await s.flush()
