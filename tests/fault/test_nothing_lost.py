"""Workstations sync through a fault proxy, the server is killed: nothing is lost."""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path

from sqlalchemy import select

from app.models.tables import Case, Outbox
from tests.e2e.harness import ServerProcess, Workstation, add_users
from tests.fault.checker import History, check_nothing_lost
from tests.fault.proxy import FaultPlan, FaultProxy

SCALES = {
    # clients, steps, fault rate, server kills; "ci" makes about 1,000 cases and
    # 250-300 faults in two minutes
    "ci": (4, 330, 0.3, 3),
    "long": (8, 5000, 0.3, 40),
}


def _synced_cases(station: Workstation) -> list[tuple[str, int]]:
    with station.cache.read() as session:
        rows = session.execute(
            select(Case.id, Case.server_version).where(
                Case.server_version.is_not(None), Case.created_by == station.username
            )
        ).all()
    return [(row[0], int(row[1])) for row in rows]


def _pending(station: Workstation) -> int:
    with station.cache.read() as session:
        return len(
            session.scalars(select(Outbox.id).where(Outbox.state == "pending")).all()
        )


def test_nothing_lost_under_faults(
    tmp_path: Path, fault_scale: str, fault_seed: int
) -> None:
    clients, steps, rate, kills = SCALES[fault_scale]
    print(f"fault run: scale={fault_scale} seed={fault_seed}")
    rng = random.Random(fault_seed)
    url = f"sqlite:///{tmp_path / 'server.db'}"
    operators = [f"fop{i}" for i in range(clients)]
    add_users(url, [(name, "operator", None) for name in operators])
    add_users(url, [("fsup", "supervisor", None)])
    server = ServerProcess(url, tmp_path / "server.log")
    server.start()
    proxy = FaultProxy(server.port, fault_seed, FaultPlan(rate=0.0, stall_seconds=1.2))
    proxy.start()
    stations: list[Workstation] = []
    history = History()
    try:
        for name in [*operators, "fsup"]:
            station = Workstation(
                tmp_path / name,
                proxy.url,
                name,
                role="supervisor" if name == "fsup" else "operator",
                settings={"read_timeout": 1.0, "max_attempts": 2, "batch_size": 25},
            )
            station.login()
            stations.append(station)
        ops, sup = stations[:-1], stations[-1]
        # One workstation's clock is hours ahead: ordering must not trust it.
        ops[0].clock_offset_hours = 5

        proxy.plan.rate = rate
        kill_at = set(rng.sample(range(steps), kills))
        for step in range(steps):
            station = rng.choice(ops)
            roll = rng.random()
            synced = _synced_cases(station)
            if roll < 0.7 or not synced:
                for _ in range(rng.randint(1, 8)):
                    station.new_case(f"fault case {step}-{rng.randrange(10**6)}")
            elif roll < 0.85:
                case_id, _ = rng.choice(synced)
                station.edit(case_id, summary=f"edit {step}")
            else:
                case_id, version = rng.choice(synced)
                with sup.cache.read() as session:
                    theirs = session.get(Case, case_id)
                if theirs is not None and theirs.server_version == version:
                    mine, other = f"op says {step}", f"sup says {step}"
                    station.edit(case_id, narrative=mine)
                    sup.edit(case_id, narrative=other)
                    history.collisions[case_id] = {
                        station.username: mine,
                        sup.username: other,
                    }
                    sup.engine.sync_once()
            killer = None
            if step in kill_at:
                # Killed at a random moment, often in the middle of a request.
                killer = threading.Timer(rng.uniform(0.0, 0.2), server.kill)
                killer.start()
            station.engine.sync_once()
            history.saw_cursor(station.username, station.engine.cursor())
            if killer is not None:
                killer.join()
                server.start()
            if step % 10 == 0:
                sup.engine.sync_once()
                history.saw_cursor(sup.username, sup.engine.cursor())

        # Heal: no more faults; everything must drain and agree within 60 s.
        proxy.plan.rate = 0.0
        healed = time.monotonic()
        problems: list[str] = ["not checked"]
        while time.monotonic() - healed < 60:
            for station in stations:
                station.engine.sync_once()
                history.saw_cursor(station.username, station.engine.cursor())
            if any(_pending(s) for s in stations):
                continue
            problems = check_nothing_lost(url, stations, history)
            if not problems:
                break
        caught_up = time.monotonic() - healed
        cases = sum(len(_synced_cases(station)) for station in ops)
        print(
            f"cases {cases}; faults injected {sum(proxy.injected.values())} "
            f"{dict(proxy.injected)}; requests {proxy.requests}; "
            f"server kills {kills}; collisions {len(history.collisions)}; "
            f"caught up in {caught_up:.1f} s"
        )
        assert problems == [], f"seed {fault_seed}: {problems[:10]}"
        assert sum(proxy.injected.values()) > 0
    finally:
        for station in stations:
            station.close()
        proxy.stop()
        server.stop()
