"""What the first window pulls in before the intake is usable.

Run in a fresh interpreter, since this test process has imported everything already.
Each item below was measured at start-up (bench/startup.py) and is made later on
purpose; an import added back at module level makes this fail.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt

from app.views.category_picker import _DISPLAY_ROLE, CODE_ROLE

ROOT = Path(__file__).resolve().parents[2]

FIRST_WINDOW = """
import json, sys
import PySide6.QtCore
from PySide6.QtWidgets import QApplication

app = QApplication(sys.argv[:1])
from app.views.i18n import install_language
from app.views.main_window import MainWindow

install_language(app, "zh")
window = MainWindow()
window.set_language("zh")
window.show()
app.processEvents()  # the first paint
window.new_intake("13800138000")
later = [
    "app.views.desk_values",
    "app.views.item_models",
    "app.views.rich_text_delegate",
    "app.domain.reference",
]
print(json.dumps({
    "qt_namespace_built": "Qt" in vars(PySide6.QtCore),
    "imported": [name for name in later if name in sys.modules],
}))
window.close()
"""


def test_the_first_intake_leaves_the_costly_parts_for_later(tmp_path):
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(ROOT),
        HOTLINE_DESK_CONFIG_DIR=str(tmp_path / "config"),
        HOTLINE_DESK_DATA_DIR=str(tmp_path / "data"),
    )
    done = subprocess.run(
        [sys.executable, "-c", FIRST_WINDOW],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])

    # PySide builds all of Qt's namespace (~35 ms) on the first name used from it.
    assert report["qt_namespace_built"] is False
    assert report["imported"] == []


def test_category_roles_written_as_numbers_are_qts():
    assert Qt.ItemDataRole.DisplayRole.value == _DISPLAY_ROLE
    assert Qt.ItemDataRole.UserRole.value + 1 == CODE_ROLE
