"""What the journey services hand back to the bot: plain frozen data, no ORM rows, no formatted text.

Why views rather than model rows: a row is bound to the session that loaded it (the bot renders
after the transaction closed) and carries fields a caller must not see (telegram ids, names of
people on the other side). A view holds exactly what the caller is allowed to show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

Side = Literal["customer", "school"]


@dataclass(frozen=True)
class MembershipView:
    organisation_id: int
    slug: str
    name: str
    kind: str  # school | company
    country: str
    city: str
    role: str  # admin | teacher | student | member


@dataclass(frozen=True)
class DialogueState:
    flow: str | None = None
    step: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    updated_at: datetime | None = None  # the person's previous turn
    loaded_as: str = field(default="", compare=False)  # the data as stored (JSON), to tell whether a turn changed it


@dataclass(frozen=True)
class ListingDraft:
    """A listing as the teacher confirmed it (from the NLU extraction or typed in)."""

    title: str
    description: str
    category: str
    language: str
    price_amount: Decimal | None = None
    price_currency: str | None = None
    price_unit: str | None = None
    lead_time_days: int | None = None
    min_quantity: int | None = None
    delivers_to: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ReviewView:
    """A customer's rating, attributed to the customer organisation (never a person)."""

    id: int
    listing_id: int
    order_id: int
    rating: int
    comment: str
    created_at: datetime
    author_organisation_name: str


@dataclass(frozen=True)
class ListingView:
    id: int
    slug: str
    title: str
    description: str
    category: str
    language: str
    status: str
    price_amount: Decimal | None
    price_currency: str | None
    price_unit: str | None
    lead_time_days: int | None
    min_quantity: int | None
    delivers_to: list[str]
    organisation_id: int
    organisation_slug: str
    organisation_name: str
    city: str
    country: str
    rating_avg: float | None
    rating_count: int
    recent_reviews: list[ReviewView]
    hidden: bool = False  # 0012: a coordinator hid it (out of search, closed to enquiries, whatever its status)

    @property
    def visible(self) -> bool:
        """Shown to buyers and open to enquiries: published by the school and not hidden by a coordinator."""
        return self.status == "active" and not self.hidden


@dataclass(frozen=True)
class RelayView:
    """One relayed message: who sent it is an organisation and a role, never a person."""

    id: int
    enquiry_id: int
    sender_organisation_id: int
    sender_organisation_name: str
    sender_role: str
    side: Side  # the side the sender is on
    text: str
    created_at: datetime


@dataclass(frozen=True)
class EnquiryView:
    id: int
    listing_id: int
    listing_title: str
    from_organisation_id: int
    from_organisation_name: str
    to_organisation_id: int
    to_organisation_name: str
    quantity: int | None
    needed_by: date | None
    message: str
    status: str  # open | accepted | declined | cancelled
    created_at: datetime
    order_id: int | None
    order_status: str | None
    side: Side  # the viewer's side
    last_messages: list[RelayView]  # at most 5, oldest first
    decline_reason: str = ""
    from_inclusive: bool = False  # the customer is a verified inclusive employer (0015): the school sees ♿
    quantity_unit: str | None = None  # 0016: the unit the quantity was said in ("kg", "person", …), if any

    @property
    def other_organisation_name(self) -> str:
        """The organisation on the other side from the viewer's: whom their words go to."""
        return self.to_organisation_name if self.side == "customer" else self.from_organisation_name


@dataclass(frozen=True)
class AssignmentView:
    id: int
    student_id: int | None  # None for the customer side: students stay inside the school
    student_name: str | None  # None for the customer side; "" once the student erased their data
    status: str  # assigned | acknowledged | done
    student_erased: bool = False  # the school side shows "former student" instead of a blank name


@dataclass(frozen=True)
class TaskMessageView:
    """One message of the conversation about a student's task: their question or a teacher's answer.

    Who wrote it is a role (``from_student``), never a person: teachers are "a teacher" to the student.
    ``student_name`` says whose conversation it is, and only the school's staff get it (students know
    their own; the customer never sees these at all)."""

    id: int
    assignment_id: int
    task_id: int
    task_title: str
    from_student: bool
    text: str
    created_at: datetime
    student_name: str | None = None  # staff viewers only; "" once the student erased their data
    student_erased: bool = False


@dataclass(frozen=True)
class TaskThread:
    """One student's conversation about one task, as a teacher of their school answering it sees it."""

    assignment_id: int
    task_title: str
    order_id: int
    open: bool  # the order is in progress: the student can still be answered
    student_name: str
    student_erased: bool
    messages: list[TaskMessageView]  # the latest, oldest first


@dataclass(frozen=True)
class TaskView:
    id: int
    order_id: int
    title: str
    due_at: datetime | None
    status: str  # open | done
    assignments: list[AssignmentView]


@dataclass(frozen=True)
class OrderView:
    id: int
    enquiry_id: int
    listing_id: int
    listing_title: str
    school_id: int
    school_name: str
    customer_id: int
    customer_name: str
    status: str  # in_progress | completed | cancelled
    created_at: datetime
    completed_at: datetime | None
    tasks: list[TaskView]
    done_count: int  # tasks done
    total_count: int  # tasks in the order
    review: ReviewView | None
    side: Side
    messages: list[TaskMessageView] = field(default_factory=list)  # school side only: the latest, oldest first
    due_on: date | None = None  # the customer's date for the customer; the school's plan (else that) for the school
    planned_late: date | None = None  # for the customer: the school's plan when it ends after their date
    cancelled_by_name: str = ""  # the organisation that cancelled it (status cancelled)
    cancel_reason: str = ""
    documents: list[OrderDocumentView] = field(default_factory=list)  # 0010: both sides, oldest first
    quantity: int | None = None  # what the enquiry asked for, in its unit (0016), on both sides
    quantity_unit: str | None = None


@dataclass(frozen=True)
class OrderDocumentView:
    """A document on an order (domain.order_documents): what both sides of the order may see of it."""

    id: int
    order_id: int
    file_name: str
    kind: str  # pdf | docx | odt, read from the bytes
    size_bytes: int
    sha256: str
    telegram_file_id: str
    organisation_name: str  # the side that added it
    side: Side  # which side added it
    created_at: datetime


@dataclass(frozen=True)
class StudentView:
    id: int
    display_name: str
    easy_read: bool


@dataclass(frozen=True)
class AssignmentDetail:
    """A student's view of one task of theirs."""

    assignment_id: int
    task_id: int
    title: str
    due_at: datetime | None
    status: str  # assigned | acknowledged | done
    order_id: int
    customer_name: str
    school_name: str
    listing_title: str
    messages: tuple[TaskMessageView, ...] = ()  # the latest of the conversation with the teachers, oldest first
