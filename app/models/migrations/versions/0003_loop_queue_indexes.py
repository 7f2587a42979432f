"""Indexes for the closing-the-loop queues: ordered scans by deadline, received time,
last change, and a unit's cases by deadline, each ending in id for keyset paging.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 18:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# A queue page is "ORDER BY <column>, id LIMIT 201" after a (column, id) key: with
# these, SQLite walks the index in order and stops after the page, whatever the
# queue's filter keeps, instead of sorting every matching case first.
_INDEXES = {
    "ix_cases_due_at_id": ["due_at", "id"],
    "ix_cases_created_at_id": ["created_at", "id"],
    "ix_cases_updated_at_id": ["updated_at", "id"],
    "ix_cases_lead_unit_code_due_at_id": ["lead_unit_code", "due_at", "id"],
    # Key issues are about 1 % of cases: walking the deadline index for them would
    # read a hundred rows for each one shown.
    "ix_cases_key_issue_due_at_id": ["key_issue", "due_at", "id"],
}


def upgrade() -> None:
    for name, columns in _INDEXES.items():
        op.create_index(name, "cases", columns, unique=False)


def downgrade() -> None:
    for name in _INDEXES:
        op.drop_index(name, table_name="cases")
