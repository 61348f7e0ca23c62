"""A teacher changes a task after giving it out: renames it, moves its due date, adds or takes off students,
deletes it — from the task's card (✏️ on the order card) or typed: "move the task to Monday", "delete task 2",
"rename task 1: Bake 60 cakes", "add Ona to task 2", "perkelk užduotį į pirmadienį", "удали задание 2".

Why a typed command names a task by its number on the order card: that is the number the teacher sees. The
order is the one whose card the teacher opened last, else their school's only order in progress; a task is
also found by its title, or as the only open one. When it stays unclear the teacher picks it from a list, and
the command goes on with the task pressed. Deleting asks first: it cannot be undone and reaches every student
on the task. The students concerned are told by the services (domain.task_changes); the words of the
commands are in nlu/answers.py (``task_command``).

Actions (callback names): otw = which task to change (order card), ote = a task's card, otn = rename,
otd = new due date, otdn = no due date, ots = add students, otu = take students off, otx = delete?,
otxy = delete (confirmed), otp = the task a typed command meant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.core import registry
from bot.core.callbacks import Action
from bot.core.turn import Turn
from bot.core.types import Button
from bot.flows import orders as order_flow
from bot.flows.common import is_staff, memberships, student_name
from bot.flows.offer import say_in_threes
from bot.flows.task_plan import named_students
from bot.i18n import N_, Safe, escape
from domain import orders, task_changes
from domain.limits import TASK_TITLE_MAX
from domain.text_input import require_length
from domain.timeutil import as_utc
from domain.views import OrderView, StudentView, TaskView
from nlu import answers
from nlu.normalise._text import fold
from nlu.normalise.dates import resolve_date

FLOW = "taskedit"
LABELS = {
    "otn": N_("✏️ Title"),
    "otd": N_("📅 Due date"),
    "ots": N_("➕ Students"),
    "otu": N_("➖ Students"),
    "otx": N_("🗑 Delete"),
}
DUE_LABEL = LABELS["otd"]  # the overdue nudge offers it too (bot/notifications.py)


@dataclass(frozen=True)
class Found:
    order: OrderView
    task: TaskView
    number: int  # as on the order card


def _open_students(task: TaskView) -> list[int]:
    return [a.student_id for a in task.assignments if a.status != "done" and a.student_id is not None]


def _utc(value: datetime | None) -> datetime | None:
    return as_utc(value) if value is not None else None


def _told(turn: Turn, count: int) -> str:
    return turn.tr.n_("{n} student was told.", "{n} students were told.", count) if count else ""


async def _find(turn: Turn, task_id: int) -> Found | None:
    """The task if this teacher may change it now; otherwise say why and return None."""
    view = await orders.order_of_task(turn.session, turn.person, task_id)
    tr = turn.tr
    if view.side != "school":
        turn.say(tr._("Only teachers of the school can change this order."))
        return None
    if view.status != "in_progress":
        turn.say(tr._("This order is not in progress any more."))
        return None
    number, task = next((n, t) for n, t in enumerate(view.tasks, start=1) if t.id == task_id)
    if task.status == "done":
        turn.say(tr._("This task is already done."))
        return None
    return Found(view, task, number)


async def show_task(turn: Turn, found: Found, *, note: str = "") -> None:
    """The task's card with what can be changed; ➕/➖ only when there is someone to add or take off."""
    tr, task = turn.tr, found.task
    lines: list[str] = [Safe(f"🧰 <b>#{found.order.id} {escape(found.order.listing_title)}</b>")]
    lines += order_flow.task_lines(tr, task, found.number, school=True)
    students = await orders.school_students(turn.session, turn.person, found.order.school_id)
    on_task = {a.student_id for a in task.assignments}
    shown = ["otn", "otd"]
    shown += ["ots"] if any(s.id not in on_task for s in students) else []
    shown += ["otu"] if _open_students(task) else []
    buttons = [turn.button(tr._(LABELS[a]), a, task.id) for a in [*shown, "otx"]]
    buttons.append(turn.button(tr._("🧰 Order #{id}", id=found.order.id), "oo", found.order.id))
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    turn.remember("order", found.order.id)
    say_in_threes(turn, (note + "\n\n" if note else "") + "\n".join(lines), rows, tr._("More:"))


async def _reshow(turn: Turn, task_id: int, note: str) -> None:
    found = await _find(turn, task_id)
    if found is not None:
        await show_task(turn, found, note=note)


# --- from the order card: which task -------------------------------------------------------------------


@registry.button("otw")
async def on_which(turn: Turn, action: Action) -> None:
    view = await order_flow.school_order(turn, action.arg_int(0))
    if view is None:
        return
    turn.finish()
    changeable = [(n, t) for n, t in enumerate(view.tasks, start=1) if t.status != "done"]
    if len(changeable) == 1:
        number, task = changeable[0]
        await show_task(turn, Found(view, task, number))
        return
    if not changeable:
        order_flow.show_order(turn, view)
        return
    rows = [[turn.button(f"{n}. {t.title}"[:60], "ote", t.id, means=f"item:{n}")] for n, t in changeable]
    turn.say(turn.tr._("Which one? Type its number, for example «2»."), rows, expects="choice")


@registry.button("ote")
async def on_task(turn: Turn, action: Action) -> None:
    found = await _find(turn, action.arg_int(0))
    if found is not None:
        turn.finish()
        await show_task(turn, found)


# --- rename ----------------------------------------------------------------------------------------------


async def _ask_title(turn: Turn, found: Found) -> None:
    turn.finish()
    turn.goto(FLOW, "title", task_id=found.task.id)
    turn.say(turn.tr._("✏️ Send the new title for «{title}».", title=found.task.title),
             [[turn.button(turn.tr._("✖️ Cancel"), "m", "cancel", means="cancel")]], expects="text")  # fmt: skip


@registry.button("otn")
async def on_rename(turn: Turn, action: Action) -> None:
    found = await _find(turn, action.arg_int(0))
    if found is not None:
        await _ask_title(turn, found)


async def _rename(turn: Turn, found: Found, title: str) -> None:
    require_length(" ".join(title.split()), TASK_TITLE_MAX)
    task = await task_changes.rename_task(turn.session, turn.person, found.task.id, title)
    turn.finish()
    told = _told(turn, len(_open_students(task))) if task.title != found.task.title else ""
    note = "\n".join(filter(None, [turn.tr._("✏️ The task is now called «{title}».", title=task.title), told]))
    await _reshow(turn, task.id, note)


@registry.step(FLOW, "title")
async def title_typed(turn: Turn, text: str) -> None:
    found = await _find(turn, int(turn.state.data["task_id"]))
    if found is not None:
        await _rename(turn, found, text)


# --- due date --------------------------------------------------------------------------------------------


def _ask_due(turn: Turn, found: Found, problem: str = "") -> None:
    tr = turn.tr
    turn.finish()
    turn.goto(FLOW, "due", task_id=found.task.id)
    ask = tr._("📅 When is «{title}» due now? For example «Monday», «12.12» or «in 3 days».", title=found.task.title)
    turn.say((problem + " " if problem else "") + ask,
             [[turn.button(tr._("No due date"), "otdn", found.task.id, means="skip")]], expects="date")  # fmt: skip


@registry.button("otd")
async def on_due(turn: Turn, action: Action) -> None:
    found = await _find(turn, action.arg_int(0))
    if found is not None:
        _ask_due(turn, found)


async def _redate(turn: Turn, found: Found, day: date | None) -> None:
    tr = turn.tr
    due = datetime.combine(day, order_flow.DUE_HOUR) if day is not None else None
    if due is not None and due <= as_utc(turn.now):
        _ask_due(turn, found, tr._("That day has already passed."))
        return
    task = await task_changes.redate_task(turn.session, turn.person, found.task.id, due)
    turn.finish()
    when = tr.date(due) if due is not None else tr._("no due date")
    note = Safe(f"📅 <b>{escape(task.title)}</b>: ") + escape(when)
    if _utc(task.due_at) != _utc(found.task.due_at):
        note = "\n".join(filter(None, [note, _told(turn, len(_open_students(task)))]))
    await _reshow(turn, task.id, note)


@registry.step(FLOW, "due")
async def due_typed(turn: Turn, text: str) -> None:
    found = await _find(turn, int(turn.state.data["task_id"]))
    if found is None:
        return
    day = order_flow.read_day(turn, text)
    if day is None:
        _ask_due(turn, found, turn.tr._("I did not understand the date."))
        return
    await _redate(turn, found, day)


@registry.button("otdn")
async def on_no_due(turn: Turn, action: Action) -> None:
    found = await _find(turn, action.arg_int(0))
    if found is not None:
        await _redate(turn, found, None)


# --- students on the task --------------------------------------------------------------------------------


def _pick(turn: Turn, found: Found, mode: str, **narrow: list[int]) -> None:
    turn.finish()
    turn.goto(order_flow.FLOW, "pick", order_id=found.order.id, school_id=found.order.school_id,
              title=found.task.title, task_id=found.task.id, mode=mode, picked=[], page=0, **narrow)  # fmt: skip


@registry.button("ots")
async def on_add_students(turn: Turn, action: Action) -> None:
    found = await _find(turn, action.arg_int(0))
    if found is not None:
        _pick(turn, found, "add", hide=[a.student_id for a in found.task.assignments if a.student_id is not None])
        await order_flow.show_picker_now(turn)


@registry.button("otu")
async def on_remove_students(turn: Turn, action: Action) -> None:
    found = await _find(turn, action.arg_int(0))
    if found is not None:
        _pick(turn, found, "remove", only=_open_students(found.task))
        await order_flow.show_picker_now(turn)


def _names(turn: Turn, task: TaskView, ids: list[int]) -> str:
    by_id = {a.student_id: student_name(turn.tr, a.student_name, erased=a.student_erased) for a in task.assignments}
    return ", ".join(by_id.get(i, "") for i in ids if by_id.get(i))


async def _added(turn: Turn, student_ids: list[int]) -> None:
    task_id = int(turn.state.data["task_id"])
    task = await orders.assign_task(turn.session, turn.person, task_id, student_ids)
    turn.finish()
    names = _names(turn, task, student_ids)
    await _reshow(turn, task_id, turn.tr._("➕ Added to «{title}»: {names}.", title=task.title, names=names))


async def _removed(turn: Turn, student_ids: list[int]) -> None:
    task_id = int(turn.state.data["task_id"])
    before = await _find(turn, task_id)
    if before is None:
        return
    task = await task_changes.unassign_students(turn.session, turn.person, task_id, student_ids)
    turn.finish()
    note = turn.tr._("➖ Taken off «{title}»: {names}.", title=task.title, names=_names(turn, before.task, student_ids))
    if task.status == "done":  # everyone left on it had finished: the task is done, its card is the order's
        order_flow.show_order(turn, await orders.order_view(turn.session, turn.person, before.order.id), note=note)
        return
    await _reshow(turn, task_id, note)


order_flow.PICKED.update(add=_added, remove=_removed)


# --- delete ----------------------------------------------------------------------------------------------


@registry.button("otx")
async def on_delete(turn: Turn, action: Action) -> None:
    found = await _find(turn, action.arg_int(0))
    if found is None:
        return
    turn.finish()
    tr = turn.tr
    turn.say(tr._("🗑 Delete the task «{title}»? The students on it will be told.", title=found.task.title),
             [[turn.button(tr._("🗑 Yes, delete"), "otxy", found.task.id, means="yes"),
               turn.button(tr._("No, keep"), "ote", found.task.id, means="no")]])  # fmt: skip


@registry.button("otxy")
async def on_delete_yes(turn: Turn, action: Action) -> None:
    found = await _find(turn, action.arg_int(0))
    if found is None:
        return
    task = await task_changes.delete_task(turn.session, turn.person, found.task.id)
    turn.finish()
    note = "\n".join(filter(None, [turn.tr._("🗑 The task «{title}» is deleted.", title=task.title),
                                  _told(turn, len(_open_students(task)))]))  # fmt: skip
    order_flow.show_order(turn, await orders.order_view(turn.session, turn.person, found.order.id), note=note)


# --- the same in words -------------------------------------------------------------------------------------


async def _changeable(turn: Turn) -> list[Found]:
    """Every open task of the teacher's orders in progress, the order last opened first."""
    views = [v for v in await orders.orders_for(turn.session, turn.person)
             if v.side == "school" and v.status == "in_progress"]  # fmt: skip
    current = turn.recall("order")
    views.sort(key=lambda v: v.id != current)
    return [Found(v, t, n) for v in views for n, t in enumerate(v.tasks, start=1) if t.status != "done"]


def _meant(turn: Turn, command: answers.TaskCommand, text: str, found: list[Found]) -> Found | None:
    orders_in = {f.order.id for f in found}
    current = turn.recall("order") if turn.recall("order") in orders_in else None
    if current is None and len(orders_in) == 1:
        current = next(iter(orders_in))
    here = [f for f in found if f.order.id == current] if current is not None else found
    if command.number is not None:
        numbered = [f for f in here if f.number == command.number]
        return numbered[0] if len(numbered) == 1 else None
    words = f" {fold(text)} "
    titled = [f for f in found if f" {fold(f.task.title)} " in words]
    if len(titled) == 1:
        return titled[0]
    theirs = tasks_of_named(text, here)
    if len(theirs) == 1:  # "move Student A's deadline to 22 December": the task of the student named
        return theirs[0]
    return here[0] if len(here) == 1 else None


def tasks_of_named(text: str, found: list[Found]) -> list[Found]:
    """The open tasks of the one student the words name, among ``found`` (none when no student, or several)."""
    students = {a.student_id: StudentView(a.student_id, a.student_name or "", False)
                for f in found for a in f.task.assignments if a.student_id is not None and a.student_name}  # fmt: skip
    named = named_students(list(students.values()), text)
    if len(named) != 1:
        return []
    return [f for f in found if f.task.status != "done" and any(a.student_id == named[0] for a in f.task.assignments)]


async def _apply(turn: Turn, command: answers.TaskCommand, text: str, found: Found) -> None:
    if command.verb == "move":
        day = resolve_date(command.rest, turn.person.language, turn.now) if command.rest else None
        day = day or resolve_date(text, turn.person.language, turn.now)
        if day is None:
            _ask_due(turn, found)
        else:
            await _redate(turn, found, day)
    elif command.verb == "rename":
        await (_rename(turn, found, command.rest) if command.rest else _ask_title(turn, found))
    elif command.verb == "add":
        students = await orders.school_students(turn.session, turn.person, found.order.school_id)
        on_task = {a.student_id for a in found.task.assignments}
        named = named_students([s for s in students if s.id not in on_task], text)
        _pick(turn, found, "add", hide=sorted(i for i in on_task if i is not None))
        await (_added(turn, named) if named else order_flow.show_picker_now(turn))
    else:  # delete: the task, or the students it names ("remove Ona from task 2")
        students = await orders.school_students(turn.session, turn.person, found.order.school_id)
        on_task = {a.student_id for a in found.task.assignments}
        named = named_students([s for s in students if s.id in on_task], text)
        if named:  # one who finished their part is refused by the service, with why
            _pick(turn, found, "remove", only=_open_students(found.task))
            await _removed(turn, named)
        else:
            await on_delete(turn, Action("otx", (str(found.task.id),)))


async def redate_named(turn: Turn, text: str, day: date) -> bool:
    """ "move Student A's deadline to 22 December": the task of the student named gets the date (the whole order's
    date moved, and the customer was told); with several tasks of theirs, which one is asked."""
    theirs = tasks_of_named(text, await _changeable(turn))
    if not theirs:
        return False
    if len(theirs) == 1:
        await _redate(turn, theirs[0], day)
        return True
    _ask_which(turn, answers.TaskCommand("move", None, day.isoformat()), text, theirs)
    return True


def _ask_which(turn: Turn, command: answers.TaskCommand, text: str, found: list[Found]) -> None:
    turn.finish()
    turn.goto(FLOW, "which", verb=command.verb, number=command.number, rest=command.rest, text=text)
    rows: list[list[Button]] = [
        [turn.button(f"#{f.order.id} · {f.number}. {f.task.title}"[:60], "otp", f.task.id, means=f"item:{i}")]
        for i, f in enumerate(found[:10], start=1)
    ]
    turn.say(turn.tr._("Which one? Type its number, for example «2»."), rows, expects="choice")


@registry.in_context(15)
async def change_in_words(turn: Turn, text: str) -> bool:
    """ "Move the task to Monday", "delete task 2": a teacher's change to a task given out."""
    changed = answers.students_changed(text)
    card = {o.action[0]: o for o in (turn.asked.options if turn.asked else []) if o.action[0] in ("ots", "otu")}
    if changed is not None and card:  # "pašalinti mokinį" at the task's card: its ➖ / ➕ Students (an offer draft)
        option = card.get("otu" if changed == "remove" else "ots")
        if option is not None:
            name, *args = option.action
            await registry.BUTTONS[name](turn, Action(name, tuple(args)))
            return True
    command = answers.task_command(text)
    if command is None or not any(is_staff(m) for m in await memberships(turn)):
        return False
    found = await _changeable(turn)
    if not found:
        await order_flow.cmd_orders(turn, "")
        return True
    meant = _meant(turn, command, text, found)
    if meant is not None:
        await _apply(turn, command, text, meant)
        return True
    _ask_which(turn, command, text, found)
    return True


@registry.button("otp")
async def on_meant(turn: Turn, action: Action) -> None:
    """The task pressed for a typed command that did not say which: the command goes on with it."""
    found = await _find(turn, action.arg_int(0))
    if found is None:
        return
    data = turn.state.data
    if turn.state.flow != FLOW or turn.state.step != "which":
        await show_task(turn, found)
        return
    number = data.get("number")
    command = answers.TaskCommand(data["verb"], int(number) if number is not None else None, str(data["rest"]))
    await _apply(turn, command, str(data["text"]), found)
