"""The student's journey: see my tasks, say "got it", ask the teacher, report done.

Why it looks the way it does: many students who use this have reading or attention difficulties.
In easy-read mode every message is one short task with every fact (what, for whom, when) in the
text itself — screen readers skip buttons and previews — and at most three buttons. "Done" is
asked twice (button, then "Is it done?") because a wrong "done" goes straight to the teacher.

Actions (callback names): ta = got it, tq = ask a question, td = done? (confirm), tdy = yes, done,
tdn = not yet. The notifications (bot/notifications.py) put the same buttons on task messages.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from babel.dates import format_date

from bot.core import asking, registry
from bot.core.callbacks import Action
from bot.core.turn import Turn
from bot.core.types import Button
from bot.flows.common import NOT_SURE, kept_words, memberships, show_menu
from bot.flows.task_talk import talk_lines
from bot.i18n import N_, Safe, Translator, escape
from domain import tasks
from domain.limits import INCOMING_MAX, TASK_QUESTION_MAX
from domain.text_input import require_length
from domain.views import AssignmentDetail
from nlu import answers

FLOW = "task"
LIST_MAX = 10  # more than this does not fit a phone screen; the rest are counted
STATUS = {
    "assigned": N_("new"),
    "acknowledged": N_("in progress"),
    "done": N_("done"),
}
STATUS_ICON = {"assigned": "🆕", "acknowledged": "⏳", "done": "✅"}

B = TypeVar("B")


# --- texts shared with the notifications --------------------------------------------------------------


def sentence(text: str) -> str:
    """End a fact with a full stop unless it already ends a sentence (easy-read: one fact, one sentence)."""
    text = text.rstrip()
    return text if not text or text[-1] in ".!?…:" else text + "."


def due_text(tr: Translator, due_at: datetime | None, *, easy: bool) -> str:
    """The due date in the reader's locale; easy-read adds the weekday, which is easier to hold on to."""
    if due_at is None:
        return tr._("no due date")
    if easy:
        return format_date(due_at.date(), format="full", locale=tr.locale)
    return tr.date(due_at)


def task_card(tr: Translator, task: AssignmentDetail, *, easy: bool, headline: str) -> str:
    """One task as text. ``headline`` is a translated line with the marker and title, already escaped."""
    status = tr._(STATUS.get(task.status, task.status))
    when = due_text(tr, task.due_at, easy=easy)
    due = tr._("Due: {date}", date=when) if task.due_at is not None else tr._("No due date")
    if easy:
        return "\n".join(
            [
                headline,
                sentence(tr._("For: {customer}", customer=task.customer_name)),
                sentence(due),
                sentence(tr._("Status: {status}", status=status)),
            ]
        )
    return "\n".join(
        [
            headline,
            tr._("🏢 For {customer} · order «{listing}»", customer=task.customer_name, listing=task.listing_title),
            f"📅 {due} · {STATUS_ICON.get(task.status, '')} " + escape(status),
        ]
    )


def task_actions(
    tr: Translator,
    task: AssignmentDetail,
    make: Callable[[str, str, int], B],
    *,
    number: int | None = None,
    reply: bool = False,
    ask: bool = True,
) -> list[B]:
    """The buttons a student has on one task: got it (while new), question (``reply``: "↩️ Reply", under
    a teacher's answer; none without ``ask``), done (while not done)."""
    if task.status == "done":
        return []
    prefix = f"{number}. " if number is not None else ""
    found: list[B] = []
    if task.status == "assigned":
        found.append(make(prefix + tr._("✅ Got it"), "ta", task.assignment_id))
    question = tr._("❓ I have a question") if number is None else tr._("❓ Ask")  # a row of three must fit
    if reply:
        question = tr._("↩️ Reply")
    if ask:
        found.append(make(prefix + question, "tq", task.assignment_id))
    found.append(make(prefix + tr._("🏁 Done"), "td", task.assignment_id))
    return found


def _headline(tr: Translator, task: AssignmentDetail, *, easy: bool, number: int | None = None) -> str:
    if easy:
        return sentence(tr._("📋 Task: {title}", title=task.title))
    title = Safe(f"<b>{escape(task.title)}</b>")
    return f"{number}. {title}" if number is not None else f"📋 {title}"


# --- /tasks ---------------------------------------------------------------------------------------------


def _button(turn: Turn) -> Callable[[str, str, int], Button]:
    return lambda label, action, arg: turn.button(label, action, arg)


@registry.command("tasks")
async def cmd_tasks(turn: Turn, _args: str) -> None:
    turn.finish()
    found = await tasks.my_tasks(turn.session, turn.person)
    tr = turn.tr
    if not found:
        turn.say(tr._("You have no open tasks. I will tell you when your teacher gives you one."))
        return
    shown = found[:LIST_MAX]
    more = len(found) - len(shown)
    if turn.easy:  # one task per message, every fact in the text
        turn.say(tr.n_("📋 You have {n} task.", "📋 You have {n} tasks.", len(found)))
        for task in shown:
            card = task_card(tr, task, easy=True, headline=_headline(tr, task, easy=True))
            talk = talk_lines(tr, task.messages, staff=False)
            turn.say("\n".join([card, *talk]), [[b] for b in task_actions(tr, task, _button(turn))])
    else:
        lines = [tr.n_("📋 You have {n} task:", "📋 You have {n} tasks:", len(found))]
        rows: list[list[Button]] = []
        for number, task in enumerate(shown, start=1):
            headline = _headline(tr, task, easy=False, number=number)
            lines.append("\n".join([task_card(tr, task, easy=False, headline=headline),
                                    *talk_lines(tr, task.messages, staff=False)]))  # fmt: skip
            actions = task_actions(tr, task, _button(turn), number=number)
            if actions:
                rows.append(actions)
        turn.say("\n\n".join(lines), rows)
    if more:
        turn.say(tr.n_("…and {n} more task. Finish these first.", "…and {n} more tasks. Finish these first.", more))


@registry.intent("my_tasks")
async def on_my_tasks(turn: Turn, _text: str) -> None:
    """A student's tasks; a company or a teacher asking about "the work" means their orders, not tasks."""
    roles = await memberships(turn)
    if roles and not any(m.role == "student" for m in roles):
        await registry.COMMANDS["orders"](turn, "")
        return
    await cmd_tasks(turn, "")


async def _find(turn: Turn, assignment_id: int) -> AssignmentDetail | None:
    """The student's own task by id (done ones too); None if it is not theirs or is gone."""
    for task in await tasks.my_tasks(turn.session, turn.person, include_done=True):
        if task.assignment_id == assignment_id:
            return task
    return None


async def _open_task(turn: Turn, assignment_id: int) -> AssignmentDetail | None:
    """The task if the student can still act on it; otherwise say why and return None."""
    if turn.state.flow == FLOW:  # a button pressed while a question was half-written: leave that
        turn.finish()
    task = await _find(turn, assignment_id)
    tr = turn.tr
    if task is None:
        turn.say(tr._("I could not find this task. Send /tasks to see your tasks."))
        return None
    if task.status == "done":
        turn.say(sentence(tr._("✅ «{title}» is already done. Thank you!", title=task.title)))
        return None
    if not any(t.assignment_id == assignment_id for t in await tasks.my_tasks(turn.session, turn.person)):
        turn.say(tr._("This order is closed. There is nothing more to do for «{title}».", title=task.title))
        return None
    return task


# --- got it ---------------------------------------------------------------------------------------------


@registry.button("ta")
async def on_got_it(turn: Turn, action: Action) -> None:
    task = await _open_task(turn, action.arg_int(0))
    if task is None:
        return
    task = await tasks.acknowledge_task(turn.session, turn.person, task.assignment_id)
    tr = turn.tr
    text = tr._("✅ Thank you! Your teacher can see that you got the task «{title}».", title=task.title)
    if not turn.easy and task.due_at is not None:
        text += "\n📅 " + tr._("Due: {date}", date=due_text(tr, task.due_at, easy=False))
    turn.say(text, [[b] for b in task_actions(tr, task, _button(turn))])


# --- a question to the teacher --------------------------------------------------------------------------


@registry.button("tq")
async def on_question(turn: Turn, action: Action) -> None:
    task = await _open_task(turn, action.arg_int(0))
    if task is None:
        return
    turn.goto(FLOW, "question", assignment_id=task.assignment_id)
    tr = turn.tr
    talk = talk_lines(tr, task.messages, staff=False)  # what was said so far, so the student can follow on
    if turn.easy:
        turn.say(
            "\n".join(
                [
                    *talk,
                    sentence(tr._("❓ Your question about the task «{title}»", title=task.title)),
                    tr._("Write it in one message. I will send it to your teacher."),
                    tr._("To stop, send /cancel."),
                ]
            ),
            expects="text",
        )
        return
    ask = tr._("❓ Write your question about «{title}». I will send it to your teacher. /cancel to stop.",
               title=task.title)  # fmt: skip
    turn.say("\n".join([*talk, ask]), expects="text")


@registry.step(FLOW, "question")
async def question_text(turn: Turn, text: str) -> None:
    tr = turn.tr
    require_length(text, TASK_QUESTION_MAX)  # said before anything else happens; the turn is rolled back
    assignment_id = int(turn.state.data["assignment_id"])
    await tasks.ask_about_task(turn.session, turn.person, assignment_id, answers.words_for_them(text))
    turn.finish()
    task = await _find(turn, assignment_id)
    buttons = [[turn.button(tr._("🏁 Done"), "td", assignment_id)]] if task and task.status != "done" else []
    if turn.easy:
        turn.say(tr._("❓ I sent your question to your teacher."), buttons)
    else:
        turn.say(tr._("✔ Your question is sent to your teacher."), buttons)


# --- done -----------------------------------------------------------------------------------------------


def _ask_done(turn: Turn, task: AssignmentDetail) -> None:
    tr = turn.tr
    turn.say(
        tr._("🏁 Is the task «{title}» done?", title=task.title),
        [
            [
                turn.button(tr._("✅ Yes, it is done"), "tdy", task.assignment_id, means="yes"),
                turn.button(tr._("Not yet"), "tdn", means="no"),
            ]
        ],
    )


@registry.button("td")
async def on_done(turn: Turn, action: Action) -> None:
    task = await _open_task(turn, action.arg_int(0))
    if task is not None:
        _ask_done(turn, task)


@registry.button("tdy")
async def on_done_yes(turn: Turn, action: Action) -> None:
    task = await _open_task(turn, action.arg_int(0))
    if task is None:
        return
    task = await tasks.mark_task_done(turn.session, turn.person, task.assignment_id)
    tr = turn.tr
    turn.say(tr._("✅ Well done! I told your teacher that «{title}» is done.", title=task.title))
    left = len(await tasks.my_tasks(turn.session, turn.person))
    if left:
        turn.say(
            tr.n_(
                "You have {n} more task. Send /tasks to see it.",
                "You have {n} more tasks. Send /tasks to see them.",
                left,
            )
        )


@registry.button("tdn")
async def on_done_no(turn: Turn, _action: Action) -> None:
    if turn.state.flow == FLOW:
        turn.finish()
    turn.say(turn.tr._("OK. Press 🏁 Done when the task is finished."))


@registry.intent("task_done")
async def on_task_done(turn: Turn, text: str) -> None:
    """ "I finished": with one open task ask about it; with several, let the student pick (or match the title)."""
    found = await tasks.my_tasks(turn.session, turn.person)
    tr = turn.tr
    if not found and not any(m.role == "student" for m in await memberships(turn)):
        # a coordinator's "hide it, …", a company's typed "🏁 Done": no student, so no "your teacher"
        await show_menu(turn, tr._(NOT_SURE))
        return
    if not found:
        turn.say(tr._("You have no open tasks. I will tell you when your teacher gives you one."))
        return
    lowered = text.casefold()
    named = [t for t in found if t.title.casefold() in lowered]
    if not named:  # "ho finito il modello": a word of one title ("modellare il logo in 3D") names it
        scores = [(answers.mentions(text, t.title), t) for t in found]
        best = max((n for n, _ in scores), default=0)
        named = [t for n, t in scores if best and n == best]
    if len(found) == 1 or len(named) == 1:
        _ask_done(turn, named[0] if len(named) == 1 else found[0])
        return
    shown = found[:LIST_MAX]
    picked = asking.interpret(text, "choice", language=turn.person.language, now=turn.now, count=len(shown))
    if picked.kind == "item" and isinstance(picked.value, int) and 1 <= picked.value <= len(shown):
        _ask_done(turn, shown[picked.value - 1])  # "ho finito il secondo compito", "padariau antrą"
        return
    if turn.easy:
        turn.say(tr._("🏁 Which task is done?"))
        for number, task in enumerate(shown, start=1):
            card = task_card(tr, task, easy=True, headline=_headline(tr, task, easy=True))
            done = turn.button(tr._("🏁 This one is done"), "tdy", task.assignment_id, means=f"item:{number}")
            turn.say(card, [[done]], expects="choice")
        return
    lines = [tr._("🏁 Which task is done?")]
    rows: list[list[Button]] = []
    for number, task in enumerate(shown, start=1):
        lines.append(task_card(tr, task, easy=False, headline=_headline(tr, task, easy=False, number=number)))
        label = tr._("🏁 {number}. Done", number=number)
        rows.append([turn.button(label, "tdy", task.assignment_id, means=f"item:{number}")])
    turn.say("\n\n".join(lines), rows, expects="choice")  # "antrą", "2", "il secondo" answer it


# --- the same in words ---------------------------------------------------------------------------------

# Intents that are requests to the bot, not a question for the teacher.
NOT_A_QUESTION = frozenset(
    {"task_done", "my_tasks", "change_language", "help", "greet", "thank", "goodbye", "affirm", "deny", "my_enquiries"}
)
# Requests to the bot even when asked as a question ("what are my tasks?", "ka turiu padaryti?").
ASKS_THE_BOT = frozenset({"my_tasks", "my_enquiries", "help", "change_language"})
QUESTION_MIN_WORDS = 3


async def _student_tasks(turn: Turn) -> list[AssignmentDetail]:
    if not any(m.kind == "school" and m.role == "student" for m in await memberships(turn)):
        return []
    return await tasks.my_tasks(turn.session, turn.person)


@registry.in_context(37)
async def student_words(turn: Turn, text: str) -> bool:
    """A student's words about the work, for the bot (blind testers, one playing a student with dyslexia): "how
    much time i have" (it said goodbye) shows the tasks with their dates; "I'm not finished yet, the glaze needs
    one more day" (a search, or "is it done?") keeps it open and passes longer words on to the teacher; "i dont
    understand" turns on easy-read (it showed the language picker)."""
    time_left = answers.asks_time_left(text) or answers.asks_what_to_do(text)  # "ko darīt?", "а что делать"
    not_finished = answers.says_not_finished(text)
    not_understood = answers.says_not_understood(text) and not turn.easy
    absent = answers.says_absent(text)
    if not (time_left or not_finished or not_understood or absent):
        return False
    found = await _student_tasks(turn)
    if not found:
        return False
    if absent:  # "as sergu, negalesiu rytoj", "опаздаю": the teacher is told (it was searched for, or "OK")
        require_length(text, TASK_QUESTION_MAX)
        await tasks.ask_about_task(turn.session, turn.person, found[-1].assignment_id, text)
        turn.say(turn.tr._("✔ Your teacher got your message."))
        return True
    if not_understood:  # "не понял", "nesapratu": easy-read on, and the tasks again in its words
        await registry.BUTTONS["easy"](turn, Action("easy", ("1",)))
        await cmd_tasks(turn, "")
        if len(text.split()) >= PASSED_ON_MIN_WORDS:  # "I don't understand my task, pack what?": the teacher too
            require_length(text, TASK_QUESTION_MAX)
            await tasks.ask_about_task(turn.session, turn.person, found[-1].assignment_id, text)
            turn.say(turn.tr._("✔ Your teacher got your message."))
        return True
    if time_left:
        await cmd_tasks(turn, "")
        return True
    lowered = text.casefold()
    named = [t for t in found if t.title.casefold() in lowered]
    task = named[0] if len(named) == 1 else found[-1]
    turn.say(turn.tr._("OK: «{title}» is not marked done. Tell me when it is.", title=task.title))
    if len(text.split()) >= PASSED_ON_MIN_WORDS:  # "…, glaze needs one more day": the teacher should know
        require_length(text, TASK_QUESTION_MAX)
        await tasks.ask_about_task(turn.session, turn.person, task.assignment_id, text)
        turn.say(turn.tr._("✔ Your teacher got your message."))
    return True


PASSED_ON_MIN_WORDS = 5  # "dar nebaigiau" is for the bot; "not finished, the glaze needs one more day" also says why


@registry.in_context(38)
async def finished_in_words(turn: Turn, text: str) -> bool:
    """ "Baigiau užduotį", "skończyłem zadanie": the student reports a task done (asked to confirm), whatever
    the intent model says of so short a message."""
    if not answers.reports_finished(text) or not await _student_tasks(turn):
        return False
    await on_task_done(turn, text)
    return True


@registry.in_context(40)
async def acknowledge_in_words(turn: Turn, text: str) -> bool:
    """ "Got it", "supratau", "понял": acknowledges the newest new task — never marks it done. Not at "Which task is
    done?": a "sì" there answers no task (it acknowledged one, and the student believed the work reported)."""
    if not answers.acknowledges(text):
        return False
    if turn.asked is not None and any(o.action[0] == "tdy" for o in turn.asked.options):
        return False
    found = await _student_tasks(turn)
    new = [t for t in found if t.status == "assigned"]
    if not new:
        if found:  # acknowledged already: "got it" is no search and no "is it done?"
            turn.say(turn.tr._("OK."))
            turn.keep_thread_open()  # the teacher's answer just came: the next words may still reply to it
            return True
        open_question = turn.asked is not None and turn.asked.expects in ("yesno", "choice")
        student = any(m.role == "student" for m in await memberships(turn))  # a company's "yes" answers its school
        if student and len(text.split()) <= 2 and not open_question:  # "ricevuto", nothing to acknowledge: no search
            await registry.INTENTS["affirm"](turn, text)
            return True
        return False
    await on_got_it(turn, Action("ta", (str(new[-1].assignment_id),)))
    return True


ASKS_FOR_THE_LIST_MAX_WORDS = 5  # "what do I have to do?" asks for the list; longer, it asks about the task


async def _for_the_bot(turn: Turn, text: str) -> bool:
    """Whether a student's question asks the bot (help, the task list, a language) rather than the teacher:
    "kokias spalvas naudoti?" read as help, or "a co mam dokładnie robić, jaki kolor plastiku" read as the task
    list, is for the teacher — help is help only in its own words, the list only in a short question."""
    intent = (await turn.understand(text)).intent
    if intent == "help":
        return answers.asks_help(text)
    if intent == "my_tasks":
        return len(text.split()) <= ASKS_FOR_THE_LIST_MAX_WORDS
    return intent in ASKS_THE_BOT or (intent in NOT_A_QUESTION and "?" not in text)


@registry.in_context(60)
async def question_in_words(turn: Turn, text: str) -> bool:
    """A student's question typed without pressing ❓: it goes to the teacher, about the task it names
    (or the only / newest open task), and the student is told which."""
    if len(text.split()) < QUESTION_MIN_WORDS or not answers.student_question(text):
        return False  # looked at first: most messages are no question, and then the database is not asked
    found = await _student_tasks(turn)
    if not found:
        return False
    if not answers.asks_the_teacher(text) and await _for_the_bot(turn, text):
        return False  # "what are my tasks?" asks the bot for the list
    lowered = text.casefold()
    named = [t for t in found if t.title.casefold() in lowered]
    task = named[0] if len(named) == 1 else found[-1]
    if answers.announces_question(text):  # "man ir jautājums": ask for it (it was sent as the question)
        await on_question(turn, Action("tq", (str(task.assignment_id),)))
        return True
    require_length(text, TASK_QUESTION_MAX)  # refused whole with its limit, never cut
    await tasks.ask_about_task(turn.session, turn.person, task.assignment_id, text)
    turn.say(turn.tr._("✔ Your question about «{title}» is sent to your teacher.", title=task.title),
             [[turn.button(turn.tr._("🏁 Done"), "td", task.assignment_id)]])  # fmt: skip
    return True


# What a student's words may be when no handler placed them: a company search, an offer, off-topic. A student has no
# use for a search of offers; their misspelt "я апаздаю на 2 дня", "kdaa reik atiduot", "il be lait 2 days" read so.
UNPLACED_FOR_A_STUDENT = frozenset({"search_offers", "post_offer", "out_of_scope", "nlu_fallback"})
FOR_THE_TEACHER_MIN_WORDS = 2


@registry.in_context(65)
async def maybe_for_the_teacher(turn: Turn, text: str) -> bool:
    """A student's words the bot cannot place: asked whether they are for the teacher, about the newest open task
    (blind tester: dyslexic students' "I'll be late", "when is it due" in phonetic spelling became a search of
    offers, and the teacher never heard). Only for someone who is a student and nothing else."""
    if len(answers.meaningful_words(text)) < FOR_THE_TEACHER_MIN_WORDS:
        return False
    roles = await memberships(turn)
    if not roles or any(m.role != "student" for m in roles):
        return False
    if (await turn.understand(text)).intent not in UNPLACED_FOR_A_STUDENT:
        return False
    found = await tasks.my_tasks(turn.session, turn.person)
    if not found:
        return False
    task = found[-1]
    data = turn.state.data
    waiting = (turn.state.flow, turn.state.step) == ("relay", "maybe") and data.get(
        "assignment_id"
    ) == task.assignment_id
    if waiting and data.get("text"):  # more words while the first wait: asked about once, together
        text = f"{data['text']}\n{text}"
    turn.goto("relay", "maybe", assignment_id=task.assignment_id, text=text[:INCOMING_MAX])
    _ = turn.tr._
    turn.say(_("Send this to your teacher about «{task}»?", task=task.title),
             [[turn.button(_("📨 Send"), "tqy", task.assignment_id, means="yes"),
               turn.button(_("No, this is for the bot"), "rpn", means="no")]])  # fmt: skip
    return True


@registry.button("tqy")
async def on_send_to_the_teacher(turn: Turn, action: Action) -> None:
    """The words kept at "Send this to your teacher …?" go to the teacher as the student's message."""
    kept = kept_words(turn, action, "assignment_id")
    if kept is None:
        return
    turn.finish()
    await tasks.ask_about_task(turn.session, turn.person, kept[0], require_length(kept[1], TASK_QUESTION_MAX))
    turn.say(turn.tr._("✔ Your teacher got your message."))
