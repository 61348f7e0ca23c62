"""send_slots: one send limit shared by all outbox workers; ix_listings_updated_at on SQLite too

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 10:00:00

`send_slots` holds Telegram's ~30 sends per second as rows that outbox workers take and free
(domain/send_budget.py), so N workers together stay within the limit without `--rate 29/N`. The
rows are created by the first worker (their number is its setting), not here.

`ix_listings_updated_at` existed on PostgreSQL only (0002) and in no model; the model declares it
now (the models-vs-migrations test found the difference), and SQLite gets it as well.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "send_slots",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("busy_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("holder", sa.String(length=80), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_send_slots")),
    )
    if op.get_bind().dialect.name != "postgresql":
        op.create_index("ix_listings_updated_at", "listings", ["updated_at"])


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        op.drop_index("ix_listings_updated_at", table_name="listings")
    op.drop_table("send_slots")
