"""The sync history keeps the runs an operator cares about, newest first, bounded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.sync.history import SyncHistory
from app.sync.status import SyncMessage, SyncReport, SyncStatus

T0 = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
DOWN = SyncMessage("unreachable", "无法连接服务器", "the server cannot be reached")


def test_quiet_runs_in_the_same_state_are_left_out() -> None:
    history = SyncHistory()
    runs = [
        SyncReport(SyncStatus.ONLINE),  # the first run is always shown
        SyncReport(SyncStatus.ONLINE),  # quiet, same state: left out
        SyncReport(SyncStatus.ONLINE, pushed=3, pulled=5),
        SyncReport(SyncStatus.OFFLINE, message=DOWN),  # a change of state
        SyncReport(SyncStatus.OFFLINE, message=DOWN),  # the same trouble again
        SyncReport(SyncStatus.ONLINE),  # back online
        SyncReport(SyncStatus.ONLINE, parked=1),
        SyncReport(SyncStatus.ONLINE, new_conflicts=["c1", "c2"]),
    ]

    shown = [
        history.record(report, T0 + timedelta(minutes=n))
        for n, report in enumerate(runs)
    ]

    assert [entry is not None for entry in shown] == [
        True, False, True, True, False, True, True, True,
    ]  # fmt: skip
    entries = list(history)
    assert [entry.at.minute for entry in entries] == [7, 6, 5, 3, 2, 0]
    assert entries[0].conflicts == 2 and entries[1].parked == 1
    offline = entries[3]
    assert offline.status == SyncStatus.OFFLINE
    assert (offline.message_zh, offline.message_en) == (
        DOWN.message_zh,
        DOWN.message_en,
    )


def test_history_keeps_only_the_latest_runs() -> None:
    history = SyncHistory(size=5)
    for n in range(12):
        history.record(SyncReport(SyncStatus.ONLINE, pulled=n + 1), T0 + timedelta(n))

    assert len(history) == 5
    assert [entry.pulled for entry in history] == [12, 11, 10, 9, 8]
