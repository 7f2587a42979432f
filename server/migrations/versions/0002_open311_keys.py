"""Open311 API keys; index for Open311 date queries

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 17:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "open311_keys",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name"),
        sa.UniqueConstraint("key_hash"),
    )
    op.create_index("ix_cases_created_at", "cases", ["created_at"])
    op.create_index(
        "ix_case_records_kind_created_at", "case_records", ["kind", "created_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_case_records_kind_created_at", table_name="case_records")
    op.drop_index("ix_cases_created_at", table_name="cases")
    op.drop_table("open311_keys")
