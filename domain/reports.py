"""Network reports for coordinators: activity per country, category or month over a period.

Why here and free of wording: the `vet2b stats` command and the coordinators' `/stats` in chat show the
same numbers, so both call :func:`build_report` and format the :class:`Report` themselves (CSV, chart,
message). Every figure is an SQL aggregate that reads the same on SQLite and PostgreSQL; the medians of
first-response times are taken in Python, as neither backend can be relied on for them (SQLite has no
percentile function).

What each figure means (judgement calls, said once here):

* rows belong to the *school's* country, and to the listing's category: a coordinator of Latvia sees what
  Latvian schools did, whoever the customer was (``countries`` restricts to those schools);
* active listings: listings active *now* and created before the period ended (no status history is kept);
  by month, a listing counts in every month from the one it was created in;
* enquiries, orders, ratings, students: created in the period (by month: in that month);
* completed orders: of the orders placed in the period, those completed by now — so the completion rate
  (completed / orders) never exceeds 100 % and a recent period reads low while work is still going on;
* first response: from an enquiry's creation to the school's first act on it — a relayed message from the
  school, accepting it (its order) or declining it (the ``enquiry.decline`` audit event; the enquiry's
  ``updated_at`` is no witness, since erasing the customer's account moves it). Enquiries the school has
  not answered yet are left out of the median and counted in ``unanswered``;
* students involved: distinct students given a task in the period (a task assignment created then); the
  total counts each student once, however many groups they appear in;
* average rating: the mean of the stars given in the period.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal, get_args

from sqlalchemy import ColumnElement, Select, String, and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from domain.models import (
    AuditEvent,
    Enquiry,
    Listing,
    ListingStatus,
    Order,
    OrderStatus,
    Organisation,
    RelayMessage,
    Review,
    Task,
    TaskAssignment,
)

Grouping = Literal["country", "category", "month", "school"]
GROUPINGS: tuple[Grouping, ...] = get_args(Grouping)
MAX_MONTHS = 60  # a longer period is no report anyone reads month by month


class utc_month(FunctionElement[str]):  # an SQL function, named like one
    """``YYYY-MM`` of a timestamp in UTC, the same text on both backends."""

    type = String()
    inherit_cache = True
    name = "utc_month"


@compiles(utc_month, "sqlite")
def _month_sqlite(element: utc_month, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite keeps timestamps as UTC text without a zone (domain/timeutil.py)
    return f"strftime('%Y-%m', {compiler.process(element.clauses, **kw)})"


@compiles(utc_month, "postgresql")
def _month_postgresql(element: utc_month, compiler: SQLCompiler, **kw: Any) -> str:
    return f"to_char({compiler.process(element.clauses, **kw)} AT TIME ZONE 'UTC', 'YYYY-MM')"


@dataclass(frozen=True)
class Period:
    """From ``since`` to ``until``, both days included, in UTC."""

    since: date
    until: date

    def __post_init__(self) -> None:
        if self.until < self.since:
            raise ValueError("the period ends before it starts")
        if len(self.months()) > MAX_MONTHS:
            raise ValueError(f"the period is longer than {MAX_MONTHS} months")

    @property
    def start(self) -> datetime:
        return datetime.combine(self.since, time(0), tzinfo=UTC)

    @property
    def end(self) -> datetime:
        """The first instant after the period."""
        return datetime.combine(self.until + timedelta(days=1), time(0), tzinfo=UTC)

    def months(self) -> list[str]:
        """Every month the period touches, as ``YYYY-MM``, in order."""
        found: list[str] = []
        year, month = self.since.year, self.since.month
        while (year, month) <= (self.until.year, self.until.month):
            found.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found


@dataclass(frozen=True)
class ReportRow:
    """The figures of one country, category, month or school (or of all of them: ``Report.total``)."""

    key: str
    active_listings: int = 0
    enquiries: int = 0
    orders: int = 0
    completed_orders: int = 0
    median_response_hours: float | None = None
    answered_enquiries: int = 0  # enquiries the median is taken over
    students: int = 0
    average_rating: float | None = None
    ratings: int = 0

    @property
    def completion_rate(self) -> float | None:
        """Completed / orders placed, 0..1; None without orders."""
        return self.completed_orders / self.orders if self.orders else None

    @property
    def unanswered(self) -> int:
        return self.enquiries - self.answered_enquiries


@dataclass(frozen=True)
class Report:
    period: Period
    by: Grouping
    countries: frozenset[str] | None  # None: every country
    rows: tuple[ReportRow, ...]
    total: ReportRow = field(default_factory=lambda: ReportRow(""))

    @property
    def empty(self) -> bool:
        return not (self.total.active_listings or self.total.enquiries or self.total.orders or self.total.ratings)


async def build_report(
    session: AsyncSession, period: Period, by: Grouping, countries: Iterable[str] | None = None
) -> Report:
    """The report of ``period`` grouped ``by`` country, category, month or school, for the schools of ``countries``
    (None: all). Who may see which countries is the caller's rule (a coordinator's scope)."""
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}")
    scope = None if countries is None else frozenset(c.upper() for c in countries)
    query = _Queries(session, period, by, scope)
    figures: dict[str, dict[str, Any]] = defaultdict(dict)
    totals: dict[str, Any] = {}
    for name, grouped, total in [
        ("active_listings", *await query.active_listings()),
        ("enquiries", *await query.enquiries()),
        ("orders", *await query.orders(completed=False)),
        ("completed_orders", *await query.orders(completed=True)),
        ("students", *await query.students()),
    ]:
        for key, value in grouped.items():
            figures[key][name] = value
        totals[name] = total
    responses, all_responses = await query.responses()
    for key, hours in responses.items():
        figures[key].update(median_response_hours=statistics.median(hours), answered_enquiries=len(hours))
    if all_responses:
        totals.update(median_response_hours=statistics.median(all_responses), answered_enquiries=len(all_responses))
    ratings, (stars, count) = await query.ratings()
    for key, (key_stars, key_count) in ratings.items():
        figures[key].update(average_rating=key_stars / key_count, ratings=key_count)
    if count:
        totals.update(average_rating=stars / count, ratings=count)
    if by == "month":
        keys = period.months()
    elif by == "school":  # the most active first: "which schools are the most active?"
        keys = sorted(figures, key=lambda k: (-figures[k].get("orders", 0), -figures[k].get("enquiries", 0), k))
    else:
        keys = sorted(figures)
    rows = tuple(ReportRow(key, **figures.get(key, {})) for key in keys)
    return Report(period, by, scope, rows, ReportRow("", **totals))


class _Queries:
    """The aggregates of one report; each returns (per group, over all groups)."""

    def __init__(self, session: AsyncSession, period: Period, by: Grouping, scope: frozenset[str] | None) -> None:
        self.session, self.period, self.by, self.scope = session, period, by, scope

    def _key(self, when: Any) -> ColumnElement[str]:
        if self.by == "country":
            return Organisation.country.expression
        if self.by == "category":
            return Listing.category.expression
        if self.by == "school":
            return Organisation.name.expression
        return utc_month(when)

    def _in_scope(self, query: Select[Any]) -> Select[Any]:
        """Joined to the listing's school; only the schools of the coordinator's countries."""
        query = query.join(Organisation, Organisation.id == Listing.organisation_id)
        return query.where(Organisation.country.in_(self.scope)) if self.scope is not None else query

    def _during(self, when: Any) -> ColumnElement[bool]:
        return and_(when >= self.period.start, when < self.period.end)

    async def _counts(self, query: Select[Any], key: ColumnElement[str]) -> tuple[dict[str, int], int]:
        rows = await self.session.execute(query.add_columns(key).group_by(key))
        grouped = {str(k): int(n or 0) for n, k in rows}
        return grouped, sum(grouped.values())

    async def active_listings(self) -> tuple[dict[str, int], int]:
        query = self._in_scope(
            select(func.count(Listing.id)).where(
                Listing.status == ListingStatus.active.value, Listing.created_at < self.period.end
            )
        )
        grouped, total = await self._counts(query, self._key(Listing.created_at))
        if self.by != "month":
            return grouped, total
        months = self.period.months()  # a listing counts from the month it was created in on
        running, by_month = sum(n for month, n in grouped.items() if month < months[0]), {}
        for month in months:
            running += grouped.get(month, 0)
            by_month[month] = running
        return by_month, total

    async def enquiries(self) -> tuple[dict[str, int], int]:
        query = self._in_scope(
            select(func.count(Enquiry.id))
            .select_from(Enquiry)
            .join(Listing, Listing.id == Enquiry.listing_id)
            .where(self._during(Enquiry.created_at))
        )
        return await self._counts(query, self._key(Enquiry.created_at))

    async def orders(self, *, completed: bool) -> tuple[dict[str, int], int]:
        counted = func.sum(case((Order.status == OrderStatus.completed.value, 1), else_=0)) if completed else (
            func.count(Order.id))  # fmt: skip
        query = self._in_scope(
            select(counted)
            .select_from(Order)
            .join(Enquiry, Enquiry.id == Order.enquiry_id)
            .join(Listing, Listing.id == Enquiry.listing_id)
            .where(self._during(Order.created_at))
        )
        return await self._counts(query, self._key(Order.created_at))

    async def students(self) -> tuple[dict[str, int], int]:
        """Distinct students per group, and distinct over all (one student may work in several groups)."""
        base = self._in_scope(
            select(func.count(TaskAssignment.student_id.distinct()))
            .select_from(TaskAssignment)
            .join(Task, Task.id == TaskAssignment.task_id)
            .join(Order, Order.id == Task.order_id)
            .join(Enquiry, Enquiry.id == Order.enquiry_id)
            .join(Listing, Listing.id == Enquiry.listing_id)
            .where(self._during(TaskAssignment.created_at))
        )
        grouped, _ = await self._counts(base, self._key(TaskAssignment.created_at))
        return grouped, int(await self.session.scalar(base) or 0)

    async def responses(self) -> tuple[dict[str, list[float]], list[float]]:
        """Hours from each enquiry of the period to the school's first act on it, per group and in all."""
        first_relay = (
            select(RelayMessage.enquiry_id.label("enquiry_id"), func.min(RelayMessage.created_at).label("at"))
            .join(Enquiry, Enquiry.id == RelayMessage.enquiry_id)
            .where(RelayMessage.sender_organisation_id == Enquiry.to_organisation_id)
            .group_by(RelayMessage.enquiry_id)
            .subquery()
        )
        declined = (
            select(AuditEvent.subject_id.label("enquiry_id"), func.min(AuditEvent.at).label("at"))
            .where(AuditEvent.action == "enquiry.decline", AuditEvent.subject_type == "enquiry")
            .group_by(AuditEvent.subject_id)
            .subquery()
        )
        key = self._key(Enquiry.created_at)
        query = self._in_scope(
            select(key, Enquiry.created_at, first_relay.c.at, Order.created_at, declined.c.at)
            .select_from(Enquiry)
            .join(Listing, Listing.id == Enquiry.listing_id)
            .outerjoin(first_relay, first_relay.c.enquiry_id == Enquiry.id)
            .outerjoin(Order, Order.enquiry_id == Enquiry.id)
            .outerjoin(declined, declined.c.enquiry_id == Enquiry.id)
            .where(self._during(Enquiry.created_at))
        )
        grouped: dict[str, list[float]] = defaultdict(list)
        every: list[float] = []
        for group, created, *answers in await self.session.execute(query):
            times = [_utc(a) for a in answers if a is not None]
            if not times:
                continue
            hours = max(0.0, (min(times) - _utc(created)).total_seconds() / 3600)
            grouped[str(group)].append(hours)
            every.append(hours)
        return dict(grouped), every

    async def ratings(self) -> tuple[dict[str, tuple[int, int]], tuple[int, int]]:
        """(sum of stars, number of ratings) per group and in all: the mean is taken in Python, so both
        backends give the same float (PostgreSQL's avg is a numeric, SQLite's a double)."""
        query = self._in_scope(
            select(func.sum(Review.rating), func.count(Review.id))
            .select_from(Review)
            .join(Listing, Listing.id == Review.listing_id)
            .where(self._during(Review.created_at))
        )
        key = self._key(Review.created_at)
        grouped = {
            str(k): (int(stars or 0), int(n)) for stars, n, k in await self.session.execute(
                query.add_columns(key).group_by(key)) if n
        }  # fmt: skip
        return grouped, (sum(s for s, _ in grouped.values()), sum(n for _, n in grouped.values()))


def _utc(value: datetime | str) -> datetime:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value  # SQLite through a subquery: text
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
