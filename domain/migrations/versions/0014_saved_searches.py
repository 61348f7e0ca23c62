"""saved searches: "let me know when something like this appears", and the listings waiting to be matched

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 00:30:00

`saved_searches` keeps a person's search (its words and filters) and when they were last alerted (at most
once a day per saved search). `listing_activations` holds the listings that became active and are not yet
matched against the saved searches: written in the transaction that activates a listing, removed by the
matcher (domain/alerts.py) in the transaction that writes the alerts.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "saved_searches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=600), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("category", sa.String(length=40), nullable=True),
        sa.Column("max_price", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("max_price_currency", sa.String(length=3), nullable=False),
        sa.Column("delivers_to", sa.String(length=2), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_alert_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("length(text) <= 600", name=op.f("ck_saved_searches_text_length")),
        sa.CheckConstraint("max_price IS NULL OR max_price > 0", name=op.f("ck_saved_searches_max_price")),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_saved_searches_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_searches")),
    )
    with op.batch_alter_table("saved_searches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_saved_searches_person_id"), ["person_id"], unique=False)
    op.create_table(
        "listing_activations",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["listing_id"], ["listings.id"], name=op.f("fk_listing_activations_listing_id_listings"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listing_activations")),
    )
    with op.batch_alter_table("listing_activations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_listing_activations_listing_id"), ["listing_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("listing_activations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_listing_activations_listing_id"))
    op.drop_table("listing_activations")
    with op.batch_alter_table("saved_searches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_saved_searches_person_id"))
    op.drop_table("saved_searches")
