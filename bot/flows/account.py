"""Your data: /mydata shows what we store, /deleteme erases it after a confirmation."""

from __future__ import annotations

import json
from typing import Any

from bot.core import registry
from bot.core.callbacks import Action
from bot.core.turn import Turn
from bot.i18n import LANGUAGE_NAMES
from domain import accounts
from nlu import answers


@registry.command("mydata")
async def cmd_mydata(turn: Turn, _args: str) -> None:
    """What is stored, in short and in words, then all of it as a file (a bakery owner got a JSON file only)."""
    data = await accounts.export_person(turn.session, turn.person)
    turn.say(_summary(turn, data))
    content = json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()
    turn.send_file(turn.tr._("This is everything we store about you."), "vet2b-my-data.json", content)


def _summary(turn: Turn, data: dict[str, Any]) -> str:
    tr = turn.tr
    profile = data.get("profile") or {}
    lines = [tr._("👤 Your name: {name}; language: {language}.", name=profile.get("display_name") or "—",
                  language=LANGUAGE_NAMES.get(str(profile.get("language")), str(profile.get("language"))))]  # fmt: skip
    organisations = ", ".join(str(m.get("name")) for m in data.get("memberships") or [])
    if organisations:
        lines.append(tr._("🏢 Your organisations: {names}.", names=organisations))
    sent = len(data.get("enquiries_sent") or [])
    written = len(data.get("relay_messages_written") or []) + len(data.get("task_messages_written") or [])
    alerts = len(data.get("saved_searches") or [])
    if sent:
        lines.append(tr.n_("📨 {n} enquiry sent.", "📨 {n} enquiries sent.", sent))
    if written:
        lines.append(tr.n_("💬 {n} message written.", "💬 {n} messages written.", written))
    if alerts:
        lines.append(tr.n_("🔔 {n} alert about new offers.", "🔔 {n} alerts about new offers.", alerts))
    return "\n".join(lines)


@registry.command("deleteme")
async def cmd_deleteme(turn: Turn, _args: str) -> None:
    _ = turn.tr._
    turn.say(
        _(
            "Delete your personal data? Your name, language, memberships and conversation state will be erased. "
            "Offers and orders stay with your organisation. This cannot be undone."
        ),
        [
            [
                turn.button(_("🗑 Yes, delete"), "del", "yes", means="yes"),
                turn.button(_("No, keep"), "del", "no", means="no"),
            ]
        ],
    )


@registry.button("del")
async def on_delete(turn: Turn, action: Action) -> None:
    if not action.args or action.args[0] != "yes":
        turn.say(turn.tr._("Nothing was deleted."))
        return
    goodbye = turn.tr._("Your personal data has been deleted. Goodbye! Send /start if you come back.")
    await accounts.erase_person(turn.session, turn.person)
    turn.finish()
    turn.say(goodbye)


@registry.in_context(5)
async def data_request_in_words(turn: Turn, text: str) -> bool:
    """ "Delete my personal data" asks the same confirmation as /deleteme, and "what data do you store about me?"
    gets what /mydata sends, typed in any language."""
    asked = turn.asked
    if asked is not None and any(o.action[0] == "del" for o in asked.options) and answers.is_question(text):
        await cmd_deleteme(turn, "")  # "what happens to my orders?" at the confirmation: what it says, asked again
        return True
    if answers.asks_erasure(text) or (turn.state.flow is None and answers.erases_everything(text)):
        await cmd_deleteme(turn, "")  # asked first: nothing is deleted on these words alone
        return True
    if answers.asks_stored_data(text):
        await cmd_mydata(turn, "")
        return True
    return False
