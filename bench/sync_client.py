"""Sync client figures on loopback: apply rate, knowledge download, save-to-arrival.

Run: .venv/bin/python bench/sync_client.py [--cases 50000] [--articles 100000]
Prints figures; asserts nothing (targets: >= 25,000 cases/s, < 250 MB for 100,000
articles).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.models.db import open_cache  # noqa: E402
from app.sync import wire  # noqa: E402
from app.sync.apply import Applied  # noqa: E402
from app.sync.download import (  # noqa: E402
    defer_for_first_download,
    fetch_pages,
    restore_after_download,
    store_page,
)
from app.sync.state import set_state  # noqa: E402


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
    """A first sync's case pages through the engine's own download path.

    The pages are made before the clock starts (the network's share is measured by
    the knowledge download) and handed out by a fetch function as the transport
    would; timed: indexes and dashboard rollups deferred as the engine defers them,
    every page converted and written with its resume point (download.py), indexes
    rebuilt and rollups recounted in the last page's transaction.
    """
    cache = open_cache(folder / "apply.sqlite3")
    now = datetime.now(UTC).isoformat()
    starts = list(range(0, count, page))
    pages: dict[str | None, wire.SnapshotPage] = {}
    for number, start in enumerate(starts):
        more = number < len(starts) - 1
        pages[None if number == 0 else str(start)] = wire.SnapshotPage(
            dataset="cases",
            items=[_case_item(start + i, now) for i in range(page)],
            next_after=str(start + page) if more else None,
            has_more=more,
            cursor="bench",
            total=count,
        )

    def fetch(after: str | None, _cursor: str | None) -> wire.SnapshotPage:
        return pages[after]

    started = time.perf_counter()
    with cache.write() as session:
        defer_for_first_download(session)
    for fetched in fetch_pages(fetch, None, None):
        with cache.write() as session:
            store_page(session, "cases", fetched, Applied())
            set_state(session, "bench:after", fetched.page.next_after)
            if fetched.last:
                restore_after_download(session)
    elapsed = time.perf_counter() - started
    cache.close()
    return len(starts) * page / elapsed


def seed_articles(database_url: str, count: int) -> float:
    """100,000 demo articles (server.demo.iter_articles) into the server's store.

    In bulk with Core, as a centre's import would load them; seconds taken. The
    per-article save_article path (validation, a feed row each) takes minutes for
    this many, and the snapshot reads the table, not the feed.
    """
    from sqlalchemy import insert

    from server.demo import iter_articles
    from server.store.db import make_engine
    from server.store.schema import upgrade
    from server.store.tables import KnowledgeArticle

    upgrade(database_url)
    engine = make_engine(database_url)
    started = time.perf_counter()
    batch: list[dict[str, object]] = []
    try:
        for row in iter_articles(2026, count):
            for name in ("valid_from", "valid_to", "updated_at"):
                value = row.get(name)
                if isinstance(value, str):
                    row[name] = datetime.fromisoformat(value)
            row.setdefault("updated_at", datetime.now(UTC))
            batch.append(row)
            if len(batch) == 5000:
                with engine.begin() as connection:
                    connection.execute(insert(KnowledgeArticle), batch)
                batch = []
        if batch:
            with engine.begin() as connection:
                connection.execute(insert(KnowledgeArticle), batch)
    finally:
        engine.dispose()
    return time.perf_counter() - started


def _vm_rss_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def knowledge_child(server_url: str, folder: Path) -> None:
    """In its own process: log in, download the knowledge snapshot, print figures.

    The peak is sampled from /proc/self/status every 20 ms on a thread, from a
    baseline taken after every import and the login, so it is the download's own.
    """
    import json
    import threading

    import keyring

    from app.models.search import KnowledgeIndex
    from tests.e2e.harness import Workstation
    from tests.support.keyring_backend import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    station = Workstation(folder / "kbws", server_url, "bkb")
    station.login()
    with station.cache.read() as session:
        index = KnowledgeIndex.open(folder / "kbindex", session)
    station.engine.knowledge_index = index
    station.engine.register()
    baseline = _vm_rss_kb()
    peak = baseline
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.02):
            peak = max(peak, _vm_rss_kb())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    downloaded = station.engine.download_snapshots()
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    peak = max(peak, _vm_rss_kb())
    hits = len(index.search("社保"))
    station.close()
    print(
        json.dumps(
            {
                "downloaded": downloaded,
                "seconds": elapsed,
                "peak_increase_mb": (peak - baseline) / 1024,
                "search_hits": hits,
            }
        )
    )


def knowledge_download(folder: Path, count: int) -> dict[str, float]:
    """A real server process serves `count` articles; a child process downloads."""
    import json

    from tests.e2e.harness import ServerProcess, add_users, python_env

    url = f"sqlite:///{folder / 'kb-server.db'}"
    seeded = seed_articles(url, count)
    add_users(url, [("bkb", "operator", None)])
    server = ServerProcess(url, folder / "kb-server.log")
    server.start()
    try:
        child = subprocess.run(
            [sys.executable, __file__, "--kb-child", server.url, str(folder)],
            env=python_env(),
            capture_output=True,
            text=True,
            check=True,
            timeout=1800,
        )
    finally:
        server.stop()
    figures: dict[str, float] = json.loads(child.stdout.strip().splitlines()[-1])
    figures["seed_seconds"] = seeded
    return figures


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
    parser.add_argument("--kb-child", nargs=2, metavar=("URL", "FOLDER"))
    parser.add_argument(
        "--skip", nargs="*", default=[], choices=("cases", "kb", "arrival")
    )
    args = parser.parse_args()
    if args.kb_child:
        knowledge_child(args.kb_child[0], Path(args.kb_child[1]))
        return
    with tempfile.TemporaryDirectory() as raw:
        folder = Path(raw)
        if "cases" not in args.skip:
            rate = case_apply_rate(folder, args.cases)
            print(f"first-sync case apply: {rate:,.0f} rows/s ({args.cases} cases)")
        if "kb" not in args.skip:
            kb = knowledge_download(folder, args.articles)
            print(
                f"knowledge download of {kb['downloaded']:.0f} articles from a "
                f"server process into the cache and the search index: "
                f"{kb['seconds']:.1f} s, peak memory increase "
                f"{kb['peak_increase_mb']:.0f} MB; searching 社保 finds "
                f"{kb['search_hits']:.0f} "
                f"(server seeded in {kb['seed_seconds']:.1f} s)"
            )
        if "arrival" not in args.skip:
            p50, p95 = save_to_arrival(folder, args.rounds)
            print(f"save-to-arrival: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")


if __name__ == "__main__":
    main()
