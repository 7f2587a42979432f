"""Sync client figures on loopback: apply rate, knowledge download, save-to-arrival.

Run: .venv/bin/python bench/sync_client.py [--cases 50000] [--articles 100000]
Prints figures; asserts nothing (targets: >= 25,000 cases/s, < 250 MB for 100,000
articles).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.models.db import open_cache  # noqa: E402
from app.sync.apply import (  # noqa: E402
    Applied,
    CaseChange,
    apply_article,
    apply_case_rows,
    defer_case_indexes,
    prefetch_articles,
    restore_case_indexes,
)
from app.sync.engine import INDEXES_DEFERRED, get_state, set_state  # noqa: E402


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _case_item(n: int, now: str) -> dict[str, object]:
    """A case as the server's snapshot sends it (server/store/cases.to_wire)."""
    return {
        "id": str(uuid.uuid4()),
        "official_no": f"GY20260101{n:06d}",
        "provisional_no": f"T1-{n:06d}",
        "status": "dispatched",
        "created_by": "op1",
        "holder": "op1",
        "lead_unit_code": "510800-RSJ",
        "co_unit_codes": ["510800-YBJ"],
        "confidential": False,
        "request_type": "complaint",
        "requester_type": "person",
        "urgency": "normal",
        "narrative": f"第 {n} 号工单：路灯不亮，已三天",
        "summary": "路灯不亮",
        "caller_number": "13800138000",
        "caller_name": "张三",
        "address": "利州区东坝街道 12 号",
        "category_code": "CS-LD",
        "area_code": "510802",
        "tags": ["路灯"],
        "cited_article_ids": [],
        "accept_due_at": now,
        "due_at": now,
        "deadline_confirmed": True,
        "created_at": now,
        "updated_at": now,
        "server_version": 3,
        "deleted": False,
    }


def case_apply_rate(folder: Path, count: int, page: int = 1000) -> float:
    """A first sync's case pages through the engine's own apply path.

    The pages are made before the clock starts (the network's share is measured by
    the knowledge download); timed: indexes deferred, every page applied and
    committed with its resume point, indexes rebuilt.
    """
    cache = open_cache(folder / "apply.sqlite3")
    now = datetime.now(UTC).isoformat()
    pages = [
        [
            CaseChange(str(item["id"]), 3, "upsert", item)
            for item in (_case_item(start + i, now) for i in range(page))
        ]
        for start in range(0, count, page)
    ]
    started = time.perf_counter()
    with cache.write() as session:
        set_state(
            session, INDEXES_DEFERRED, "1" if defer_case_indexes(session) else None
        )
    for number, rows in enumerate(pages):
        with cache.write() as session:
            apply_case_rows(session, rows)
            set_state(session, "bench:after", str(number))
            if number == len(pages) - 1 and get_state(session, INDEXES_DEFERRED):
                restore_case_indexes(session)
                set_state(session, INDEXES_DEFERRED, None)
    elapsed = time.perf_counter() - started
    cache.close()
    return len(pages) * page / elapsed


def knowledge_download(
    folder: Path, count: int, page: int = 1000
) -> tuple[float, float]:
    cache = open_cache(folder / "kb.sqlite3")
    before = _rss_mb()
    started = time.perf_counter()
    for start in range(0, count, page):
        applied = Applied()
        with cache.write() as session, session.no_autoflush:
            ids = [f"kb-{i:07d}" for i in range(start, min(count, start + page))]
            prefetch_articles(session, ids)
            for i in range(start, min(count, start + page)):
                apply_article(
                    session,
                    {
                        "id": f"kb-{i:07d}",
                        "title": f"社保卡补办流程 {i}",
                        "body": "携带身份证到社保经办窗口办理。" * 20,
                        "keywords": ["社保", "补办"],
                        "synonyms": [],
                        "updated_at": datetime.now(UTC).isoformat(),
                    },
                    1,
                    "upsert",
                    applied,
                )
    elapsed = time.perf_counter() - started
    cache.close()
    return elapsed, _rss_mb() - before


def save_to_arrival(folder: Path, rounds: int) -> tuple[float, float]:
    import keyring

    from tests.e2e.harness import ServerProcess, Workstation, add_users
    from tests.support.keyring_backend import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    url = f"sqlite:///{folder / 'server.db'}"
    add_users(url, [("bop", "operator", None), ("bsup", "supervisor", None)])
    server = ServerProcess(url, folder / "server.log")
    server.start()
    delays: list[float] = []
    try:
        op = Workstation(folder / "op", server.url, "bop")
        sup = Workstation(folder / "sup", server.url, "bsup", role="supervisor")
        op.login()
        sup.login()
        op.engine.sync_once()
        sup.engine.sync_once()
        from app.models.tables import Case

        for n in range(rounds):
            started = time.perf_counter()
            case_id = op.new_case(f"延迟测试 {n}")
            op.engine.sync_once()
            while True:
                sup.engine.pull()
                with sup.cache.read() as session:
                    if session.get(Case, case_id) is not None:
                        break
            delays.append(time.perf_counter() - started)
        op.close()
        sup.close()
    finally:
        server.stop()
    delays.sort()
    return statistics.median(delays), delays[int(len(delays) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as raw:
        folder = Path(raw)
        rate = case_apply_rate(folder, args.cases)
        print(f"first-sync case apply: {rate:,.0f} rows/s ({args.cases} cases)")
        seconds, grown = knowledge_download(folder, args.articles)
        print(
            f"knowledge download of {args.articles} articles: {seconds:.1f} s, "
            f"peak memory increase {grown:.0f} MB"
        )
        p50, p95 = save_to_arrival(folder, args.rounds)
        print(f"save-to-arrival: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")


if __name__ == "__main__":
    main()
