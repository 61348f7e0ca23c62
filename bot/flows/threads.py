"""Writing back: a message right after a relayed message, a new enquiry or a student's question (or a
swipe-reply to one) continues that conversation — the company and the school talk through the bot, and a
teacher's typed answer reaches the student who asked.

Why "right after": a notification opens a thread until the person's next message; that message is far more
likely an answer than a new request. Requests to the bot itself (my enquiries, my tasks, help, language)
are still taken as such, and a swipe-reply always continues the thread it answers.
"""

from __future__ import annotations

from bot.core import registry
from bot.core.turn import Turn
from domain import tasks
from domain.replies import Thread, open_thread, thread_replied_to

# Intents that ask the bot for something: never relayed as an answer to the other side. (A greeting is
# not among them: "Hello, which flavour would you like?" is for the other side.)
TO_THE_BOT = frozenset({"my_enquiries", "my_listings", "my_tasks", "change_language", "help", "task_done"})


async def _thread(turn: Turn, text: str) -> Thread | None:
    if turn.reply_to_message_id is not None:
        replied = await thread_replied_to(turn.session, turn.person.id, turn.reply_to_message_id)
        if replied is not None:
            return replied
    thread = await open_thread(turn.session, turn.person.id, turn.previous_at)
    if thread is None:
        return None
    result = await turn.understand(text)
    return None if result.intent in TO_THE_BOT else thread


@registry.in_context(50)
async def continue_thread(turn: Turn, text: str) -> bool:
    thread = await _thread(turn, text)
    if thread is None:
        return False
    if thread.kind == "enquiry":
        turn.goto("relay", "compose", enquiry_id=thread.id)
        await registry.STEPS[("relay", "compose")](turn, text)
    elif thread.asked:  # a teacher answers a student's question
        task = await tasks.answer_question(turn.session, turn.person, thread.id, text)
        turn.say(turn.tr._("✔ Your answer about «{title}» is sent to the student.", title=task.title))
    else:  # the student writes back after the teacher's answer
        await tasks.ask_about_task(turn.session, turn.person, thread.id, text)
        turn.say(turn.tr._("✔ Your question is sent to your teacher."))
    return True
