"""A teacher changing an order's terms in words (domain/order_terms.py): its date ("mudar o prazo para 22 de
dezembro" with the order's card open, "move the due date of order 1 to feb 15", "перенеси срок заказа на 22 декабря")
or its quantity ("change the quantity of order 1 to 150", "zmień ilość na 30 kg"). A date agreed in the chat could
not be put on the order; asking in words changed an offer's lead time instead.
"""

from __future__ import annotations

from datetime import date

from bot.core import registry
from bot.core.turn import Turn
from bot.flows.cards import quantity_text
from bot.flows.orders import show_order
from bot.flows.task_edit import redate_named
from bot.flows.task_plan import named_students
from domain.order_terms import change_order_quantity, move_order_date
from domain.orders import orders_for
from domain.views import OrderView, StudentView
from nlu import answers
from nlu.normalise.dates import resolve_date

FLOW = "orderdate"
ORDER_ACTIONS = ("oc", "xo", "ot", "otw", "oo")  # buttons of an order's card (or of a list of just that order)


def _order_in_view(turn: Turn) -> int | None:
    options = turn.asked.options if turn.asked else []
    shown = {o.action[1] for o in options if o.action[0] in ORDER_ACTIONS and len(o.action) > 1}
    return int(shown.pop()) if len(shown) == 1 and next(iter(shown)).isdecimal() else None


async def _order_meant(turn: Turn, text: str) -> OrderView | None:
    """The order in progress the words are about: its number, the card just shown, or the only one."""
    running = [v for v in await orders_for(turn.session, turn.person) if v.status == "in_progress"]
    by_id = {v.id: v for v in running}
    for wanted in (answers.reference_number(text), _order_in_view(turn)):
        if wanted in by_id:
            return by_id[wanted]
    return running[0] if len(running) == 1 else None


@registry.in_context(12)
async def move_date_in_words(turn: Turn, text: str) -> bool:
    if not answers.asks_to_move_date(text) or answers.names_a_task(text):
        return False  # "move task 2 to Monday": the task's own date (bot/flows/task_edit.py)
    view = await _order_meant(turn, text)
    if view is None:
        return False
    if view.side == "customer":
        return False  # "can you move the deadline to the 22nd?": asked of the school (offered as a message)
    both = _quantity_and_date(turn, text)
    if both is not None:  # "mudar a quantidade … para 150 e o prazo para 18 de junho": both (only the date moved)
        changed = await change_order_quantity(turn.session, turn.person, view.id, *both[0])
        await _move(turn, view.id, both[1], quantity=quantity_text(turn.tr, changed.quantity or both[0][0],
                                                                   changed.quantity_unit))  # fmt: skip
        return True
    due = resolve_date(text, turn.person.language, turn.now)
    if _names_a_student(text, view):  # "move Student A's deadline to 22 December": that student's task, not the order
        return due is not None and await redate_named(turn, text, due)
    if due is None and not answers.names_order_date(text):
        return False  # "change the order quantity to 30": no date in it, nor a date to ask for
    if due is None:
        turn.goto(FLOW, "date", order_id=view.id)
        turn.say(turn.tr._("Order #{id}: to which date? For example «22 December».", id=view.id), expects="text")
        return True
    await _move(turn, view.id, due)
    return True


def _names_a_student(text: str, view: OrderView) -> bool:
    students = {a.student_id: StudentView(a.student_id, a.student_name or "", False)
                for t in view.tasks for a in t.assignments if a.student_id is not None and a.student_name}  # fmt: skip
    return bool(named_students(list(students.values()), text))


@registry.step(FLOW, "date")
async def date_typed(turn: Turn, text: str) -> None:
    due = resolve_date(text, turn.person.language, turn.now)
    order_id = int(turn.state.data["order_id"])
    if due is None:
        turn.say(turn.tr._("I did not understand the date."), expects="text")
        return
    turn.finish()
    await _move(turn, order_id, due)


async def _move(turn: Turn, order_id: int, due: date, *, quantity: str = "") -> None:
    view = await move_order_date(turn.session, turn.person, order_id, due)
    note = turn.tr._("✔ Order #{id} is now due on {date}. {other} is told.", id=view.id, date=turn.tr.date(due),
                     other=view.customer_name)  # fmt: skip  # only the school moves it (domain/order_terms.py)
    if quantity:
        note = turn.tr._("✔ Order #{id} is now for {quantity}, due on {date}. {other} is told.", id=view.id,
                         quantity=quantity, date=turn.tr.date(due), other=view.customer_name)  # fmt: skip
    show_order(turn, view, note=note)


def _quantity_and_date(turn: Turn, text: str) -> tuple[tuple[int, str | None], date] | None:
    """A new quantity in one clause and a new date in another ("change the quantity to 150 and the deadline to 18
    June"), or None."""
    clauses = answers.clauses(text)
    for i, clause in enumerate(clauses):
        said = answers.quantity_change(clause, turn.person.language)
        if said is None:
            continue
        for other in clauses[:i] + clauses[i + 1 :]:
            due = resolve_date(other, turn.person.language, turn.now)
            if due is not None:
                return said, due
    return None


@registry.in_context(12)
async def change_quantity_in_words(turn: Turn, text: str) -> bool:
    """ "change the quantity of order 1 to 150", "pakeisk kiekį į 8 kg": the school's order gets the quantity agreed
    in the chat, and the customer is told (it stayed at what the enquiry asked; the words went to the customer)."""
    said = answers.quantity_change(text, turn.person.language)
    if said is None or answers.names_a_task(text):
        return False
    view = await _order_meant(turn, text)
    if view is None or view.side == "customer":
        return False  # the customer's "change the quantity to 30" is asked of the school (bot/flows/threads.py)
    changed = await change_order_quantity(turn.session, turn.person, view.id, said[0], said[1])
    quantity = quantity_text(turn.tr, changed.quantity or said[0], changed.quantity_unit)
    note = turn.tr._("✔ Order #{id} is now for {quantity}. {other} is told.", id=changed.id, quantity=quantity,
                     other=changed.customer_name)  # fmt: skip
    show_order(turn, changed, note=note)
    return True
