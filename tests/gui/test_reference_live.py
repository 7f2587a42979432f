"""Reference data the centre changes reaches the open workstation without a restart.

A real server process on loopback, the real start-up path (login, cache, engine) and
the real main window, offscreen. While an operator has an intake half filled, the
centre adds a department, a category and an area, and the disputes meeting decides
a dispatch rule; after the next sync the lists and the unit suggestion show them and
the intake keeps everything the operator chose. When the centre then withdraws
them, the choices stay, shown as no longer valid.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt

from app.views.category_picker import CODE_ROLE
from app.views.config import DeskConfig
from app.views.startup import Startup
from tests.e2e.centre import (
    NEW_AREA,
    NEW_AREA_NAME,
    NEW_CATEGORY,
    NEW_UNIT,
    NEW_UNIT_NAME,
    decide_rule,
    publish,
    withdraw,
)
from tests.e2e.harness import PASSWORD, ServerProcess, Workstation, add_users

WITHDRAWN = ("已停用", "no longer valid")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("reference-server")
    url = f"sqlite:///{folder / 'server.db'}"
    add_users(url, [("op1", "operator", None), ("sup1", "supervisor", None)])
    process = ServerProcess(url, folder / "server.log")
    process.start()
    yield process
    process.stop()


@pytest.fixture
def supervisor(server: ServerProcess, tmp_path: Path) -> Iterator[Workstation]:
    station = Workstation(tmp_path / "sup1", server.url, "sup1", role="supervisor")
    station.login()
    yield station
    station.close()


def _start(qtbot, qapp, server_url: str, cache_path: Path) -> Startup:
    config = DeskConfig(
        server_url=server_url,
        cache_path=cache_path,
        station="T7",
        screen_pop_port=0,
        idle_lock_minutes=60,
        sync_interval_seconds=3600,  # runs come from "sync now" only
    )
    startup = Startup(qapp, config, user="op1", password=PASSWORD)
    with qtbot.waitSignal(startup.ready, timeout=30_000):
        assert startup.begin()
    qtbot.waitUntil(lambda: startup.sync is not None, timeout=30_000)
    qtbot.waitUntil(
        lambda: startup.sync.controller.last_sync is not None, timeout=30_000
    )
    return startup


def _codes(model, parent: QModelIndex | None = None) -> set[str]:
    parent = parent or QModelIndex()
    found: set[str] = set()
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        found.add(index.data(CODE_ROLE))
        found |= _codes(model, index)
    return found


def _items(combo) -> dict[str, str]:
    return {combo.itemData(row): combo.itemText(row) for row in range(combo.count())}


def _withdrawn(text: str) -> bool:
    return any(word in text for word in WITHDRAWN)


def _pick_by_keyboard(qtbot, combo, code: str) -> None:
    """Choose code the way an operator does: the item above it, then the down key."""
    combo.setCurrentIndex(combo.findData(code) - 1)
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == code


def test_centre_changes_reach_the_open_intake_and_keep_its_choices(
    qtbot, qapp, tmp_path, server, supervisor
):
    startup = _start(qtbot, qapp, server.url, tmp_path / "cache.sqlite3")
    window, controller = startup.window, startup.sync.controller
    intake = window.intake_panel
    form, handling = intake.form, intake.handling_panel
    knowledge = window.knowledge_panel  # built now, so it holds lists to refresh
    _pick_by_keyboard(qtbot, knowledge.department_combo, "510800-RSJ")

    # A half-filled intake: the file's catalogue sends 01/510802 to 510802-RSJ.
    intake.new_intake("13800138000")
    form.narrative_edit.setText("社保卡补办三周了还没拿到，窗口说系统在升级。")
    form.request_type_combo.setCurrentIndex(form.request_type_combo.findData("help"))
    form.urgency_combo.setCurrentIndex(form.urgency_combo.findData("urgent"))
    form.category_picker.choose("0101")
    with qtbot.waitSignal(intake.lookups_done, timeout=10_000):
        form.area_picker.set_area_code("510802")
    assert handling.lead_combo.currentData() == "510802-RSJ"
    assert NEW_UNIT not in _items(handling.lead_combo)
    typed, chosen_label = form.values(), form.category_label.text()
    deadline = handling.deadline_text()
    assert deadline and "0101" in chosen_label

    # The centre adds a unit, a category and an area; the meeting gives 0101 in
    # 510802 to the new unit.
    publish(server.database_url)
    decide_rule(supervisor, "0101", "510802", NEW_UNIT)
    lookups: list[None] = []
    intake.lookups_done.connect(lambda: lookups.append(None))
    controller.sync_now()
    qtbot.waitUntil(
        lambda: handling.lead_combo.currentData() == NEW_UNIT, timeout=30_000
    )

    assert NEW_UNIT_NAME in handling.suggestion_label.text()
    assert _items(handling.lead_combo)[NEW_UNIT] == NEW_UNIT_NAME
    assert NEW_CATEGORY in _codes(form.category_picker.model)
    assert _items(form.area_picker.township_combo)[NEW_AREA] == NEW_AREA_NAME
    assert _items(knowledge.department_combo)[NEW_UNIT] == NEW_UNIT_NAME
    # Nothing the operator typed or chose moved; the deadline was looked up again.
    assert form.values() == typed
    assert form.category_label.text() == chosen_label
    assert form.area_picker.district_combo.currentData() == "510802"
    assert knowledge.department_combo.currentData() == "510800-RSJ"
    assert lookups and handling.deadline_text() == deadline

    # The operator moves the intake onto the new category and area, and picks the
    # new unit by hand; then the centre withdraws all three.
    form.category_picker.choose(NEW_CATEGORY)
    with qtbot.waitSignal(intake.lookups_done, timeout=10_000):
        form.area_picker.set_area_code(NEW_AREA)
    assert handling.lead_combo.currentData() == "510802-RSJ"  # 01/510802 again
    _pick_by_keyboard(qtbot, handling.lead_combo, NEW_UNIT)
    _pick_by_keyboard(qtbot, knowledge.department_combo, NEW_UNIT)
    typed = form.values()
    withdraw(server.database_url)
    controller.sync_now()
    qtbot.waitUntil(lambda: _withdrawn(form.category_label.text()), timeout=30_000)
    qtbot.waitUntil(lambda: len(lookups) >= 3, timeout=10_000)

    # Kept, and shown as no longer valid, rather than silently changed.
    assert form.values() == typed
    assert typed.category_code == NEW_CATEGORY and typed.area_code == NEW_AREA
    assert NEW_CATEGORY not in _codes(form.category_picker.model)
    township = form.area_picker.township_combo
    assert township.currentData() == NEW_AREA
    assert _withdrawn(township.currentText()) and NEW_AREA_NAME in (
        township.currentText()
    )
    for combo in (handling.lead_combo, knowledge.department_combo):
        assert combo.currentData() == NEW_UNIT
        assert _withdrawn(combo.currentText()) and NEW_UNIT_NAME in combo.currentText()
    # The suggestion follows the rules, the hand-picked unit stays.
    assert NEW_UNIT_NAME not in handling.suggestion_label.text()

    window.close()
    startup.shutdown()
