"""Saver processes for the durability test, forked from one warmed interpreter.

Importing SQLAlchemy and the app costs most of a second; forking a process that has
already done it costs milliseconds, which is what makes hundreds of kills affordable.
Commands on stdin, one per line:

    fork <db path> <ack path>   start a saver; answers with its pid
    reap <pid>                  wait for it; answers with its wait status

A saver saves cases in a loop and appends each case id to the ack file only after the
write transaction has committed, so every id in that file was acknowledged as saved.
No SQLite connection is open in this process when it forks.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from app.domain.vocabulary import Role
from app.models.cases import save_new_case
from app.models.db import open_cache
from app.models.results import Actor

CLIENT_ID = "5b0f3f8e-8f3c-4a59-9d6f-3c4e1f6b2a10"
ACTOR = Actor("operator-7", Role.OPERATOR)
FIELDS = {
    "request_type": "complaint",
    "narrative": "小区连续三天停水，物业不予答复。𠀀𪚥 emoji 🚰",
    "caller_number": "13800138000",
    "caller_name": "张𠮷",
    "address": "利州区东坝街道某小区3栋",
    "tags": ["停水"],
}


def save_forever(db_path: str, ack_path: str) -> None:
    db = open_cache(db_path)
    # The ack file appears once the cache is open: the test's cue that saves begin.
    ack = os.open(ack_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    while True:
        with db.write() as session:
            saved = save_new_case(
                session,
                FIELDS,
                actor=ACTOR,
                station_prefix="GY01",
                client_id=CLIENT_ID,
            )
        os.write(ack, f"{saved.case_id}\n".encode())


def warm_up() -> None:
    """Run one save so every lazy import and mapper set-up is done before forking."""
    with tempfile.TemporaryDirectory() as folder:
        db = open_cache(Path(folder) / "warm.db")
        with db.write() as session:
            save_new_case(
                session, FIELDS, actor=ACTOR, station_prefix="W", client_id=CLIENT_ID
            )
        db.close()


def main() -> None:
    warm_up()
    print("ready", flush=True)
    for line in sys.stdin:
        command, *args = line.split()
        if command == "fork":
            pid = os.fork()
            if pid == 0:
                try:
                    save_forever(args[0], args[1])
                finally:
                    os._exit(3)
            print(pid, flush=True)
        elif command == "reap":
            _, status = os.waitpid(int(args[0]), 0)
            print(status, flush=True)


if __name__ == "__main__":
    main()
