"""Screenshots of the closing-the-loop tabs from the demo data, as three users.

    python -m tests.gui.loop.loop_screenshots SERVER_URL WORK_DIR [OUT_DIR]

Start a demo server first (``hotline-server demo seed`` then ``serve``). Each user
(op1: callback workbench with a checklist open; sup1: queues with deadline lights and
the dashboard; h1: the unit's queue) logs in through the real start-up, syncs into its
own cache under WORK_DIR, and the tab is grabbed. The credentials go to an in-memory
keyring (the tests' backend), so no Secret Service is needed. Run under Xvfb
(``xvfb-run -a``) with QT_QPA_PLATFORM=xcb and a CJK font.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import keyring
from PySide6.QtWidgets import QApplication, QWidget

from app.models.queues import Queue
from app.views.config import DeskConfig
from app.views.i18n import install_language
from app.views.startup import Startup
from tests.support.keyring_backend import MemoryKeyring

PASSWORD = "hotline-demo-2026"


def _wait_for(app: QApplication, done: Callable[[], bool], seconds: float) -> bool:
    # A script, not a test: spin the event loop until the condition holds.
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        if done():
            return True
        time.sleep(0.05)
    return False


def _settle(app: QApplication, startup: Startup, seconds: float = 2.0) -> None:
    _wait_for(app, lambda: False, seconds)
    _wait_for(app, lambda: startup.runner.pending() == 0, 60)


def _grab(widget: QWidget, path: Path) -> None:
    widget.grab().save(str(path))
    print(f"saved {path}", flush=True)


def _start(app: QApplication, url: str, user: str, work: Path) -> Startup | None:
    config = DeskConfig(
        server_url=url,
        station="DEMO",
        cache_path=work / f"{user}.sqlite3",
        screen_pop_port=0,
        idle_lock_minutes=60,
        sync_interval_seconds=3600,
    )
    startup = Startup(app, config, user=user, password=PASSWORD)
    stopped: list[str] = []
    startup.stopped.connect(stopped.append)
    startup.begin()
    if not _wait_for(app, lambda: startup.sync is not None or bool(stopped), 120):
        print(f"{user}: no sync engine after the login", file=sys.stderr)
        return None
    if stopped:
        print(f"{user}: {stopped[0]}", file=sys.stderr)
        return None
    sync = startup.sync
    if not _wait_for(app, lambda: sync.controller.last_sync is not None, 900):
        print(f"{user}: the first sync did not finish", file=sys.stderr)
        return None
    startup.window.resize(1440, 900)
    _settle(app, startup)
    return startup


def _operator(app: QApplication, startup: Startup, out: Path) -> None:
    window = startup.window
    panel = window.callbacks_panel
    window.tabs.setCurrentWidget(panel)
    _settle(app, startup, 2)
    model = panel.queue.model
    if model.rowCount():
        panel.queue.table_view.selectRow(0)
        _settle(app, startup, 2)
        panel.checklist.set_answer("reached", True)
        _settle(app, startup, 1)
    _grab(window, out / "callbacks.png")


def _select_first_with_due(app: QApplication, startup: Startup, panel: Any) -> None:
    model = panel.queue.model
    for row in range(model.rowCount()):
        if model.row_value(row).due_at is not None:
            panel.queue.table_view.selectRow(row)
            _settle(app, startup, 2)
            return


def _supervisor(app: QApplication, startup: Startup, out: Path) -> None:
    window = startup.window
    panel = window.queues_panel
    window.tabs.setCurrentWidget(panel)
    combo = panel.queue_combo
    combo.setCurrentIndex(combo.findData(Queue.OVERDUE.value))
    _settle(app, startup, 2)
    _select_first_with_due(app, startup, panel)
    _grab(window, out / "queues.png")
    dashboard = window.dashboard_panel
    window.tabs.setCurrentWidget(dashboard)
    dashboard.refresh()
    _settle(app, startup, 4)
    _grab(window, out / "dashboard.png")


def _handler(app: QApplication, startup: Startup, out: Path) -> None:
    window = startup.window
    panel = window.queues_panel
    window.tabs.setCurrentWidget(panel)
    panel.refresh()
    _settle(app, startup, 2)
    _select_first_with_due(app, startup, panel)
    _grab(window, out / "handler.png")


def main(url: str, work: Path, out: Path) -> int:
    keyring.set_keyring(MemoryKeyring())
    app = QApplication(sys.argv[:1])
    install_language(app, "zh")
    work.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    failed = 0
    for user, shoot in (
        ("op1", _operator),
        ("sup1", _supervisor),
        ("h1", _handler),
    ):
        startup = _start(app, url, user, work)
        if startup is None:
            failed += 1
            continue
        shoot(app, startup, out)
        startup.window.close()
        startup.shutdown()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(
        main(
            sys.argv[1],
            Path(sys.argv[2]),
            Path(sys.argv[3] if len(sys.argv) > 3 else "docs/screenshots"),
        )
    )
