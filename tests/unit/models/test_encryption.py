"""The local cache encrypted at rest with SQLCipher (sqlcipher3), on real files."""

from __future__ import annotations

import hashlib
import importlib
import secrets
import subprocess
import sys
import uuid
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import keyring
import pytest
from sqlalchemy import select

from app.domain.vocabulary import Role
from app.models import migrate
from app.models.cases import save_new_case
from app.models.db import CacheKeyError, make_engine, open_cache
from app.models.results import Actor
from app.models.tables import Case
from app.sync import credentials

MARKER = "明文标记-PLAINTEXT-MARKER-7f3a"


def _write_marker(path: Path, key: bytes | None) -> str:
    cache = open_cache(path, key=key)
    try:
        with cache.write() as session:
            saved = save_new_case(
                session,
                {"request_type": "complaint", "narrative": MARKER},
                actor=Actor("enc1", Role.OPERATOR),
                station_prefix="TENC",
                client_id=str(uuid.uuid4()),
                now=datetime.now(UTC),
            )
    finally:
        cache.close()
    return saved.case_id


def _files(path: Path) -> bytes:
    return b"".join(
        Path(f"{path}{suffix}").read_bytes()
        for suffix in ("", "-wal")
        if Path(f"{path}{suffix}").exists()
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(_files(path)).hexdigest()


def test_encrypted_cache_reads_back_with_its_key(tmp_path: Path) -> None:
    key = secrets.token_bytes(32)
    path = tmp_path / "cache.db"
    case_id = _write_marker(path, key)

    cache = open_cache(path, key=key)
    try:
        with cache.read() as session:
            case = session.get(Case, case_id)
            assert case is not None and case.narrative == MARKER
            driver = cache.engine.dialect.dbapi
            assert driver is not None and driver.__name__.startswith("sqlcipher3")
    finally:
        cache.close()


def test_no_plaintext_marker_in_the_files(tmp_path: Path) -> None:
    path = tmp_path / "cache.db"
    _write_marker(path, secrets.token_bytes(32))
    plain = tmp_path / "plain.db"
    _write_marker(plain, None)

    # The same write unencrypted shows the marker: the search can find it.
    assert MARKER.encode() in _files(plain)
    assert MARKER.encode() not in _files(path)
    assert not _files(path).startswith(b"SQLite format 3")


@pytest.mark.parametrize("other", ["missing", "another"])
def test_wrong_or_missing_key_is_a_clear_error(tmp_path: Path, other: str) -> None:
    path = tmp_path / "cache.db"
    _write_marker(path, secrets.token_bytes(32))
    before = _digest(path)

    with pytest.raises(CacheKeyError) as raised:
        open_cache(path, key=None if other == "missing" else secrets.token_bytes(32))

    error = raised.value
    assert "密钥" in error.message_zh
    assert "key" in error.message_en
    assert "file is not a database" not in str(error)
    # Left as it was: not moved aside as corrupt, not rewritten.
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache.db"]


def test_key_given_for_a_plain_cache_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cache.db"
    case_id = _write_marker(path, None)

    with pytest.raises(CacheKeyError):
        open_cache(path, key=secrets.token_bytes(32))

    cache = open_cache(path)
    try:
        with cache.read() as session:
            assert session.scalar(select(Case.id)) == case_id
    finally:
        cache.close()


def test_key_from_the_credential_store(tmp_path: Path) -> None:
    path = tmp_path / "cache.db"
    assert credentials.key_for_cache(path, encrypt=False) is None

    key = credentials.key_for_cache(path, encrypt=True)
    assert key is not None and len(key) == 32
    case_id = _write_marker(path, key)
    # The same key comes back for the existing cache, and opens it.
    again = credentials.key_for_cache(path, encrypt=True)
    assert again == key
    cache = open_cache(path, key=again)
    with cache.read() as session:
        assert session.get(Case, case_id) is not None
    cache.close()

    keyring.delete_password(credentials.SERVICE, "cache-key")
    with pytest.raises(credentials.CredentialError) as raised:
        credentials.key_for_cache(path, encrypt=True)
    assert "密钥" in raised.value.message_zh
    assert "key" in raised.value.message_en


def test_without_sqlcipher3_a_key_is_a_clear_error(tmp_path: Path) -> None:
    # A build without the library: a child process where sqlcipher3 cannot import.
    script = (
        "import sys; sys.modules['sqlcipher3'] = None\n"
        "from app.models.db import open_cache\n"
        "from app.models.errors import CacheEncryptionUnavailable\n"
        "try:\n"
        f"    open_cache({str(tmp_path / 'c.db')!r}, key=bytes(32))\n"
        "except CacheEncryptionUnavailable as error:\n"
        "    print(error.message_en)\n"
    )
    root = Path(__file__).resolve().parents[3]
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "sqlcipher3 is not installed" in done.stdout
    assert not (tmp_path / "c.db").exists()


def test_encrypted_upgrade_backs_up_through_sqlcipher(tmp_path: Path) -> None:
    key = secrets.token_bytes(32)
    path = tmp_path / "cache.db"
    old = make_engine(path, key=key)
    with old.connect() as connection:
        migrate.upgrade(connection, "0001")
    old.dispose()

    cache = open_cache(path, key=key)
    with cache.engine.connect() as connection:
        pragmas = [
            connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        ]
    cache.close()

    assert pragmas == ["wal", 2, 1, 5000]
    backup = cache.backup_path
    assert backup is not None and "rev-0001" in backup.name
    # The copy is encrypted with the same key: unreadable as plain SQLite.
    assert not backup.read_bytes().startswith(b"SQLite format 3")
    dbapi2 = importlib.import_module("sqlcipher3.dbapi2")
    with closing(dbapi2.connect(str(backup))) as copy:
        copy.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        assert copy.execute("PRAGMA quick_check").fetchone() == ("ok",)
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == (
            "0001",
        )
