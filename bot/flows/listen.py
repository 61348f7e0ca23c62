"""🔊 Listen: a notification read aloud as a Telegram voice note, for students who struggle to read.

Why: in easy-read mode each task notification, reminder and teacher's answer has a 🔊 Listen button
(bot/notifications.py); "read it to me", "perskaityk man", "прочитай" typed (nlu/answers.py) reads the newest
notification, and swiping to reply with those words reads the message replied to. Anyone may ask in words;
nobody else is spoken to unasked.

What is spoken is what that person was sent: the button carries an outbox row's id, and the row is read only
when it was delivered to this very person (domain/voice_notes.py) — a forged button for someone else's message
gets the same refusal as an unknown one. The row is rendered again for them (their language, easy-read) and its
words, without markup or emoji, are spoken by eSpeak NG here (bot/speech.py); the same words in the same
language are sent again by Telegram's file_id (bot/telegram_replies.py keeps it), not made again.

Actions (callback names): ls = read this notification aloud.
"""

from __future__ import annotations

from bot.core import registry
from bot.core.callbacks import Action
from bot.core.turn import Turn
from bot.core.types import Voice
from bot.speech import speak, speakable
from domain import voice_notes
from domain.models import OutboxMessage
from nlu import answers


@registry.button("ls")
async def on_listen(turn: Turn, action: Action) -> None:
    row = await voice_notes.received(turn.session, turn.person, action.arg_int(0))
    if row is None:
        turn.say(turn.tr._("I can only read aloud the messages I sent to you."))
        return
    await _speak(turn, row)


@registry.on_reply
async def listen_to_replied(turn: Turn, text: str) -> bool:
    """ "Read it to me" as a swipe-reply to one of the bot's notifications: that one."""
    if turn.reply_to_message_id is None or not answers.asks_to_listen(text):
        return False
    row = await voice_notes.replied(turn.session, turn.person, turn.reply_to_message_id)
    if row is None:
        return False
    await _speak(turn, row)
    return True


@registry.in_context(5)
async def listen_in_words(turn: Turn, text: str) -> bool:
    """ "Listen", "read it to me" in any of the seven languages: the newest notification, read aloud."""
    if not answers.asks_to_listen(text):
        return False
    row = await voice_notes.latest_received(turn.session, turn.person)
    if row is None:
        turn.say(turn.tr._("I have not sent you a message to listen to yet."))
        return True
    await _speak(turn, row)
    return True


async def _speak(turn: Turn, row: OutboxMessage) -> None:
    from bot.notifications import NotificationRenderer  # it imports the flows: here only when needed

    renderer = NotificationRenderer(turn.services.signer, turn.services.clock)
    message = await renderer.render(turn.session, row, turn.person)
    words = speakable(message.text) if message is not None else ""
    if not words:  # the task is done or gone since: the message no longer says what is true
        turn.say(turn.tr._("This message is out of date, so I will not read it. Send /tasks to see your tasks."))
        return
    language = turn.tr.language
    known = await voice_notes.cached(turn.session, language, words)
    if known is not None:
        turn.send_voice(Voice(language, words, known.duration_s, file_id=known.file_id))
        return
    speech = await speak(language, words)
    turn.send_voice(Voice(language, words, speech.duration, ogg=speech.ogg))
