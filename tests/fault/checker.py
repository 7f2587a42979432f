"""The six "nothing lost" properties of SYNC.md, checked against the real databases."""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import create_engine, select, text

from app.models.tables import Case, Conflict, Outbox
from tests.e2e.harness import Workstation


@dataclass
class History:
    """What the run did, recorded as it went."""

    # (client username, cursor) in the order observed.
    cursors: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    # case id -> {username: value} for deliberate same-field collisions.
    collisions: dict[str, dict[str, str]] = field(default_factory=dict)

    def saw_cursor(self, username: str, cursor: str | None) -> None:
        if cursor:
            txid, seq = cursor.split("-")
            self.cursors.setdefault(username, []).append((int(txid), int(seq)))


def check_nothing_lost(
    database_url: str, stations: list[Workstation], history: History
) -> list[str]:
    """Return every violation found (empty: all six properties hold)."""
    problems: list[str] = []
    engine = create_engine(database_url)
    try:
        with engine.connect() as db:
            ledger = Counter(
                (row[0], row[1])
                for row in db.execute(
                    text("SELECT client_id, mutation_id FROM mutation_ledger")
                )
            )
            server_cases = {
                row[0]: (int(row[1]), row[2])
                for row in db.execute(
                    text("SELECT id, version, created_by FROM cases WHERE NOT deleted")
                )
            }
            server_conflicts = [
                (row[0], row[1], row[2])
                for row in db.execute(
                    text("SELECT case_id, author, client_value FROM conflicts")
                )
            ]
    finally:
        engine.dispose()

    sent: set[tuple[str, str]] = set()
    creates = 0
    for station in stations:
        with station.cache.read() as session:
            rows = session.scalars(select(Outbox)).all()
            for row in rows:
                key = (row.client_id, row.id)
                sent.add(key)
                # 1. exactly one ledger row per committed outbox mutation.
                if ledger.get(key, 0) != 1 and row.state != "parked":
                    problems.append(f"mutation {row.id} has {ledger.get(key, 0)} rows")
                # 5. every outbox drained.
                if row.state == "pending":
                    problems.append(f"mutation {row.id} still pending")
                if row.kind == "case.create" and row.state != "rejected":
                    creates += 1
    # 2. nothing applied twice: one ledger row per id, one server case per create.
    extra = [key for key, count in ledger.items() if count > 1 or key not in sent]
    if extra:
        problems.append(f"{len(extra)} ledger rows with no single outbox mutation")
    if len(server_cases) != creates:
        problems.append(f"{len(server_cases)} server cases for {creates} creates")

    # 3. no silent overwrite: the losing side of every collision is a conflict.
    for case_id in history.collisions:
        recorded = {(a, v) for c, a, v in server_conflicts if c == case_id}
        if not recorded:
            problems.append(f"collision on {case_id} left no conflict record")

    # 4. every in-scope server change reached each client; versions agree.
    for station in stations:
        with station.cache.read() as session:
            local = {
                row.id: row.server_version for row in session.scalars(select(Case))
            }
            local_conflicts = {c.case_id for c in session.scalars(select(Conflict))}
        for case_id, (version, created_by) in server_cases.items():
            in_scope = station.role == "supervisor" or created_by == station.username
            if in_scope and local.get(case_id) != version:
                problems.append(
                    f"{station.username} has {case_id} at {local.get(case_id)}, "
                    f"server at {version}"
                )
        for case_id, values in history.collisions.items():
            if station.username in values and case_id not in local_conflicts:
                problems.append(f"{station.username} does not see conflict {case_id}")

    # 6. cursors never go backwards.
    for username, seen in history.cursors.items():
        if any(b < a for a, b in itertools.pairwise(seen)):
            problems.append(f"cursor of {username} went backwards")
    return problems
