"""Queues over 1,000,000 cached cases: first rows, re-sort, filter, resident memory.

    .venv/bin/python bench/queues.py [--cases 1000000] [--keep PATH]

Builds a cache file with the real migrations, inserts synthetic cases directly with
executemany (statuses skewed as on a real floor: most cases closed), then times the
queue queries the panels run and the Qt model's first page on the database lane.
Targets (PERFORMANCE.md): first rows 300 ms, sort or filter 1 s, RSS under 400 MB.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.models.base import to_utc_text
from app.models.db import open_cache
from app.models.queues import (
    Queue,
    QueueQuery,
    SortKey,
    count_queue,
    fetch_page,
)

NOW = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
STATUSES = [
    ("closed", 0.80),
    ("answered_on_call", 0.06),
    ("accepted", 0.04),
    ("dispatched", 0.02),
    ("reported_done", 0.02),
    ("in_callback", 0.015),
    ("redo", 0.01),
    ("extension_requested", 0.01),
    ("return_requested", 0.005),
    ("registered", 0.01),
]
UNITS = [f"D-{n:03d}" for n in range(60)]
WORDS = ["停水", "噪音", "路灯", "占道", "供暖", "物业", "社保", "公积金", "拖欠工资"]


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def fill(path: Path, count: int) -> None:
    open_cache(path).close()  # the real schema and indexes
    rng = random.Random(12345)
    names = [s for s, _ in STATUSES]
    weights = [w for _, w in STATUSES]
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA synchronous=OFF")
    columns = (
        "id, provisional_no, official_no, status, caller_number, requester_type,"
        " confidential, request_type, narrative, summary, urgency, tags,"
        " cited_article_ids, lead_unit_code, co_unit_codes, due_at,"
        " deadline_confirmed, redo_count, key_issue, created_by, created_at,"
        " updated_at, deleted"
    )
    sql = f"INSERT INTO cases ({columns}) VALUES ({', '.join('?' * 23)})"
    batch = []
    for index in range(count):
        status = rng.choices(names, weights)[0]
        created = NOW - timedelta(minutes=rng.randint(0, 525_600))
        dispatched = status not in ("answered_on_call", "registered")
        due = created + timedelta(days=rng.randint(3, 21)) if dispatched else None
        word = WORDS[index % len(WORDS)]
        batch.append(
            (
                str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                f"B1-{index:07d}",
                f"2026{index:08d}",
                status,
                f"139{rng.randint(0, 99_999_999):08d}",
                "enterprise" if index % 9 == 0 else "person",
                0,
                "complaint",
                word + "问题反映",
                f"{word}问题",
                "normal",
                "[]",
                "[]",
                UNITS[index % len(UNITS)] if dispatched else None,
                "[]",
                to_utc_text(due) if due else None,
                1,
                1 if status == "redo" else 0,
                1 if index % 97 == 0 else 0,
                "op1",
                to_utc_text(created),
                to_utc_text(created + timedelta(hours=rng.randint(0, 200))),
                0,
            )
        )
        if len(batch) == 20_000:
            connection.executemany(sql, batch)
            batch.clear()
    connection.executemany(sql, batch)
    connection.commit()
    connection.execute("ANALYZE")
    connection.close()


def timed(label: str, work, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    print(f"{label:58s} median {median:8.1f} ms  max {max(times):8.1f} ms  ({result})")
    return median


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, default=None)
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="queues-bench-"))
    path = options.keep or folder / "cache.sqlite3"
    if not path.exists():
        start = time.perf_counter()
        fill(path, options.cases)
        print(f"filled {options.cases:,} cases in {time.perf_counter() - start:.1f} s")
    print(
        f"cache file {path.stat().st_size / 1e6:.0f} MB; RSS before {rss_mb():.0f} MB"
    )

    db = open_cache(path)
    queries = {
        "open, by due date": QueueQuery(Queue.OPEN, now=NOW),
        "awaiting callback, oldest first": QueueQuery(
            Queue.AWAITING_CALLBACK, sort=SortKey.UPDATED_AT, now=NOW
        ),
        "one unit's queue": QueueQuery(Queue.UNIT, unit_code="D-007", now=NOW),
        "overdue": QueueQuery(Queue.OVERDUE, now=NOW),
        "all, newest received first": QueueQuery(
            Queue.ALL, sort=SortKey.CREATED_AT, descending=True, now=NOW
        ),
        "re-sort open by received, descending": QueueQuery(
            Queue.OPEN, sort=SortKey.CREATED_AT, descending=True, now=NOW
        ),
        "filter open by status redo": QueueQuery(Queue.OPEN, status="redo", now=NOW),
        "filter all by summary words 拖欠工资": QueueQuery(
            Queue.ALL, search="拖欠工资", now=NOW
        ),
        "filter all by number prefix": QueueQuery(
            Queue.ALL, search="2026000123", now=NOW
        ),
        "key issues": QueueQuery(Queue.KEY_ISSUES, now=NOW),
        "enterprise lane": QueueQuery(Queue.ENTERPRISE, now=NOW),
    }
    with db.read() as session:
        for label, query in queries.items():
            timed(
                f"first 200 rows: {label}",
                lambda q=query: len(fetch_page(session, q).rows),
            )
        page = fetch_page(session, queries["open, by due date"])
        for _ in range(50):
            page = fetch_page(session, queries["open, by due date"], page.after)
        timed(
            "page 52 of open, by due date (keyset)",
            lambda: len(
                fetch_page(session, queries["open, by due date"], page.after).rows
            ),
        )
        timed(
            "count open cases",
            lambda: count_queue(session, queries["open, by due date"]),
            3,
        )
    print(f"RSS after queries {rss_mb():.0f} MB")
    model_first_rows(db)
    print(f"RSS at end {rss_mb():.0f} MB")
    db.close()


def model_first_rows(db) -> None:
    """The Qt model's first page through the task runner, as a panel opens it."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from app.domain.vocabulary import Role
    from app.views.loop_store import LoopStore
    from app.views.queue_model import QueueModel
    from app.views.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    runner = TaskRunner()
    store = LoopStore(lambda: db, username="sup", role=Role.SUPERVISOR, client_id="b")
    model = QueueModel(runner, store)
    times = []
    for query in (
        QueueQuery(Queue.OPEN, now=NOW),
        QueueQuery(Queue.OPEN, sort=SortKey.CREATED_AT, descending=True, now=NOW),
        QueueQuery(Queue.AWAITING_CALLBACK, sort=SortKey.UPDATED_AT, now=NOW),
    ):
        loop = QEventLoop()
        model.loaded.connect(loop.quit)
        QTimer.singleShot(10_000, loop.quit)
        start = time.perf_counter()
        model.set_query(query)
        loop.exec()
        times.append((time.perf_counter() - start) * 1000)
        model.loaded.disconnect(loop.quit)
    print(
        "Qt model, query to first rows on the GUI thread (open / re-sort / callback):"
        f" {' / '.join(f'{t:.1f}' for t in times)} ms; rows held {model.rowCount()}"
    )
    runner.stop()
    del app


if __name__ == "__main__":
    main()
