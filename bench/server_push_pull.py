"""Push throughput and pull latency of hotline-server on PostgreSQL over loopback.

Push: OPERATORS threads each send batches of 100 `case.create` mutations; the figure
is mutations applied per second of wall time (target at least 2,000).
Pull: 500 simulated workstations each pull every 15 s (their starts spread over the
first 15 s), while operators keep creating a case per workstation every 3 minutes;
the figures are p50 / p99 of the pull answers (target p99 under 250 ms).

Without --database-url a throwaway PostgreSQL cluster is started (needs the
PostgreSQL binaries, like the tests) and removed afterwards.

    .venv/bin/python bench/server_push_pull.py [--database-url URL] [--workers 2]
        [--push-batches 40] [--stations 500] [--duration 30] [--runs 3]

The bench's client (threads sending pushes and pulls) shares the machine's cores with
the server and PostgreSQL, so on a 2-core machine its figures are pessimistic; the
load average is printed before each run and at the end.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from server.store.accounts import add_user  # noqa: E402
from server.store.db import make_engine, session_factory, transaction  # noqa: E402
from server.store.schema import upgrade  # noqa: E402
from server.store.tables import User  # noqa: E402

PASSWORD = "bench-password-1"
HEADERS = {"X-Hotline-Protocol": "1"}
OPERATORS = 20
HANDLER_UNITS = 10
PULL_PERIOD = 15.0
CASE_PERIOD = 180.0
CREATE = {
    "status": "registered",
    "caller_number": "13800138000",
    "caller_name": "测试",
    "request_type": "complaint",
    "narrative": "小区夜间施工噪音扰民，已持续一周。",
    "summary": "施工噪音",
    "address": "利州区东坝街道1号",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare(url: str) -> list[tuple[str, str]]:
    """Schema and users (one Argon2 hash shared: hashing is slow by design)."""
    upgrade(url)
    users = [(f"op{i}", "operator", None) for i in range(OPERATORS)]
    users += [(f"h{i}", "handler", f"U{i}") for i in range(HANDLER_UNITS)]
    users += [("sup", "supervisor", None)]
    engine = make_engine(url)
    with transaction(session_factory(engine)) as session:
        first = add_user(session, "bench-admin", PASSWORD, "admin")
        for name, role, unit in users:
            session.add(
                User(
                    username=name,
                    password_hash=first.password_hash,
                    role=role,
                    unit_code=unit,
                )
            )
    engine.dispose()
    return [(name, role) for name, role, _unit in users]


def start_server(url: str, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {
        **os.environ,
        "HOTLINE_DATABASE_URL": url,
        "HOTLINE_LOGIN_RATE_LIMIT": "100000",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "server.app:app_from_env",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/v1/sync/status", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("server did not start")


def login(base: str, username: str) -> str:
    answer = httpx.post(
        base + "/api/v1/auth/login",
        headers=HEADERS,
        json={"username": username, "password": PASSWORD, "device_id": "bench"},
        timeout=60,
    )
    answer.raise_for_status()
    token: str = answer.json()["access_token"]
    return token


def client(base: str, token: str) -> httpx.Client:
    return httpx.Client(
        base_url=base,
        headers={**HEADERS, "Authorization": f"Bearer {token}"},
        timeout=60,
    )


def create(client_id: str, seq: int, author: str) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "client_id": client_id,
        "seq": seq,
        "kind": "case.create",
        "entity_id": str(uuid.uuid4()),
        "base_version": None,
        "payload": CREATE,
        "created_at": "2026-03-02T08:00:00+00:00",
        "author": author,
    }


class Pusher:
    """One operator's registered client, sending batches in sequence order."""

    def __init__(self, base: str, username: str, token: str) -> None:
        self.username = username
        self.http = client(base, token)
        self.client_id = str(uuid.uuid4())
        self.http.post(
            "/api/v1/sync/register",
            json={"client_id": self.client_id, "device_id": "bench"},
        ).raise_for_status()
        self.seq = 0
        self.lock = threading.Lock()

    def push(self, count: int) -> int:
        with self.lock:
            batch = []
            for _ in range(count):
                self.seq += 1
                batch.append(create(self.client_id, self.seq, self.username))
            answer = self.http.post(
                "/api/v1/sync/push",
                json={"client_id": self.client_id, "mutations": batch},
            )
        answer.raise_for_status()
        results = answer.json()["results"]
        return sum(1 for r in results if r["status"] == "applied")


def cpu_seconds(root: int) -> float:
    """CPU time (user + system) of a process tree: the process, its children that
    have ended (as the kernel adds them to their parent), and those still running.
    Linux only; 0 elsewhere."""
    tick = os.sysconf("SC_CLK_TCK")

    def own(pid: int, with_ended: bool) -> float:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        used = int(fields[11]) + int(fields[12])
        if with_ended:
            used += int(fields[13]) + int(fields[14])
        return used / tick

    total = own(root, True)
    try:
        children = Path(f"/proc/{root}/task/{root}/children").read_text().split()
    except OSError:
        return total
    return total + sum(cpu_seconds(int(child)) for child in children)


def bench_push(pushers: list[Pusher], batches: int) -> tuple[int, float]:
    start = time.perf_counter()
    with ThreadPoolExecutor(len(pushers)) as pool:
        done = pool.map(lambda i: pushers[i % len(pushers)].push(100), range(batches))
        applied = sum(done)
    return applied, time.perf_counter() - start


@dataclass
class PullFigures:
    latencies: list[float] = field(default_factory=list)
    lags: list[float] = field(default_factory=list)
    errors: int = 0
    created: int = 0
    changes: int = 0


def bench_pull(
    base: str,
    tokens: dict[str, str],
    pushers: list[Pusher],
    stations: int,
    duration: float,
) -> PullFigures:
    """Every pull of every workstation at its scheduled time, and cases created.

    A dispatcher hands each pull to a pool of threads at its time (station i at
    i * 15 s / stations, then every 15 s), so pulls arrive spread as workstations
    would send them. Latency is from sending to the answer; how late the bench
    itself sent each pull behind schedule is reported apart, since this client
    shares the machine's cores with the server and the database.
    """
    names = sorted(tokens)
    clients = {name: client(base, tokens[name]) for name in names}
    # Every workstation starts from the feed head, as after its first download.
    head = {
        name: clients[name]
        .get("/api/v1/sync/snapshot/knowledge", params={"limit": 1})
        .json()["cursor"]
        for name in names
    }
    cursors = [head[names[i % len(names)]] for i in range(stations)]
    figures = PullFigures()
    lock = threading.Lock()
    begin = time.monotonic() + 0.5
    stop = begin + duration
    schedule = sorted(
        (begin + PULL_PERIOD * index / stations + PULL_PERIOD * turn, index)
        for index in range(stations)
        for turn in range(int(duration // PULL_PERIOD) + 1)
    )
    schedule = [(when, index) for when, index in schedule if when < stop]

    def one_pull(when: float, index: int) -> None:
        http = clients[names[index % len(names)]]
        lag = time.monotonic() - when
        started = time.perf_counter()
        try:
            answer = http.get("/api/v1/sync/pull", params={"cursor": cursors[index]})
            elapsed = time.perf_counter() - started
            ok = answer.status_code == 200
            if ok:
                body = answer.json()
                cursors[index] = body["cursor"]
        except httpx.HTTPError:
            ok, body = False, {}
            elapsed = time.perf_counter() - started
        with lock:
            figures.lags.append(lag)
            if ok:
                figures.latencies.append(elapsed)
                figures.changes += len(body["changes"])
            else:
                figures.errors += 1

    def intake() -> None:
        # A case per workstation every 3 minutes, spread evenly.
        interval = CASE_PERIOD / stations
        when = begin
        index = 0
        while when < stop:
            time.sleep(max(0.0, when - time.monotonic()))
            try:
                applied = pushers[index % len(pushers)].push(1)
            except httpx.HTTPError:
                applied = 0
                with lock:
                    figures.errors += 1
            with lock:
                figures.created += applied
            index += 1
            when += interval

    with ThreadPoolExecutor(64) as pool:
        feeder = threading.Thread(target=intake)
        feeder.start()
        futures = []
        for when, index in schedule:
            time.sleep(max(0.0, when - time.monotonic()))
            futures.append(pool.submit(one_pull, when, index))
        for future in futures:
            future.result()
        feeder.join()
    for http in clients.values():
        http.close()
    return figures


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def one_run(args: argparse.Namespace) -> dict[str, float]:
    """Push, then pull under intake, against a fresh database and server."""
    cluster = None
    url = args.database_url
    if url is None:
        from tests.support.postgres import PostgresCluster

        cluster = PostgresCluster()
        cluster.start()
        url = cluster.create_database("bench")
    process = None
    try:
        users = prepare(url)
        process, base = start_server(url, args.workers)
        tokens = {name: login(base, name) for name, _role in users}
        operators = [name for name, role in users if role == "operator"]
        pushers = [Pusher(base, name, tokens[name]) for name in operators[:8]]

        postmaster = _postmaster(cluster)
        used = cpu_seconds(process.pid), cpu_seconds(postmaster) if postmaster else 0
        applied, seconds = bench_push(pushers, args.push_batches)
        server_cpu = (cpu_seconds(process.pid) - used[0]) / applied * 100_000
        database_cpu = (
            (cpu_seconds(postmaster) - used[1]) / applied * 100_000 if postmaster else 0
        )
        rate = applied / seconds
        print(
            f"  push: {applied} mutations in {seconds:.2f} s in batches of 100 = "
            f"{rate:,.0f} mutations/s (target >= 2,000); CPU per batch of 100: "
            f"server {server_cpu:.0f} ms, PostgreSQL {database_cpu:.0f} ms, so "
            f"{2 * 100_000 / (server_cpu + database_cpu):,.0f} mutations/s would fill "
            "both cores with nothing else running",
            flush=True,
        )
        figures = bench_pull(base, tokens, pushers, args.stations, args.duration)
    finally:
        if process is not None:
            process.terminate()
            process.wait(20)
        if cluster is not None:
            cluster.stop()

    result = {
        "push": rate,
        "server_cpu": server_cpu,
        "database_cpu": database_cpu,
        "errors": float(figures.errors),
    }
    if figures.latencies:
        result |= {
            "p50": percentile(figures.latencies, 0.5) * 1000,
            "p99": percentile(figures.latencies, 0.99) * 1000,
            "lag_p99": percentile(figures.lags, 0.99) * 1000,
        }
        print(
            f"  pull: {len(figures.latencies)} pulls by {args.stations} workstations "
            f"every {PULL_PERIOD:.0f} s over {args.duration:.0f} s "
            f"({figures.changes} changes served), {figures.created} cases created "
            f"meanwhile, {figures.errors} errors; p50 {result['p50']:.1f} ms, "
            f"p99 {result['p99']:.1f} ms, mean "
            f"{statistics.fmean(figures.latencies) * 1000:.1f} ms "
            f"(target p99 < 250 ms); sent behind schedule p99 "
            f"{result['lag_p99']:.1f} ms",
            flush=True,
        )
    return result


def _postmaster(cluster: Any) -> int | None:
    """The pid of the throwaway cluster's server (None for --database-url)."""
    if cluster is None:
        return None
    pid_file = Path(cluster.data) / "postmaster.pid"
    try:
        return int(pid_file.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--push-batches", type=int, default=40)
    parser.add_argument("--stations", type=int, default=500)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--runs", type=int, default=1, help="report medians of N")
    args = parser.parse_args()

    command = (
        ".venv/bin/python bench/server_push_pull.py "
        f"--workers {args.workers} --push-batches {args.push_batches} "
        f"--stations {args.stations} --duration {args.duration:g} --runs {args.runs}"
    )
    print(f"command: {command}")
    print(
        f"database: PostgreSQL on loopback, {args.workers} server worker(s); the "
        "bench's own client threads run on the same cores as the server and the "
        "database, so every figure is pessimistic"
    )
    runs = []
    for number in range(1, args.runs + 1):
        print(f"run {number}/{args.runs}, load average before: {_load()}", flush=True)
        runs.append(one_run(args))
    print(f"load average after: {_load()}")

    def median(name: str) -> str:
        values = [run[name] for run in runs if name in run]
        return f"{statistics.median(values):,.0f}" if values else "-"

    print(
        f"median of {len(runs)} run(s): push {median('push')} mutations/s "
        f"(target >= 2,000; CPU per batch of 100: server {median('server_cpu')} ms, "
        f"PostgreSQL {median('database_cpu')} ms); pull p50 {median('p50')} ms, "
        f"p99 {median('p99')} ms "
        f"(target < 250 ms), errors {median('errors')} (target 0)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
