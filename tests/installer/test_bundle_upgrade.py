"""The bundled program upgrades a cache made by the previous schema revision.

Runs the PyInstaller bundle itself (built once per checkout into build/, which git
ignores, and rebuilt when the sources are newer than it), against real SQLite files.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from app.models import db, migrate

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "build" / "dist"
EXECUTABLE = (
    DIST
    / "hotline-desk"
    / ("hotline-desk.exe" if sys.platform == "win32" else "hotline-desk")
)
SOURCES = ("app", "resources", "installer")
NARRATIVE = "小区二期停水三天，𠀀 罕见字与 emoji 🚰 原样保存"

pytestmark = pytest.mark.slow


def _newest_source_mtime() -> float:
    newest = 0.0
    for folder in SOURCES:
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                newest = max(newest, path.stat().st_mtime)
    return newest


@pytest.fixture(scope="session")
def bundle() -> Path:
    """The bundled executable, built now if missing or older than the sources."""
    if not EXECUTABLE.exists() or EXECUTABLE.stat().st_mtime < _newest_source_mtime():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "PyInstaller",
                "--noconfirm",
                "--log-level",
                "WARN",
                "--distpath",
                str(DIST),
                "--workpath",
                str(ROOT / "build" / "work"),
                str(ROOT / "installer" / "hotline-desk.spec"),
            ],
            cwd=ROOT,
            check=True,
            timeout=900,
        )
    return EXECUTABLE


@pytest.fixture
def previous_revision_cache(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A cache one revision behind head with one case, as an older version left it."""
    revisions = migrate.known_revisions()
    assert len(revisions) >= 2, "needs at least two schema revisions to upgrade across"
    previous = revisions[-2]
    path = tmp_path / "hotline-desk.sqlite3"
    engine = db.make_engine(path)
    with engine.connect() as connection:
        migrate.upgrade(connection, previous)
    engine.dispose()

    with closing(sqlite3.connect(path)) as connection, connection:
        _insert_case(connection, str(uuid.uuid4()))
    yield path, previous


def _insert_case(connection: sqlite3.Connection, case_id: str) -> None:
    """One row in `cases`, filling whatever columns that revision requires."""
    values: dict[str, object] = {"id": case_id, "narrative": NARRATIVE}
    for _cid, name, kind, notnull, default, _pk in connection.execute(
        "PRAGMA table_info(cases)"
    ):
        if name in values or not notnull or default is not None:
            continue
        numeric = any(word in kind.upper() for word in ("INT", "BOOL"))
        values[name] = 0 if numeric else "x"
    columns = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    connection.execute(
        f"INSERT INTO cases ({columns}) VALUES ({marks})", list(values.values())
    )


def _revision(path: Path) -> str:
    with closing(sqlite3.connect(path)) as connection:
        return str(
            connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        )


def _dump(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as connection:
        return list(connection.iterdump())


def _run(bundle: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bundle), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def test_bundle_upgrades_previous_revision_with_a_backup(
    bundle: Path, previous_revision_cache: tuple[Path, str]
) -> None:
    path, previous = previous_revision_cache
    before = _dump(path)

    result = _run(bundle, "--upgrade-only", "--cache", str(path))

    assert result.returncode == 0, result.stdout + result.stderr
    assert _revision(path) == migrate.head_revision()
    with closing(sqlite3.connect(path)) as connection:
        (narrative,) = connection.execute("SELECT narrative FROM cases").fetchone()
    assert narrative == NARRATIVE

    backups = sorted(path.parent.glob(f"{path.name}.rev-{previous}.*.bak"))
    assert len(backups) == 1, result.stdout
    assert str(backups[0].name) in result.stdout
    assert _revision(backups[0]) == previous
    assert _dump(backups[0]) == before


def test_bundle_refuses_a_cache_from_a_newer_version_and_leaves_it(
    bundle: Path, previous_revision_cache: tuple[Path, str]
) -> None:
    path, _ = previous_revision_cache
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    before = path.read_bytes()

    result = _run(bundle, "--upgrade-only", "--cache", str(path))

    assert result.returncode == 1, result.stdout + result.stderr
    assert "newer" in result.stdout
    assert "更新版本" in result.stdout
    assert path.read_bytes() == before
    assert not list(path.parent.glob("*.bak"))
