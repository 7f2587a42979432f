"""The status-bar widget drives a real engine and server, off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from app.sync.status import SyncReport, SyncStatus
from app.views.sync_status import SyncController, SyncStatusWidget
from app.views.tasks import TaskRunner
from tests.e2e.harness import Workstation


@pytest.fixture
def tasks() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.stop()


def test_sync_now_sends_and_updates_widget(
    qtbot: QtBot, tasks: TaskRunner, workstation: Callable[..., Workstation]
) -> None:
    op = workstation("op4")
    controller = SyncController(op.engine, tasks, interval_seconds=3600)
    widget = SyncStatusWidget(controller, language="en")
    qtbot.addWidget(widget)
    op.new_case("井盖缺失")
    pending: list[int] = []
    controller.pending_changed.connect(pending.append)

    with qtbot.waitSignal(controller.synced, timeout=30_000) as blocker:
        widget.findChild(type(widget._sync_button), "sync_now_button").click()

    report = blocker.args[0]
    assert isinstance(report, SyncReport)
    assert report.status == SyncStatus.ONLINE
    assert widget.state_text() == "Online"
    assert pending and pending[-1] == 0
    assert "never" not in widget._last_label.text()
    controller.stop()
