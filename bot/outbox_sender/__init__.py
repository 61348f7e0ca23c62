"""Outbox delivery: the loop that turns outbox rows into Telegram messages within Telegram's limits.

Use from the bot process::

    stats = await run_sender(bot, session_factory, renderer, stop_event=stop, config=SenderConfig())

or as a worker: ``vet2b outbox work``. See :mod:`domain.outbox` for the guarantees.
"""

from bot.outbox_sender.delivery import FatalSenderError, SenderStats
from bot.outbox_sender.loop import SenderConfig, default_worker_id, run_sender
from bot.outbox_sender.render import DefaultRenderer, OutgoingMessage, Renderer
from bot.outbox_sender.worker import make_bot, run_worker

__all__ = [
    "DefaultRenderer",
    "FatalSenderError",
    "OutgoingMessage",
    "Renderer",
    "SenderConfig",
    "SenderStats",
    "default_worker_id",
    "make_bot",
    "run_sender",
    "run_worker",
]
