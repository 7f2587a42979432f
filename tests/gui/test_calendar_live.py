"""A calendar year imported on the server changes the open intake's deadline.

The real start-up path against a real server process, offscreen. An intake received
on Friday 5 March 2027 shows its deadline from the shipped calendar; the centre then
imports 2027 with Saturday 6 March a swapped workday and Monday 8 and Tuesday 9 March
days off. After the next sync the workstation installs the imported year and the
intake's deadline moves from Wednesday 10 to Thursday 11 March.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.domain.calendar import default_calendar, install_calendar, shipped_calendar
from app.views.config import DeskConfig
from app.views.startup import Startup
from tests.e2e.harness import PASSWORD, ServerProcess, add_users, python_env

ROOT = Path(__file__).resolve().parents[2]
RECEIVED = datetime(2027, 3, 5, 16, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
CN_2027 = {
    "holidays": ["2027-03-08", "2027-03-09"],
    "workdays": ["2027-03-06"],
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("calendar-server")
    url = f"sqlite:///{folder / 'server.db'}"
    add_users(url, [("op1", "operator", None)])
    process = ServerProcess(url, folder / "server.log")
    process.start()
    yield process
    process.stop()
    install_calendar(None)  # the process's other tests keep the shipped calendar


def _import(server: ServerProcess, folder: Path) -> None:
    path = folder / "CN-2027.json"
    path.write_text(json.dumps(CN_2027), encoding="utf-8")
    imported = subprocess.run(
        [
            sys.executable,
            "-m",
            "server.cli",
            "--database-url",
            server.database_url,
            "calendar",
            "import",
            str(path),
        ],
        cwd=ROOT,
        env=python_env(),
        capture_output=True,
        text=True,
    )
    assert imported.returncode == 0, imported.stderr


def test_an_imported_year_moves_the_open_intakes_deadline(
    qtbot, qapp, tmp_path, server
):
    config = DeskConfig(
        server_url=server.url,
        cache_path=tmp_path / "cache.sqlite3",
        station="T8",
        screen_pop_port=0,
        idle_lock_minutes=60,
        sync_interval_seconds=3600,  # runs come from "sync now" only
    )
    startup = Startup(qapp, config, user="op1", password=PASSWORD)
    with qtbot.waitSignal(startup.ready, timeout=30_000):
        assert startup.begin()
    qtbot.waitUntil(lambda: startup.sync is not None, timeout=30_000)
    controller = startup.sync.controller
    qtbot.waitUntil(lambda: controller.last_sync is not None, timeout=30_000)
    intake = startup.window.intake_panel
    form, handling = intake.form, intake.handling_panel

    intake.new_intake("13800138000", RECEIVED)
    form.narrative_edit.setText("咨询社保卡补办地点。")
    form.request_type_combo.setCurrentIndex(
        form.request_type_combo.findData("consultation")
    )
    form.urgency_combo.setCurrentIndex(form.urgency_combo.findData("normal"))
    form.category_picker.choose("0101")
    with qtbot.waitSignal(intake.lookups_done, timeout=10_000):
        form.area_picker.set_area_code("510802")
    shipped = handling.deadline_text()
    assert default_calendar() is shipped_calendar()

    _import(server, tmp_path)
    controller.sync_now()
    qtbot.waitUntil(lambda: handling.deadline_text() != shipped, timeout=30_000)

    assert default_calendar() is not shipped_calendar()
    assert "办结时限 2027-03-10 17:30" in shipped and "尚未确认" in shipped
    moved = handling.deadline_text()
    assert "办结时限 2027-03-11 17:30（签收时限 2027-03-06 17:30）" in moved
    assert "调休上班日3月6日" in moved and "尚未确认" not in moved
    startup.window.close()
    startup.shutdown()
