"""Dashboard rollups kept by triggers: hourly volumes, daily categories, on-time rate.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 18:40:00
"""

from __future__ import annotations

from alembic import op

from app.models.dashboard_rollups import ROLLUP_TABLES, ROLLUP_TRIGGERS, rollup_recount

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Even index-only, grouping a 30-day period of a million cached cases (140,000 rows)
# took 1.5-2.7 s on a loaded two-core machine; the dashboard must refresh in 1 s.
# The rollup tables hold the counts already grouped, so a period reads a few thousand
# rollup rows instead; triggers on cases and case_events keep them exact through every
# write path (the ORM, the sync's Core upserts, deletes). The tables, the recount and
# the triggers are defined in app/models/dashboard_rollups.py, which the sync also
# uses to defer the triggers through a first download (a later change of those
# definitions comes with a revision that calls restore_rollups).


def upgrade() -> None:
    for statement in ROLLUP_TABLES.values():
        op.execute(statement)
    # Cases already cached are counted once here; the triggers take over after.
    for statement in rollup_recount():
        op.execute(statement)
    for name, body in ROLLUP_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    for name in ROLLUP_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for name in ROLLUP_TABLES:
        op.execute(f"DROP TABLE IF EXISTS {name}")
