"""outbox: who to tell when a recipient turns out unreachable

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 12:00:00

`escalate_to_id` is a column rather than a payload key because the payload holds only what a
message renders; who must hear about a failed delivery is delivery machinery, and
`mark_unreachable` looks it up per recipient.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("escalate_to_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_escalate_to_id_people"), "people", ["escalate_to_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_outbox_escalate_to_id_people"), type_="foreignkey")
        batch_op.drop_column("escalate_to_id")
