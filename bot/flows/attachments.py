"""Photos and files in conversations: a company and a school (an enquiry), a student and their teachers (a task).

A photo or file goes where words would go (bot/flows/threads.py): to the conversation of the message it
swipe-replies to; to the one the person opened with ↩️ Reply or ❓ (the relay, task-answer and question steps);
else to the conversation whose message arrived since their previous message. Its caption goes with it. The other
side gets the bot's copy (domain.attachments, bot/notifications.py): no "forwarded from", nobody's Telegram name.
Nothing of that kind in view: bot/flows/documents.py asks which order a document is for, or says what can be done.
"""

from __future__ import annotations

from bot.core import registry
from bot.core.turn import Turn
from bot.flows.common import write_more
from bot.i18n import Translator
from domain import attachments
from domain.attachments import FileRef
from domain.enquiries import enquiry_view
from domain.replies import Thread, open_thread, thread_replied_to

# Steps in which a person writes to the other side: the flow's state names the conversation.
ENQUIRY_STEPS = {("relay", "compose"): "enquiry_id"}
TASK_STEPS = {("taskreply", "compose"): "assignment_id", ("task", "question"): "assignment_id"}


async def _send(turn: Turn, thread: Thread, file: FileRef, caption: str) -> None:
    tr: Translator = turn.tr
    if thread.kind == "enquiry":
        await attachments.to_enquiry(turn.session, turn.person, thread.id, file, caption)
        view = await enquiry_view(turn.session, turn.person, thread.id)
        other = view.other_organisation_name
        turn.finish()
        turn.say(tr._("✔ Sent to {other}.", other=other), [[write_more(turn, thread.id)]])
        return
    await attachments.to_task(turn.session, turn.person, thread.id, file, caption)
    turn.finish()
    if thread.asked:  # a teacher, answering the student of this assignment
        turn.say(tr._("✔ Sent to the student."), [[turn.button(tr._("↩️ Write more"), "tr", thread.id)]])
    else:
        turn.say(tr._("✔ Sent to your teacher."))


@registry.on_file(20)
async def replied_file(turn: Turn, file: FileRef, caption: str) -> bool:
    """A swipe-reply to a relayed message, a question or an answer: that conversation."""
    if turn.reply_to_message_id is None:
        return False
    thread = await thread_replied_to(turn.session, turn.person.id, turn.reply_to_message_id)
    if thread is None:
        return False
    await _send(turn, thread, file, caption)
    return True


@registry.on_file(30)
async def file_in_step(turn: Turn, file: FileRef, caption: str) -> bool:
    """After ↩️ Reply (to the other side of an enquiry, or a teacher to a student) or ❓ (a student's question)."""
    where = (turn.state.flow or "", turn.state.step or "")
    if where in ENQUIRY_STEPS:
        await _send(turn, Thread("enquiry", int(turn.state.data[ENQUIRY_STEPS[where]])), file, caption)
        return True
    if where in TASK_STEPS:
        teacher = where[0] == "taskreply"
        await _send(turn, Thread("task", int(turn.state.data[TASK_STEPS[where]]), asked=teacher), file, caption)
        return True
    return False


@registry.on_file(40)
async def file_after_message(turn: Turn, file: FileRef, caption: str) -> bool:
    """Sent right after a relayed message, an enquiry, a question or an answer arrived: that conversation."""
    if turn.state.flow is not None:  # in the middle of something else (drafting an offer, …): not a reply
        return False
    thread = await open_thread(turn.session, turn.person.id, turn.previous_at)
    if thread is None:
        return False
    await _send(turn, thread, file, caption)
    return True
