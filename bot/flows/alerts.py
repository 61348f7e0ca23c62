"""Alerts about new offers: keep the last search ("let me know when something like this appears", or 🔔 under
the results), list them with /alerts and delete them (🗑 buttons, "delete the second one", "stop all alerts").

The matching and the notifications are the domain's (domain/alerts.py, run by the outbox senders); this flow
only saves, shows and deletes. The 🔔 button carries a fingerprint of the search it was shown under, so a
button pressed under an older result list never saves a different search than the one it stood under.
"""

from __future__ import annotations

import json
import zlib
from decimal import Decimal
from typing import Any

from bot.core import registry
from bot.core.callbacks import Action
from bot.core.turn import Turn
from bot.core.types import Button
from bot.i18n import Safe, Translator, escape
from domain import alerts
from domain.errors import Invalid
from domain.limits import SAVED_SEARCHES_MAX
from domain.search.service import SearchQuery
from nlu import answers

SHOWN_CHARS = 60  # of a saved search's words, in lists and alerts


def fingerprint(data: dict[str, Any]) -> str:
    """A short check that the 🔔 pressed belongs to the search remembered now."""
    keys = ("text", "country", "city", "category", "max_price", "max_price_currency")
    raw = json.dumps([data.get(key) for key in keys], ensure_ascii=False, default=str)
    return format(zlib.crc32(raw.encode()), "x")


def alert_button(turn: Turn, data: dict[str, Any]) -> Button:
    """🔔 under search results (and under "nothing found"): tell me when something like this appears."""
    return turn.button(turn.tr._("🔔 Tell me about new offers like these"), "ss", fingerprint(data))


def describe(tr: Translator, view: alerts.SavedSearchView) -> str:
    """A saved search in a line: «its words» (or its category), the place and the price cap (HTML-escaped)."""
    text = view.text if len(view.text) <= SHOWN_CHARS else view.text[: SHOWN_CHARS - 1] + "…"
    parts = [f"«{escape(text)}»" if text else escape(tr.category(view.category or ""))]
    if view.text and view.category:
        parts.append(escape(tr.category(view.category)))
    place = ", ".join(p for p in (view.city, tr.country(view.country) if view.country else None) if p)
    if place:
        parts.append(escape(place))
    if view.max_price is not None:
        parts.append(tr._("up to {price}", price=tr.money(view.max_price, view.max_price_currency)))
    return Safe(" · ".join(parts))


def _query(data: dict[str, Any]) -> SearchQuery:
    return SearchQuery(
        text=str(data.get("text") or ""), language=data.get("language"), country=data.get("country"),
        city=data.get("city"), category=data.get("category"),
        max_price=Decimal(str(data["max_price"])) if data.get("max_price") else None,
        max_price_currency=str(data.get("max_price_currency") or "EUR"),
    )  # fmt: skip


async def save_last_search(turn: Turn) -> None:
    tr = turn.tr
    data = turn.recall("search")
    if not data:
        turn.say(tr._("First tell me what you are looking for; after the results I can alert you to new offers."))
        return
    try:
        view, created = await alerts.save_search(turn.session, turn.person, _query(data))
    except Invalid as refused:
        if refused.code == "too_many_saved_searches":
            turn.say(
                tr.n_(
                    "You already have {n} alert, the most I keep. Delete one in /alerts first.",
                    "You already have {n} alerts, the most I keep. Delete one in /alerts first.",
                    SAVED_SEARCHES_MAX,
                )
            )
            return
        if refused.code == "empty_search":
            turn.say(tr._("First tell me what you are looking for; after the results I can alert you to new offers."))
            return
        raise
    if not created:
        turn.say(tr._("You already have this alert: {search}. All your alerts: /alerts.", search=describe(tr, view)))
        return
    turn.say(
        tr._(
            "🔔 Done. When a new offer like {search} appears, I will tell you (at most once a day). "
            "All your alerts: /alerts.",
            search=describe(tr, view),
        )
    )


async def show_alerts(turn: Turn, headline: str = "") -> None:
    tr = turn.tr
    saved = await alerts.saved_searches(turn.session, turn.person)
    lead = [headline] if headline else []
    if not saved:
        turn.say(
            "\n".join(
                [
                    *lead,
                    tr._(
                        "You have no alerts. After a search, press 🔔 or write «let me know when something like this "
                        "appears»."
                    ),
                ]
            )
        )
        return
    lines = [*lead, tr._("🔔 Your alerts about new offers:")]
    lines += [f"{number}. {describe(tr, view)}" for number, view in enumerate(saved, start=1)]
    rows = [
        [turn.button(tr._("🗑 {number}", number=number), "sx", view.id, means=f"item:{number}")]
        for number, view in enumerate(saved, start=1)
    ]
    rows = [[button for row in rows for button in row][i : i + 5] for i in range(0, len(rows), 5)]
    rows.append([turn.button(tr._("🗑 Delete all"), "sxa", means="all")])
    lines.append(tr._("Press 🗑 to delete one, or write «delete the second one»."))
    turn.say("\n".join(lines), rows)


@registry.command("alerts")
async def cmd_alerts(turn: Turn, _args: str) -> None:
    turn.finish()
    await show_alerts(turn)


@registry.button("ss")
async def on_save(turn: Turn, action: Action) -> None:
    data = turn.recall("search")
    if data and action.args and action.args[0] != fingerprint(data):
        turn.say(turn.tr._("That button belongs to an earlier search. Search again, then press 🔔."))
        return
    await save_last_search(turn)


@registry.button("sx")
async def on_delete(turn: Turn, action: Action) -> None:
    view = await alerts.delete_saved_search(turn.session, turn.person, action.arg_int(0))
    await show_alerts(turn, turn.tr._("Deleted the alert {search}.", search=describe(turn.tr, view)))


@registry.button("sxa")
async def on_delete_all(turn: Turn, _action: Action) -> None:
    count = await alerts.delete_all_saved_searches(turn.session, turn.person)
    if not count:
        await show_alerts(turn)
        return
    turn.say(
        turn.tr.n_(
            "Deleted {n} alert. You will get no more alerts.", "Deleted {n} alerts. You will get no more alerts.", count
        )
    )


@registry.in_context(55)
async def alerts_in_words(turn: Turn, text: str) -> bool:
    """ "Let me know when something like this appears", "my alerts", "delete alert 2", "stop all alerts"."""
    command = answers.alerts_command(text)
    if command is None:
        return False
    if command == "save":
        subject = answers.alert_subject(text)
        if subject is not None:  # "let me know when someone offers bike repair in Riga": that, not the last search
            turn.remember("search", None)  # a new search, never a narrowing of the one shown before
            await registry.INTENTS["search_offers"](turn, subject)
        await save_last_search(turn)
    elif command == "list":
        await show_alerts(turn)
    elif command == "delete_all":
        await on_delete_all(turn, Action("sxa", ()))
    else:
        saved = await alerts.saved_searches(turn.session, turn.person)
        picked = answers.ordinal(text, len(saved)) or (1 if len(saved) == 1 else None)  # "delete my alert"
        if picked is None:
            await show_alerts(turn, turn.tr._("Which alert? Press 🗑 under it or write its number."))
            return True
        await on_delete(turn, Action("sx", (str(saved[picked - 1].id),)))
    return True
