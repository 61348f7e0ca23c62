"""invite management: invites can be revoked, and are listed by who made them

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 00:10:00

`invites.revoked_at`: a school admin or teacher who made an invite in chat can revoke it; a revoked link is
refused with its own answer (not "unknown", not "expired"). `ix_invites_created_by_id`: `/invite` lists the
open invites a person made.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("invites", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_invites_created_by_id"), ["created_by_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("invites", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invites_created_by_id"))
        batch_op.drop_column("revoked_at")
