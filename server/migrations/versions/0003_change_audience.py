"""Audience keys of the change feed in a table of their own (indexed pull)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 18:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "change_audience",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("txid", sa.BigInteger(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("key", "txid", "seq"),
    )
    # The feed rows already there keep reaching their readers (read in chunks, so a
    # large feed is copied in bounded memory).
    bind = op.get_bind()
    audience = sa.table(
        "change_audience",
        sa.column("key", sa.String),
        sa.column("txid", sa.BigInteger),
        sa.column("seq", sa.BigInteger),
    )
    last = 0
    while True:
        chunk = bind.execute(
            sa.text(
                "SELECT seq, txid, audience FROM change_log WHERE seq > :last "
                "ORDER BY seq LIMIT 5000"
            ),
            {"last": last},
        ).all()
        if not chunk:
            break
        rows = [
            {"key": key, "txid": txid, "seq": seq}
            for seq, txid, keys in chunk
            for key in keys.split("|")
            if key
        ]
        if rows:
            bind.execute(audience.insert(), rows)
        last = chunk[-1][0]


def downgrade() -> None:
    op.drop_table("change_audience")
