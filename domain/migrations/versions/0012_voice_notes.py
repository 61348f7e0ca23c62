"""voice_notes: the Telegram file_id of each message spoken aloud, by language and a hash of its words

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 00:30:00

Easy-read students can have a notification read to them (bot/speech.py). The first time some words are
spoken in a language the voice note is uploaded; Telegram's file_id is kept here so the same words are sent
again without being made or uploaded again, by any replica.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "voice_notes",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("file_id", sa.String(length=200), nullable=False),
        sa.Column("duration_s", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voice_notes")),
        sa.UniqueConstraint("language", "text_hash", name="uq_voice_notes_language_text_hash"),
    )


def downgrade() -> None:
    op.drop_table("voice_notes")
