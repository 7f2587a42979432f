"""Schema revisions of the local cache, applied with Alembic from code.

No alembic.ini is needed at run time: the script location is found next to this file,
so it works from a source checkout and from an installed or bundled copy alike.
"""

from __future__ import annotations

import logging
import os
import time
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# Set only by the migration crash test: the named file is created, then the running
# migration sleeps so the test can kill the process half way through it.
PAUSE_ENV = "HOTLINE_TEST_MIGRATION_PAUSE_FILE"


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@cache
def _scripts() -> ScriptDirectory:
    # Reading the scripts costs milliseconds; they cannot change while running.
    return ScriptDirectory.from_config(_config())


def head_revision() -> str:
    head = _scripts().get_current_head()
    if head is None:
        raise RuntimeError("the cache has no migration scripts")
    return head


def known_revisions() -> list[str]:
    """Every revision this version of the program can upgrade from, oldest first."""
    return [script.revision for script in reversed(list(_scripts().walk_revisions()))]


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Bring the schema to `revision`, one transaction per revision.

    The connection must not be inside a transaction: Alembic begins one per revision
    and the engine's begin hook makes it BEGIN IMMEDIATE.
    """
    logger.info("migrating the local cache to %s", revision)
    command.upgrade(_config(connection), revision)


def pause_for_tests(step: str) -> None:
    """Stop inside a migration when, and only when, the crash test asks for it."""
    marker = os.environ.get(PAUSE_ENV)
    if not marker:
        return
    Path(marker).write_text(step, encoding="utf-8")
    time.sleep(60)
