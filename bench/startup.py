"""Launch to a usable intake form, next to a bare PySide6 window, in the same run.

    .venv/bin/python bench/startup.py [runs]

Each launch is a fresh process. The workstation is started with a temporary cache,
--user (no login dialog) and --exit-when-ready: it prints its marker once the main
window with the intake form is shown, then quits. The bare line is a QLabel window
that prints a marker once shown. Target: median at most twice the bare window.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARKER = "hotline-desk: intake ready"
BARE = (
    "import sys\n"
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QLabel\n"
    "app = QApplication(sys.argv)\n"
    "label = QLabel('12345')\n"
    "label.show()\n"
    "def ready():\n"
    "    print('bare ready', flush=True)\n"
    "    app.quit()\n"
    "QTimer.singleShot(0, ready)\n"
    "app.exec()\n"
)


def _time(command: list[str], marker: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if marker in line:
            elapsed = time.perf_counter() - start
            break
    else:
        raise RuntimeError(f"no marker from {command}")
    process.wait(timeout=30)
    return elapsed


def main(runs: int = 7) -> None:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        HOTLINE_DESK_PASSWORD="bench",
    )
    with tempfile.TemporaryDirectory() as tmp:
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
        _time(desk, MARKER, env)  # first run creates and migrates the cache
        desk_times, bare_times = [], []
        for _ in range(runs):  # interleaved, so machine noise hits both alike
            bare_times.append(_time(bare, "bare ready", env))
            desk_times.append(_time(desk, MARKER, env))
    bare_median = statistics.median(bare_times)
    desk_median = statistics.median(desk_times)
    print(f"runs: {runs} each, interleaved")
    print(
        f"bare PySide6 window : median {bare_median * 1000:.0f} ms, "
        f"max {max(bare_times) * 1000:.0f} ms"
    )
    print(
        f"usable intake form  : median {desk_median * 1000:.0f} ms, "
        f"max {max(desk_times) * 1000:.0f} ms"
    )
    print(f"ratio (target <= 2.0): {desk_median / bare_median:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
