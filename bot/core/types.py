"""What goes in and out of the conversation core, independent of Telegram."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from domain.text_input import display_name, tidy


@dataclass(frozen=True)
class Button:
    """An inline button. ``means`` says which typed answer presses it too ("yes", "skip", "item:2"; see
    bot.core.asking); ``action`` is its unsigned action and arguments, kept so a typed answer can run it."""

    label: str
    data: str  # signed callback data (bot.core.callbacks)
    means: str | None = None
    action: tuple[str, ...] = ()


@dataclass
class Reply:
    """One message to the person being answered. `edit` replaces the message whose button was pressed;
    with ``document`` or ``photo`` (file name, bytes) it is that file and ``text`` its caption."""

    text: str
    buttons: list[list[Button]] = field(default_factory=list)
    edit: bool = False
    document: tuple[str, bytes] | None = None
    photo: tuple[str, bytes] | None = None


@dataclass(frozen=True)
class Incoming:
    user_id: int
    display_name: str
    language_code: str | None
    at: datetime
    text: str | None = None
    callback: str | None = None
    message_id: int | None = None
    reply_to_message_id: int | None = None
    attachment: str | None = None  # "photo", "sticker", "voice", "document", "location", … (no text of its own)

    def tidied(self) -> Incoming:
        """The same update with its text, display name and button data cleaned (domain.text_input):
        no NUL or control characters, NFC; the name also without invisible or text-direction characters."""
        return replace(
            self,
            display_name=display_name(self.display_name),
            text=None if self.text is None else tidy(self.text),
            callback=None if self.callback is None else tidy(self.callback),
        )

    @property
    def command(self) -> tuple[str, str] | None:
        """("start", "payload") for "/start payload" or "/start@vet2b_bot payload"; None for plain text."""
        if not self.text or not self.text.startswith("/"):
            return None
        head, _, rest = self.text[1:].partition(" ")
        name = head.split("@", 1)[0].lower()
        return (name, rest.strip()) if name.isascii() and name.replace("_", "").isalnum() else None
