"""Start and stop a real PostgreSQL server for the test run.

PostgreSQL refuses to run as root, so when the tests run as root the cluster is created
and started as the unprivileged `postgres` account that Debian's package creates.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg


def _bin_dir() -> Path:
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        candidate = Path(out.stdout.strip())
        if (candidate / "initdb").exists():
            return candidate
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key)
    if versions:
        return Path(versions[-1])
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    raise RuntimeError(
        "PostgreSQL is not installed: `./run test` installs the Debian package "
        "postgresql"
    )


def _version_key(path: str) -> int:
    match = re.search(r"/(\d+)/bin", path)
    return int(match.group(1)) if match else 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PostgresCluster:
    """A PostgreSQL cluster in a temporary folder, listening on 127.0.0.1 only."""

    def __init__(self) -> None:
        # Not under pytest's private temporary folder: its parents are closed to other
        # accounts, and the server runs as `postgres` when the tests run as root.
        folder = Path(tempfile.mkdtemp(prefix="hotline-pg-"))
        self.folder = folder
        self.data = folder / "data"
        self.port = _free_port()
        self.bin = _bin_dir()
        self._user: str | None = None
        if os.geteuid() == 0:
            self._user = "postgres"
            pwd.getpwnam(self._user)  # fails clearly if the account is missing
            os.chmod(folder, 0o755)
            shutil.chown(folder, self._user)
        self._created = 0

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self._user:
            command = ["runuser", "-u", self._user, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            output = result.stderr or result.stdout
            raise RuntimeError(f"{args[0]} failed ({result.returncode}): {output}")

    def start(self) -> None:
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.folder} -c fsync=off "
            "-c max_connections=300 -c idle_in_transaction_session_timeout=60000"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.folder / "server.log"),
            "-w",
            "start",
        )

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, hint: str) -> str:
        self._created += 1
        name = re.sub(r"[^a-z0-9]+", "_", hint.lower())[:40] + f"_{self._created}"
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
            autocommit=True,
        ) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)
