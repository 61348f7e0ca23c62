"""The conversation about a student's task as each side reads it, and a teacher's ↩️ Reply to a student.

Why a Reply button as well as typing: a teacher may get questions from several students at once; the button
(or a swipe-reply to the question, bot/flows/threads.py) says which student the answer is for, where "the
message right after" can only guess the newest. The student's ↩️ Reply under an answer is the ❓ question of
bot/flows/tasks.py.

Who is named: the student reads "Teacher" and "You", never a teacher's name; teachers read their student's
name, as everywhere in their own school. The customer never sees any of it (domain.task_messages).

Actions (callback names): tr = answer the student of this assignment (a teacher or admin of the school).
"""

from __future__ import annotations

from bot.core import registry
from bot.core.callbacks import Action
from bot.core.turn import Turn
from bot.flows.common import SCHOOL_STAFF, memberships, student_name
from bot.flows.task_plan import named_students
from bot.i18n import Translator, escape
from domain import task_messages, tasks
from domain.limits import TASK_MESSAGE_MAX
from domain.orders import school_students
from domain.replies import Thread, latest_question, latest_question_from, open_thread
from domain.text_input import require_length
from domain.views import TaskMessageView
from nlu import answers
from nlu.normalise._text import fold, words_of

FLOW = "taskreply"
CLIP = 160  # a message shown in a list is its start: the whole of it came as a notification


def _clip(text: str) -> str:
    return text if len(text) <= CLIP else text[: CLIP - 1].rstrip() + "…"


def talk_lines(tr: Translator, messages: list[TaskMessageView] | tuple[TaskMessageView, ...], *, staff: bool,
               with_task: bool = False) -> list[str]:  # fmt: skip
    """One line per message, oldest first: "💬 You: …" / "💬 Teacher: …" for the student; the student's name
    and "Teacher to <name>" for staff (with the task's title when the lines mix several tasks)."""
    lines = []
    for m in messages:
        text = _clip(m.text)
        if staff:
            name = student_name(tr, m.student_name, erased=m.student_erased)
            if m.from_student:
                line = escape(f"{name}: {text}")
            elif with_task:
                line = tr._("Teacher to {student}: {text}", student=name, text=text)
            else:
                line = tr._("Teacher: {text}", text=text)
            if with_task:
                line = escape(f"«{m.task_title}» · ") + line
        else:
            line = tr._("You: {text}", text=text) if m.from_student else tr._("Teacher: {text}", text=text)
        lines.append("💬 " + line)
    return lines


@registry.button("tr")
async def on_reply(turn: Turn, action: Action) -> None:
    """↩️ Reply on a student's question: the conversation so far, then the answer is typed."""
    thread = await task_messages.staff_thread(turn.session, turn.person, action.arg_int(0))
    tr = turn.tr
    if not thread.open:
        turn.say(tr._("This order is not in progress any more."))
        return
    turn.finish()
    turn.goto(FLOW, "compose", assignment_id=thread.assignment_id)
    name = student_name(tr, thread.student_name, erased=thread.student_erased)
    ask = tr._("↩️ Write your answer to {student} about «{task}». /cancel to stop.", student=name,
               task=thread.task_title)  # fmt: skip
    turn.say("\n".join([*talk_lines(tr, thread.messages, staff=True), ask]), expects="text")


@registry.step(FLOW, "compose")
async def reply_compose(turn: Turn, text: str) -> None:
    require_length(text, TASK_MESSAGE_MAX)  # said before anything is stored; the person stays in the step
    assignment_id = int(turn.state.data["assignment_id"])
    task = await tasks.answer_question(turn.session, turn.person, assignment_id, answers.words_for_them(text))
    turn.finish()
    tr = turn.tr
    turn.say(
        tr._("✔ Your answer about «{title}» is sent to the student.", title=task.title),
        [[turn.button(tr._("↩️ Write more"), "tr", assignment_id),
          turn.button(tr._("🧰 Order #{id}", id=task.order_id), "oo", task.order_id)]],
    )  # fmt: skip


NAMED_WITHIN_WORDS = 5  # "rispondi a Student B: …": the student named among the first words


async def _student_named(turn: Turn, text: str, words: str | None) -> tuple[Thread, str] | None:
    """A reply verb and a student's name opening the message, with that student's question waiting for this
    teacher: the question's thread and the words for the student (without the name)."""
    addressed = words if words is not None else answers.relay_request(text)
    schools = [m.organisation_id for m in await memberships(turn) if m.kind == "school" and m.role in SCHOOL_STAFF]
    if not addressed or not schools:
        return None
    students = await school_students(turn.session, turn.person, schools[0])
    head = " ".join(text.split()[:NAMED_WITHIN_WORDS])
    named = named_students(students, head)
    if len(named) != 1:
        return None
    thread = await latest_question_from(turn.session, turn.person.id, named[0])
    if thread is None:
        return None
    name = {w.text for s in students if s.id == named[0] for w in words_of(fold(s.display_name))}
    tokens = addressed.split()
    # "rispondi a Student B: …": the preposition, then the name ("tell Jonas: a bit bigger" keeps its "a")
    for skipped in (answers.TASK_CONNECTORS, name):
        while tokens and (fold(tokens[0]).strip(",.:;!?-–—") in skipped or not fold(tokens[0]).strip(",.:;!?-–—")):
            tokens = tokens[1:]
    said = " ".join(tokens).strip(" ,.:;-–—")
    return (thread, said) if said else None


async def _reply_to_the_question(turn: Turn, text: str) -> tuple[Thread, str] | None:
    """ "reply: yes, get well soon", "otvetit: da…" typed right after a student's question arrived (the last thing
    the teacher was told): the answer to it. It went to the company of the open enquiry — a student's illness told
    to a client, and the student answered nothing."""
    first = text.split(":", 1)[0] if ":" in text else ""
    words = text.split(":", 1)[1].strip() if first else ""
    if not words or not answers.bare_reply(first):
        return None
    thread = await open_thread(turn.session, turn.person.id, turn.previous_at)
    if thread is None or thread.kind != "task" or not thread.asked:
        return None
    return thread, words


async def _vocative(turn: Turn, text: str) -> tuple[Thread, str] | None:
    """A teacher's message that opens with a student's whole name and a comma or colon ("Student A, the boxes are
    in room 12"), that student's question waiting: the question's thread and the words after the name (they went
    to the company of the open enquiry, or were searched for)."""
    schools = [m.organisation_id for m in await memberships(turn) if m.kind == "school" and m.role in SCHOOL_STAFF]
    tokens = text.split()
    if not schools or len(tokens) < 2:
        return None
    for student in await school_students(turn.session, turn.person, schools[0]):
        name = [w.text for w in words_of(fold(student.display_name))]
        opening = [fold(t).strip(",.:;!?-–—") for t in tokens[: len(name)]]
        if not name or opening != name or len(tokens) <= len(name) or tokens[len(name) - 1][-1] not in ",:":
            continue
        thread = await latest_question_from(turn.session, turn.person.id, student.id)
        said = " ".join(tokens[len(name) :]).strip()
        return (thread, said) if thread is not None and said else None
    return None


@registry.in_context(11)
async def answer_in_words(turn: Turn, text: str) -> bool:
    """ "atsakyk mokiniui: pirma išvalyk dulkes", "скажи ученику, что коробки не нужны": the answer to the newest
    question a student asked this teacher, however much came after it ("only right after the question" made
    an offer draft of it); "atsakyk mokiniui" alone opens the answer to it, as ↩️ Reply does."""
    words = answers.student_reply_request(text)
    named = await _student_named(turn, text, words)
    if named is not None:  # "ответить Student B: …", "tell Jonas: …": that student's question, not the company
        turn.goto(FLOW, "compose", assignment_id=named[0].id)
        await reply_compose(turn, named[1])
        return True
    if words is None and (answer := await _reply_to_the_question(turn, text)) is not None:
        turn.goto(FLOW, "compose", assignment_id=answer[0].id)  # "reply: yes, get well soon" right after a question
        await reply_compose(turn, answer[1])
        return True
    if words is None:
        vocative = await _vocative(turn, text)
        if vocative is None:
            return False
        turn.goto(FLOW, "compose", assignment_id=vocative[0].id)  # "Jonas, the boxes are in room 12"
        await reply_compose(turn, vocative[1])
        return True
    thread = await latest_question(turn.session, turn.person.id)
    if thread is None:
        if not any(m.role in ("teacher", "admin") for m in await memberships(turn)):
            return False
        # "odpowiedz uczniowi: niebieski plastik" with no question waiting: said (it reached the company)
        turn.say(turn.tr._("No student has asked you anything yet. When one does, the question comes here with "
                           "↩️ Reply."))  # fmt: skip
        return True
    if not words:
        await on_reply(turn, Action("tr", (str(thread.id),)))
        return True
    turn.goto(FLOW, "compose", assignment_id=thread.id)
    await reply_compose(turn, words)
    return True
