"""tasks: the conversation between a student and their teachers, stored; reminders found by due time

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 10:00:00

`task_messages`: a student's questions and their teachers' answers about one task assignment (until now
a question lived only in an outbox payload). Attributed to a role, the sender's person id is nulled on
erasure, like `relay_messages`.

`ix_tasks_due_at`: reminders (24 h and 2 h before) and the teacher's overdue nudge are now written by a
periodic scan of tasks by due time (domain/task_reminders.py), so that a re-dated task is reminded at its
new time. The reminders written at assignment time by earlier versions are skipped here: the scan writes
their replacement, and two reminders for one moment would reach the student twice.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "task_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("sender_person_id", sa.Integer(), nullable=True),
        sa.Column("sender_role", sa.String(length=10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "sender_role IN ('admin', 'teacher', 'student', 'member')", name=op.f("ck_task_messages_sender_role")
        ),
        sa.CheckConstraint("length(text) BETWEEN 1 AND 1000", name=op.f("ck_task_messages_text_length")),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["task_assignments.id"],
            name=op.f("fk_task_messages_assignment_id_task_assignments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sender_person_id"],
            ["people.id"],
            name=op.f("fk_task_messages_sender_person_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_messages")),
    )
    with op.batch_alter_table("task_messages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_messages_assignment_id"), ["assignment_id"], unique=False)
        batch_op.create_index("ix_task_messages_sender_time", ["sender_person_id", "created_at"], unique=False)
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tasks_due_at"), ["due_at"], unique=False)
    op.execute(
        "UPDATE outbox SET status = 'sent', sent_at = CURRENT_TIMESTAMP, claimed_until = NULL, "
        "last_error = 'skipped: replaced by the due-time scan' WHERE kind = 'task_reminder' AND status = 'pending'"
    )


def downgrade() -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tasks_due_at"))
    with op.batch_alter_table("task_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_task_messages_sender_time")
        batch_op.drop_index(batch_op.f("ix_task_messages_assignment_id"))
    op.drop_table("task_messages")
