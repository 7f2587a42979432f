"""Dashboard refresh over 1,000,000 cached cases, and the process's resident memory.

Fills a cache (made by the real migrations) by streaming server.demo's iter_cases
into it with executemany: the cases and their reply events (the on-time rate reads
them). A cache given with --cache is reused when it already holds cases (opening it
migrates it to the head revision: copy a shared one first). Then it times
compute_dashboard for the last 7 and 30 days, cold and warm.
Target (PERFORMANCE.md): refresh in 1 s.

With --apply-rate N it also prices the triggers that keep the dashboard's rollups
(cache revision 0005): N demo cases go through the sync's first-download apply path
(indexes deferred, pages of 1,000 committed, indexes rebuilt), then their reply
events are inserted, into a fresh cache with the triggers and into one without them.
Target (PERFORMANCE.md): first-sync apply >= 25,000 rows/s.

    .venv/bin/python bench/dashboard.py [--count 1000000] [--cache FILE] [--rounds 5]
        [--apply-rate 50000]
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import statistics
import tempfile
import time
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.models.base import to_utc_text
from app.models.dashboard import Period, PeriodKind, compute_dashboard, local_today
from app.models.dashboard_rollups import defer_rollups, restore_rollups
from app.models.db import open_cache
from app.models.tables import Case
from app.sync.apply import (
    CaseChange,
    apply_case_rows,
    defer_case_indexes,
    restore_case_indexes,
)
from server.demo import iter_cases

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)
BATCH = 5000


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _stored(value: Any) -> Any:
    if isinstance(value, datetime):
        return to_utc_text(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def fill(path: Path, count: int) -> None:
    open_cache(path).close()
    columns = [c.key for c in Case.__table__.columns]
    insert_case = (
        f"INSERT INTO cases ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})"
    )
    insert_event = (
        "INSERT INTO case_events (id, case_id, at, actor, action, from_status, "
        "to_status, reason, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{}')"
    )
    started = time.perf_counter()
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute("PRAGMA synchronous=OFF")
        cases: list[tuple[Any, ...]] = []
        events: list[tuple[Any, ...]] = []
        connection.execute("BEGIN")
        for number, case in enumerate(iter_cases(7, count, now=NOW), start=1):
            cases.append(tuple(_stored(case.get(c)) for c in columns))
            events.extend(
                (
                    e["id"],
                    e["case_id"],
                    to_utc_text(e["at"]),
                    e["actor"],
                    e["action"],
                    e.get("from_status"),
                    e.get("to_status"),
                    e.get("reason"),
                )
                for e in case["events"]
                if e["action"] == "reply"
            )
            if len(cases) >= BATCH:
                connection.executemany(insert_case, cases)
                connection.executemany(insert_event, events)
                cases.clear()
                events.clear()
            if number % 100_000 == 0:
                connection.execute("COMMIT")
                connection.execute("BEGIN")
                print(f"  {number:,} cases ({time.perf_counter() - started:.0f} s)")
        connection.executemany(insert_case, cases)
        connection.executemany(insert_event, events)
        connection.execute("COMMIT")
        connection.execute("ANALYZE")
    print(f"filled {count:,} cases in {time.perf_counter() - started:.0f} s")


def apply_rates(count: int, triggers: str) -> tuple[float, float]:
    """Cases/s through the first-download apply path, reply events/s inserted.

    triggers: "none" (dropped: the rate before revision 0005), "live" (counting
    row by row), "deferred" (defer_rollups first, restore_rollups at the end).
    """
    path = Path(tempfile.mkdtemp()) / "apply.sqlite3"
    cache = open_cache(path)
    if triggers == "none":
        with closing(sqlite3.connect(path)) as connection:
            names = connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND (name LIKE 'trg_cases_%' OR name LIKE 'trg_case_events_%')"
            ).fetchall()
            for (name,) in names:
                connection.execute(f'DROP TRIGGER "{name}"')
    columns = {c.key for c in Case.__table__.columns}
    pages: list[list[CaseChange]] = [[]]
    events: list[tuple[Any, ...]] = []
    # The demo's statuses, satisfactions and deadlines, so the triggers do real work.
    for case in iter_cases(11, count, now=NOW):
        data = {k: _stored(v) for k, v in case.items() if k in columns}
        data["server_version"] = 1
        if len(pages[-1]) == 1000:
            pages.append([])
        pages[-1].append(CaseChange(case["id"], 1, "upsert", data))
        events.extend(
            (e["id"], e["case_id"], to_utc_text(e["at"]), e["actor"], e["action"])
            for e in case["events"]
            if e["action"] == "reply"
        )

    started = time.perf_counter()
    with cache.write() as session:
        deferred = defer_case_indexes(session)
        if triggers == "deferred":
            defer_rollups(session)
    for page in pages:
        with cache.write() as session:
            apply_case_rows(session, page)
    if deferred:
        with cache.write() as session:
            restore_case_indexes(session)
    case_rate = count / (time.perf_counter() - started)

    # The records follow their cases in a first download; the rollups are recounted
    # when it ends.
    started = time.perf_counter()
    with cache.write() as session:
        session.connection().exec_driver_sql(
            "INSERT INTO case_events (id, case_id, at, actor, action, data) "
            "VALUES (?, ?, ?, ?, ?, '{}')",
            events,
        )
        if triggers == "deferred":
            restore_rollups(session)
    event_rate = len(events) / (time.perf_counter() - started)
    cache.close()
    path.unlink()
    return case_rate, event_rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--apply-rate", type=int, default=0, metavar="N")
    args = parser.parse_args()

    if args.apply_rate:
        for triggers in ("none", "live", "deferred") * 2:
            cases, events = apply_rates(args.apply_rate, triggers)
            print(
                f"first-download apply, rollup triggers {triggers}: {cases:,.0f} "
                f"cases/s; reply events inserted {events:,.0f}/s (with the recount "
                "when deferred; target 25,000 rows/s)"
            )

    path = args.cache or Path(tempfile.mkdtemp()) / "dashboard-bench.sqlite3"
    if path.exists():
        with closing(sqlite3.connect(path)) as connection:
            have = connection.execute("SELECT COUNT(*) FROM cases").fetchone()[0]
        print(f"reusing {path} with {have:,} cases")
    else:
        fill(path, args.count)

    db = open_cache(path)
    today = local_today(NOW)
    for kind in (PeriodKind.DAYS_7, PeriodKind.DAYS_30):
        period = Period.of(kind, today)
        times = []
        for _ in range(args.rounds):
            start = time.perf_counter()
            with db.read() as session:
                dashboard = compute_dashboard(session, period, now=NOW)
            times.append(time.perf_counter() - start)
        print(
            f"{kind.value}: {dashboard.overall.total:,} cases in period, "
            f"{len(dashboard.hotspots)} hotspots; refresh first {times[0]:.3f} s, "
            f"median {statistics.median(times):.3f} s, max {max(times):.3f} s "
            "(target 1 s)"
        )
    print(f"resident memory {rss_mb():.0f} MB")
    db.close()


if __name__ == "__main__":
    main()
