"""search: trigram prefilter index on PostgreSQL

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 10:00:00

Only PostgreSQL gets anything: an IMMUTABLE function that folds a listing's title and description like
domain/search/normalise.py does (lower case, no diacritics), and a GIN trigram index on it for active
listings, so the search prefilter (domain/search/postgres.py) stays fast on a million rows without a
derived column that every writer would have to fill. SQLite catalogues are searched in process.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute(
        """
        CREATE OR REPLACE FUNCTION vet2b_search_text(title text, description text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
        $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary,
                                        coalesce(title, '') || ' ' || coalesce(description, ''))) $$
        """
    )
    op.execute(
        "CREATE INDEX ix_listings_search_trgm ON listings "
        "USING gin (vet2b_search_text(title, description) gin_trgm_ops) WHERE status = 'active'"
    )
    op.execute("CREATE INDEX ix_listings_updated_at ON listings (updated_at)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_listings_updated_at")
    op.execute("DROP INDEX IF EXISTS ix_listings_search_trgm")
    op.execute("DROP FUNCTION IF EXISTS vet2b_search_text(text, text)")
