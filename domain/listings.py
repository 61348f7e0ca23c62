"""Offers of a school: created and edited by its teachers, seen by everyone while active.

The limits (domain/limits.py) and text cleaning (domain/text_input.py) are those of the catalogue
import, so a listing typed in the chat and one imported from a file obey the same rules.
"""

from __future__ import annotations

from dataclasses import fields, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import alerts
from domain.codes import countries, currencies
from domain.errors import Invalid, NotFound
from domain.limits import DESCRIPTION_MAX, LEAD_TIME_MAX, PRICE_MAX, QUANTITY_MAX, TITLE_MAX
from domain.models import (
    Listing,
    ListingStatus,
    Organisation,
    Person,
    PriceUnit,
    Review,
)
from domain.roles import STAFF_ROLES, is_school, load_actor, organisation, require_staff, roles_of
from domain.rules import audit, unique_slug
from domain.taxonomy import LANGUAGES, load_taxonomy
from domain.text_input import tidy
from domain.views import ListingDraft, ListingView, ReviewView

RECENT_REVIEWS = 3
EDITABLE = frozenset(f.name for f in fields(ListingDraft))
# status changes a teacher may make; archived is final
TRANSITIONS = {
    ListingStatus.draft.value: {ListingStatus.active.value, ListingStatus.archived.value},
    ListingStatus.active.value: {ListingStatus.paused.value, ListingStatus.archived.value},
    ListingStatus.paused.value: {ListingStatus.active.value, ListingStatus.archived.value},
    ListingStatus.archived.value: set(),
}


def _int(value: int | None, low: int, high: int, code: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Invalid(code, f"{low}..{high}")
    return value


def _price(draft: ListingDraft) -> tuple[Decimal | None, str | None, str | None]:
    parts = (draft.price_amount, draft.price_currency, draft.price_unit)
    if all(p is None for p in parts):
        return None, None, None
    if any(p is None for p in parts):
        raise Invalid("bad_price", "amount, currency and unit go together")
    try:
        amount = Decimal(str(draft.price_amount))
    except InvalidOperation as exc:
        raise Invalid("bad_price", "not a number") from exc
    if not amount.is_finite() or not Decimal(0) < amount <= PRICE_MAX or amount != amount.quantize(Decimal("0.01")):
        raise Invalid("bad_price", f"0 < amount <= {PRICE_MAX}, at most 2 decimals")
    currency = str(draft.price_currency).upper()
    if currency not in currencies():
        raise Invalid("bad_currency", currency)
    if draft.price_unit not in PriceUnit.__members__:
        raise Invalid("bad_unit", str(draft.price_unit))
    return amount.quantize(Decimal("0.01")), currency, str(draft.price_unit)


def validate_draft(draft: ListingDraft) -> ListingDraft:
    """The draft with text stripped and codes normalised, or Invalid with the first fault's code."""
    title = " ".join(tidy(draft.title).split())
    if not 1 <= len(title) <= TITLE_MAX:
        raise Invalid("bad_title", f"1..{TITLE_MAX} characters")
    description = tidy(draft.description).strip()
    if len(description) > DESCRIPTION_MAX:
        raise Invalid("bad_description", f"at most {DESCRIPTION_MAX} characters")
    if draft.category not in load_taxonomy():
        raise Invalid("bad_category", str(draft.category))
    if draft.language not in LANGUAGES:
        raise Invalid("bad_language", str(draft.language))
    amount, currency, unit = _price(draft)
    lead = _int(draft.lead_time_days, 0, LEAD_TIME_MAX, "bad_lead_time")
    minimum = _int(draft.min_quantity, 1, QUANTITY_MAX, "bad_min_quantity")
    delivers_to: list[str] = []
    for code in draft.delivers_to or []:
        code = str(code).strip().upper()
        if code not in countries():
            raise Invalid("bad_delivers_to", code)
        if code not in delivers_to:
            delivers_to.append(code)
    return ListingDraft(title, description, draft.category, draft.language, amount, currency, unit, lead, minimum,
                        delivers_to)  # fmt: skip


async def _school_for_staff(session: AsyncSession, actor_id: int, organisation_id: int) -> Organisation:
    await require_staff(session, actor_id, organisation_id)
    org = await organisation(session, organisation_id)
    if not is_school(org):
        raise Invalid("not_a_school")
    return org


def _apply(listing: Listing, draft: ListingDraft) -> None:
    for name in EDITABLE:
        value = getattr(draft, name)
        setattr(listing, name, list(value) if name == "delivers_to" else value)


async def create_listing(
    session: AsyncSession, actor: Person, organisation_id: int, draft: ListingDraft, *, publish: bool
) -> ListingView:
    """A teacher/admin posts an offer of their school (a draft unless ``publish``)."""
    person = await load_actor(session, actor)
    await _school_for_staff(session, person.id, organisation_id)
    clean = validate_draft(draft)
    listing = Listing(
        slug=await unique_slug(session, Listing.slug, clean.title),
        organisation_id=organisation_id,
        status=ListingStatus.active.value if publish else ListingStatus.draft.value,
        created_by_id=person.id,
    )
    _apply(listing, clean)
    session.add(listing)
    await session.flush()
    audit(session, person.id, "listing.create", "listing", listing.id, status=listing.status)
    if publish:
        await alerts.listings_activated(session, [listing.id])
    return await listing_view(session, listing.id)


async def _own_listing(session: AsyncSession, actor: Person, listing_id: int) -> tuple[Person, Listing]:
    person = await load_actor(session, actor)
    listing = await session.get(Listing, listing_id, with_for_update=True)
    if listing is None:
        raise NotFound("listing_not_found")
    await require_staff(session, person.id, listing.organisation_id)
    return person, listing


def _draft_of(listing: Listing) -> ListingDraft:
    return ListingDraft(**{name: getattr(listing, name) for name in EDITABLE})


async def update_listing(session: AsyncSession, actor: Person, listing_id: int, **changes: Any) -> ListingView:
    """Change any ListingDraft field; the whole result is validated again (price parts go together)."""
    unknown = set(changes) - EDITABLE
    if unknown:
        raise Invalid("unknown_field", ", ".join(sorted(unknown)))
    person, listing = await _own_listing(session, actor, listing_id)
    if listing.status == ListingStatus.archived.value:
        raise Invalid("listing_archived")
    clean = validate_draft(replace(_draft_of(listing), **changes))
    _apply(listing, clean)
    audit(session, person.id, "listing.update", "listing", listing.id, fields=sorted(changes))
    await session.flush()
    return await listing_view(session, listing.id)


async def set_listing_status(session: AsyncSession, actor: Person, listing_id: int, status: str) -> ListingView:
    """Publish (draft→active), pause, resume (paused→active) or archive (final)."""
    if status not in ListingStatus.__members__:
        raise Invalid("bad_status", str(status))
    person, listing = await _own_listing(session, actor, listing_id)
    if listing.status == ListingStatus.archived.value:
        raise Invalid("listing_archived")
    if status != listing.status:
        if status not in TRANSITIONS[listing.status]:
            raise Invalid("bad_status", f"{listing.status} → {status}")
        audit(session, person.id, "listing.status", "listing", listing.id, old=listing.status, new=status)
        listing.status = status
        await session.flush()
        if status == ListingStatus.active.value:  # published or resumed
            await alerts.listings_activated(session, [listing.id])
    return await listing_view(session, listing.id)


async def school_listings(
    session: AsyncSession, actor: Person, organisation_id: int | None = None
) -> list[ListingView]:
    """Every listing (any status) of the actor's school(s) where they teach or administer."""
    person = await load_actor(session, actor)
    if organisation_id is None:
        schools = [o for o, role in (await roles_of(session, person.id)).items() if role in STAFF_ROLES]
    else:
        await require_staff(session, person.id, organisation_id)
        schools = [organisation_id]
    ids = await session.scalars(
        select(Listing.id).where(Listing.organisation_id.in_(schools)).order_by(Listing.organisation_id, Listing.id)
    )
    return [await listing_view(session, i) for i in ids]


async def reviews_of(session: AsyncSession, listing_id: int, limit: int = RECENT_REVIEWS) -> list[ReviewView]:
    rows = await session.execute(
        select(Review, Organisation.name)
        .join(Organisation, Organisation.id == Review.author_organisation_id)
        .where(Review.listing_id == listing_id)
        .order_by(Review.created_at.desc(), Review.id.desc())
        .limit(limit)
    )
    return [review_view(r, name) for r, name in rows.all()]


def review_view(review: Review, author_name: str) -> ReviewView:
    return ReviewView(
        review.id, review.listing_id, review.order_id, review.rating, review.comment or "", review.created_at,
        author_name,
    )  # fmt: skip


async def listing_view(session: AsyncSession, listing_id: int) -> ListingView:
    """Public card of a listing with its rating; no names of people anywhere."""
    listing = await session.get(Listing, listing_id, populate_existing=True)
    if listing is None:
        raise NotFound("listing_not_found")
    org = await organisation(session, listing.organisation_id)
    avg, count = (
        await session.execute(
            select(func.avg(Review.rating), func.count(Review.id)).where(Review.listing_id == listing_id)
        )
    ).one()
    return ListingView(
        id=listing.id, slug=listing.slug, title=listing.title, description=listing.description or "",
        category=listing.category, language=listing.language, status=listing.status,
        price_amount=listing.price_amount, price_currency=listing.price_currency, price_unit=listing.price_unit,
        lead_time_days=listing.lead_time_days, min_quantity=listing.min_quantity,
        delivers_to=list(listing.delivers_to or []), organisation_id=org.id, organisation_slug=org.slug,
        organisation_name=org.name, city=org.city, country=org.country,
        rating_avg=None if avg is None else round(float(avg), 2), rating_count=int(count or 0),
        recent_reviews=await reviews_of(session, listing_id), hidden=listing.hidden_at is not None,
    )  # fmt: skip
