"""Opening the local cache: checks, recovery, backups, migrations, sessions.

Every connection runs in WAL mode with synchronous=FULL (a commit survives power loss),
waits up to 5 s for a lock and enforces foreign keys. The sqlite3 driver's own implicit
BEGIN is switched off and SQLAlchemy emits BEGIN itself (the recipe in SQLAlchemy's
SQLite dialect docs, "Serializable isolation / Savepoints / Transactional DDL"), so that
writes can take the write lock up front with BEGIN IMMEDIATE instead of failing with
"database is locked" half way through a transaction.

Encrypted at rest (settings ``encrypt_cache``): the file is opened through SQLCipher's
DB-API (``sqlcipher3``) with a raw 256-bit key, set by ``PRAGMA key`` before anything
else on every connection (a raw key skips the passphrase derivation, so opening costs
under a millisecond). Only one SQLite library opens the file in a process: with a key,
the probe, the backup and the engine all go through sqlcipher3.
"""

from __future__ import annotations

import importlib
import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from app.models import migrate
from app.models.errors import (
    CacheEncryptionUnavailable,
    CacheError,
    CacheNotRecognised,
    CacheTooNew,
)

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
_BEGIN_OPTION = "hotline_begin"
_CORRUPT_ERRORS = ("SQLITE_CORRUPT", "SQLITE_NOTADB")
_SIDE_FILES = ("-wal", "-shm")
_SQLITE_HEADER = b"SQLite format 3\x00"
KEY_BYTES = 32


class CacheKeyError(CacheError):
    """The cache is encrypted and the key is missing, wrong, or not the cache's."""

    code = "cache_key"


_WRONG_KEY = (
    "本地缓存已加密，但密钥不正确或缺失，无法打开；文件已保持原样。"
    "请联系信息科恢复该工作站的密钥",
    "The local cache is encrypted and the key is wrong or missing, so it cannot be "
    "opened; the file was left as it is. Ask IT to restore this workstation's key",
)


@dataclass(frozen=True)
class _Probe:
    ok: bool
    revision: str | None
    has_tables: bool


class CacheDatabase:
    """The opened cache: one engine, read sessions and write transactions."""

    def __init__(
        self,
        path: Path,
        engine: Engine,
        *,
        moved_aside: tuple[Path, ...] = (),
        backup_path: Path | None = None,
    ) -> None:
        self.path = path
        self.engine = engine
        # Non-empty when a corrupt file was moved aside at start: the UI says so.
        self.moved_aside = moved_aside
        self.backup_path = backup_path
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def recovered_from_corruption(self) -> bool:
        return bool(self.moved_aside)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; anything written through it is rolled back."""
        with self._sessions() as session:
            yield session

    # The name the shared contract uses for read sessions.
    session = read

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session inside BEGIN IMMEDIATE; commits when the block ends without error.

        The commit has returned (and reached the disk) when the block is left, so
        callers report "saved" only after it.
        """
        with self.engine.connect() as connection:
            connection.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
            with self._sessions(bind=connection) as session, session.begin():
                yield session

    def close(self) -> None:
        self.engine.dispose()


def open_cache(
    path: str | os.PathLike[str], *, key: bytes | None = None
) -> CacheDatabase:
    """Open (creating, recovering or upgrading as needed) the cache file at `path`.

    Raises CacheTooNew for a file from a newer version and CacheNotRecognised for a
    foreign database; both files are left untouched.
    """
    driver = _driver(key)
    cache_path = Path(path)
    cache_path.parent.mkdir(parents=True, exist_ok=True)

    moved_aside = _move_orphan_side_files(cache_path)
    probe = _probe(cache_path, key) if cache_path.exists() else None
    if probe is not None and not probe.ok:
        moved_aside += _move_aside(cache_path, "corrupt")
        logger.warning("local cache failed its check; moved aside, starting afresh")
        probe = None

    backup_path = None
    head = migrate.head_revision()
    if probe is not None:
        _refuse_unknown(probe)
        if probe.revision is not None and probe.revision != head:
            backup_path = _backup(cache_path, probe.revision, key)

    engine = make_engine(cache_path, key=key, driver=driver)
    if probe is None or probe.revision != head:
        with engine.connect() as connection:
            migrate.upgrade(connection)
    return CacheDatabase(
        cache_path, engine, moved_aside=moved_aside, backup_path=backup_path
    )


def _driver(key: bytes | None) -> ModuleType:
    """The one DB-API module that opens the cache in this process."""
    if key is None:
        return sqlite3
    if len(key) != KEY_BYTES:
        raise CacheKeyError(
            "本地缓存的加密密钥长度不正确", "the local cache's key has the wrong length"
        )
    try:
        dbapi2 = importlib.import_module("sqlcipher3.dbapi2")
    except ImportError as error:
        raise CacheEncryptionUnavailable(
            "本机缺少加密组件 sqlcipher3，无法打开加密的本地缓存",
            "sqlcipher3 is not installed, so the encrypted local cache cannot be "
            "opened",
        ) from error
    return dbapi2


def _connect(
    driver: ModuleType,
    target: str,
    key: bytes | None,
    *,
    uri: bool = False,
    any_thread: bool = False,
) -> Any:
    """A DB-API connection; with a key, PRAGMA key is the first statement on it.

    any_thread: for the engine's pool, whose connections serve the task runner's
    lanes one at a time (what SQLAlchemy's pysqlite dialect sets for file databases;
    a custom creator has to say it itself).
    """
    connection = driver.connect(
        target, uri=uri, isolation_level=None, check_same_thread=not any_thread
    )
    if key is not None:
        # A raw key (x'...'): no passphrase derivation. Hex only, so no quoting risk.
        connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return connection


def make_engine(
    path: Path, *, key: bytes | None = None, driver: ModuleType | None = None
) -> Engine:
    """An engine with the cache's PRAGMAs and explicit BEGIN on every connection."""
    if key is None:
        engine = create_engine(f"sqlite:///{path}")
    else:
        module = driver or _driver(key)
        # The sqlite dialect over sqlcipher3: its exceptions are wrapped like
        # sqlite3's, so callers still catch sqlalchemy's OperationalError.
        engine = create_engine(
            f"sqlite:///{path}",
            module=module,
            creator=lambda: _connect(module, str(path), key, any_thread=True),
        )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Stop the driver from issuing BEGIN on its own; _on_begin does it instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _on_begin(connection: Connection) -> None:
    mode = connection.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def _probe(path: Path, key: bytes | None = None) -> _Probe:
    """Check the file and read its revision, changing nothing in it.

    Read-only on purpose: a read-write connection would checkpoint a hot WAL into a
    file that may be corrupt, and on a file that is no database at all SQLite deletes
    the -wal when it closes. A read-only one reads the WAL and leaves it in place.

    With a key, "not a database" means the key does not open the file (SQLCipher
    cannot tell a wrong key from damage): refused, never moved aside as corrupt.
    """
    driver = _driver(key)
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        with closing(_connect(driver, uri, key, uri=True)) as connection:
            connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            result = connection.execute("PRAGMA quick_check").fetchall()
            if result != [("ok",)]:
                return _Probe(ok=False, revision=None, has_tables=True)
            tables = {
                row[0]
                for row in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            }
            revision = None
            if "alembic_version" in tables:
                row = connection.execute(
                    "SELECT version_num FROM alembic_version"
                ).fetchone()
                revision = row[0] if row else None
    except driver.DatabaseError as error:
        name = getattr(error, "sqlite_errorname", "") or ""
        if key is not None and (name.startswith("SQLITE_NOTADB") or _not_db(error)):
            raise CacheKeyError(*_WRONG_KEY) from None
        if key is None and _looks_encrypted(path):
            raise CacheKeyError(*_WRONG_KEY) from None
        if name.startswith(_CORRUPT_ERRORS):
            return _Probe(ok=False, revision=None, has_tables=True)
        raise CacheError(
            f"无法打开本地缓存（{name or error}）",
            f"The local cache cannot be opened ({name or error})",
        ) from error
    return _Probe(ok=True, revision=revision, has_tables=bool(tables))


def _not_db(error: Exception) -> bool:
    return "file is not a database" in str(error)


def _looks_encrypted(path: Path) -> bool:
    """An encrypted cache opened without its key: no SQLite header, whole pages.

    SQLCipher files start with a random salt instead of the SQLite header and are a
    whole number of pages long; such a file is refused rather than moved aside, so a
    lost key never makes unsent work disappear from view.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(len(_SQLITE_HEADER))
    except OSError:
        return False
    return size >= 1024 and size % 1024 == 0 and head != _SQLITE_HEADER


def _refuse_unknown(probe: _Probe) -> None:
    if probe.revision is None:
        if probe.has_tables:
            raise CacheNotRecognised(
                "该文件不是热线工作台的本地缓存，已保持原样",
                "This file is not a Hotline Desk cache; it was left as it is",
            )
        return
    if probe.revision not in migrate.known_revisions():
        raise CacheTooNew(
            f"本地缓存由更新版本的热线工作台创建（版本 {probe.revision}），"
            "请安装新版本；文件已保持原样",
            f"The local cache was written by a newer Hotline Desk (schema "
            f"{probe.revision}); install the newer version. The file was left as it is",
        )


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def _backup(path: Path, revision: str, key: bytes | None = None) -> Path:
    """Copy the cache with SQLite's backup API before migrating it.

    An encrypted cache is copied by sqlcipher3 into a copy encrypted with the same key.
    """
    target = path.with_name(f"{path.name}.rev-{revision}.{_stamp()}.bak")
    driver = _driver(key)
    with (
        closing(_connect(driver, str(path), key)) as source,
        closing(_connect(driver, str(target), key)) as copy,
    ):
        source.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        source.backup(copy)
    logger.info("backed up the local cache at revision %s before upgrading", revision)
    return target


def _move_aside(path: Path, reason: str) -> tuple[Path, ...]:
    """Rename the file and its -wal and -shm together; a hot WAL is never deleted.

    The main file goes first: if the process dies after it, the side files left
    behind are orphans that the next start moves aside too, before any new file
    could pick up a stranger's WAL.
    """
    base = path.with_name(f"{path.name}.{reason}-{_stamp()}")
    moved = []
    for suffix in ("", *_SIDE_FILES):
        source = Path(f"{path}{suffix}")
        if source.exists():
            target = Path(f"{base}{suffix}")
            os.replace(source, target)
            moved.append(target)
    return tuple(moved)


def _move_orphan_side_files(path: Path) -> tuple[Path, ...]:
    if path.exists():
        return ()
    orphans = [Path(f"{path}{suffix}") for suffix in _SIDE_FILES]
    if not any(orphan.exists() for orphan in orphans):
        return ()
    logger.warning("found -wal or -shm without their cache file; moving them aside")
    base = path.with_name(f"{path.name}.orphan-{_stamp()}")
    moved = []
    for orphan, suffix in zip(orphans, _SIDE_FILES, strict=True):
        if orphan.exists():
            target = Path(f"{base}{suffix}")
            os.replace(orphan, target)
            moved.append(target)
    return tuple(moved)
