"""coordinators: the coordinator role, its invites, reports of listings and hiding a listing

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 00:00:00

`coordinators` (a person and a country, NULL for every country: no organisation), `coordinator_invites`
(the links that grant the role), `listing_reports` (one row per listing and reporter, so a repeat report
counts once) and, on `listings`, `hidden_at`, `hidden_reason_code` and `hidden_reason`: a coordinator hid
the listing and why. Plain columns are added without rebuilding `listings` on SQLite.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTRY = "country IS NULL OR (length(country) = 2 AND country = upper(country))"


def upgrade() -> None:
    op.create_table(
        "coordinators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(COUNTRY, name=op.f("ck_coordinators_country")),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_coordinators_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coordinators")),
    )
    op.create_index(op.f("ix_coordinators_person_id"), "coordinators", ["person_id"], unique=False)
    op.create_table(
        "coordinator_invites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("uses_left", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("uses_left >= 0", name=op.f("ck_coordinator_invites_uses_left")),
        sa.CheckConstraint(COUNTRY, name=op.f("ck_coordinator_invites_country")),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["people.id"],
            name=op.f("fk_coordinator_invites_created_by_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coordinator_invites")),
        sa.UniqueConstraint("token", name=op.f("uq_coordinator_invites_token")),
    )
    op.create_table(
        "listing_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=True),
        sa.Column("reason_code", sa.String(length=20), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("status IN ('open', 'hidden', 'dismissed')", name=op.f("ck_listing_reports_status")),
        sa.CheckConstraint("reason_code IS NOT NULL OR reason IS NOT NULL", name=op.f("ck_listing_reports_has_reason")),
        sa.ForeignKeyConstraint(
            ["listing_id"], ["listings.id"], name=op.f("fk_listing_reports_listing_id_listings"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"], ["people.id"], name=op.f("fk_listing_reports_reporter_id_people"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"],
            ["people.id"],
            name=op.f("fk_listing_reports_resolved_by_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listing_reports")),
        sa.UniqueConstraint("listing_id", "reporter_id", name="uq_listing_reports_listing_reporter"),
    )
    op.create_index(op.f("ix_listing_reports_listing_id"), "listing_reports", ["listing_id"], unique=False)
    op.create_index("ix_listing_reports_status_listing", "listing_reports", ["status", "listing_id"], unique=False)
    op.add_column("listings", sa.Column("hidden_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("listings", sa.Column("hidden_reason_code", sa.String(length=20), nullable=True))
    op.add_column("listings", sa.Column("hidden_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("listings", schema=None) as batch_op:
        batch_op.drop_column("hidden_reason")
        batch_op.drop_column("hidden_reason_code")
        batch_op.drop_column("hidden_at")
    op.drop_index("ix_listing_reports_status_listing", table_name="listing_reports")
    op.drop_index(op.f("ix_listing_reports_listing_id"), table_name="listing_reports")
    op.drop_table("listing_reports")
    op.drop_table("coordinator_invites")
    op.drop_index(op.f("ix_coordinators_person_id"), table_name="coordinators")
    op.drop_table("coordinators")
