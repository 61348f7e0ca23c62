"""cancellations: why and by whom an order was cancelled

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 10:00:00

`orders.cancelled_at`, `orders.cancel_reason` and `orders.cancelled_by_organisation_id`: either side may
cancel an order in progress with a reason; the other side and the students are told, and the order card
shows who cancelled it and why. (An enquiry withdrawn before it was accepted only changes its status to
`cancelled`, which the schema already allowed.)
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("cancel_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("cancelled_by_organisation_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_orders_cancelled_by_organisation_id_organisations"),
            "organisations",
            ["cancelled_by_organisation_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_orders_cancelled_by_organisation_id_organisations"), type_="foreignkey")
        batch_op.drop_column("cancelled_by_organisation_id")
        batch_op.drop_column("cancel_reason")
        batch_op.drop_column("cancelled_at")
