"""A coordinator's /stats through real PTB and the fake Telegram server: the chart arrives as a photo (a PNG,
headline figures in its caption, buttons under it), the CSV as a document, a button press brings the next
report, and a photo Telegram refuses with 429 arrives later, caption, buttons and all.

The demo catalogue with invented activity (domain/demo_activity.py) is the data; the figures expected in the
caption are the domain's own report of the same period. The coordinator joins by a coordinator
invite link for all countries, as a regional authority would.
"""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cli.catalogue_cmds import DEMO_CATALOGUE
from domain.catalogue import import_catalogue
from domain.coordinators import create_coordinator_invite
from domain.db import transaction
from domain.demo_activity import generate_activity
from domain.reports import Period, build_report
from domain.taxonomy import load_taxonomy
from domain.timeutil import utcnow
from nlu.normalise.dates import report_span
from tests.e2e.harness import Person, plain, running_bot
from tests.fake_telegram.records import MessageRecord

COORDINATOR = 5301


def _photo(record: MessageRecord) -> bool:
    return record.method == "sendPhoto"


@pytest.mark.slow  # loads the demo catalogue and invents its activity
async def test_a_coordinator_receives_the_chart_and_the_csv(
    db: async_sessionmaker[AsyncSession],
) -> None:
    assert (await import_catalogue(db, DEMO_CATALOGUE.read_bytes(), load_taxonomy())).ok
    async with transaction(db) as session:
        await generate_activity(session, months=3)
        token = (await create_coordinator_invite(session, None)).token
    async with db() as session:
        expected = await build_report(session, Period(*report_span("months:3", utcnow().date())), "country")

    async with running_bot(db) as (server, _services):
        coordinator, owner = Person(server, COORDINATOR, "Rasa"), Person(server, 5302, "Ona")
        for person in (coordinator, owner):
            server.add_user(person.user_id, person.name, language_code="en")
        await coordinator.send(f"/start {token}")
        await coordinator.wait(lambda r: "coordinator of the network" in plain(r))

        await coordinator.send("/stats last 3 months by country")
        photo = await coordinator.wait(_photo)
        assert photo.document is not None and photo.document.content[:8] == b"\x89PNG\r\n\x1a\n"
        total = expected.total
        assert f"Enquiries: {total.enquiries} · orders: {total.orders} · completed: {total.completed_orders}" in (
            plain(photo))  # fmt: skip
        assert "VET2B network report by country" in plain(photo)
        table = await coordinator.wait(lambda r: r.method == "sendDocument")
        assert table.document is not None and table.document.file_name is not None
        assert table.document.file_name.endswith(".csv")
        rows = list(csv.reader(io.StringIO(table.document.content.decode("utf-8-sig"))))
        assert rows[0][:3] == ["Code", "Country", "Active listings"]
        assert [r[0] for r in rows[1:-1]] == [r.key for r in expected.rows] == ["IT", "LT", "LV", "PL", "PT"]

        mark = coordinator.mark()
        server.fail_next(1, 429, retry_after=1, methods=["sendPhoto"])  # refused now: it comes from the outbox
        await coordinator.press(photo, "By category")
        again = await coordinator.wait(_photo, after=mark)
        assert "VET2B network report by category" in plain(again)
        assert any("By country" in text for text, _ in server.buttons(again))
        after_photo = await coordinator.wait(lambda r: r.method == "sendDocument", after=mark)
        assert after_photo.message_id > again.message_id  # still in order: the chart, then its table

        await owner.send("/stats")
        await owner.wait_text("Reports are for coordinators of the network.")
        assert not any(_photo(r) for r in server.events(owner.user_id))
