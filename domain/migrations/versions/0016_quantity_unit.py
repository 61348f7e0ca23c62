"""the unit an enquiry's quantity is counted in

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 19:00:00

`enquiries.quantity_unit`: "6 kg", "for 40 people", "20 pcs" kept their number only, so the school read
"Quantity: 6" on a cake sold per kg and "30" where the customer meant people. The unit is one of the offers' price
units (`PriceUnit`) or NULL when the customer counted things ("40 cupcakes") or gave no unit.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_UNITS = "quantity_unit IS NULL OR quantity_unit IN ('item', 'hour', 'kg', 'person', 'project')"


def upgrade() -> None:
    with op.batch_alter_table("enquiries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("quantity_unit", sa.String(length=10), nullable=True))
        batch_op.create_check_constraint(batch_op.f("ck_enquiries_quantity_unit"), _UNITS)


def downgrade() -> None:
    with op.batch_alter_table("enquiries", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_enquiries_quantity_unit"), type_="check")
        batch_op.drop_column("quantity_unit")
