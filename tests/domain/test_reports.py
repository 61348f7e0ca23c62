"""The report's figures on a small network worked out by hand (tests/domain/report_fixture.py), on every backend."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.db import transaction
from domain.reports import Period, Report, ReportRow, build_report
from tests.domain.report_fixture import PERIOD, build_report_world


@pytest.fixture
async def seeded(db: async_sessionmaker[AsyncSession]) -> async_sessionmaker[AsyncSession]:
    async with transaction(db) as session:
        await build_report_world(session)
    return db


async def _report(db: async_sessionmaker[AsyncSession], by: str, countries: set[str] | None = None) -> Report:
    async with db() as session:
        return await build_report(session, PERIOD, by, countries)  # type: ignore[arg-type]


TOTAL = ReportRow("", active_listings=3, enquiries=6, orders=5, completed_orders=3, median_response_hours=6.0,
                  answered_enquiries=5, students=4, average_rating=11 / 3, ratings=3)  # fmt: skip


async def test_by_country(seeded: async_sessionmaker[AsyncSession]) -> None:
    report = await _report(seeded, "country")
    assert report.rows == (
        ReportRow("LT", active_listings=2, enquiries=3, orders=2, completed_orders=2, median_response_hours=4.0,
                  answered_enquiries=2, students=2, average_rating=4.5, ratings=2),
        ReportRow("LV", active_listings=1, enquiries=3, orders=3, completed_orders=1, median_response_hours=10.0,
                  answered_enquiries=3, students=2, average_rating=2.0, ratings=1),
    )  # fmt: skip
    assert report.total == TOTAL
    assert report.rows[0].completion_rate == 1.0
    assert report.rows[1].completion_rate == pytest.approx(1 / 3)
    assert report.rows[0].unanswered == 1  # E4


async def test_by_category(seeded: async_sessionmaker[AsyncSession]) -> None:
    report = await _report(seeded, "category")
    assert report.rows == (
        ReportRow("bakery", active_listings=2, enquiries=4, orders=4, completed_orders=2, median_response_hours=8.0,
                  answered_enquiries=4, students=4, average_rating=4.5, ratings=2),
        ReportRow("catering", active_listings=0, enquiries=1, orders=1, completed_orders=1,
                  median_response_hours=4.0, answered_enquiries=1, students=1, average_rating=2.0, ratings=1),
        ReportRow("web_design", active_listings=1, enquiries=1),
    )  # fmt: skip
    assert report.total == TOTAL  # a student in two categories (C) is one student in all


async def test_by_month_lists_every_month_and_counts_listings_from_their_month_on(
    seeded: async_sessionmaker[AsyncSession],
) -> None:
    report = await _report(seeded, "month")
    assert report.rows == (
        ReportRow("2026-01", active_listings=2, enquiries=2, orders=3, completed_orders=3, median_response_hours=3.0,
                  answered_enquiries=2, students=3, average_rating=3.5, ratings=2),
        ReportRow("2026-02", active_listings=2, enquiries=2, orders=1, completed_orders=0,
                  median_response_hours=15.0, answered_enquiries=2, students=2, average_rating=4.0, ratings=1),
        ReportRow("2026-03", active_listings=3, enquiries=2, orders=1, completed_orders=0,
                  median_response_hours=10.0, answered_enquiries=1),
    )  # fmt: skip
    assert report.total == TOTAL
    assert report.rows[1].completion_rate == 0.0
    assert ReportRow("x").completion_rate is None


async def test_a_coordinators_countries_restrict_every_figure(seeded: async_sessionmaker[AsyncSession]) -> None:
    report = await _report(seeded, "country", {"lv"})
    assert [row.key for row in report.rows] == ["LV"]
    assert report.total == ReportRow("", active_listings=1, enquiries=3, orders=3, completed_orders=1,
                                     median_response_hours=10.0, answered_enquiries=3, students=2,
                                     average_rating=2.0, ratings=1)  # fmt: skip
    by_month = await _report(seeded, "month", {"LT"})
    assert [row.enquiries for row in by_month.rows] == [1, 1, 1]
    assert (await _report(seeded, "category", set())).empty


async def test_a_period_without_activity_is_empty_but_lists_its_months(
    seeded: async_sessionmaker[AsyncSession],
) -> None:
    async with seeded() as session:
        report = await build_report(session, Period(date(2024, 11, 1), date(2025, 1, 15)), "month")
    assert [row.key for row in report.rows] == ["2024-11", "2024-12", "2025-01"]
    assert report.empty and report.total.median_response_hours is None


def test_period_rules() -> None:
    assert Period(date(2025, 11, 30), date(2026, 2, 1)).months() == ["2025-11", "2025-12", "2026-01", "2026-02"]
    with pytest.raises(ValueError, match="ends before"):
        Period(date(2026, 2, 1), date(2026, 1, 31))
    with pytest.raises(ValueError, match="longer than"):
        Period(date(2020, 1, 1), date(2026, 1, 1))
