"""One turn of a conversation: who is speaking, where they are in a dialogue, and what we answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.asking import Ask, Expects
from bot.core.callbacks import CallbackSigner
from bot.core.files import FileSource
from bot.core.types import Button, Photo, Reply, Voice
from bot.i18n import Translator, translator
from domain.models import Person
from domain.search.service import SearchService
from nlu.client import NluClient, NluResult

MAX_BUTTONS_EASY = 3
MEMORY = "memory"
LANGUAGE_CHOSEN = "language_chosen"  # remembered once the person picked a language: no more guessing it


@dataclass
class Services:
    """Long-lived collaborators shared by every turn of one process."""

    factory: async_sessionmaker[AsyncSession]
    nlu: NluClient
    search: SearchService
    signer: CallbackSigner
    bot_username: str
    clock: Callable[[], datetime]
    files: FileSource | None = None  # set by the Telegram adapter (bot/telegram_app.py)
    contact: str = ""  # VET2B_CONTACT: how a new school or a would-be coordinator reaches the VET2B team


@dataclass
class State:
    """Where the person is in a dialogue; persisted in the database after every turn."""

    flow: str | None = None
    step: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


# The moment threads are read from when the previous turn kept them open (Turn.keep_thread_open).
THREAD_SINCE = "thread_since"


@dataclass
class Turn:
    person: Person
    state: State
    session: AsyncSession
    services: Services
    now: datetime
    message_id: int | None = None
    reply_to_message_id: int | None = None  # the message a swipe-reply answers
    previous_at: datetime | None = None  # when the person's previous turn ended
    typed: str | None = None  # the text of this turn, when it was typed (a typed answer may press a button)
    display_name: str = ""  # the name Telegram shows; stored only once the person consents
    replies: list[Reply] = field(default_factory=list)
    asked: Ask | None = None  # the question the person's previous message answers (bot.core.asking)
    expects: Expects | None = None  # what this turn's question expects, when buttons do not say it
    _understood: dict[str, NluResult] = field(default_factory=dict)

    @property
    def tr(self) -> Translator:
        """The person's language, in plain language when easy-read is on (bot/i18n.py)."""
        return translator(self.person.language, easy=self.easy)

    @property
    def easy(self) -> bool:
        return bool(self.person.easy_read)

    def button(self, label: str, action: str, *args: object, means: str | None = None) -> Button:
        """A signed button; ``means`` names the typed answer that presses it too ("yes", "skip", "item:2")."""
        assert self.person.telegram_id is not None
        data = self.services.signer.sign(self.person.telegram_id, action, *args)
        return Button(label, data, means, (action, *(str(a) for a in args)))

    def say(
        self,
        text: str,
        buttons: list[list[Button]] | None = None,
        *,
        edit: bool = False,
        expects: Expects | None = None,
    ) -> None:
        """Send a message; ``expects`` says what a typed answer to it should be (bot.core.asking)."""
        if expects is not None:
            self.expects = expects
        rows = buttons or []
        if self.easy:  # easy-read: at most 3 buttons, one per row, so screen readers read them in order
            flat = [b for row in rows for b in row][:MAX_BUTTONS_EASY]
            rows = [[b] for b in flat]
        self.replies.append(Reply(text, rows, edit=edit))

    def send_file(self, text: str, name: str, content: bytes) -> None:
        self.replies.append(Reply(text, document=(name, content)))

    def send_photo(self, caption: str, name: str, content: bytes, buttons: list[list[Button]] | None = None) -> None:
        """An image (PNG, JPEG) shown in the chat, ``caption`` under it (HTML, at most 1,024 characters)."""
        self.replies.append(Reply(caption, buttons or [], photo=(name, content)))

    def show_photo(self, photo: Photo, caption: str, buttons: list[list[Button]] | None = None) -> None:
        """A picture with ``caption`` (at most Telegram's 1,024 characters: bot.telegram_text.fit_caption)."""
        self.say(caption, buttons)
        self.replies[-1].photos = [photo]

    def show_album(self, photos: list[Photo]) -> None:
        """Two to ten pictures as one album (no caption, no buttons)."""
        assert 2 <= len(photos) <= 10, len(photos)
        self.replies.append(Reply("", photos=list(photos)))

    def send_voice(self, voice: Voice, caption: str = "") -> None:
        self.replies.append(Reply(caption, voice=voice))

    def goto(self, flow: str, step: str, **data: Any) -> None:
        """Enter (or move within) a flow; data of the same flow is kept, `memory` always is."""
        kept = dict(self.state.data) if self.state.flow == flow else {}
        kept.update(data)
        if MEMORY in self.state.data:
            kept[MEMORY] = self.state.data[MEMORY]
        self.state = State(flow, step, kept)

    def finish(self) -> None:
        """Leave any flow; what we remember across flows (the last search) stays."""
        memory = self.state.data.get(MEMORY)
        self.state = State(None, None, {MEMORY: memory} if memory else {})

    def keep_thread_open(self) -> None:
        """This turn only served a request to the bot (a language switch, help): what the person writes next may
        still answer the notification that came before it (bot.core.router reads it back as ``previous_at``)."""
        if self.recall(THREAD_SINCE) is None:  # "" when there was no previous turn: every notification counts
            self.remember(THREAD_SINCE, self.previous_at.isoformat() if self.previous_at is not None else "")

    def remember(self, key: str, value: Any) -> None:
        self.state.data.setdefault(MEMORY, {})[key] = value

    def recall(self, key: str) -> Any:
        return self.state.data.get(MEMORY, {}).get(key)

    async def understand(self, text: str) -> NluResult:
        if text not in self._understood:
            self._understood[text] = await self.services.nlu.parse(text, lang_hint=self.person.language, now=self.now)
        return self._understood[text]
