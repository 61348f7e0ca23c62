"""inclusive employers and visit offers

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 01:20:00

`organisations.inclusive_declared_at`: a company said in chat that it is an inclusive employer; a coordinator of
its country confirms it by setting `inclusive_employer` (the catalogue import sets that flag directly). Visit
offers ("a class can visit our bakery") belong to verified inclusive employers; a teacher's request for one is a
visit request, answered by the company.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("inclusive_declared_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "visit_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("what", sa.String(length=300), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("max_group", sa.Integer(), nullable=False),
        sa.Column("access_notes", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("max_group >= 1", name=op.f("ck_visit_offers_max_group")),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_visit_offers_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["people.id"], name=op.f("fk_visit_offers_created_by_id_people"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_offers")),
    )
    op.create_index(op.f("ix_visit_offers_organisation_id"), "visit_offers", ["organisation_id"], unique=False)
    op.create_table(
        "visit_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=True),
        sa.Column("visit_date", sa.Date(), nullable=False),
        sa.Column("group_size", sa.Integer(), nullable=False),
        sa.Column("needs", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('pending', 'accepted', 'declined')", name=op.f("ck_visit_requests_status")),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["visit_offers.id"], name=op.f("fk_visit_requests_offer_id_visit_offers"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["organisations.id"],
            name=op.f("fk_visit_requests_school_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["people.id"], name=op.f("fk_visit_requests_teacher_id_people"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_requests")),
    )
    op.create_index(op.f("ix_visit_requests_offer_id"), "visit_requests", ["offer_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_visit_requests_offer_id"), table_name="visit_requests")
    op.drop_table("visit_requests")
    op.drop_index(op.f("ix_visit_offers_organisation_id"), table_name="visit_offers")
    op.drop_table("visit_offers")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("inclusive_declared_at")
