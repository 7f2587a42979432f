"""Launch to a usable intake form, next to a bare PySide6 window, in the same run.

    .venv/bin/python bench/startup.py [runs]

Each launch is a fresh process. The workstation is started with a temporary cache,
--user (no login dialog, the password from HOTLINE_DESK_PASSWORD going through the
real login) and --exit-when-ready: it prints one marker once the main window with
the intake form is shown (the figure compared with the bare window) and another once
the login behind it was accepted, then quits. A real server
process on loopback takes the first, online login (which leaves the offline verifier
in the cache); the timed launches log in offline after the server is stopped, and a
few more online with it running. The credential store is the tests' in-memory
keyring backend. The bare line is a QLabel window that prints a marker once shown.
Target: median at most twice the bare window.

The machine is shared, so wall time swings with its load; each launch also reports
the CPU seconds the process had used when it printed its marker (all threads; the
workstation's from its HOTLINE_DESK_STARTUP_TRACE timeline), which the load moves
much less, and the ratio of those medians is printed too.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARKER = "hotline-desk: intake ready"
LOGGED_IN = "hotline-desk: logged in"
BARE = (
    "import sys\n"
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QLabel\n"
    "app = QApplication(sys.argv)\n"
    "label = QLabel('12345')\n"
    "label.show()\n"
    "import time\n"
    "def ready():\n"
    "    print(f'bare ready cpu {time.process_time() * 1000:.0f} ms', flush=True)\n"
    "    app.quit()\n"
    "QTimer.singleShot(0, ready)\n"
    "app.exec()\n"
)


# "cpu 512 ms" in the bare window's marker and in the workstation's trace line.
CPU_AT_BARE = re.compile(r"bare ready cpu (\d+) ms")
CPU_AT_READY = re.compile(r"cpu +(\d+) ms  ready$", re.MULTILINE)
CPU: list[float] = []  # set by _times: CPU seconds at the first marker, per launch


def _time(command: list[str], marker: str, env: dict[str, str]) -> float:
    return _times(command, [marker], env)[0]


def _times(command: list[str], markers: list[str], env: dict[str, str]) -> list[float]:
    """Seconds from launch to each marker line, in the order they must come.

    The CPU used by the first marker goes to CPU[-1] when the process reports it.
    """
    start = time.perf_counter()
    found: list[float] = []
    cpu: float | None = None
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            env=env,
            cwd=ROOT,
        )
        assert process.stdout is not None
        for line in process.stdout:
            if markers[len(found)] in line:
                found.append(time.perf_counter() - start)
                bare = CPU_AT_BARE.search(line)
                if bare and cpu is None:
                    cpu = int(bare.group(1)) / 1000
                if len(found) == len(markers):
                    break
        else:
            process.wait(timeout=30)
            errors.seek(0)
            raise RuntimeError(
                f"markers missing from {command}: {markers[len(found) :]}\n"
                f"exit status {process.returncode}, its standard error ends:\n"
                + errors.read()[-3000:]
            )
        process.wait(timeout=30)
        errors.seek(0)
        traced = CPU_AT_READY.search(errors.read())
    if traced and cpu is None:
        cpu = int(traced.group(1)) / 1000
    CPU.append(cpu if cpu is not None else float("nan"))
    return found


def _median_line(label: str, times: list[float]) -> str:
    return (
        f"{label}: median {statistics.median(times) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms"
    )


def main(runs: int = 7) -> None:
    sys.path.insert(0, str(ROOT))
    from tests.e2e.harness import PASSWORD, ServerProcess, add_users

    env = dict(
        os.environ,
        QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        HOTLINE_DESK_PASSWORD=PASSWORD,
        PYTHON_KEYRING_BACKEND="tests.support.keyring_backend.MemoryKeyring",
        PYTHONPATH=str(ROOT),
        HOTLINE_DESK_STARTUP_TRACE="1",
    )
    # An installed copy runs from compiled bytecode: let the first run write it, to a
    # folder of its own rather than the source tree.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        database = f"sqlite:///{Path(tmp) / 'server.db'}"
        add_users(database, [("bench", "operator", None)])
        server = ServerProcess(database, Path(tmp) / "server.log")
        server.start()
        env["HOTLINE_DESK_SERVER_URL"] = server.url
        env["HOTLINE_DESK_CONFIG_DIR"] = str(Path(tmp) / "config")
        env["HOTLINE_DESK_DATA_DIR"] = str(Path(tmp) / "data")
        cache = Path(tmp) / "cache.sqlite3"
        desk = [
            sys.executable,
            "-m",
            "app.views",
            "--cache",
            str(cache),
            "--user",
            "bench",
            "--exit-when-ready",
            "--call",
            "13800138000",
        ]
        bare = [sys.executable, "-c", BARE]
        try:
            # The first run creates and migrates the cache and logs in online.
            _time(desk, MARKER, env)
            online = [
                _times(desk, [MARKER, LOGGED_IN], env) for _ in range(max(runs // 2, 1))
            ]
        finally:
            server.stop()
        online_times = [t[0] for t in online]
        online_login = [t[1] for t in online]
        desk_times, login_times, bare_times = [], [], []
        desk_cpu, bare_cpu = [], []
        for _ in range(runs):  # interleaved, so machine noise hits both alike
            bare_times.append(_time(bare, "bare ready", env))
            bare_cpu.append(CPU[-1])
            intake, login = _times(desk, [MARKER, LOGGED_IN], env)
            desk_cpu.append(CPU[-1])
            desk_times.append(intake)
            login_times.append(login)
    bare_median = statistics.median(bare_times)
    print(f"runs: {runs} each, interleaved ({len(online_times)} online)")
    print(_median_line("bare PySide6 window          ", bare_times))
    print(_median_line("usable intake, offline login ", desk_times))
    print(_median_line("usable intake, online login  ", online_times))
    print(_median_line("offline login accepted       ", login_times))
    print(_median_line("online login accepted        ", online_login))
    offline_ratio = statistics.median(desk_times) / bare_median
    print(f"ratio offline (target <= 2.0): {offline_ratio:.2f}")
    print(f"ratio online: {statistics.median(online_times) / bare_median:.2f}")
    print(_median_line("CPU at marker, bare window   ", bare_cpu))
    print(_median_line("CPU at marker, offline intake", desk_cpu))
    cpu_ratio = statistics.median(desk_cpu) / statistics.median(bare_cpu)
    print(f"ratio of CPU at marker, offline: {cpu_ratio:.2f}")
    print(f"load average: {Path('/proc/loadavg').read_text().split()[0]}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
