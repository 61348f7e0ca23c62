"""Alerts in the chat through the real router: keeping searches, the cap, and deleting by words.

What a person would notice: the alert request typed right after one result is not taken as "this one" (an
enquiry); a 🔔 pressed under an older result list does not save the newer search; the cap is said with its
number; "delete the second one" at /alerts deletes the second; "stop all alerts" deletes them all.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import import_catalogue
from domain.db import transaction
from domain.limits import SAVED_SEARCHES_MAX
from domain.models import SavedSearch
from domain.taxonomy import DATA_DIR, load_taxonomy
from tests.flows.helpers import Chat, make_services, text_of


async def _chat(db: async_sessionmaker[AsyncSession], language: str = "en") -> Chat:
    report = await import_catalogue(db, (DATA_DIR / "demo" / "catalogue.yml").read_bytes(), load_taxonomy())
    assert report.ok
    chat = Chat(make_services(db), 6300, "Buyer", language)
    await chat.send("/start")
    return chat


async def _saved(db: async_sessionmaker[AsyncSession]) -> list[str]:
    async with transaction(db) as s:
        return list(await s.scalars(select(SavedSearch.text).order_by(SavedSearch.id)))


async def test_typed_request_after_results_is_not_an_enquiry(db: async_sessionmaker[AsyncSession]) -> None:
    chat = await _chat(db)
    results = await chat.send("3D printed prototypes")
    assert chat.buttons(results, "eq") and chat.buttons(results, "ss")
    kept = await chat.send("please notify me when something like this appears")
    assert text_of(kept).startswith("🔔 Done.") and "How many" not in text_of(kept)
    assert await _saved(db) == ["3D printed prototypes"]
    again = await chat.send("let me know when something like this appears")
    assert "You already have this alert" in text_of(again)
    assert await _saved(db) == ["3D printed prototypes"]


async def test_a_stale_bell_and_the_cap(db: async_sessionmaker[AsyncSession]) -> None:
    chat = await _chat(db, "lt")
    old = chat.button(await chat.send("vestuvinis tortas"), "ss")
    await chat.send("/search svetainė parduotuvei")  # a new search (free text at a pick question is re-asked)
    stale = await chat.press(old)
    assert "ankstesnei paieškai" in text_of(stale)  # "belongs to an earlier search"
    assert await _saved(db) == []
    for n in range(SAVED_SEARCHES_MAX):
        await chat.send(f"catering {n + 10} žmonių")
        await chat.send("praneškite, kai atsiras kažkas panašaus")
    assert len(await _saved(db)) == SAVED_SEARCHES_MAX
    await chat.send("3D spausdinimas")
    refused = await chat.send("praneškite, kai atsiras kažkas panašaus")
    assert f"Jau turite {SAVED_SEARCHES_MAX} pranešimų" in text_of(refused) and "/alerts" in text_of(refused)
    assert len(await _saved(db)) == SAVED_SEARCHES_MAX


async def test_delete_the_second_one_then_stop_all(db: async_sessionmaker[AsyncSession]) -> None:
    chat = await _chat(db)
    for need in ("wedding cake", "3D printed prototypes", "catering for 40 people"):
        await chat.press(chat.button(await chat.send(need), "ss"))
    listed = await chat.send("/alerts")
    assert "1. «wedding cake»" in text_of(listed) and "3. «catering for 40 people»" in text_of(listed)
    after = await chat.send("delete the second one")
    assert "Deleted the alert «3D printed prototypes»" in text_of(after)
    assert await _saved(db) == ["wedding cake", "catering for 40 people"]
    gone = await chat.send("stop all alerts")
    assert "Deleted 2 alerts" in text_of(gone)
    assert await _saved(db) == []


async def test_delete_my_alert_when_there_is_one(db: async_sessionmaker[AsyncSession]) -> None:
    chat = await _chat(db, "pl")
    await chat.press(chat.button(await chat.send("tort weselny"), "ss"))
    await chat.press(chat.button(await chat.send("/search strona internetowa"), "ss"))
    which = await chat.send("usuń moje powiadomienie")  # two of them: which one?
    assert "Które powiadomienie?" in text_of(which) and len(await _saved(db)) == 2
    await chat.press(chat.button(which, "sx"))
    assert await _saved(db) == ["strona internetowa"]  # 🗑 1 deleted the first
    gone = await chat.send("usuń moje powiadomienie")  # one left: that one
    assert "Usunięto powiadomienie" in text_of(gone)
    assert await _saved(db) == []


async def test_an_alert_request_naming_a_place_is_an_alert(db: async_sessionmaker[AsyncSession]) -> None:
    """ "сообщи когда появится что-то похожее в латвии" only narrowed the results to Latvia: the place made it read
    as a refinement of the search; it keeps an alert."""
    chat = await _chat(db, "ru")
    results = await chat.send("торты на заказ")
    assert chat.buttons(results, "ss")
    kept = await chat.send("сообщи когда появится что-то похожее в латвии")
    assert text_of(kept).startswith("🔔"), text_of(kept)
    assert len(await _saved(db)) == 1


async def test_details_asked_in_russian_latin_letters_show_details(db: async_sessionmaker[AsyncSession]) -> None:
    """ "podrobnee pro pervyi" (details about the first) after results started an enquiry about it."""
    chat = await _chat(db, "ru")
    results = await chat.send("торты на заказ")
    assert chat.buttons(results, "sd")
    shown = await chat.send("podrobnee pro pervyi")
    assert "Сколько" not in text_of(shown) and chat.buttons(shown, "eq"), text_of(shown)


async def test_an_alert_request_that_names_the_thing_watches_for_that_thing(
    db: async_sessionmaker[AsyncSession],
) -> None:
    """Blind testers: "pazino man kad kads piedavas velosipedu remontu riga" (bike repair in Riga) saved an alert
    for the previous search (a coffee break in Ventspils); "сообщите мне, когда кто-нибудь будет предлагать ремонт
    велосипедов в Риге" got "first tell me what you are looking for"."""
    chat = await _chat(db, "lv")
    await chat.send("kafijas pauze ventspili")
    kept = await chat.send("pazino man kad kads piedavas velosipedu remontu riga")
    assert "🔔" in text_of(kept), text_of(kept)
    saved = await _saved(db)
    assert len(saved) == 1 and "velosipedu" in saved[0] and "kafijas" not in saved[0]


async def test_an_alert_request_as_the_first_message(db: async_sessionmaker[AsyncSession]) -> None:
    chat = await _chat(db, "ru")
    kept = await chat.send("сообщите мне, когда кто-нибудь будет предлагать ремонт велосипедов в Риге")
    assert "🔔" in text_of(kept), text_of(kept)
    saved = await _saved(db)
    assert len(saved) == 1 and "велосипед" in saved[0]
