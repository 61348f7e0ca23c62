"""Writing back: a message right after a relayed message, a new enquiry or a student's question (or a
swipe-reply to one) continues that conversation — the company and the school talk through the bot, a
teacher's typed answer reaches the student who asked, and the student's reply reaches their teacher.

Why "right after": a notification opens a thread until the person's next message; that message is far more
likely an answer than a new request. Requests to the bot itself (my enquiries, my tasks, help, language)
are still taken as such. A swipe-reply always continues the thread it answers, before any open question
or step (bot.core.router): the person said which message they answer.
"""

from __future__ import annotations

from bot.core import registry
from bot.core.turn import Turn
from domain import tasks
from domain.limits import TASK_MESSAGE_MAX
from domain.replies import Thread, open_thread, thread_replied_to
from domain.text_input import require_length

# Intents that ask the bot for something: never relayed as an answer to the other side. (A greeting is
# not among them: "Hello, which flavour would you like?" is for the other side.)
TO_THE_BOT = frozenset({"my_enquiries", "my_listings", "my_tasks", "change_language", "help", "task_done"})


async def _continue(turn: Turn, thread: Thread, text: str) -> None:
    if thread.kind == "enquiry":
        turn.goto("relay", "compose", enquiry_id=thread.id)
        await registry.STEPS[("relay", "compose")](turn, text)
        return
    require_length(text, TASK_MESSAGE_MAX)  # refused whole with its limit, never cut
    if thread.asked:  # a teacher answers a student's question
        task = await tasks.answer_question(turn.session, turn.person, thread.id, text)
        turn.say(turn.tr._("✔ Your answer about «{title}» is sent to the student.", title=task.title),
                 [[turn.button(turn.tr._("↩️ Write more"), "tr", thread.id)]])  # fmt: skip
    else:  # the student writes back after the teacher's answer
        await tasks.ask_about_task(turn.session, turn.person, thread.id, text)
        turn.say(turn.tr._("✔ Your question is sent to your teacher."))


@registry.on_reply
async def continue_replied(turn: Turn, text: str) -> bool:
    """A swipe-reply to a relayed message, a question or an answer: that conversation, whatever else is open."""
    assert turn.reply_to_message_id is not None
    thread = await thread_replied_to(turn.session, turn.person.id, turn.reply_to_message_id)
    if thread is None:
        return False
    await _continue(turn, thread, text)
    return True


@registry.in_context(50)
async def continue_thread(turn: Turn, text: str) -> bool:
    thread = await open_thread(turn.session, turn.person.id, turn.previous_at)
    if thread is None or (await turn.understand(text)).intent in TO_THE_BOT:
        return False
    await _continue(turn, thread, text)
    return True
