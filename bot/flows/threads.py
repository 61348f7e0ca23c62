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
from bot.flows.common import enquiry_in_view
from domain import enquiries, tasks
from domain.errors import DomainError
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
    """Words right after a notification that invites an answer, or right after an enquiry's card was opened
    (a teacher reads /enquiries, opens one and types the answer), go to the other side. A request to the bot
    is served instead; after a card, so is a search typed by the company (it may be looking further)."""
    thread = await open_thread(turn.session, turn.person.id, turn.previous_at)
    in_view = enquiry_in_view(turn) if thread is None else None
    if thread is None and in_view is None:
        return False
    intent = (await turn.understand(text)).intent
    if intent in TO_THE_BOT:
        return False
    if in_view is not None:
        try:
            view = await enquiries.enquiry_view(turn.session, turn.person, in_view)
        except DomainError:  # no longer theirs to answer (left the school): the words are read on their own
            return False
        if view.status not in ("open", "accepted") or (view.side == "customer" and intent == "search_offers"):
            return False
        thread = Thread("enquiry", in_view)
    assert thread is not None
    await _continue(turn, thread, text)
    return True
