"""Alembic environment of the local cache.

Migrations run only through app.models.migrate, which hands over a connection with the
cache's PRAGMAs and BEGIN IMMEDIATE hook. SQLite DDL is transactional, so each revision
runs in its own transaction: a process killed half way leaves the previous revision.
"""

from __future__ import annotations

from alembic import context

import app.models.tables  # noqa: F401  (registers every table on the metadata)
from app.models.base import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run cache migrations through app.models.migrate.upgrade()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # Alembic assumes SQLite cannot roll back DDL; it can, with the begin hook in db.py.
    transactional_ddl=True,
    transaction_per_migration=True,
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()
