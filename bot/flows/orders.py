"""/orders: accepted enquiries as orders; the teacher splits one into tasks for students and completes it.

Why the task wizard asks title → due date → students, and creates nothing until "Assign": a task
with nobody on it helps no one, and a half-made task left behind by an interrupted wizard would
confuse the progress count the customer sees. Due dates are stored at 12:00 UTC of the chosen day:
the day is what matters to a student, and noon keeps it the same calendar day in every
European time zone.

Who sees what: the school side sees tasks with students' names (same school); the customer side
sees progress counts only (domain views already leave names out). Management buttons are shown
only to the school's teachers; the services check again on every press.

Actions (callback names): ol = list page, oo = open an order, ot = add a task, ods = no due date,
og = toggle a student, opg = students page, oa = assign (creates the task), oc = complete?,
ocy = complete (confirmed). Changing a task given out (✏️ Change a task) is bot/flows/task_edit.py.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, time

from bot.core import asking, registry
from bot.core.callbacks import Action
from bot.core.turn import Turn
from bot.core.types import Button
from bot.flows.cards import quantity_text
from bot.flows.common import memberships, student_name
from bot.flows.documents import document_buttons, document_lines
from bot.flows.offer import say_in_threes, stale
from bot.flows.task_plan import named_students, offer_plan, plan_of, task_pieces, without_article
from bot.flows.task_talk import talk_lines
from bot.i18n import N_, Safe, Translator, escape
from domain.limits import TASK_TITLE_MAX
from domain.orders import add_task, assign_task, complete_order, order_view, orders_for, school_students
from domain.task_reminders import remind_now
from domain.timeutil import as_utc
from domain.views import OrderView, StudentView, TaskView
from nlu import answers
from nlu.normalise.dates import read_day_typed, without_due_date

FLOW = "addtask"  # "task" is the student's flow (bot/flows/tasks.py)
PAGE_SIZE = 5
STUDENTS_PAGE = 8
DUE_HOUR = time(12, 0, tzinfo=UTC)
ORDER_STATUS = {
    "in_progress": N_("in progress"),
    "completed": N_("completed"),
    "cancelled": N_("cancelled"),
}
ASSIGNMENT_STATUS = {"assigned": N_("new"), "acknowledged": N_("in progress"), "done": N_("done")}
ASSIGNMENT_ICON = {"assigned": "🆕", "acknowledged": "⏳", "done": "✅"}


def progress_text(tr: Translator, view: OrderView) -> str:
    if not view.total_count:
        return tr._("no tasks yet")
    return tr.n_("{done}/{n} task done", "{done}/{n} tasks done", view.total_count, done=tr.number(view.done_count))


def _stale(turn: Turn) -> None:
    turn.say(turn.tr._("This button is no longer valid. Send /menu to start again."))


# --- the list ---------------------------------------------------------------------------------------------


@registry.command("orders")
async def cmd_orders(turn: Turn, _args: str) -> None:
    turn.finish()
    await _show_list(turn, 0)


@registry.button("ol")
async def on_list_page(turn: Turn, action: Action) -> None:
    await _show_list(turn, max(0, action.arg_int(0)), edit=not turn.easy)


async def _show_list(turn: Turn, page: int, *, edit: bool = False) -> None:
    tr = turn.tr
    views = await orders_for(turn.session, turn.person)
    if not views:
        turn.say(tr._("There are no orders yet. An order starts when a school accepts an enquiry."))
        return
    pages = -(-len(views) // PAGE_SIZE)
    page = min(page, pages - 1)
    first = page * PAGE_SIZE
    lines = [tr.n_("{n} order:", "{n} orders:", len(views))]
    rows: list[list[Button]] = []
    for number, view in enumerate(views[first : first + PAGE_SIZE], start=1):
        other = view.customer_name if view.side == "school" else view.school_name
        state = [tr._(ORDER_STATUS.get(view.status, view.status)), progress_text(tr, view)]
        if view.status == "in_progress":
            state.append(tr._("due {date}", date=tr.date(view.due_on)) if view.due_on else tr._("no due date"))
        lines.append(
            Safe(f"<b>#{view.id}</b> {escape(view.listing_title)} — {escape(other)}\n    ")
            + " · ".join(escape(part) for part in state)
        )
        rows.append([turn.button(tr._("🧰 Open #{id}", id=view.id), "oo", view.id, means=f"item:{number}")])
    nav: list[Button] = []
    if page > 0:
        nav.append(turn.button(tr._("◀ Back"), "ol", page - 1))
    if page < pages - 1:
        nav.append(turn.button(tr._("More ▶"), "ol", page + 1, means="more"))
    if nav:
        rows.append(nav)
        lines.append(tr._("Page {page} of {pages}.", page=page + 1, pages=pages))
    if turn.easy:
        say_in_threes(turn, "\n".join(lines), rows, tr._("More:"))
    else:
        turn.say("\n".join(lines), rows, edit=edit)


# --- one order --------------------------------------------------------------------------------------------


def task_lines(tr: Translator, task: TaskView, number: int, *, school: bool) -> list[str]:
    """A task as the order card shows it: number, title, due date; for the school, who does it and how far."""
    due = tr._("due {date}", date=tr.date(task.due_at)) if task.due_at else tr._("no due date")
    mark = "✅" if task.status == "done" else "▫️"
    lines: list[str] = [Safe(f"{mark} {number}. <b>{escape(task.title)}</b> — {escape(due)}")]
    if school:
        for a in task.assignments:
            status = tr._(ASSIGNMENT_STATUS.get(a.status, a.status))
            name = student_name(tr, a.student_name, erased=a.student_erased)
            lines.append(Safe(f"    {ASSIGNMENT_ICON.get(a.status, '')} ") + escape(f"{name}: {status}"))
        if not task.assignments:
            lines.append("    " + escape(tr._("nobody assigned yet")))
    return lines


def order_text(tr: Translator, view: OrderView) -> str:
    school = view.side == "school"
    lines = [
        Safe(f"🧰 <b>#{view.id} {escape(view.listing_title)}</b>"),
        tr._("Customer: {customer}", customer=view.customer_name) if school else tr._("School: {school}",
                                                                                       school=view.school_name),
        tr._("Status: {status}", status=tr._(ORDER_STATUS.get(view.status, view.status))),
        tr._("Progress: {progress}", progress=progress_text(tr, view)),
    ]  # fmt: skip
    if view.quantity:  # how many the customer asked for: the school's card had the offer's title only
        lines.append(tr._("Quantity: {n}", n=quantity_text(tr, view.quantity, view.quantity_unit)))
    if view.due_on is not None and view.status == "in_progress":
        lines.append(tr._("Due: {date}", date=tr.date(view.due_on)))
    if view.planned_late is not None and view.status == "in_progress" and school:
        lines.append(tr._("⚠️ The tasks end on {date}, after the customer's date.", date=tr.date(view.planned_late)))
    elif view.planned_late is not None and view.status == "in_progress":
        lines.append(tr._("The school plans to finish on {date}, later than you asked.",
                          date=tr.date(view.planned_late)))  # fmt: skip
    if view.status == "cancelled":
        lines.append(tr._("Cancelled by {organisation}: {reason}", organisation=view.cancelled_by_name,
                          reason=view.cancel_reason))  # fmt: skip
    for number, task in enumerate(view.tasks, start=1):
        lines += ["", *task_lines(tr, task, number, school=school)]
    if view.messages:  # school side only (domain.orders): the latest of the students' conversations
        lines += ["", tr._("💬 Latest messages:"), *talk_lines(tr, view.messages, staff=True, with_task=True)]
    if view.documents:  # both sides (bot/flows/documents.py)
        lines += ["", *document_lines(tr, view)]
    if view.review is not None:
        stars = "★" * view.review.rating + "☆" * (5 - view.review.rating)
        lines.append("")
        lines.append(tr._("Rating: {stars}", stars=stars))
        if view.review.comment:  # the stars without the words the customer gave them (a tester missed them)
            lines.append(Safe("💬 ") + escape(f"«{view.review.comment}»"))
    return "\n".join(lines)


def show_order(turn: Turn, view: OrderView, *, note: str = "") -> None:
    tr = turn.tr
    rows: list[list[Button]] = []
    if view.side == "school" and view.status == "in_progress":
        rows.append([turn.button(tr._("➕ Add a task"), "ot", view.id),
                     turn.button(tr._("✔ Complete order"), "oc", view.id)])  # fmt: skip
        if any(t.status != "done" for t in view.tasks):
            rows.append([turn.button(tr._("✏️ Change a task"), "otw", view.id)])
        turn.remember("order", view.id)  # "delete task 2" means task 2 of this card (bot/flows/task_edit.py)
    rows += document_buttons(turn, view)  # 📥 each document, 📎 add one (bot/flows/documents.py)
    if view.status == "in_progress":  # either side may cancel it, with a reason (bot/flows/cancellations.py)
        rows.append([turn.button(tr._("✖️ Cancel order"), "xo", view.id)])
    rows.append([turn.button(tr._("📨 Enquiry #{id}", id=view.enquiry_id), "eo", view.enquiry_id)])
    turn.say((note + "\n\n" if note else "") + order_text(tr, view), rows)


@registry.button("oo")
async def on_open(turn: Turn, action: Action) -> None:
    view = await order_view(turn.session, turn.person, action.arg_int(0))
    turn.finish()
    show_order(turn, view)


async def school_order(turn: Turn, order_id: int) -> OrderView | None:
    """The order if this person may manage it and it is in progress; otherwise says why and returns None."""
    view = await order_view(turn.session, turn.person, order_id)
    if view.side != "school":
        turn.say(turn.tr._("Only teachers of the school can change this order."))
        return None
    if view.status != "in_progress":
        turn.say(turn.tr._("This order is not in progress any more."))
        return None
    return view


# --- adding a task: title → due date → students → assign --------------------------------------------------


@registry.button("ot")
async def on_add_task(turn: Turn, action: Action) -> None:
    view = await school_order(turn, action.arg_int(0))
    if view is None:
        return
    turn.finish()
    turn.goto(FLOW, "title", order_id=view.id, school_id=view.school_id)
    turn.say(
        turn.tr._("Order #{id}: what is the task? Write a short title, for example «Bake 50 pastéis de nata».",
                  id=view.id),
        [[turn.button(turn.tr._("✖️ Cancel"), "m", "cancel")]],
    )  # fmt: skip


@registry.step(FLOW, "title")
async def task_title(turn: Turn, text: str) -> None:
    title = " ".join(text.split())
    if not 1 <= len(title) <= TASK_TITLE_MAX:
        turn.say(turn.tr._("The task title must be 1 to 200 characters long. Please send it again."))
        return
    turn.goto(FLOW, "due", title=title)
    _ask_due(turn)


def _ask_due(turn: Turn, problem: str = "") -> None:
    tr = turn.tr
    question = tr._("When is it due? For example «Friday», «12.12» or «in 3 days». Or press Skip.")
    turn.say((problem + " " if problem else "") + question, [[turn.button(tr._("⏭ Skip"), "ods", means="skip")]],
             expects="date")  # fmt: skip


def read_day(turn: Turn, text: str) -> date | None:
    """The day a typed due date names ("Friday", "12.12", "poryt", "ate dia 20", "2026-12-12"), or None."""
    day = read_day_typed(text, turn.person.language, turn.now)
    if day is None:
        try:
            day = date.fromisoformat(text.strip())
        except ValueError:
            return None
    return day


@registry.step(FLOW, "due")
async def task_due(turn: Turn, text: str) -> None:
    tr = turn.tr
    day = read_day(turn, text)
    if day is None:
        _ask_due(turn, tr._("I did not understand the date."))
        return
    due_at = datetime.combine(day, DUE_HOUR)
    if due_at <= as_utc(turn.now):
        _ask_due(turn, tr._("That day has already passed."))
        return
    turn.goto(FLOW, "pick", due=due_at.isoformat())
    await _start_picking(turn)


@registry.button("ods")
async def on_no_due(turn: Turn, _action: Action) -> None:
    if turn.state.flow != FLOW or turn.state.step != "due":
        _stale(turn)
        return
    turn.goto(FLOW, "pick", due=None)
    await _start_picking(turn)


# The picker serves three purposes: whom a new task goes to, whom to add to a task, whom to take off one
# (state "mode": new | add | remove). The last two are finished by bot/flows/task_edit.py (PICKED): it
# registers there, so this module needs nothing of it. "only"/"hide" narrow the list to the task's students.
PICK_TEXT = {
    "remove": (N_("Who stops doing «{title}»? Tap names, then press Remove."), N_("➖ Remove ({n})")),
}
DEFAULT_PICK_TEXT = (N_("Who does «{title}»? Tap names to choose, then press Assign."), N_("✅ Assign ({n})"))
PICKED: dict[str, Callable[[Turn, list[int]], Awaitable[None]]] = {}


async def _students(turn: Turn) -> list[StudentView]:
    data = turn.state.data
    found = await school_students(turn.session, turn.person, int(data["school_id"]))
    if "only" in data:
        found = [s for s in found if s.id in set(data["only"])]
    return [s for s in found if s.id not in set(data.get("hide", []))]


async def _start_picking(turn: Turn) -> None:
    students = await _students(turn)
    if not students:  # nobody to give it to yet: keep the task so the work is not lost
        await _create(turn, [])
        return
    turn.goto(FLOW, "pick", picked=[], page=0)
    _show_picker(turn, students)


async def show_picker_now(turn: Turn) -> None:
    """The picker for the state just entered (bot/flows/task_edit.py: adding to or taking off a task)."""
    _show_picker(turn, await _students(turn))


def _show_picker(turn: Turn, students: list[StudentView], *, edit: bool = False) -> None:
    tr = turn.tr
    data = turn.state.data
    picked = set(data.get("picked", []))
    pages = max(1, -(-len(students) // STUDENTS_PAGE))
    page = min(max(0, int(data.get("page", 0))), pages - 1)
    shown = students[page * STUDENTS_PAGE : (page + 1) * STUDENTS_PAGE]
    question, finish = PICK_TEXT.get(str(data.get("mode")), DEFAULT_PICK_TEXT)
    assign = turn.button(tr._(finish, n=tr.number(len(picked))), "oa", means="yes")  # "ok", "taip": assign
    rows = [
        [turn.button(f"{'☑' if s.id in picked else '☐'} {student_name(tr, s.display_name)}", "og", s.id)] for s in shown
    ]
    nav: list[Button] = []
    if page > 0:
        nav.append(turn.button(tr._("◀ Back"), "opg", page - 1))
    if page < pages - 1:
        nav.append(turn.button(tr._("More ▶"), "opg", page + 1, means="more"))
    text = tr._(question, title=data.get("title", ""))
    text += "\n" + tr._("Or type their names, or «all».")
    text += "\n" + tr.n_("{n} student chosen.", "{n} students chosen.", len(picked))
    if pages > 1:
        text += " " + tr._("Page {page} of {pages}.", page=page + 1, pages=pages)
    turn.expects = "text"  # names or "all" are read by the step below, not matched to one button
    if turn.easy:  # Assign first, then names three at a time
        say_in_threes(turn, text, [[assign], *rows, nav], tr._("More:"))
        return
    turn.say(text, [*rows, *([nav] if nav else []), [assign]], edit=edit)


@registry.step(FLOW, "pick")
async def pick_typed(turn: Turn, text: str) -> None:
    """ "all of them", "both", "Ona and Jonas", "yes" (assign those ticked): the same as tapping and Assign."""
    students = await _students(turn)
    text = answers.after_self_correction(text) or text  # "Student A, ne, labāk Student B": B only
    named = named_students(students, text)
    if answers.picks_all(text):
        picked = [s.id for s in students]
    elif named:
        picked = named
    elif (ordinal := _ordinal_student(turn, students, text)) is not None:
        picked = [ordinal]  # "il primo", "antrą", "второго": the one at that place in the list shown
    elif answers.yes_no(text) == "yes":
        picked = [int(i) for i in turn.state.data.get("picked", [])]
    else:
        picked = []
    if not picked and answers.starts_task(text) is not None:
        # "uzdevums audzēkņiem: …" again: a new task (it became a public offer draft), queued after this one when it
        # is of the same order (_task_for; the one waiting for its students was lost)
        await order_in_words(turn, text)
        return
    if not picked:
        understood = await turn.understand(text)
        if understood.intent in PICKER_EXITS or asking.is_new_request(text, understood):
            turn.finish()  # "мои заказы" at "Who does it?": the teacher moved on (they were stuck here)
            turn.say(turn.tr._("Cancelled."))
            await registry.INTENTS[understood.intent](turn, text)
            return
        turn.say(turn.tr._("Choose at least one student first: tap a name."))
        _show_picker(turn, students)
        return
    await _create(turn, picked)


def _ordinal_student(turn: Turn, students: list[StudentView], text: str) -> int | None:
    """The student at the place a typed ordinal names on the page shown, if any."""
    page = max(0, int(turn.state.data.get("page", 0)))
    shown = students[page * STUDENTS_PAGE : (page + 1) * STUDENTS_PAGE]
    said = asking.interpret(text, "choice", language=turn.person.language, now=turn.now, count=len(shown))
    if said.kind == "item" and isinstance(said.value, int) and 1 <= said.value <= len(shown):
        return shown[said.value - 1].id
    return None


# Requests that leave the student picker unanswered, however short ("мои заказы", "help").
PICKER_EXITS = frozenset({"my_enquiries", "my_listings", "my_tasks", "help"})


def _picking(turn: Turn) -> bool:
    return turn.state.flow == FLOW and turn.state.step == "pick"


@registry.button("og")
async def on_toggle(turn: Turn, action: Action) -> None:
    if not _picking(turn):
        _stale(turn)
        return
    student_id = action.arg_int(0)
    students = await _students(turn)
    if student_id not in {s.id for s in students}:
        _stale(turn)
        return
    picked = list(turn.state.data.get("picked", []))
    if student_id in picked:
        picked.remove(student_id)
    else:
        picked.append(student_id)
    turn.goto(FLOW, "pick", picked=picked)
    _show_picker(turn, students, edit=not turn.easy)


@registry.button("opg")
async def on_students_page(turn: Turn, action: Action) -> None:
    if not _picking(turn):
        _stale(turn)
        return
    turn.goto(FLOW, "pick", page=max(0, action.arg_int(0)))
    _show_picker(turn, await _students(turn), edit=not turn.easy)


@registry.button("oa")
async def on_assign(turn: Turn, _action: Action) -> None:
    if not _picking(turn):
        _stale(turn)
        return
    picked = [int(i) for i in turn.state.data.get("picked", [])]
    if not picked:
        turn.say(turn.tr._("Choose at least one student first: tap a name."))
        return
    await _create(turn, picked)


async def _create(turn: Turn, student_ids: list[int]) -> None:
    data = turn.state.data
    finish = PICKED.get(str(data.get("mode")))
    if finish is not None:  # students added to or taken off an existing task
        await finish(turn, student_ids)
        return
    order_id = int(data["order_id"])
    queued = list(data.get("queued") or [])
    due = datetime.fromisoformat(data["due"]) if data.get("due") else None
    task = await add_task(turn.session, turn.person, order_id, str(data["title"]), due)
    tr = turn.tr
    if student_ids:
        task = await assign_task(turn.session, turn.person, task.id, student_ids)
        text = tr.n_("✅ Task added and {n} student notified.", "✅ Task added and {n} students notified.",
                     len(task.assignments))  # fmt: skip
    else:
        text = tr._(
            "✅ Task added. No students have joined your school yet: send /invite to make an invite link (and a "
            "QR code) for your students."
        )
    turn.finish()
    if queued:  # the task typed while this one waited for its students: now its turn
        turn.say(text)
        view = await order_view(turn.session, turn.person, order_id)
        await _task_for(turn, view, str(queued[0]["task"]), str(queued[0]["text"]))
        if len(queued) > 1 and turn.state.flow == FLOW:
            turn.state.data["queued"] = queued[1:]
        return
    turn.say(text, [[turn.button(tr._("➕ Add another task"), "ot", order_id),
                     turn.button(tr._("🧰 Order #{id}", id=order_id), "oo", order_id)]])  # fmt: skip


# --- completing -------------------------------------------------------------------------------------------


@registry.button("oc")
async def on_complete_ask(turn: Turn, action: Action) -> None:
    view = await school_order(turn, action.arg_int(0))
    if view is None:
        return
    tr = turn.tr
    text = tr._("Complete order #{id} for {customer}? They will be asked to rate the work, and the students will "
                "be told.", id=view.id, customer=view.customer_name)  # fmt: skip
    if view.done_count < view.total_count:
        text += "\n" + tr.n_("Note: {done} of {n} task is done.", "Note: {done} of {n} tasks are done.",
                             view.total_count, done=tr.number(view.done_count))  # fmt: skip
    turn.say(text, [[turn.button(tr._("✔ Yes, complete"), "ocy", view.id, means="yes"),
                     turn.button(tr._("Not yet"), "oo", view.id, means="no")]])  # fmt: skip


@registry.button("ocy")
async def on_complete(turn: Turn, action: Action) -> None:
    view = await complete_order(turn.session, turn.person, action.arg_int(0))
    turn.finish()
    note = turn.tr._("✔ Order #{id} is completed. {customer} will be asked to rate the work. Well done!",
                     id=view.id, customer=view.customer_name)  # fmt: skip
    show_order(turn, view, note=note)


# --- the same in words ---------------------------------------------------------------------------------

COMMAND_MAX_WORDS = 8


def _order_meant(text: str, mine: list[OrderView]) -> OrderView | None:
    """The in-progress order of the teacher's school (``mine``) a command names: by number, else the only one."""
    number = answers.reference_number(text)
    named = [v for v in mine if number in (v.id, v.enquiry_id)]
    if named:
        return named[0]
    return mine[0] if len(mine) == 1 else None


async def _is_staff(turn: Turn) -> bool:
    return any(m.kind == "school" and m.role in ("teacher", "admin") for m in await memberships(turn))


@registry.in_context(18)
async def remind_in_words(turn: Turn, text: str) -> bool:
    """A teacher's "remind Student B", "send a reminder to everyone who hasn't finished", "напомни всем про сроки":
    the students named (else everyone) with an unfinished task get a reminder now (it was an offer search, a new
    offer draft, or offered to the company as a message)."""
    if not answers.asks_to_remind(text) or answers.is_question(text) or not await _is_staff(turn):
        return False
    open_orders = await _in_progress(turn)
    on_screen = {o.action[1] for o in (turn.asked.options if turn.asked else []) if o.action[0] in ("ot", "oc")}
    orders = [v for v in open_orders if str(v.id) in on_screen] or open_orders
    parts = [a for v in orders for t in v.tasks if t.status != "done" for a in t.assignments
             if a.status != "done" and a.student_id is not None]  # fmt: skip
    students = await school_students(turn.session, turn.person, orders[0].school_id) if orders else []
    named = set(named_students(students, text))
    chosen = [a for a in parts if not named or a.student_id in named]
    reminded = await remind_now(turn.session, turn.person, [a.id for a in chosen])
    tr = turn.tr
    if not reminded:
        turn.say(tr._("Nobody has an unfinished task to be reminded of."))
        return True
    names = ", ".join(dict.fromkeys(student_name(tr, a.student_name, erased=a.student_erased) for a in chosen
                                    if a.student_id in reminded))  # fmt: skip
    turn.say(tr._("⏰ Reminder sent to {names}.", names=names))
    return True


@registry.in_context(19)
async def students_progress_in_words(turn: Turn, text: str) -> bool:
    """School staff's "how are my students doing?", "come stanno i ragazzi?", "kaip sekasi mokiniams?": the orders,
    each with its tasks done (a product search found nothing; right after a student's question it was asked
    whether to send it to the student)."""
    if not (answers.asks_how_students_do(text) or answers.asks_progress(text)):
        return False
    if not await _is_staff(turn):
        return False
    open_orders = await _in_progress(turn)
    if len(open_orders) == 1:  # "who hasn't finished yet?": its card says who does what, and how far they are
        await on_open(turn, Action("oo", (str(open_orders[0].id),)))
        return True
    await cmd_orders(turn, "")
    return True


SAID_AT_CARD_MAX_WORDS = 14  # with the order's ✔ Complete on the screen, a longer sentence saying so still asks


@registry.in_context(20)
async def order_in_words(turn: Turn, text: str) -> bool:
    """A teacher's "task for the students: bake 50 cakes by Friday" or "the order is complete"."""
    typed_before = [o for o in (turn.asked.options if turn.asked else []) if o.action[0] == "otk"]
    if len(typed_before) == 1 and len(text.split()) <= TASK_ANSWER_MAX_WORDS and answers.says_task(text):
        # "it's tasks for the students", "užduotis mokiniams" at "a task, or a message to …?": ➕ Task (the words
        # became a task titled "for the students", and the plan typed before was lost)
        await on_task_order(turn, Action("otk", tuple(typed_before[0].action[1:])))
        return True
    listed = answers.tasks_listed(text) if not answers.is_question(text) else None
    if listed is not None and await _is_staff(turn):
        return await _listed_tasks(turn, text, listed)
    task = answers.starts_task(text) if not answers.is_question(text) else None  # "jakie są zadania…?" asks
    if task and answers.names_no_work(task):
        task = ""  # "przypisz zadania uczniom": which task is asked (one titled "uczniom" was made)
    planned = task is None and not answers.is_question(without_article(text))  # "how are A and B doing?" asks
    if planned and await _plans_tasks(turn, text):
        task = text  # "o Student A imprime os porta-chaves e o Student B embala, ambos até sexta": no "task:" needed
    completes = task is None and answers.says_completed(text)
    on_the_card = any(o.action[0] == "oc" for o in turn.asked.options) if turn.asked else False
    longest = SAID_AT_CARD_MAX_WORDS if on_the_card else COMMAND_MAX_WORDS  # "the cakes were handed over today"
    if (task is None and not completes) or (completes and len(text.split()) > longest):
        return False
    if not await _is_staff(turn):
        return False
    # Numbers in a task are part of it; the order's own number may come before the colon ("task for order 2: …").
    open_orders = await _in_progress(turn)
    if task == "":  # "add a task", "pridėk naują užduotį": ➕ Add a task, of the order on screen or the only one
        shown = next((o for o in (turn.asked.options if turn.asked else []) if o.action[0] == "ot"), None)
        only = _order_meant(text, open_orders)
        if shown is not None:
            await on_add_task(turn, Action("ot", tuple(shown.action[1:])))
        elif only is not None:
            await on_add_task(turn, Action("ot", (str(only.id),)))
        else:
            await cmd_orders(turn, "")
        return True
    view = _order_meant(text if completes else text.partition(":")[0] if ":" in text else "", open_orders)
    if view is None and task is not None and len(open_orders) > 1:  # which order? the task's words are kept
        await _ask_which_order(turn, text, task, open_orders)
        return True
    if view is None:
        await cmd_orders(turn, "")
        return True
    if completes:
        await on_complete_ask(turn, Action("oc", (str(view.id),)))
        return True
    assert task is not None
    await _task_for(turn, view, task, text)
    return True


async def _plans_tasks(turn: Turn, text: str) -> bool:
    """Whether a staff member's message plans tasks for two or more of their school's students by name (it was
    offered to the company as an answer, and the plan was lost)."""
    if len(task_pieces(text)) < PLAN_MIN_PIECES or not await _is_staff(turn):
        return False
    open_orders = await _in_progress(turn)
    if not open_orders:
        return False
    students = await school_students(turn.session, turn.person, open_orders[0].school_id)
    return plan_of(text, students, turn.person.language, turn.now) is not None


PLAN_MIN_PIECES = 3  # two parts and what joins them


async def _in_progress(turn: Turn) -> list[OrderView]:
    return [v for v in await orders_for(turn.session, turn.person) if v.side == "school" and v.status == "in_progress"]


async def _task_for(turn: Turn, view: OrderView, task: str, text: str) -> None:
    """Start the student picker for a task typed in words ("… by Friday", "… ate dia 20" give its due date)."""
    if _waiting_for_students(turn, view.id):  # "dar viena užduotis: …" before the first was given out: both kept
        data = turn.state.data
        data["queued"] = [*data.get("queued", []), {"task": task[:TASK_TITLE_MAX], "text": text[: TASK_TITLE_MAX * 2]}]
        shown = without_due_date(task, turn.person.language, turn.now) or task
        turn.say(turn.tr._("Noted: «{next}» comes next. First, who does «{task}»?", next=shown[:TASK_TITLE_MAX],
                           task=data["title"]))  # fmt: skip
        await show_picker_now(turn)
        return
    day = read_day_typed(text, turn.person.language, turn.now)  # "do 18 dekabrya" in Latin letters too
    due = datetime.combine(day, DUE_HOUR) if day is not None else None
    if day is not None:  # "… by Friday" is the due date, not part of what to do
        task = without_due_date(task, turn.person.language, turn.now) or task
    turn.finish()
    turn.goto(FLOW, "pick", order_id=view.id, school_id=view.school_id, title=task[:TASK_TITLE_MAX],
              due=due.isoformat() if due is not None and due > as_utc(turn.now) else None)  # fmt: skip
    students = await _students(turn)
    plan = plan_of(text, students, turn.person.language, turn.now)
    if plan is not None:  # "Jonas designs the model, Ona prints and packs, both by Friday": two tasks, asked first
        offer_plan(turn, view.id, view.school_id, plan, students)
        return
    named = [s for s in students if s.display_name and s.display_name.casefold() in text.casefold()]
    if not named:
        await _start_picking(turn)
        return
    # "bake the sponge layers by 18 January for Student A": Student A is chosen (press Assign, or "ok"), and the
    # name is no part of the title, nor is the date before it (both stayed in the title the student read)
    for student in named:
        task = re.sub(rf"{_FOR_SOMEONE}{re.escape(student.display_name)}", "", task, flags=re.IGNORECASE)
    task = (without_due_date(task.strip(" ,;:-"), turn.person.language, turn.now) if day else task).strip(" ,;:-")
    turn.state.data["title"] = (task or turn.state.data["title"])[:TASK_TITLE_MAX]
    turn.state.data.update(picked=[s.id for s in named], page=0)
    _show_picker(turn, students)


async def _listed_tasks(turn: Turn, text: str, listed: list[str]) -> bool:
    """ "divide em 3 tarefas: preparar a massa, fazer o recheio, embalar": the first task's students are asked, the
    others come next, one after the other (one task was made, titled with the whole sentence)."""
    open_orders = await _in_progress(turn)
    shown = next((o for o in (turn.asked.options if turn.asked else []) if o.action[0] in ("ot", "oc")), None)
    by_card = next((v for v in open_orders if shown is not None and str(v.id) == shown.action[1]), None)
    view = by_card or _order_meant(text.partition(":")[0], open_orders)
    if view is None:
        await cmd_orders(turn, "")
        return True
    titles = "; ".join(f"«{t[:TASK_TITLE_MAX]}»" for t in listed)
    turn.say(turn.tr.n_("{n} task for order #{id}: {tasks}.", "{n} tasks for order #{id}: {tasks}. Who does each is "
                        "asked in turn.", len(listed), id=view.id, tasks=titles))  # fmt: skip
    await _task_for(turn, view, listed[0], listed[0])
    if (turn.state.flow, turn.state.step) == (FLOW, "pick"):
        turn.state.data["queued"] = [{"task": t[:TASK_TITLE_MAX], "text": t[: TASK_TITLE_MAX * 2]} for t in listed[1:]]
    return True


def _waiting_for_students(turn: Turn, order_id: int) -> bool:
    """A new task of this order being given out: its students not chosen yet (the next typed task replaced it)."""
    data = turn.state.data
    return (
        (turn.state.flow, turn.state.step) == (FLOW, "pick")
        and str(data.get("order_id")) == str(order_id)
        and (bool(data.get("title")) and not data.get("mode"))
    )


# What may stand before a student's name in a typed task: "for Student A", "для Student B", "per", "dla", "para".
_FOR_SOMEONE = r"[\s,;:-]*(?:\b(?:for|to|per|dla|para|для|skirta|priskirk)\s+)?"


TASK_ANSWER_MAX_WORDS = 6  # "it's a task for the students": an answer to the question, not a task of its own
TYPED_TASK = "typed_task"  # memory: a task typed before its order was chosen (otk reads it)


def keep_typed_task(turn: Turn, task: str, text: str) -> None:
    """Keep a typed task (and the words it came in) for the ➕ button that picks its order (``on_task_order``)."""
    turn.remember(TYPED_TASK, {"task": task[:TASK_TITLE_MAX], "text": text[: TASK_TITLE_MAX * 2]})


async def _ask_which_order(turn: Turn, text: str, task: str, open_orders: list[OrderView]) -> None:
    turn.finish()
    keep_typed_task(turn, task, text)
    rows = [[turn.button(f"{n}. #{v.id} {v.listing_title} — {v.customer_name}"[:60], "otk", v.id, means=f"item:{n}")]
            for n, v in enumerate(open_orders[:8], start=1)]  # fmt: skip
    turn.say(turn.tr._("Which order is «{task}» for? Choose it or type its number.", task=task[:TASK_TITLE_MAX]),
             rows, expects="choice")  # fmt: skip


@registry.button("otk")
async def on_task_order(turn: Turn, action: Action) -> None:
    """The order a typed task is for: the picker starts with the task's words (checked again: forged ids)."""
    typed = turn.recall(TYPED_TASK) or {}
    view = next((v for v in await _in_progress(turn) if v.id == action.arg_int(0)), None)
    if view is None or not typed:
        stale(turn)
        return
    turn.remember(TYPED_TASK, None)
    await _task_for(turn, view, str(typed["task"]), str(typed["text"]))
