"""search: full-text GIN prefilter on PostgreSQL; organisations.updated_at for index freshness

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 10:00:00

PostgreSQL only: an IMMUTABLE function giving the 'simple' tsvector of a listing's folded title and
description (unaccent, lower case — as domain/search/normalise.py folds), and a GIN index on it for
active listings. The search prefilter (domain/search/postgres.py) asks it for the query's words, their
inflections, typo corrections and translations as exact words (a prefix `tortu:*` only for rare words),
which the index answers from its posting lists; the trigram index of 0002, whose LIKE '%stem%' scans
took seconds at a million listings, is dropped (writers no longer maintain it).

Both dialects: `organisations.updated_at` (filled from created_at), so that moving a school to another
city or country makes the search index stale.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE organisations SET updated_at = created_at")
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute(
        """
        CREATE OR REPLACE FUNCTION vet2b_search_tsv(title text, description text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
        $$ SELECT to_tsvector('pg_catalog.simple'::regconfig,
                              lower(public.unaccent('public.unaccent'::regdictionary,
                                                    coalesce(title, '') || ' ' || coalesce(description, '')))) $$
        """
    )
    op.execute("SET LOCAL maintenance_work_mem = '256MB'")
    op.execute(
        "CREATE INDEX ix_listings_search_fts ON listings "
        "USING gin (vet2b_search_tsv(title, description)) WHERE status = 'active'"
    )
    op.execute("DROP INDEX IF EXISTS ix_listings_search_trgm")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX IF NOT EXISTS ix_listings_search_trgm ON listings "
            "USING gin (vet2b_search_text(title, description) gin_trgm_ops) WHERE status = 'active'"
        )
        op.execute("DROP INDEX IF EXISTS ix_listings_search_fts")
        op.execute("DROP FUNCTION IF EXISTS vet2b_search_tsv(text, text)")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("updated_at")
