"""Where flows register what they handle: commands, buttons, text steps and NLU intents.

One flow per module in bot/flows/; each decorates its handlers, and the router looks them up here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from bot.core.callbacks import Action
    from bot.core.turn import Turn
    from domain.attachments import FileRef

TextHandler = Callable[["Turn", str], Awaitable[None]]
ContextHandler = Callable[["Turn", str], Awaitable[bool]]
ButtonHandler = Callable[["Turn", "Action"], Awaitable[None]]
FileHandler = Callable[["Turn", "FileRef", str], Awaitable[bool]]

COMMANDS: dict[str, TextHandler] = {}
BUTTONS: dict[str, ButtonHandler] = {}
STEPS: dict[tuple[str, str], TextHandler] = {}
INTENTS: dict[str, TextHandler] = {}
# What to say to a photo, sticker, voice note, document or location: one handler, given the kind.
ATTACHMENTS: list[TextHandler] = []

# A photo or document (with its caption, maybe ""): offered to these in priority order (lower first) — an order's
# document being uploaded, the conversation it continues, … — each returns True when it took it.
FILES: list[tuple[int, FileHandler]] = []

# Run on free text that is about to be read for its intent (after answers, steps and context): following the
# language a person writes in. Returns True when it answered the message itself.
BEFORE_INTENT: list[ContextHandler] = []

# A swipe-reply to one of our messages: asked first, before the open question and the current step, because
# the person said which message they answer (a relayed message, a student's question). True when it took it.
REPLIED: list[ContextHandler] = []

# What a person's situation makes of free text before its intent is asked (a refinement of the search
# just shown, a teacher's answer to an open question, …): each returns True when it took the message.
CONTEXT: list[tuple[int, ContextHandler]] = []

# A newcomer's self-introduction that says more than a role ("ho un'azienda di eventi, Eventi Rossi srl a Torino"):
# offered before it is taken as a bare answer to "Who are you?", so what it says is not asked again. True when taken.
INTRODUCTIONS: list[ContextHandler] = []

# A typed correction to a summary being confirmed ("no, the date is next Friday" at "Please check your enquiry"),
# by (flow, step): asked before the message is read as a yes or no to the open question. True when it took it.
CORRECTIONS: dict[tuple[str, str], ContextHandler] = {}

# Buttons that confirm taking something back ("✖️ Yes, withdraw"): a sentence with a cancel verb typed at their
# question ("ладно, всё-таки отмените его") presses them, where a bare "cancel" keeps what was to be cancelled.
CANCEL_CONFIRMING: set[str] = set()

# What /cancel (or a typed "cancel" no button answers) does inside a flow, by flow: True when the flow took it (at an
# offer draft's field question it goes back to the draft, which was lost with the whole flow). Otherwise the flow
# ends.
CANCELLING: dict[str, Callable[[Turn], Awaitable[bool]]] = {}

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


def on_file(priority: int) -> Callable[[FileHandler], FileHandler]:
    """Register a handler for photos and documents; lower ``priority`` is asked first."""

    def decorate(handler: FileHandler) -> FileHandler:
        FILES.append((priority, handler))
        FILES.sort(key=lambda entry: entry[0])
        return handler

    return decorate


async def served_in_context(turn: Turn, text: str, skipping: tuple[ContextHandler, ...] = ()) -> bool:
    """What the person's situation makes of ``text``: the context handlers in priority order (but ``skipping``), the
    first that takes it serves it. The router reads typed words this way; so do words handed back to it (the
    "No, this is for the bot" answer, an acceptance typed at a draft card)."""
    for _priority, handler in CONTEXT:
        if handler not in skipping and await handler(turn, text):
            return True
    return False


def correction(flow: str, name: str) -> Callable[[ContextHandler], ContextHandler]:
    def decorate(handler: ContextHandler) -> ContextHandler:
        if (flow, name) in CORRECTIONS:
            raise RuntimeError(f"correction for {flow}/{name} registered twice")
        CORRECTIONS[(flow, name)] = handler
        return handler

    return decorate


def before_intent(handler: ContextHandler) -> ContextHandler:
    BEFORE_INTENT.append(handler)
    return handler


def on_introduction(handler: ContextHandler) -> ContextHandler:
    INTRODUCTIONS.append(handler)
    return handler


def on_reply(handler: ContextHandler) -> ContextHandler:
    REPLIED.append(handler)
    return handler


def on_attachment(handler: TextHandler) -> TextHandler:
    if ATTACHMENTS:
        raise RuntimeError("attachment handler registered twice")
    ATTACHMENTS.append(handler)
    return handler
