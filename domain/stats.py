"""Activity counts for coordinators: what is on offer, where, and in what state."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.models import Enquiry, Listing, Order, Organisation


@dataclass(frozen=True)
class Stats:
    organisations_by_kind: dict[str, int]
    listings_by_country: dict[str, int]
    listings_by_category: dict[str, int]
    listings_by_status: dict[str, int]
    enquiries_by_status: dict[str, int]
    orders_by_status: dict[str, int]


async def _grouped(session: AsyncSession, column: object, *joins: object, source: object = Listing) -> dict[str, int]:
    query = select(column, func.count()).select_from(source)  # type: ignore[call-overload]
    for join in joins:
        query = query.join(join)
    rows = await session.execute(query.group_by(column).order_by(column))
    return {str(key): int(count) for key, count in rows}


async def collect_stats(session: AsyncSession) -> Stats:
    return Stats(
        organisations_by_kind=await _grouped(session, Organisation.kind, source=Organisation),
        listings_by_country=await _grouped(session, Organisation.country, Organisation),
        listings_by_category=await _grouped(session, Listing.category),
        listings_by_status=await _grouped(session, Listing.status),
        enquiries_by_status=await _grouped(session, Enquiry.status, source=Enquiry),
        orders_by_status=await _grouped(session, Order.status, source=Order),
    )
