"""Take the README's screenshots: python -m tests.gui.screenshots OUT_DIR

Run under Xvfb with QT_QPA_PLATFORM=xcb and a CJK font installed (fonts-wqy-microhei),
so that the pictures show what an operator sees. Uses the GUI tests' seeded cache.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.views.config import DeskConfig
from app.views.desk_store import DeskStore
from app.views.i18n import install_language
from app.views.login_dialog import Operator
from app.views.main_window import MainWindow
from app.views.reference_data import load_reference_data
from app.views.tasks import TaskRunner
from tests.gui.conftest import CALLER, seed


def _wait(app: QApplication, runner: TaskRunner, rounds: int = 40) -> None:
    # A script, not a test: let queued lookups and their results arrive.
    import time

    for _ in range(rounds):
        app.processEvents()
        time.sleep(0.05)
    while runner.pending():
        app.processEvents()
        time.sleep(0.02)


def main(out: Path) -> None:
    app = QApplication(sys.argv[:1])
    install_language(app, "zh")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cache.sqlite3"
        seed(path)
        runner = TaskRunner()
        store = DeskStore(path, username="zhangli", station="GY01")
        window = MainWindow(
            runner, store, DeskConfig(), Operator("zhangli", "张丽"), lambda _p: True
        )
        window.set_reference(load_reference_data())
        window.set_language("zh")
        window.resize(1440, 900)
        window.show()

        window.pop_call(CALLER)
        form = window.intake_panel.form
        form.name_edit.setText("王先生")
        form.narrative_edit.setText(
            "来电人反映上周到利州区人社局窗口补办社保卡，工作人员说十个工作日内办好，"
            "至今没有收到通知，打窗口电话无人接听，希望尽快告知办理进度。"
        )
        form.summary_edit.setText("社保卡补办进度慢，窗口电话无人接听")
        form.address_edit.setText("利州区东坝街道人社服务窗口")
        form.category_picker.search_edit.setText("shbx")
        form.category_picker.apply_filter("shbx")
        form.category_picker.choose("0101")
        form.area_picker.set_area_code("510802")
        _wait(app, runner)
        window.intake_panel.matches_panel.table_view.selectRow(0)
        window.intake_panel.handling_panel.tabs.setCurrentIndex(1)  # the deadline
        window.intake_panel.form.setFocus()
        _wait(app, runner, 10)
        window.grab().save(str(out / "intake.png"))

        window.focus_knowledge_search()
        window.knowledge_panel.valid_check.setChecked(False)
        window.knowledge_panel.search_edit.setText("社保")
        _wait(app, runner)
        window.grab().save(str(out / "knowledge.png"))

        window.close()
        _login(app, runner, out)
        runner.stop()
        store.close()


def _login(app: QApplication, runner: TaskRunner, out: Path) -> None:
    from app.views.desk_login import DeskAuthenticator, LoginTarget
    from app.views.login_dialog import LoginDialog

    url = "https://12345.gy.example.cn"
    auth = DeskAuthenticator(LoginTarget(url, None, "screenshot"))
    dialog = LoginDialog(url, runner, auth)
    dialog.user_edit.setText("zhangli")
    dialog.password_edit.setText("password")
    dialog.resize(420, dialog.sizeHint().height())
    dialog.show()
    _wait(app, runner, 10)
    dialog.grab().save(str(out / "login.png"))
    dialog.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
