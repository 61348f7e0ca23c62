"""Where flows register what they handle: commands, buttons, text steps and NLU intents.

One flow per module in bot/flows/; each decorates its handlers, and the router looks them up here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from bot.core.callbacks import Action
    from bot.core.turn import Turn
    from bot.core.types import IncomingFile

TextHandler = Callable[["Turn", str], Awaitable[None]]
FileHandler = Callable[["Turn", "IncomingFile"], Awaitable[bool]]
ContextHandler = Callable[["Turn", str], Awaitable[bool]]
ButtonHandler = Callable[["Turn", "Action"], Awaitable[None]]

COMMANDS: dict[str, TextHandler] = {}
BUTTONS: dict[str, ButtonHandler] = {}
STEPS: dict[tuple[str, str], TextHandler] = {}
INTENTS: dict[str, TextHandler] = {}
# A photo or file a flow is waiting for (a picture for an offer): asked before anything else about the message;
# True when it took the file. A file nobody takes gets the attachment answer (or its caption is read as text).
FILES: list[FileHandler] = []
# What to say to a photo, sticker, voice note, document or location: one handler, given the kind.
ATTACHMENTS: list[TextHandler] = []

# Run on free text that is about to be read for its intent (after answers, steps and context): following the
# language a person writes in. Returns True when it answered the message itself.
BEFORE_INTENT: list[ContextHandler] = []

# A swipe-reply to one of our messages: asked first, before the open question and the current step, because
# the person said which message they answer (a relayed message, a student's question). True when it took it.
REPLIED: list[ContextHandler] = []

# What a person's situation makes of free text before its intent is asked (a refinement of the search
# just shown, a teacher's answer to an open question, …): each returns True when it took the message.
CONTEXT: list[tuple[int, ContextHandler]] = []

H = TypeVar("H")


def _register(table: dict[str, H] | dict[tuple[str, str], H], key: str | tuple[str, str]) -> Callable[[H], H]:
    def decorate(handler: H) -> H:
        if key in table:
            raise RuntimeError(f"{key!r} registered twice")
        table[key] = handler  # type: ignore[index]
        return handler

    return decorate


def command(*names: str) -> Callable[[TextHandler], TextHandler]:
    def decorate(handler: TextHandler) -> TextHandler:
        for name in names:
            _register(COMMANDS, name)(handler)
        return handler

    return decorate


def button(name: str) -> Callable[[ButtonHandler], ButtonHandler]:
    return _register(BUTTONS, name)


def step(flow: str, name: str) -> Callable[[TextHandler], TextHandler]:
    return _register(STEPS, (flow, name))


def intent(*names: str) -> Callable[[TextHandler], TextHandler]:
    def decorate(handler: TextHandler) -> TextHandler:
        for name in names:
            _register(INTENTS, name)(handler)
        return handler

    return decorate


def in_context(priority: int) -> Callable[[ContextHandler], ContextHandler]:
    """Register a context handler; lower ``priority`` is asked first (see the table in bot/flows/__init__)."""

    def decorate(handler: ContextHandler) -> ContextHandler:
        CONTEXT.append((priority, handler))
        CONTEXT.sort(key=lambda entry: entry[0])
        return handler

    return decorate


def before_intent(handler: ContextHandler) -> ContextHandler:
    BEFORE_INTENT.append(handler)
    return handler


def on_reply(handler: ContextHandler) -> ContextHandler:
    REPLIED.append(handler)
    return handler


def on_attachment(handler: TextHandler) -> TextHandler:
    if ATTACHMENTS:
        raise RuntimeError("attachment handler registered twice")
    ATTACHMENTS.append(handler)
    return handler


def on_file(handler: FileHandler) -> FileHandler:
    FILES.append(handler)
    return handler
