"""The marketplace's tables. Rules that must hold whoever writes the row live here as constraints."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from domain.limits import (
    CAPTION_MAX,
    DESCRIPTION_MAX,
    DOCUMENT_MAX_BYTES,
    FILE_NAME_MAX,
    PHOTO_BYTES_MAX,
    PHOTOS_MAX,
    PRICE_MAX,
    RELAY_MAX,
    SAVED_SEARCH_TEXT_MAX,
    TASK_MESSAGE_MAX,
    TITLE_MAX,
)
from domain.timeutil import utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

TEXT_MAX = RELAY_MAX  # relay_messages.text


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[str]: JSON}


def _in(column: str, values: type[enum.StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


class OrgKind(enum.StrEnum):
    school = "school"
    company = "company"


class Role(enum.StrEnum):
    admin = "admin"
    teacher = "teacher"
    student = "student"
    member = "member"


class ListingStatus(enum.StrEnum):
    draft = "draft"
    active = "active"
    paused = "paused"
    archived = "archived"


class PriceUnit(enum.StrEnum):
    item = "item"
    hour = "hour"
    kg = "kg"
    person = "person"
    project = "project"


class EnquiryStatus(enum.StrEnum):
    open = "open"
    accepted = "accepted"
    declined = "declined"
    cancelled = "cancelled"


class OrderStatus(enum.StrEnum):
    in_progress = "in_progress"
    completed = "completed"
    cancelled = "cancelled"


class TaskStatus(enum.StrEnum):
    open = "open"
    done = "done"


class AssignmentStatus(enum.StrEnum):
    assigned = "assigned"
    acknowledged = "acknowledged"
    done = "done"


class OutboxStatus(enum.StrEnum):
    pending = "pending"
    sent = "sent"
    failed = "failed"


def _created() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)


class Category(Base):
    """Taxonomy keys, mirrored from data/taxonomy.yml so that listings can reference them by foreign key."""

    __tablename__ = "categories"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)


class Organisation(Base):
    __tablename__ = "organisations"
    __table_args__ = (
        CheckConstraint(_in("kind", OrgKind), name="kind"),
        CheckConstraint("length(country) = 2 AND country = upper(country)", name="country"),
        CheckConstraint("length(slug) BETWEEN 1 AND 80", name="slug_length"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2), index=True)
    city: Mapped[str] = mapped_column(String(100))
    languages: Mapped[list[str]] = mapped_column(default=list)
    description: Mapped[str | None] = mapped_column(Text)
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    inclusive_employer: Mapped[bool] = mapped_column(Boolean, default=False)  # verified (coordinator or import)
    inclusive_declared_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # 0015: said in chat
    created_at: Mapped[datetime] = _created()
    # Moves with city/country edits so search sees them (migration 0005); a catalogue upsert sets it itself.
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    listings: Mapped[list[Listing]] = relationship(back_populates="organisation")


class Person(Base):
    """A Telegram user. Erasure (/deleteme) blanks the personal columns but keeps the row for references."""

    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(5), default="en")
    easy_read: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    unreachable_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    erased_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = _created()

    memberships: Mapped[list[Membership]] = relationship(back_populates="person")


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (
        CheckConstraint(_in("role", Role), name="role"),
        UniqueConstraint("person_id", "organisation_id", name="uq_memberships_person_org"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = _created()

    person: Mapped[Person] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation] = relationship()


class Invite(Base):
    __tablename__ = "invites"
    __table_args__ = (
        CheckConstraint(_in("role", Role), name="role"),
        CheckConstraint("uses_left >= 0", name="uses_left"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(10))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    uses_left: Mapped[int] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = _created()
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # 0013

    organisation: Mapped[Organisation] = relationship()


class Listing(Base):
    __tablename__ = "listings"
    __table_args__ = (
        CheckConstraint(_in("status", ListingStatus), name="status"),
        CheckConstraint(f"length(title) BETWEEN 1 AND {TITLE_MAX}", name="title_length"),
        CheckConstraint(f"length(description) <= {DESCRIPTION_MAX}", name="description_length"),
        CheckConstraint(
            f"price_amount IS NULL OR (price_amount > 0 AND price_amount <= {PRICE_MAX})", name="price_amount"
        ),
        CheckConstraint(
            "(price_amount IS NULL AND price_currency IS NULL AND price_unit IS NULL) OR "
            "(price_amount IS NOT NULL AND price_currency IS NOT NULL AND price_unit IS NOT NULL)",
            name="price_complete",
        ),
        CheckConstraint("price_currency IS NULL OR length(price_currency) = 3", name="price_currency"),
        CheckConstraint(f"price_unit IS NULL OR {_in('price_unit', PriceUnit)}", name="price_unit"),
        CheckConstraint("lead_time_days IS NULL OR lead_time_days >= 0", name="lead_time"),
        CheckConstraint("min_quantity IS NULL OR min_quantity >= 1", name="min_quantity"),
        Index("ix_listings_status_category", "status", "category"),
        Index("ix_listings_updated_at", "updated_at"),  # search freshness: max(updated_at), rows changed since
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(5))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    description: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(ForeignKey("categories.key"))
    price_amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    price_currency: Mapped[str | None] = mapped_column(String(3))
    price_unit: Mapped[str | None] = mapped_column(String(10))
    lead_time_days: Mapped[int | None] = mapped_column(Integer)
    min_quantity: Mapped[int | None] = mapped_column(Integer)
    delivers_to: Mapped[list[str]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(10), default=ListingStatus.active.value)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    # 0011: a coordinator hid it (domain/moderation.py): out of search and closed to enquiries whatever its
    # status, which stays the school's to set; why, as a reason key (REPORT_REASONS) or the words given
    hidden_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    hidden_reason_code: Mapped[str | None] = mapped_column(String(20))
    hidden_reason: Mapped[str | None] = mapped_column(Text)

    organisation: Mapped[Organisation] = relationship(back_populates="listings")


class Image(Base):
    """0009: a picture's bytes, once per content (SHA-256), and the Telegram file id it got when first sent.

    Why in the database and not in files: every bot replica and outbox worker already shares the database
    (they may run on different hosts, where a local directory would not be shared), a catalogue import
    stays one transaction (its pictures are written with its listings or not at all) and one backup holds
    everything. The bytes are read rarely: once to upload a picture to Telegram, then ``telegram_file_id``
    is sent instead, and for the catalogue export. ``content`` is deferred, so listing photos never loads it.
    """

    __tablename__ = "images"
    __table_args__ = (
        CheckConstraint("media_type IN ('image/jpeg', 'image/png', 'image/webp')", name="media_type"),
        CheckConstraint(f"size BETWEEN 1 AND {PHOTO_BYTES_MAX}", name="size"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    media_type: Mapped[str] = mapped_column(String(20))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary, nullable=False, deferred=True)
    telegram_file_id: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()


class ListingPhoto(Base):
    """0009: the pictures of a listing, in order (position 0 goes with the card)."""

    __tablename__ = "listing_photos"
    __table_args__ = (
        UniqueConstraint("listing_id", "position", name="uq_listing_photos_listing_position"),
        CheckConstraint(f"position >= 0 AND position < {PHOTOS_MAX}", name="position"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    image_id: Mapped[int] = mapped_column(ForeignKey("images.id", ondelete="RESTRICT"), index=True)
    created_at: Mapped[datetime] = _created()


class Enquiry(Base):
    __tablename__ = "enquiries"
    __table_args__ = (
        CheckConstraint(_in("status", EnquiryStatus), name="status"),
        CheckConstraint("quantity IS NULL OR quantity >= 1", name="quantity"),
        CheckConstraint(f"quantity_unit IS NULL OR {_in('quantity_unit', PriceUnit)}", name="quantity_unit"),
        CheckConstraint("from_organisation_id <> to_organisation_id", name="not_self"),
        Index("ix_enquiries_from_person", "from_person_id", "created_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), index=True)
    from_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    from_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    to_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    quantity: Mapped[int | None] = mapped_column(Integer)
    quantity_unit: Mapped[str | None] = mapped_column(String(10))  # 0016: "6 kg", "40 people"; None: things
    needed_by: Mapped[date | None] = mapped_column(Date)
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default=EnquiryStatus.open.value)
    decline_reason: Mapped[str | None] = mapped_column(Text)  # 0004: what the school said when declining
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    listing: Mapped[Listing] = relationship()
    from_organisation: Mapped[Organisation] = relationship(foreign_keys=[from_organisation_id])
    to_organisation: Mapped[Organisation] = relationship(foreign_keys=[to_organisation_id])


class RelayMessage(Base):
    """A message carried between the two sides of an enquiry; stored so nothing said is lost."""

    __tablename__ = "relay_messages"
    __table_args__ = (
        CheckConstraint(_in("sender_role", Role), name="sender_role"),
        CheckConstraint(f"length(text) BETWEEN 1 AND {TEXT_MAX}", name="text_length"),
        Index("ix_relay_messages_sender_time", "sender_person_id", "created_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    enquiry_id: Mapped[int] = mapped_column(ForeignKey("enquiries.id", ondelete="CASCADE"), index=True)
    sender_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    sender_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    sender_role: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = _created()


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (CheckConstraint(_in("status", OrderStatus), name="status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    enquiry_id: Mapped[int] = mapped_column(ForeignKey("enquiries.id", ondelete="CASCADE"), unique=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(12), default=OrderStatus.in_progress.value)
    created_at: Mapped[datetime] = _created()
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # 0007: either side may cancel an order in progress; the other side is told who and why
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    cancelled_by_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )

    enquiry: Mapped[Enquiry] = relationship()
    tasks: Mapped[list[Task]] = relationship(back_populates="order", order_by="Task.id")


class Task(Base):
    __tablename__ = "tasks"
    __table_args__ = (
        CheckConstraint(_in("status", TaskStatus), name="status"),
        CheckConstraint("length(title) BETWEEN 1 AND 200", name="title_length"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    # 0006: indexed, the reminder scan (domain/task_reminders.py) looks tasks up by due time
    due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    status: Mapped[str] = mapped_column(String(10), default=TaskStatus.open.value)
    created_at: Mapped[datetime] = _created()

    order: Mapped[Order] = relationship(back_populates="tasks")
    assignments: Mapped[list[TaskAssignment]] = relationship(back_populates="task")


class TaskAssignment(Base):
    __tablename__ = "task_assignments"
    __table_args__ = (
        CheckConstraint(_in("status", AssignmentStatus), name="status"),
        UniqueConstraint("task_id", "student_id", name="uq_task_assignments_task_student"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(14), default=AssignmentStatus.assigned.value)
    # 0004: the teacher who assigned it hears about "done" and questions first
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = _created()

    task: Mapped[Task] = relationship(back_populates="assignments")


class TaskMessage(Base):
    """0006: a message between a student and their school's teachers about one task of theirs (a question, an
    answer), stored with the assignment so that both sides can see the conversation. Like a relay message it
    is attributed to a role; the person is cut off on erasure and the words stay the school's record."""

    __tablename__ = "task_messages"
    __table_args__ = (
        CheckConstraint(_in("sender_role", Role), name="sender_role"),
        CheckConstraint(f"length(text) BETWEEN 1 AND {TASK_MESSAGE_MAX}", name="text_length"),
        Index("ix_task_messages_sender_time", "sender_person_id", "created_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("task_assignments.id", ondelete="CASCADE"), index=True)
    sender_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    sender_role: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = _created()


class Review(Base):
    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating"),
        CheckConstraint("length(comment) <= 1000", name="comment_length"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), unique=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), index=True)
    author_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    # 0004: for /mydata; nulled on erasure, the review stays the organisation's
    author_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    rating: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = _created()


class SavedSearch(Base):
    """0014: "let me know when something like this appears": a search a person keeps, with its filters.

    When a listing that would rank in its top results becomes active the person is told once
    (domain/alerts.py), at most once a day per saved search (``last_alert_at``). Deleted with the person's
    data on /deleteme.
    """

    __tablename__ = "saved_searches"
    __table_args__ = (
        CheckConstraint(f"length(text) <= {SAVED_SEARCH_TEXT_MAX}", name="text_length"),
        CheckConstraint("max_price IS NULL OR max_price > 0", name="max_price"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(SAVED_SEARCH_TEXT_MAX), default="")
    language: Mapped[str | None] = mapped_column(String(5))
    country: Mapped[str | None] = mapped_column(String(2))
    city: Mapped[str | None] = mapped_column(String(100))
    category: Mapped[str | None] = mapped_column(String(40))
    max_price: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    max_price_currency: Mapped[str] = mapped_column(String(3), default="EUR")
    delivers_to: Mapped[str | None] = mapped_column(String(2))
    created_at: Mapped[datetime] = _created()
    last_alert_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ListingActivation(Base):
    """0014: a listing that became active (published, imported, resumed) and is not yet matched against the
    saved searches. Written in the transaction that activates it, removed by the matcher that handles it
    (domain/alerts.py), so an activation is matched once whatever the number of workers."""

    __tablename__ = "listing_activations"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), index=True)
    activated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class OutboxMessage(Base):
    """A notification owed to someone, written in the same transaction as the change that caused it.

    It holds a message kind and parameters, not text: the sender renders it in the recipient's
    language at delivery time, so a domain service never formats a message.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint(_in("status", OutboxStatus), name="status"),
        CheckConstraint("attempts >= 0", name="attempts"),
        Index("ix_outbox_due", "status", "not_before", "id"),
        Index("ix_outbox_recipient", "recipient_id", "status", "id"),
        UniqueConstraint("dedupe_key", name="uq_outbox_dedupe_key"),
    )
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    escalate_to_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(10), default=OutboxStatus.pending.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    last_error: Mapped[str | None] = mapped_column(String(500))
    dedupe_key: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = _created()


class SendSlot(Base):
    """One of the ~30 sends per second Telegram allows a bot, shared by every outbox worker (PostgreSQL).

    A worker takes a free slot (``busy_until`` in the past) before each send, holding it for a
    lease while the request is in flight, and frees it one second after Telegram answered. However
    many workers there are, no second at Telegram can then see more sends than there are slots
    (domain/send_budget.py). Row ``PAUSE_SLOT`` is never taken: it holds a 429 pause for everyone.
    """

    __tablename__ = "send_slots"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    busy_until: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    holder: Mapped[str | None] = mapped_column(String(80))


class AuditEvent(Base):
    __tablename__ = "audit_events"
    # 0004: rate limits and /mydata look events up by actor
    __table_args__ = (Index("ix_audit_events_actor_action_at", "actor_id", "action", "at"),)
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(60))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int | None] = mapped_column(BigInteger)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Coordinator(Base):
    """0011: a person who coordinates the network for one country (``country``) or all (None). Not a member of
    any organisation: the role is granted by a coordinator invite (domain/coordinators.py)."""

    __tablename__ = "coordinators"
    __table_args__ = (
        CheckConstraint("country IS NULL OR (length(country) = 2 AND country = upper(country))", name="country"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    country: Mapped[str | None] = mapped_column(String(2))
    created_at: Mapped[datetime] = _created()


class CoordinatorInvite(Base):
    """0011: a link that makes whoever opens it a coordinator of ``country`` (None: every country)."""

    __tablename__ = "coordinator_invites"
    __table_args__ = (
        CheckConstraint("uses_left >= 0", name="uses_left"),
        CheckConstraint("country IS NULL OR (length(country) = 2 AND country = upper(country))", name="country"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    country: Mapped[str | None] = mapped_column(String(2))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    uses_left: Mapped[int] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = _created()


class ReportStatus(enum.StrEnum):
    open = "open"
    hidden = "hidden"  # the listing was hidden while the report was open
    dismissed = "dismissed"


class ListingReport(Base):
    """0011: someone asked coordinators to look at a listing. One row per (listing, reporter): a repeat report
    of the same listing by the same person counts once. The reporter is never shown to anyone."""

    __tablename__ = "listing_reports"
    __table_args__ = (
        CheckConstraint(_in("status", ReportStatus), name="status"),
        CheckConstraint("reason_code IS NOT NULL OR reason IS NOT NULL", name="has_reason"),
        UniqueConstraint("listing_id", "reporter_id", name="uq_listing_reports_listing_reporter"),
        Index("ix_listing_reports_status_listing", "status", "listing_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), index=True)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    reason_code: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default=ReportStatus.open.value)
    created_at: Mapped[datetime] = _created()
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))


class ConversationState(Base):
    """Where a person is in a dialogue; in the database so that any bot replica can serve the next message."""

    __tablename__ = "conversation_states"
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    flow: Mapped[str | None] = mapped_column(String(40))
    step: Mapped[str | None] = mapped_column(String(40))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class DocumentKind(enum.StrEnum):
    """What an order's document is, as read from its bytes (domain.file_types), never from its name."""

    pdf = "pdf"
    docx = "docx"
    odt = "odt"


class OrderDocument(Base):
    """0010: a file either side of an order shared with the other (the partnership agreement, a specification).

    The bytes stay with Telegram (``telegram_file_id`` sends them again); what is stored is what proves which file
    it was: its name, size and SHA-256, who of which side added it and when (and an AuditEvent)."""

    __tablename__ = "order_documents"
    __table_args__ = (
        CheckConstraint(_in("kind", DocumentKind), name="kind"),
        CheckConstraint(f"size_bytes BETWEEN 1 AND {DOCUMENT_MAX_BYTES}", name="size"),
        CheckConstraint("length(sha256) = 64", name="sha256"),
        CheckConstraint(f"length(file_name) BETWEEN 1 AND {FILE_NAME_MAX}", name="file_name_length"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    file_name: Mapped[str] = mapped_column(String(FILE_NAME_MAX))
    kind: Mapped[str] = mapped_column(String(4))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    telegram_file_id: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = _created()


class AttachmentKind(enum.StrEnum):
    photo = "photo"
    document = "document"


class Attachment(Base):
    """0010: a photo or file passed through the bot in a conversation: between a company and a school (an
    enquiry), or between a student and their teachers (a task assignment). Exactly one of the two is set.

    The bot re-sends it (copyMessage from ``source_message_id`` in the sender's chat, or by ``telegram_file_id``
    when that message is gone), so the other side never sees who sent it on Telegram; like a relayed message it
    is attributed to an organisation and a role."""

    __tablename__ = "attachments"
    __table_args__ = (
        CheckConstraint(_in("kind", AttachmentKind), name="kind"),
        CheckConstraint(_in("sender_role", Role), name="sender_role"),
        CheckConstraint("(enquiry_id IS NULL) <> (assignment_id IS NULL)", name="one_thread"),
        CheckConstraint(f"length(caption) <= {CAPTION_MAX}", name="caption_length"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    enquiry_id: Mapped[int | None] = mapped_column(ForeignKey("enquiries.id", ondelete="CASCADE"), index=True)
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("task_assignments.id", ondelete="CASCADE"), index=True)
    sender_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    sender_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    sender_role: Mapped[str] = mapped_column(String(10))
    telegram_file_id: Mapped[str] = mapped_column(String(255))
    source_message_id: Mapped[int | None] = mapped_column(BigInteger)
    file_name: Mapped[str | None] = mapped_column(String(FILE_NAME_MAX))
    size_bytes: Mapped[int | None] = mapped_column(Integer)
    caption: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = _created()


class VoiceNote(Base):
    """Words spoken once (bot/speech.py) and uploaded to Telegram: its file_id is sent again for the same words.

    Why a hash and not the text: the words may be a teacher's answer; a hash finds them again without keeping a
    copy of anyone's message here (the outbox row the voice note was made from is what holds what was sent).
    """

    __tablename__ = "voice_notes"
    __table_args__ = (UniqueConstraint("language", "text_hash", name="uq_voice_notes_language_text_hash"),)
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    language: Mapped[str] = mapped_column(String(8))
    text_hash: Mapped[str] = mapped_column(String(64))
    file_id: Mapped[str] = mapped_column(String(200))
    duration_s: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = _created()


class VisitOffer(Base):
    """0015: a verified inclusive employer's offer of a class visit ("up to 12 students, step-free access")."""

    __tablename__ = "visit_offers"
    __table_args__ = (CheckConstraint("max_group >= 1", name="max_group"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    what: Mapped[str] = mapped_column(String(300))
    city: Mapped[str] = mapped_column(String(100))
    max_group: Mapped[int] = mapped_column(Integer)
    access_notes: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = _created()


class VisitRequest(Base):
    """0015: a teacher's request to bring a group on a visit offer; the company accepts or declines it."""

    __tablename__ = "visit_requests"
    __table_args__ = (CheckConstraint("status IN ('pending', 'accepted', 'declined')", name="status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("visit_offers.id", ondelete="CASCADE"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    teacher_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    visit_date: Mapped[date] = mapped_column(Date)
    group_size: Mapped[int] = mapped_column(Integer)
    needs: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    created_at: Mapped[datetime] = _created()
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
