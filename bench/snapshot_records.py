"""First download of a supervisor with the cases' records, from a demo-seeded server.

Run: .venv/bin/python bench/snapshot_records.py [--cases 5000]
Prints figures; asserts nothing. Three parts:
- the server's cost per 1,000-case page, in process: reading and shaping the cases
  against reading and shaping their records (server/store/case_records.py);
- a supervisor's whole first sync through a real server on 127.0.0.1 (snapshot of
  cases with records, knowledge, pull), with cases and records per second;
- the records in the supervisor's cache against the server's records of its cases.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from app.domain.vocabulary import Role  # noqa: E402
from app.models.tables import (  # noqa: E402
    CallbackAttempt,
    CaseEvent,
    ChecklistAnswer,
    ContactRecord,
    Note,
)
from app.models.tables import Case as CachedCase  # noqa: E402
from server.settings import Settings  # noqa: E402
from server.store.case_records import records_for_cases  # noqa: E402
from server.store.cases import in_scope, to_wire  # noqa: E402
from server.store.db import make_engine, session_factory, transaction  # noqa: E402
from server.store.demo_seed import seed  # noqa: E402
from server.store.schema import upgrade  # noqa: E402
from server.store.tables import Case, CaseRecord  # noqa: E402
from tests.e2e.harness import ServerProcess, Workstation, add_users  # noqa: E402

PAGE = 1000


def server_side(url: str) -> tuple[int, int]:
    """Per-page time of the cases part and of the records part; in-scope totals."""
    engine = make_engine(url)
    case_time = record_time = 0.0
    cases = records = pages = 0
    with session_factory(engine)() as session:
        after = ""
        while True:
            started = time.perf_counter()
            rows = list(
                session.scalars(
                    select(Case)
                    .where(Case.deleted.is_(False), Case.id > after)
                    .order_by(Case.id)
                    .limit(PAGE)
                )
            )
            visible = [r for r in rows if in_scope(r, Role.SUPERVISOR, "sup", None)]
            items = [to_wire(c, Role.SUPERVISOR) for c in visible]
            middle = time.perf_counter()
            found = records_for_cases(session, [c.id for c in visible])
            ended = time.perf_counter()
            case_time += middle - started
            record_time += ended - middle
            cases += len(items)
            records += len(found)
            pages += 1
            if len(rows) < PAGE:
                break
            after = rows[-1].id
    engine.dispose()
    print(f"server, per {PAGE}-case page ({pages} pages):")
    print(f"  cases   read+shape {1000 * case_time / pages:7.1f} ms")
    print(
        f"  records read+shape {1000 * record_time / pages:7.1f} ms"
        f"  ({records / max(cases, 1):.1f} records per case)"
    )
    return cases, records


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        url = f"sqlite:///{folder / 'server.sqlite3'}"
        upgrade(url)
        engine = make_engine(url)
        started = time.perf_counter()
        with transaction(session_factory(engine)) as session:
            seed(
                session,
                Settings(database_url=url),
                cases=args.cases,
                articles=args.articles,
                seed=7,
            )
            stored = session.scalar(select(func.count()).select_from(CaseRecord))
        engine.dispose()
        print(
            f"seeded {args.cases} cases, {stored} records"
            f" in {time.perf_counter() - started:.1f} s"
        )
        add_users(url, [("bench-sup", "supervisor", None)])
        cases, records = server_side(url)

        # The bench has no operating system credential store: the tests' one.
        import keyring

        from tests.support.keyring_backend import MemoryKeyring

        keyring.set_keyring(MemoryKeyring())
        server = ServerProcess(url, folder / "server.log")
        server.start()
        try:
            station = Workstation(
                folder / "sup", server.url, "bench-sup", role="supervisor"
            )
            station.login()
            started = time.perf_counter()
            report = station.engine.sync_once()
            took = time.perf_counter() - started
            with station.cache.read() as session:
                held = session.scalar(select(func.count()).select_from(CachedCase))
                kept = sum(
                    session.scalar(select(func.count()).select_from(model)) or 0
                    for model in (
                        CaseEvent,
                        Note,
                        ContactRecord,
                        CallbackAttempt,
                        ChecklistAnswer,
                    )
                )
            station.close()
        finally:
            server.stop()
    print(f"supervisor first sync ({report.status}): {took:.2f} s")
    print(
        f"  cases {held} ({held / took:,.0f}/s), records {kept} ({kept / took:,.0f}/s)"
    )
    print(f"  server's in-scope cases {cases}, their records {records}")


if __name__ == "__main__":
    main()
