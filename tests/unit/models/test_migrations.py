"""Schema migrations: fresh files, upgrades with backups, crashes, newer files."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.models import migrate
from app.models.base import Base
from app.models.db import make_engine, open_cache
from app.models.errors import (
    CacheNotRecognised,
    CacheTooNew,
)
from app.models.tables import Case

REPO = Path(__file__).resolve().parents[3]
PREVIOUS = "0001"


def schema(path: Path) -> list[tuple[str, str, str | None]]:
    """Everything SQLite knows of the schema, plus the recorded revision."""
    with closing(sqlite3.connect(path)) as connection:
        rows = connection.execute(
            "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
        names = {row[1] for row in rows}
        if "alembic_version" in names:
            revision = connection.execute("SELECT version_num FROM alembic_version")
            rows.append(("revision", str(revision.fetchone()), None))
    return rows


def at_revision(path: Path, revision: str) -> None:
    engine = make_engine(path)
    with engine.connect() as connection:
        migrate.upgrade(connection, revision)
    engine.dispose()


def insert_old_case(path: Path) -> None:
    """A case written by the 0001 schema, with the columns it had then."""
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute(
            "INSERT INTO cases (id, provisional_no, status, requester_type,"
            " confidential, request_type, narrative, summary, urgency, tags,"
            " co_unit_codes, deadline_confirmed, redo_count, key_issue, created_by,"
            " created_at, updated_at, deleted, caller_name)"
            " VALUES (?, ?, ?, ?, 0, ?, ?, '', 'normal', '[]', '[]', 1, 0, 0, ?, ?, ?,"
            " 0, ?)",
            (
                "c-1",
                "GY01-000001",
                "registered",
                "person",
                "help",
                "路灯不亮",
                "op",
                "2026-01-02T03:04:05.000000Z",
                "2026-01-02T03:04:05.000000Z",
                "𠮷𪚥",
            ),
        )


def digest(folder: Path) -> dict[str, str]:
    return {
        item.name: hashlib.sha256(item.read_bytes()).hexdigest()
        for item in sorted(folder.iterdir())
    }


def test_empty_file_gets_the_head_schema(tmp_path: Path) -> None:
    db = open_cache(tmp_path / "cache.db")
    with db.engine.connect() as connection:
        difference = compare_metadata(
            MigrationContext.configure(connection), Base.metadata
        )
        pragmas = [
            connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        ]
    db.close()

    assert difference == []
    assert pragmas == ["wal", 2, 1, 5000]
    assert ("revision", f"('{migrate.head_revision()}',)", None) in schema(
        tmp_path / "cache.db"
    )
    assert db.backup_path is None and not db.recovered_from_corruption


def test_previous_revision_is_upgraded_with_data_kept_and_backup(
    tmp_path: Path,
) -> None:
    path = tmp_path / "cache.db"
    at_revision(path, PREVIOUS)
    insert_old_case(path)

    db = open_cache(path)
    with db.read() as session:
        case = session.get(Case, "c-1")
        assert case is not None
        kept = (case.narrative, case.caller_name, case.cited_article_ids)
    db.close()

    assert kept == ("路灯不亮", "𠮷𪚥", [])
    assert db.backup_path is not None and db.backup_path.exists()
    assert f"rev-{PREVIOUS}" in db.backup_path.name
    with closing(sqlite3.connect(db.backup_path)) as backup:
        assert backup.execute("PRAGMA quick_check").fetchone() == ("ok",)
        assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == (
            PREVIOUS,
        )
        assert backup.execute("SELECT caller_name FROM cases").fetchone() == ("𠮷𪚥",)


def test_migration_killed_half_way_leaves_the_old_schema(tmp_path: Path) -> None:
    path = tmp_path / "cache.db"
    at_revision(path, PREVIOUS)
    insert_old_case(path)
    old_schema = schema(path)
    marker = tmp_path / "paused"

    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"from app.models.db import open_cache; open_cache({str(path)!r})",
        ],
        env={**os.environ, "PYTHONPATH": str(REPO), migrate.PAUSE_ENV: str(marker)},
    )
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert child.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    # The column of 0002 is added in the open transaction; kill before its commit.
    child.send_signal(signal.SIGKILL)
    child.wait()

    assert schema(path) == old_schema
    db = open_cache(path)
    with db.read() as session:
        assert session.get(Case, "c-1") is not None
    db.close()
    assert ("revision", f"('{migrate.head_revision()}',)", None) in schema(path)


@pytest.mark.slow
def test_kills_at_random_moments_leave_a_known_schema(tmp_path: Path) -> None:
    known = []
    for revision in migrate.known_revisions():
        reference = tmp_path / f"ref-{revision}.db"
        at_revision(reference, revision)
        known.append(schema(reference))
    rng = random.Random()
    script = (
        "import sys; from app.models.db import open_cache;"
        " print('go', flush=True); open_cache(sys.argv[1])"
    )

    for attempt in range(6):
        path = tmp_path / f"cache-{attempt}.db"
        child = subprocess.Popen(
            [sys.executable, "-c", script, str(path)],
            env={**os.environ, "PYTHONPATH": str(REPO)},
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "go"
        time.sleep(rng.uniform(0.0, 0.4))
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()

        found = schema(path) if path.exists() else []
        assert found == [] or found in known
        open_cache(path).close()
        assert schema(path) == known[-1]


def test_newer_revision_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "cache.db"
    open_cache(path).close()
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = '9f00newer'")
    before = digest(tmp_path)

    with pytest.raises(CacheTooNew) as refused:
        open_cache(path)

    after = digest(tmp_path)
    # Reading in WAL mode may leave empty -wal and -shm beside it; the file is intact.
    assert {name: after[name] for name in before} == before
    assert set(after) - set(before) <= {"cache.db-wal", "cache.db-shm"}
    assert "9f00newer" in refused.value.message_en
    assert "更新版本" in refused.value.message_zh


def test_foreign_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY)")
    before = digest(tmp_path)

    with pytest.raises(CacheNotRecognised):
        open_cache(path)
    assert digest(tmp_path) == before


def test_corrupt_file_is_moved_aside_with_its_wal(tmp_path: Path) -> None:
    path = tmp_path / "cache.db"
    garbage = b"this is no database " * 500
    path.write_bytes(garbage)
    Path(f"{path}-wal").write_bytes(b"old wal frames")

    db = open_cache(path)
    with db.read() as session:
        assert session.query(Case).count() == 0
    db.close()

    assert db.recovered_from_corruption
    contents = {item.read_bytes() for item in db.moved_aside}
    assert {garbage, b"old wal frames"} <= contents
    assert all(".corrupt-" in item.name for item in db.moved_aside)
