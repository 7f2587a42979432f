"""Queue indexes for a million cached cases; knowledge articles cited on a case.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 17:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app.models.migrate import pause_for_tests

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The queues sort and filter in SQL: by status and deadline, by holder, a caller's
# history, a category's hotspots in an area, and the sync engine's "changed since".
_INDEXES = {
    "ix_cases_status_due_at": ["status", "due_at"],
    "ix_cases_holder_status": ["holder", "status"],
    "ix_cases_caller_number_created_at": ["caller_number", "created_at"],
    "ix_cases_category_area_created_at": ["category_code", "area_code", "created_at"],
    "ix_cases_updated_at": ["updated_at"],
}


def upgrade() -> None:
    op.add_column(
        "cases",
        sa.Column("cited_article_ids", sa.Text(), nullable=False, server_default="[]"),
    )
    pause_for_tests("0002: column added, indexes not yet")
    for name, columns in _INDEXES.items():
        op.create_index(name, "cases", columns, unique=False)


def downgrade() -> None:
    for name in _INDEXES:
        op.drop_index(name, table_name="cases")
    with op.batch_alter_table("cases") as batch_op:
        batch_op.drop_column("cited_article_ids")
