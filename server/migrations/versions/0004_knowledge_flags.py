"""Operators' flags of outdated knowledge articles

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "knowledge_flags",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("article_id", sa.String(length=64), nullable=False),
        sa.Column("article_version", sa.BigInteger(), nullable=False),
        sa.Column("flagged_by", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("client_id", sa.String(length=36), nullable=False),
        sa.Column("mutation_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("flagged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_version", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "article_id",
            "article_version",
            "flagged_by",
            name="uq_knowledge_flags_article_version_user",
        ),
    )
    op.create_index(
        "ix_knowledge_flags_resolved_at", "knowledge_flags", ["resolved_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_knowledge_flags_resolved_at", table_name="knowledge_flags")
    op.drop_table("knowledge_flags")
