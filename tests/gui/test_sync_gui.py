"""The workstation syncs against a real server process: a case saved in the intake
reaches the server, comes back with its official number, and the status bar says so.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.models import outbox
from app.views.config import DeskConfig
from app.views.startup import Startup
from tests.e2e.harness import PASSWORD, ServerProcess, add_users


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("sync-server")
    url = f"sqlite:///{folder / 'server.db'}"
    add_users(url, [("op1", "operator", None)])
    process = ServerProcess(url, folder / "server.log")
    process.start()
    yield process
    process.stop()


def _start(qtbot, qapp, server_url: str, cache_path: Path) -> Startup:
    config = DeskConfig(
        server_url=server_url,
        cache_path=cache_path,
        station="T9",
        screen_pop_port=0,
        idle_lock_minutes=60,
        sync_interval_seconds=3600,  # runs here come from saves and "sync now"
    )
    startup = Startup(qapp, config, user="op1", password=PASSWORD)
    with qtbot.waitSignal(startup.ready, timeout=30_000):
        assert startup.begin()
    qtbot.waitUntil(lambda: startup.sync is not None, timeout=30_000)
    return startup


def test_saved_case_reaches_the_server_and_comes_back_numbered(
    qtbot, qapp, tmp_path, server, memory_keyring
):
    # A fresh cache: the shared fixture's seeded case waits in the outbox for its
    # own author, so the pending count would never reach 0 here.
    startup = _start(qtbot, qapp, server.url, tmp_path / "cache.sqlite3")
    window, sync = startup.window, startup.sync
    controller = sync.controller
    assert window.sync_slot is sync.bar_widget  # the placeholder is gone
    # The first run (download and pull) ends before the save below is sent.
    qtbot.waitUntil(lambda: controller.last_sync is not None, timeout=30_000)

    intake = window.intake_panel
    intake.new_intake("13800138000")
    form = intake.form
    form.narrative_edit.setText("小区门口路灯坏了一周，晚上很黑。")
    form.summary_edit.setText("路灯损坏")
    form.address_edit.setText("利州区东坝街道某小区门口")
    form.category_picker.choose("0101")
    reports: list = []
    controller.synced.connect(reports.append)
    with qtbot.waitSignal(intake.case_saved, timeout=10_000) as saved:
        intake.save_registered()
    provisional = saved.args[0].provisional_no

    # The save alone starts the run that sends it.
    qtbot.waitUntil(lambda: any(r.pushed for r in reports), timeout=30_000)
    my_cases = window.my_cases_panel
    with qtbot.waitSignal(my_cases.refreshed, timeout=10_000):
        my_cases.refresh()
    numbers = [
        my_cases.model.row_value(row).number for row in range(my_cases.model.rowCount())
    ]
    assert numbers and provisional not in numbers  # the official number replaced it
    widget = sync.status_widget
    assert widget.state_text() == "在线"
    assert widget._pending_label.text() == "待发送 0"
    assert "从未" not in widget._last_label.text()
    assert not sync.login_needed.isVisible()

    window.close()
    startup.shutdown()


def test_offline_start_asks_for_a_login_only_without_tokens(
    qtbot, qapp, cache_path, server, memory_keyring
):
    # An online start leaves tokens and the verifier; the second start is offline
    # (nothing listens at its address) and keeps the tokens: no login is asked.
    first = _start(qtbot, qapp, server.url, cache_path)
    first.window.close()
    first.shutdown()
    from tests.e2e.harness import free_port

    away = f"http://127.0.0.1:{free_port()}"
    second = _start(qtbot, qapp, away, cache_path)
    assert not second.window.operator.online
    controller = second.sync.controller
    with qtbot.waitSignal(controller.synced, timeout=30_000) as ran:
        controller.sync_now()
    assert ran.args[0].status.value == "offline"
    assert not second.sync.login_needed.isVisible()

    # With the tokens gone, the next run cannot sync and the status bar asks.
    memory_keyring.secrets.clear()
    with qtbot.waitSignal(controller.synced, timeout=30_000):
        controller.sync_now()
    qtbot.waitUntil(second.sync.login_needed.isVisible, timeout=10_000)
    second.window.close()
    second.shutdown()


def test_sync_details_list_a_parked_change_and_send_it_again(
    qtbot, qapp, tmp_path, server, memory_keyring
):
    startup = _start(qtbot, qapp, server.url, tmp_path / "cache.sqlite3")
    sync = startup.sync
    controller, engine = sync.controller, sync.engine
    qtbot.waitUntil(lambda: controller.last_sync is not None, timeout=30_000)

    # A change no server can take (a kind the protocol lacks) and one queued by
    # another operator of this seat, which waits for its author's login.
    with engine.cache.write() as session:
        now = datetime.now(UTC)
        broken = outbox.enqueue(
            session,
            client_id=engine.client_id,
            kind="case.unknown",
            entity_id=str(uuid.uuid4()),
            base_version=None,
            payload={},
            author="op1",
            now=now,
        ).id
        outbox.enqueue(
            session,
            client_id=str(uuid.uuid4()),
            kind="case.update",
            entity_id=str(uuid.uuid4()),
            base_version=None,
            payload={"changes": {"summary": "x"}},
            author="op2",
            now=now,
        )
    # The first run may still be ending: sync_now then runs once more after it.
    reports: list = []
    controller.synced.connect(reports.append)
    controller.sync_now()
    qtbot.waitUntil(lambda: any(r.parked for r in reports), timeout=30_000)
    assert [r.parked for r in reports if r.parked] == [1]

    sync.status_widget._details_button.click()
    dialog = sync.details
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: len(dialog.unsent) == 2, timeout=10_000)
    parked, waiting = dialog.unsent
    assert (parked.mutation_id, parked.parked) == (broken, True)
    assert dialog.unsent_table.item(0, 5).text().startswith("invalid mutation")
    assert (waiting.author, waiting.parked) == ("op2", False)
    assert dialog.history_table.rowCount() == len(controller.history) >= 2
    assert dialog.history_table.item(0, 4).text() == "1"  # the run that set it aside

    dialog.unsent_table.selectRow(1)
    assert not dialog.send_again_button.isEnabled()  # not op1's, and not parked
    dialog.unsent_table.selectRow(0)
    assert dialog.send_again_button.isEnabled()
    dialog.send_again_button.click()
    qtbot.waitUntil(
        lambda: [line.parked for line in dialog.unsent] == [False, False],
        timeout=10_000,
    )
    assert dialog.message_label.text()

    # Its cause is not gone: the next run sets it aside again, and the dialog follows.
    reports.clear()
    controller.sync_now()
    qtbot.waitUntil(lambda: any(r.parked for r in reports), timeout=30_000)
    qtbot.waitUntil(
        lambda: [line.parked for line in dialog.unsent] == [True, False],
        timeout=10_000,
    )
    dialog.close()
    startup.window.close()
    startup.shutdown()
