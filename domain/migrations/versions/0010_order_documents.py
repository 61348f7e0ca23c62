"""documents on an order; photos and files passed through the bot in conversations

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 00:30:00

`order_documents`: a PDF, DOCX or ODT either side of an order shared with the other (the partnership
agreement). The bytes stay with Telegram; stored are its name, kind (read from the bytes), size, SHA-256, who
of which side added it, and the Telegram file id that sends it again.

`attachments`: a photo or file relayed between a company and a school (an enquiry) or a student and their
teachers (a task assignment), re-sent by the bot so nobody's Telegram identity shows. Attributed to an
organisation and a role; the sender's person id is nulled on erasure, like `relay_messages`.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "order_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=4), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("telegram_file_id", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('pdf', 'docx', 'odt')", name=op.f("ck_order_documents_kind")),
        sa.CheckConstraint("size_bytes BETWEEN 1 AND 20971520", name=op.f("ck_order_documents_size")),
        sa.CheckConstraint("length(sha256) = 64", name=op.f("ck_order_documents_sha256")),
        sa.CheckConstraint("length(file_name) BETWEEN 1 AND 200", name=op.f("ck_order_documents_file_name_length")),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_order_documents_order_id_orders"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_order_documents_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["people.id"],
            name=op.f("fk_order_documents_uploaded_by_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_documents")),
    )
    with op.batch_alter_table("order_documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_order_documents_order_id"), ["order_id"], unique=False)
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("enquiry_id", sa.Integer(), nullable=True),
        sa.Column("assignment_id", sa.Integer(), nullable=True),
        sa.Column("sender_person_id", sa.Integer(), nullable=True),
        sa.Column("sender_organisation_id", sa.Integer(), nullable=False),
        sa.Column("sender_role", sa.String(length=10), nullable=False),
        sa.Column("telegram_file_id", sa.String(length=255), nullable=False),
        sa.Column("source_message_id", sa.BigInteger(), nullable=True),
        sa.Column("file_name", sa.String(length=200), nullable=True),
        sa.Column("size_bytes", sa.Integer(), nullable=True),
        sa.Column("caption", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('photo', 'document')", name=op.f("ck_attachments_kind")),
        sa.CheckConstraint(
            "sender_role IN ('admin', 'teacher', 'student', 'member')", name=op.f("ck_attachments_sender_role")
        ),
        sa.CheckConstraint("(enquiry_id IS NULL) <> (assignment_id IS NULL)", name=op.f("ck_attachments_one_thread")),
        sa.CheckConstraint("length(caption) <= 1024", name=op.f("ck_attachments_caption_length")),
        sa.ForeignKeyConstraint(
            ["enquiry_id"], ["enquiries.id"], name=op.f("fk_attachments_enquiry_id_enquiries"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["task_assignments.id"],
            name=op.f("fk_attachments_assignment_id_task_assignments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sender_person_id"],
            ["people.id"],
            name=op.f("fk_attachments_sender_person_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["sender_organisation_id"],
            ["organisations.id"],
            name=op.f("fk_attachments_sender_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachments_enquiry_id"), ["enquiry_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attachments_assignment_id"), ["assignment_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachments_assignment_id"))
        batch_op.drop_index(batch_op.f("ix_attachments_enquiry_id"))
    op.drop_table("attachments")
    with op.batch_alter_table("order_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_documents_order_id"))
    op.drop_table("order_documents")
