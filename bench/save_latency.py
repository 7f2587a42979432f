"""Save latency of a case next to a bare SQLite commit on the same disk, same run.

Both use WAL and synchronous=FULL, so both wait for the disk; the ratio shows what the
cache adds (ORM, validation, outbox, audit, history) on top of the physical limit.
Target (PERFORMANCE.md): p95 of a case save at most 10 times the bare commit's p95.

    .venv/bin/python bench/save_latency.py [--rounds 300] [--dir FOLDER]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from contextlib import closing
from pathlib import Path

from app.domain.vocabulary import Role
from app.models.cases import save_new_case
from app.models.db import CacheDatabase, open_cache
from app.models.results import Actor

ACTOR = Actor("bench", Role.OPERATOR)
CLIENT_ID = "7d1f2a9e-0000-4000-8000-00000000b3c4"
FIELDS = {
    "request_type": "complaint",
    "narrative": "小区夜间施工噪音扰民，已持续一周，多次向物业反映无果。" * 4,
    "caller_number": "13800138000",
    "caller_name": "李明",
    "address": "利州区东坝街道滨河路88号",
    "category_code": "0301",
    "area_code": "510802",
    "tags": ["噪音"],
}


def time_case_save(db: CacheDatabase) -> float:
    start = time.perf_counter()
    with db.write() as session:
        save_new_case(
            session, FIELDS, actor=ACTOR, station_prefix="BENCH", client_id=CLIENT_ID
        )
    return time.perf_counter() - start


def time_bare_commit(connection: sqlite3.Connection, number: int) -> float:
    start = time.perf_counter()
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("INSERT INTO t (n, body) VALUES (?, ?)", (number, "x" * 200))
    connection.execute("COMMIT")
    return time.perf_counter() - start


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--dir", type=Path, default=None)
    options = parser.parse_args()
    folder = Path(options.dir or tempfile.mkdtemp(prefix="save-bench-"))

    db = open_cache(folder / "cache.db")
    bare = sqlite3.connect(folder / "bare.db", isolation_level=None)
    with closing(bare):
        bare.execute("PRAGMA journal_mode=WAL")
        bare.execute("PRAGMA synchronous=FULL")
        bare.execute("CREATE TABLE IF NOT EXISTS t (n INTEGER, body TEXT)")
        for number in range(20):  # warm both up: first commits create the WAL
            time_case_save(db)
            time_bare_commit(bare, number)

        # Interleaved, so a noisy neighbour hurts both series alike.
        cases, commits = [], []
        for number in range(options.rounds):
            cases.append(time_case_save(db))
            commits.append(time_bare_commit(bare, number))
    db.close()

    print(f"folder: {folder}  rounds: {options.rounds}")
    print(f"{'':22}{'p50 ms':>10}{'p95 ms':>10}")
    for name, values in (("bare sqlite3 commit", commits), ("save_new_case", cases)):
        p50, p95 = statistics.median(values), percentile(values, 0.95)
        print(f"{name:22}{p50 * 1000:10.2f}{p95 * 1000:10.2f}")
    ratio50 = statistics.median(cases) / statistics.median(commits)
    ratio95 = percentile(cases, 0.95) / percentile(commits, 0.95)
    verdict = "within" if ratio95 <= 10 else "OVER"
    print(f"ratio p50 {ratio50:.1f}x, p95 {ratio95:.1f}x ({verdict} the 10x target)")


if __name__ == "__main__":
    main()
