"""Orders: an accepted enquiry, split by a teacher into tasks for students, completed and rated.

Why the customer never sees students: many students are minors or have special needs, and the
platform promises companies work from a school, not from individuals. So views for the customer
side carry progress counts and statuses only, and notifications name organisations and roles.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import order_documents, progress, task_reminders
from domain.errors import Forbidden, Invalid, NotFound
from domain.limits import REVIEW_COMMENT_MAX, TASK_TITLE_MAX
from domain.listings import review_view
from domain.models import (
    AssignmentStatus,
    Enquiry,
    Listing,
    Membership,
    Order,
    OrderStatus,
    Organisation,
    OutboxMessage,
    OutboxStatus,
    Person,
    Review,
    Role,
    Task,
    TaskAssignment,
    TaskStatus,
)
from domain.outbox import enqueue, mark_skipped
from domain.roles import (
    BUYER_ROLES,
    STAFF_ROLES,
    buyer_role,
    customer_side,
    load_actor,
    require,
    require_staff,
    role_in,
    roles_of,
    school_side,
)
from domain.rules import audit, notify
from domain.task_messages import latest_of_order
from domain.text_input import checked_text
from domain.timeutil import as_utc, utcnow
from domain.views import AssignmentView, OrderView, ReviewView, Side, StudentView, TaskView

MAX_STUDENTS_PER_CALL = 200


async def _order(session: AsyncSession, order_id: int, *, lock: bool = False) -> Order:
    order = await session.get(Order, order_id, with_for_update=lock or None, populate_existing=True)
    if order is None:
        raise NotFound("order_not_found")
    return order


async def staff_order(
    session: AsyncSession, actor: Person, order_id: int, *, lock: bool = False
) -> tuple[Person, Order]:
    """A teacher/admin of the order's school; the customer side and outsiders get Forbidden (NotFound if the
    order is gone)."""
    person = await load_actor(session, actor)
    order = await _order(session, order_id, lock=lock)
    if await role_in(session, person.id, order.school_id) is None:
        customer = await buyer_role(session, person.id, order.customer_id)
        raise Forbidden("not_a_teacher" if customer else "not_a_party")
    await require_staff(session, person.id, order.school_id)
    return person, order


def not_past(due_at: datetime | None) -> datetime | None:
    if due_at is None:
        return None
    due = as_utc(due_at)
    if due < utcnow():
        raise Invalid("date_in_past")
    return due


async def add_task(
    session: AsyncSession, actor: Person, order_id: int, title: str, due_at: datetime | None
) -> TaskView:
    person, order = await staff_order(session, actor, order_id)
    if order.status != OrderStatus.in_progress.value:
        raise Invalid("order_not_in_progress")
    text = checked_text(title, TASK_TITLE_MAX)
    task = Task(order_id=order.id, title=text, due_at=not_past(due_at), status=TaskStatus.open.value)
    session.add(task)
    await session.flush()
    audit(session, person.id, "task.create", "task", task.id, order_id=order.id)
    return (await task_views(session, [task], "school"))[0]


async def changeable_task(
    session: AsyncSession, actor: Person, task_id: int, *, lock: bool = False
) -> tuple[Person, Task, Order]:
    """A task a teacher of its school may still change (its order in progress, the task not done), with that
    teacher and the order; ``lock`` holds the task's row until the transaction ends."""
    task = await session.get(Task, task_id, with_for_update=lock, populate_existing=lock)
    if task is None:
        await load_actor(session, actor)
        raise NotFound("task_not_found")
    person, order = await staff_order(session, actor, task.order_id)
    if order.status != OrderStatus.in_progress.value:
        raise Invalid("order_not_in_progress")
    if task.status == TaskStatus.done.value:
        raise Invalid("task_done")
    return person, task, order


async def assign_task(session: AsyncSession, actor: Person, task_id: int, student_ids: list[int]) -> TaskView:
    """Give a task to students of the school; each new assignment notifies the student (reminders follow
    from domain.task_reminders). Assigning someone twice changes and sends nothing."""
    person, task, order = await changeable_task(session, actor, task_id)
    wanted = list(dict.fromkeys(student_ids))
    if not wanted or len(wanted) > MAX_STUDENTS_PER_CALL:
        raise Invalid("no_students")
    students = set(
        await session.scalars(
            select(Membership.person_id).where(
                Membership.organisation_id == order.school_id,
                Membership.role == Role.student.value,
                Membership.person_id.in_(wanted),
            )
        )
    )
    if set(wanted) - students:
        raise Invalid("not_a_student_of_school")
    assigned_before = await progress.assignments_in(session, order.id)
    existing = set(await session.scalars(select(TaskAssignment.student_id).where(TaskAssignment.task_id == task.id)))
    added: list[TaskAssignment] = []
    for student_id in wanted:
        if student_id in existing:
            continue
        assignment = TaskAssignment(
            task_id=task.id, student_id=student_id, status=AssignmentStatus.assigned.value, assigned_by_id=person.id
        )
        session.add(assignment)
        await session.flush()
        added.append(assignment)
        audit(session, person.id, "task.assign", "task", task.id, assignment_id=assignment.id, student_id=student_id)
        payload = {"assignment_id": assignment.id}
        await enqueue(session, recipient_id=student_id, kind="task_assigned", payload=payload, escalate_to=person.id)
    await task_reminders.told(session, added, task.due_at)
    await progress.work_started(session, order, assigned_before)
    return (await task_views(session, [task], "school"))[0]


async def school_students(session: AsyncSession, actor: Person, organisation_id: int) -> list[StudentView]:
    """The school's students, for a teacher choosing whom to assign (names stay inside the school)."""
    person = await load_actor(session, actor)
    await require_staff(session, person.id, organisation_id)
    rows = await session.scalars(
        select(Person)
        .join(Membership, Membership.person_id == Person.id)
        .where(
            Membership.organisation_id == organisation_id,
            Membership.role == Role.student.value,
            Person.erased_at.is_(None),
        )
        .order_by(Person.display_name, Person.id)
    )
    return [StudentView(p.id, p.display_name, p.easy_read) for p in rows]


async def _viewer_side(session: AsyncSession, person_id: int, order: Order) -> Side:
    school_role = await role_in(session, person_id, order.school_id)
    if school_role in STAFF_ROLES:
        return "school"
    if await buyer_role(session, person_id, order.customer_id) is not None:
        return "customer"
    require(school_role is None, "not_a_teacher")  # a student: tasks.my_tasks is theirs
    raise Forbidden("not_a_party")


async def order_view(session: AsyncSession, actor: Person, order_id: int) -> OrderView:
    person = await load_actor(session, actor)
    order = await _order(session, order_id)
    return await _view(session, order, await _viewer_side(session, person.id, order))


async def order_school(session: AsyncSession, order_id: int) -> int | None:
    """The school of an order (for checks that need no view), None if the order is gone."""
    school: int | None = await session.scalar(select(Order.school_id).where(Order.id == order_id))
    return school


async def order_of_task(session: AsyncSession, actor: Person, task_id: int) -> OrderView:
    """The order a task belongs to, as the actor may see it (order_view's rules)."""
    person = await load_actor(session, actor)
    order_id = await session.scalar(select(Task.order_id).where(Task.id == task_id))
    if order_id is None:
        raise NotFound("task_not_found")
    order = await _order(session, order_id)
    return await _view(session, order, await _viewer_side(session, person.id, order))


async def skip_reminders(session: AsyncSession, order_id: int, why: str) -> None:
    """Reminders and overdue nudges for a completed or cancelled order no longer matter: skip them now, not at
    delivery."""
    tasks = select(Task.id).where(Task.order_id == order_id)
    assignments = select(TaskAssignment.id).where(TaskAssignment.task_id.in_(tasks))
    rows = await session.scalars(
        select(OutboxMessage.id).where(
            OutboxMessage.status == OutboxStatus.pending.value,
            or_(
                (OutboxMessage.kind == task_reminders.KIND_REMINDER)
                & OutboxMessage.payload["assignment_id"].as_integer().in_(assignments.scalar_subquery()),
                (OutboxMessage.kind == task_reminders.KIND_OVERDUE)
                & OutboxMessage.payload["task_id"].as_integer().in_(tasks.scalar_subquery()),
            ),
        )
    )
    for row_id in list(rows):
        await mark_skipped(session, row_id, why)


async def order_students(session: AsyncSession, order_id: int) -> list[Person]:
    """Every student given a part of the order (not erased): who hears that it is completed or cancelled."""
    found = await session.scalars(
        select(Person)
        .join(TaskAssignment, TaskAssignment.student_id == Person.id)
        .join(Task, Task.id == TaskAssignment.task_id)
        .where(Task.order_id == order_id, Person.erased_at.is_(None))
        .order_by(Person.id)
    )
    return list(found)


async def complete_order(session: AsyncSession, actor: Person, order_id: int) -> OrderView:
    """The school delivered: the customer is asked for a rating, every assigned student hears it."""
    person, order = await staff_order(session, actor, order_id, lock=True)
    if order.status != OrderStatus.in_progress.value:
        raise Invalid("order_not_in_progress")
    order.status = OrderStatus.completed.value
    order.completed_at = utcnow()
    audit(session, person.id, "order.complete", "order", order.id)
    await session.flush()
    await skip_reminders(session, order.id, "order completed")
    enquiry = await session.get(Enquiry, order.enquiry_id)
    customer = await customer_side(session, order.customer_id, enquiry.from_person_id if enquiry else None)
    students = await order_students(session, order.id)
    await notify(session, [*customer, *students], "order_completed", {"order_id": order.id}, exclude=person.id)
    return await _view(session, order, "school")


async def rate_order(session: AsyncSession, actor: Person, order_id: int, rating: int, comment: str = "") -> ReviewView:
    """The customer organisation rates a completed order once; the review belongs to the listing."""
    person = await load_actor(session, actor)
    order = await _order(session, order_id, lock=True)
    if await buyer_role(session, person.id, order.customer_id) is None:
        in_school = await role_in(session, person.id, order.school_id) is not None
        raise Forbidden("not_the_customer" if in_school else "not_a_party")
    if order.status != OrderStatus.completed.value:
        raise Invalid("order_not_completed")
    if await session.scalar(select(Review.id).where(Review.order_id == order.id)) is not None:
        raise Invalid("already_rated")
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise Invalid("bad_rating", "1..5")
    text = checked_text(comment, REVIEW_COMMENT_MAX, required=False)
    enquiry = await session.get(Enquiry, order.enquiry_id)
    assert enquiry is not None
    review = Review(
        order_id=order.id, listing_id=enquiry.listing_id, author_organisation_id=order.customer_id,
        author_person_id=person.id, rating=rating, comment=text,
    )  # fmt: skip
    session.add(review)
    await session.flush()
    audit(session, person.id, "order.rate", "order", order.id, review_id=review.id, rating=rating)
    staff = await school_side(session, order.school_id, None)
    await notify(session, staff, "review_received", {"review_id": review.id}, exclude=person.id)
    name = await session.scalar(select(Organisation.name).where(Organisation.id == order.customer_id))
    return review_view(review, name or "")


async def orders_for(session: AsyncSession, actor: Person) -> list[OrderView]:
    """Orders of the actor's schools (teachers/admins) and customer organisations, newest first."""
    person = await load_actor(session, actor)
    roles = await roles_of(session, person.id)
    teaching = {org for org, role in roles.items() if role in STAFF_ROLES}
    buying = {org for org, role in roles.items() if role in BUYER_ROLES}
    rows = await session.scalars(
        select(Order)
        .where(Order.school_id.in_(teaching) | Order.customer_id.in_(buying))
        .order_by(Order.created_at.desc(), Order.id.desc())
    )
    return [await _view(session, o, "school" if o.school_id in teaching else "customer") for o in rows]


async def task_views(session: AsyncSession, tasks: list[Task], side: Side) -> list[TaskView]:
    ids = [t.id for t in tasks]
    rows = await session.execute(
        select(TaskAssignment, Person.display_name, Person.erased_at)
        .join(Person, Person.id == TaskAssignment.student_id)
        .where(TaskAssignment.task_id.in_(ids))
        .order_by(TaskAssignment.id)
    )
    by_task: dict[int, list[AssignmentView]] = {i: [] for i in ids}
    for a, name, erased_at in rows.all():
        school = side == "school"
        by_task[a.task_id].append(
            AssignmentView(
                a.id,
                a.student_id if school else None,
                name if school else None,
                a.status,
                student_erased=school and erased_at is not None,
            )
        )
    return [TaskView(t.id, t.order_id, t.title, t.due_at, t.status, by_task[t.id]) for t in tasks]


async def _view(session: AsyncSession, order: Order, side: Side) -> OrderView:
    enquiry = await session.get(Enquiry, order.enquiry_id)
    assert enquiry is not None
    title = await session.scalar(select(Listing.title).where(Listing.id == enquiry.listing_id))
    org_ids = [order.school_id, order.customer_id, order.cancelled_by_organisation_id or order.school_id]
    org_rows = await session.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(org_ids)))
    names: dict[int, str] = {i: n for i, n in org_rows.all()}
    tasks = list(await session.scalars(select(Task).where(Task.order_id == order.id).order_by(Task.id)))
    review_row = (
        await session.execute(
            select(Review, Organisation.name)
            .join(Organisation, Organisation.id == Review.author_organisation_id)
            .where(Review.order_id == order.id)
        )
    ).first()
    return OrderView(
        id=order.id, enquiry_id=order.enquiry_id, listing_id=enquiry.listing_id, listing_title=title or "",
        school_id=order.school_id, school_name=names.get(order.school_id, ""), customer_id=order.customer_id,
        customer_name=names.get(order.customer_id, ""), status=order.status, created_at=order.created_at,
        completed_at=order.completed_at, tasks=await task_views(session, tasks, side),
        done_count=sum(1 for t in tasks if t.status == TaskStatus.done.value), total_count=len(tasks),
        review=None if review_row is None else review_view(review_row[0], review_row[1]), side=side,
        messages=await latest_of_order(session, order.id) if side == "school" else [],
        due_on=_due_on(tasks, enquiry, side), planned_late=_planned_late(tasks, enquiry, side),
        cancel_reason=order.cancel_reason or "",
        cancelled_by_name=names.get(order.cancelled_by_organisation_id or 0, ""),
        documents=await order_documents.documents_of(session, order),
        quantity=enquiry.quantity, quantity_unit=enquiry.quantity_unit,
    )  # fmt: skip


def _planned(tasks: list[Task]) -> date | None:
    """The school's plan: its latest task due date, if any task has one."""
    planned = [as_utc(t.due_at).date() for t in tasks if t.due_at is not None]
    return max(planned) if planned else None


def _due_on(tasks: list[Task], enquiry: Enquiry, side: str) -> date | None:
    """When the work is due: the date the customer asked for, on both sides (a teacher's task "by Friday" is the
    school's plan, not a new deadline: shown as the order's, it told a company asking for 31 January that its
    order was due on 11 December, and a teacher saw the order's date move with every task); the school's plan
    when the customer gave no date. ``side`` is kept for the views' symmetry."""
    del side
    return enquiry.needed_by or _planned(tasks)


def _planned_late(tasks: list[Task], enquiry: Enquiry, side: str) -> date | None:
    """The school's plan when it ends after the date the customer asked for (each side is told in its words)."""
    del side
    plan = _planned(tasks)
    late = plan is not None and enquiry.needed_by is not None and plan > enquiry.needed_by
    return plan if late else None
