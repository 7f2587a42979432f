"""Covering indexes for the dashboard: a period's cases and their first replies.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 18:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# The dashboard reads a period's cases by created_at and groups them by these
# columns; holding them all in the index makes its scans index-only, so 30 days of a
# million cached cases never touch the table rows (bench/dashboard.py).
COLUMNS = [
    "created_at",
    "deleted",
    "status",
    "request_type",
    "requester_type",
    "handling_mode",
    "satisfaction",
    "category_code",
    "area_code",
    "due_at",
    "id",
]
# The on-time rate finds each finished case's first reply with one index seek.
EVENTS = ["case_id", "action", "at"]


def upgrade() -> None:
    op.create_index("ix_cases_dashboard_cover", "cases", COLUMNS, unique=False)
    op.create_index(
        "ix_case_events_case_id_action_at", "case_events", EVENTS, unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_case_events_case_id_action_at", table_name="case_events")
    op.drop_index("ix_cases_dashboard_cover", table_name="cases")
