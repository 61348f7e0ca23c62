"""journeys: who assigned a task, who wrote a review, why an enquiry was declined; audit look-up by actor

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 18:00:00

`task_assignments.assigned_by_id`: "done" and questions go to the teacher who assigned the task.
`reviews.author_person_id`: so /mydata can list a person's reviews (nulled on erasure; the review
stays attributed to the organisation). `enquiries.decline_reason`: the school's reason, shown to the
customer. The audit index serves per-person rate limits and /mydata.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("task_assignments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("assigned_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_task_assignments_assigned_by_id_people"),
            "people",
            ["assigned_by_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.add_column(sa.Column("author_person_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_reviews_author_person_id_people"),
            "people",
            ["author_person_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("enquiries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("decline_reason", sa.Text(), nullable=True))
    op.create_index("ix_audit_events_actor_action_at", "audit_events", ["actor_id", "action", "at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_audit_events_actor_action_at", table_name="audit_events")
    with op.batch_alter_table("enquiries", schema=None) as batch_op:
        batch_op.drop_column("decline_reason")
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_reviews_author_person_id_people"), type_="foreignkey")
        batch_op.drop_column("author_person_id")
    with op.batch_alter_table("task_assignments", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_task_assignments_assigned_by_id_people"), type_="foreignkey")
        batch_op.drop_column("assigned_by_id")
