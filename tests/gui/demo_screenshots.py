"""The README's screenshots from the demo data, through the real start-up and sync.

    python -m tests.gui.demo_screenshots SERVER_URL CACHE_FILE [OUT_DIR]

Start the demo server first (``./run demo`` seeds and serves it). The workstation logs
in as op1 with HOTLINE_DESK_PASSWORD, syncs the demo knowledge base and cases into
CACHE_FILE, then the intake, knowledge, login and loop/dashboard panels are grabbed.
Run under Xvfb with QT_QPA_PLATFORM=xcb and a CJK font (fonts-wqy-microhei), with a
credential store: a D-Bus session with an unlocked gnome-keyring, or
PYTHON_KEYRING_BACKEND naming another backend.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from app.views.config import DeskConfig
from app.views.i18n import install_language
from app.views.startup import Startup

NARRATIVE = (
    "来电人反映上周把社保卡弄丢了，已经电话挂失，想问补办社保卡需要带哪些材料、"
    "去哪个窗口办理、多久能拿到新卡。"
)


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


def main(server_url: str, cache: Path, out: Path) -> int:
    app = QApplication(sys.argv[:1])
    install_language(app, "zh")
    out.mkdir(parents=True, exist_ok=True)
    config = DeskConfig(
        server_url=server_url,
        station="DEMO",
        cache_path=cache,
        screen_pop_port=0,
        idle_lock_minutes=60,
        sync_interval_seconds=3600,
    )
    password = os.environ.get("HOTLINE_DESK_PASSWORD", "")
    startup = Startup(app, config, user="op1", password=password)
    stopped: list[str] = []
    startup.stopped.connect(stopped.append)
    startup.begin()
    if not _wait_for(app, lambda: startup.sync is not None or bool(stopped), 120):
        print("no sync engine after the login", file=sys.stderr)
        return 1
    if stopped:
        print(stopped[0], file=sys.stderr)
        return 1
    sync = startup.sync
    if not _wait_for(app, lambda: sync.controller.last_sync is not None, 900):
        print("the first sync did not finish", file=sys.stderr)
        return 1
    window = startup.window
    window.resize(1440, 900)
    _settle(app, startup)

    window.pop_call("13980001234")
    form = window.intake_panel.form
    form.name_edit.setText("王先生")
    form.narrative_edit.setText(NARRATIVE)
    form.summary_edit.setText("社保卡遗失，咨询补办材料和办理地点")
    form.address_edit.setText("利州区东坝街道")
    _settle(app, startup, 3)
    _grab(window, out / "intake.png")

    window.focus_knowledge_search()
    window.knowledge_panel.search_edit.setText("社保")
    _settle(app, startup, 3)
    _grab(window, out / "knowledge.png")

    for name in ("callbacks", "queues", "dashboard"):
        window.tabs.setCurrentWidget(getattr(window, f"{name}_panel"))
        _settle(app, startup, 3)
        _grab(window, out / f"{name}.png")

    window.close()
    _login(app, startup, server_url, out)
    startup.shutdown()
    return 0


def _login(app: QApplication, startup: Startup, url: str, out: Path) -> None:
    from app.views.login_dialog import LoginDialog

    dialog = LoginDialog(url, startup.runner, startup.authenticator)
    dialog.user_edit.setText("op1")
    dialog.password_edit.setText("hotline-demo-2026")
    dialog.resize(440, dialog.sizeHint().height())
    dialog.show()
    _settle(app, startup, 1)
    _grab(dialog, out / "login.png")
    dialog.close()


if __name__ == "__main__":
    sys.exit(
        main(
            sys.argv[1],
            Path(sys.argv[2]),
            Path(sys.argv[3] if len(sys.argv) > 3 else "docs/screenshots"),
        )
    )
