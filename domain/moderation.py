"""Moderation: anyone may report a listing; coordinators of its country hide, restore or dismiss.

Why these rules:
* one report per (listing, person): a repeat report by the same person counts once, so one annoyed
  reader cannot make a listing look widely disliked (the unique constraint says so to the database too);
* coordinators are told through the outbox with the listing and the reason, never who reported it;
* every action re-checks the actor's coordinator scope here (button data can be forged, a coordinator of
  Latvia must not hide a Portuguese listing) and writes an audit event;
* hiding is not the school's status: ``Listing.hidden_at`` keeps the listing out of search and closed to
  enquiries whatever the school sets, and a catalogue re-import cannot bring it back. The school's staff
  are told why, and told again when it is restored.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain import ratelimit
from domain.coordinators import CoordinatorScope, coordinators_of, require_coordinator
from domain.errors import Invalid, NotFound
from domain.limits import MODERATION_NOTE_MAX, REPORT_REASON_MAX
from domain.models import Listing, ListingReport, ListingStatus, Organisation, Person, ReportStatus
from domain.roles import load_actor, reachable, teachers_of
from domain.rules import audit, notify
from domain.text_input import checked_text
from domain.timeutil import utcnow

# Reasons a reporter can pick (the bot words them in the reader's language); anything else is typed.
REPORT_REASONS = ("misleading", "not_student_work", "offensive", "spam")
REPORT_WINDOWS = ((ratelimit.HOUR, 10), (ratelimit.DAY, 30))
QUEUE_MAX = 20
OPEN = ReportStatus.open.value


@dataclass(frozen=True)
class ReportOutcome:
    """``new`` is False when this person had already reported the listing (nothing changed, nobody told)."""

    report_id: int
    listing_id: int
    listing_title: str
    new: bool
    coordinators_told: int


async def _listing(session: AsyncSession, listing_id: int, *, lock: bool = False) -> tuple[Listing, Organisation]:
    listing = await session.get(Listing, listing_id, with_for_update=lock or None, populate_existing=True)
    if listing is None:
        raise NotFound("listing_not_found")
    org = await session.get(Organisation, listing.organisation_id)
    if org is None:
        raise NotFound("organisation_not_found")
    return listing, org


def _reason(reason_code: str | None, reason: str | None) -> tuple[str | None, str | None]:
    if reason_code is not None:
        if reason_code not in REPORT_REASONS:
            raise Invalid("bad_reason", reason_code)
        return reason_code, None
    return None, checked_text(reason, REPORT_REASON_MAX)


async def report_listing(
    session: AsyncSession, actor: Person, listing_id: int, *, reason_code: str | None = None, reason: str | None = None
) -> ReportOutcome:
    """Ask the coordinators of the listing's country to look at it, for a picked or a typed reason."""
    person = await load_actor(session, actor)
    listing, org = await _listing(session, listing_id)
    if listing.status != ListingStatus.active.value or listing.hidden_at is not None:
        raise Invalid("listing_not_active")
    existing = await session.scalar(
        select(ListingReport).where(ListingReport.listing_id == listing.id, ListingReport.reporter_id == person.id)
    )
    if existing is not None:
        return ReportOutcome(existing.id, listing.id, listing.title, new=False, coordinators_told=0)
    code, text = _reason(reason_code, reason)
    await ratelimit.check(session, person.id, ListingReport.created_at, [ListingReport.reporter_id == person.id],
                          REPORT_WINDOWS)  # fmt: skip
    report = ListingReport(listing_id=listing.id, reporter_id=person.id, reason_code=code, reason=text)
    session.add(report)
    await session.flush()
    audit(session, person.id, "listing.report", "listing", listing.id, report_id=report.id, reason_code=code,
          country=org.country)  # fmt: skip
    told = await notify(session, await coordinators_of(session, org.country), "listing_reported",
                        {"report_id": report.id}, exclude=person.id)  # fmt: skip
    return ReportOutcome(report.id, listing.id, listing.title, new=True, coordinators_told=len(told))


@dataclass(frozen=True)
class ReportedListing:
    """A listing as a coordinator sees it in a report or the queue: no reporter is ever named."""

    listing_id: int
    title: str
    organisation_id: int
    organisation_name: str
    country: str
    city: str
    hidden: bool
    open_reports: int  # distinct people whose reports wait for a decision
    reason_code: str | None  # of the report asked about, or the newest open one
    reason: str | None
    report_id: int | None
    report_status: str | None


async def _open_count(session: AsyncSession, listing_id: int) -> int:
    count = await session.scalar(
        select(func.count(ListingReport.id)).where(ListingReport.listing_id == listing_id, ListingReport.status == OPEN)
    )
    return int(count or 0)


async def _view(
    session: AsyncSession, listing: Listing, org: Organisation, report: ListingReport | None
) -> ReportedListing:
    return ReportedListing(
        listing.id, listing.title, org.id, org.name, org.country, org.city, listing.hidden_at is not None,
        await _open_count(session, listing.id), report.reason_code if report else None,
        report.reason if report else None, report.id if report else None, report.status if report else None,
    )  # fmt: skip


async def report_view(session: AsyncSession, actor: Person, report_id: int) -> ReportedListing:
    """One report for a coordinator of the listing's country (Forbidden for anyone else)."""
    person = await load_actor(session, actor)
    report = await session.get(ListingReport, report_id, populate_existing=True)
    if report is None:
        raise NotFound("report_not_found")
    listing, org = await _listing(session, report.listing_id)
    await require_coordinator(session, person.id, org.country)
    return await _view(session, listing, org, report)


async def _newest_open(session: AsyncSession, listing_id: int) -> ListingReport | None:
    found: ListingReport | None = await session.scalar(
        select(ListingReport)
        .where(ListingReport.listing_id == listing_id, ListingReport.status == OPEN)
        .order_by(ListingReport.id.desc())
        .limit(1)
    )
    return found


async def _resolve(session: AsyncSession, listing_id: int, status: str, by: int) -> int:
    result = await session.execute(
        update(ListingReport)
        .where(ListingReport.listing_id == listing_id, ListingReport.status == OPEN)
        .values(status=status, resolved_at=utcnow(), resolved_by_id=by)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ModerationOutcome:
    """What a hide / restore / dismiss did; ``changed`` False: it was so already (nothing written)."""

    listing_id: int
    title: str
    changed: bool
    reports: int  # open reports closed by the action
    staff_told: int
    noted: bool = False  # the coordinator's words went to the school
    reason_known: bool = True  # the school is told a kind of reason (a picked one) or the coordinator's words


async def hide_listing(
    session: AsyncSession, actor: Person, listing_id: int, *, report_id: int | None = None, note: str = ""
) -> ModerationOutcome:
    """Hide the listing (a coordinator of its country); the reason is that of ``report_id`` (or of the newest
    open report); its open reports are closed and the school's staff are told why: the kind of reason, and the
    coordinator's ``note`` ("hide it, the photos are stolen"), never the reporter's own words."""
    note = checked_text(note, MODERATION_NOTE_MAX, required=False)
    person = await load_actor(session, actor)
    listing, org = await _listing(session, listing_id, lock=True)
    await require_coordinator(session, person.id, org.country)
    if listing.hidden_at is not None:
        if not note:
            return ModerationOutcome(listing.id, listing.title, False, 0, 0)
        # hidden already (by the button, with no words): the coordinator's words still reach the school
        audit(session, person.id, "listing.hide_note", "listing", listing.id, country=org.country)
        told = await notify(session, reachable(await teachers_of(session, org.id)), "listing_hidden",
                            {"listing_id": listing.id, "note": note}, exclude=person.id)  # fmt: skip
        await session.flush()
        return ModerationOutcome(listing.id, listing.title, False, 0, len(told), noted=True)
    report = await session.get(ListingReport, report_id) if report_id is not None else None
    if report is None or report.listing_id != listing.id:
        report = await _newest_open(session, listing.id)
    listing.hidden_at = utcnow()
    listing.hidden_reason_code = report.reason_code if report else None
    listing.hidden_reason = report.reason if report else None
    closed = await _resolve(session, listing.id, ReportStatus.hidden.value, person.id)
    audit(session, person.id, "listing.hide", "listing", listing.id, country=org.country, reports=closed,
          reason_code=listing.hidden_reason_code, report_id=report.id if report else None,
          noted=bool(note))  # fmt: skip
    told = await notify(session, reachable(await teachers_of(session, org.id)), "listing_hidden",
                        {"listing_id": listing.id, **({"note": note} if note else {})}, exclude=person.id)  # fmt: skip
    await session.flush()
    known = bool(note) or listing.hidden_reason_code is not None
    return ModerationOutcome(listing.id, listing.title, True, closed, len(told), noted=bool(note), reason_known=known)


async def restore_listing(session: AsyncSession, actor: Person, listing_id: int) -> ModerationOutcome:
    """Show a hidden listing again (a coordinator of its country); the school's staff are told."""
    person = await load_actor(session, actor)
    listing, org = await _listing(session, listing_id, lock=True)
    await require_coordinator(session, person.id, org.country)
    if listing.hidden_at is None:
        return ModerationOutcome(listing.id, listing.title, False, 0, 0)
    listing.hidden_at, listing.hidden_reason_code, listing.hidden_reason = None, None, None
    audit(session, person.id, "listing.restore", "listing", listing.id, country=org.country)
    told = await notify(session, reachable(await teachers_of(session, org.id)), "listing_restored",
                        {"listing_id": listing.id}, exclude=person.id)  # fmt: skip
    await session.flush()
    return ModerationOutcome(listing.id, listing.title, True, 0, len(told))


async def dismiss_reports(session: AsyncSession, actor: Person, listing_id: int) -> ModerationOutcome:
    """Close the listing's open reports without hiding it (a coordinator of its country); nobody is told."""
    person = await load_actor(session, actor)
    listing, org = await _listing(session, listing_id, lock=True)
    await require_coordinator(session, person.id, org.country)
    closed = await _resolve(session, listing.id, ReportStatus.dismissed.value, person.id)
    if closed:
        audit(session, person.id, "listing.dismiss_reports", "listing", listing.id, country=org.country,
              reports=closed)  # fmt: skip
    return ModerationOutcome(listing.id, listing.title, bool(closed), closed, 0)


@dataclass(frozen=True)
class ModerationQueue:
    reported: list[ReportedListing]  # listings with open reports, most reported first
    hidden: list[ReportedListing]  # hidden listings, most recently hidden first
    scope: CoordinatorScope


def _in_scope(scope: CoordinatorScope) -> object:
    return True if scope.countries is None else Organisation.country.in_(sorted(scope.countries))


async def moderation_queue(session: AsyncSession, actor: Person, limit: int = QUEUE_MAX) -> ModerationQueue:
    """What waits for a coordinator's decision in their countries, and what they (or others) hid."""
    person = await load_actor(session, actor)
    scope = await require_coordinator(session, person.id, None)
    where = _in_scope(scope)
    counts = (
        select(
            ListingReport.listing_id, func.count(ListingReport.id).label("n"), func.max(ListingReport.id).label("last")
        )
        .where(ListingReport.status == OPEN)
        .group_by(ListingReport.listing_id)
        .subquery()
    )
    rows = await session.execute(
        select(Listing, Organisation, counts.c.last)
        .join(counts, counts.c.listing_id == Listing.id)
        .join(Organisation, Organisation.id == Listing.organisation_id)
        .where(where)  # type: ignore[arg-type]
        .order_by(counts.c.n.desc(), counts.c.last.desc())
        .limit(limit)
    )
    reported = [await _view(session, listing, org, await session.get(ListingReport, last))
                for listing, org, last in rows.all()]  # fmt: skip
    hidden_rows = await session.execute(
        select(Listing, Organisation)
        .join(Organisation, Organisation.id == Listing.organisation_id)
        .where(Listing.hidden_at.is_not(None), where)  # type: ignore[arg-type]
        .order_by(Listing.hidden_at.desc(), Listing.id.desc())
        .limit(limit)
    )
    hidden = [await _view(session, listing, org, None) for listing, org in hidden_rows.all()]
    return ModerationQueue(reported, hidden, scope)


@dataclass(frozen=True)
class UnverifiedOrganisation:
    id: int
    name: str
    kind: str
    country: str
    city: str


async def unverified_organisations(
    session: AsyncSession, actor: Person, limit: int = QUEUE_MAX
) -> tuple[list[UnverifiedOrganisation], int]:
    """Organisations of the coordinator's countries not verified yet (oldest first), and how many there are."""
    person = await load_actor(session, actor)
    scope = await require_coordinator(session, person.id, None)
    where = (Organisation.verified.is_(False), _in_scope(scope))
    total = await session.scalar(select(func.count(Organisation.id)).where(*where))  # type: ignore[arg-type]
    rows = await session.scalars(select(Organisation).where(*where).order_by(Organisation.id).limit(limit))  # type: ignore[arg-type]
    found = [UnverifiedOrganisation(o.id, o.name, o.kind, o.country, o.city) for o in rows]
    return found, int(total or 0)


async def verify_organisation(session: AsyncSession, actor: Person, organisation_id: int) -> tuple[str, bool]:
    """Mark an organisation of the coordinator's country as verified; (its name, whether it changed)."""
    person = await load_actor(session, actor)
    org = await session.get(Organisation, organisation_id, with_for_update=True)
    if org is None:
        raise NotFound("organisation_not_found")
    await require_coordinator(session, person.id, org.country)
    if org.verified:
        return org.name, False
    org.verified = True
    audit(session, person.id, "organisation.verify", "organisation", org.id, country=org.country)
    await session.flush()
    return org.name, True


async def forget_reporter(session: AsyncSession, person_id: int) -> None:
    """Erasure: the reports stay (the coordinators' record) without who made them."""
    await session.execute(
        update(ListingReport)
        .where(ListingReport.reporter_id == person_id)
        .values(reporter_id=None)
        .execution_options(synchronize_session=False)
    )
