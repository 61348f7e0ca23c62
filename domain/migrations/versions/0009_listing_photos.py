"""images and listing_photos: pictures of listings, stored once by content, with their Telegram file ids

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 00:00:00

`images` holds each picture once (unique SHA-256): its bytes, type and size in pixels, and the file id
Telegram gave it when the bot first sent it (sent by id from then on). `listing_photos` orders up to five
pictures per listing (domain/listing_photos.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "images",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("media_type", sa.String(length=20), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("telegram_file_id", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "media_type IN ('image/jpeg', 'image/png', 'image/webp')", name=op.f("ck_images_media_type")
        ),
        sa.CheckConstraint("size BETWEEN 1 AND 10485760", name=op.f("ck_images_size")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_images")),
        sa.UniqueConstraint("sha256", name=op.f("uq_images_sha256")),
    )
    op.create_table(
        "listing_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("image_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("position >= 0 AND position < 5", name=op.f("ck_listing_photos_position")),
        sa.ForeignKeyConstraint(
            ["listing_id"], ["listings.id"], name=op.f("fk_listing_photos_listing_id_listings"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["image_id"], ["images.id"], name=op.f("fk_listing_photos_image_id_images"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listing_photos")),
        sa.UniqueConstraint("listing_id", "position", name="uq_listing_photos_listing_position"),
    )
    op.create_index(op.f("ix_listing_photos_listing_id"), "listing_photos", ["listing_id"])
    op.create_index(op.f("ix_listing_photos_image_id"), "listing_photos", ["image_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_listing_photos_image_id"), table_name="listing_photos")
    op.drop_index(op.f("ix_listing_photos_listing_id"), table_name="listing_photos")
    op.drop_table("listing_photos")
    op.drop_table("images")
