"""Sync in the workstation: the engine off the GUI thread, and its status-bar widget.

The controller runs ``SyncEngine.sync_once`` on the task runner's network lane, one
run at a time: after a save (when online) and on a timer. The engine's listener
callbacks arrive on the worker thread and are re-emitted as Qt signals, which Qt
queues to the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import ClassVar

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.domain.clock import CHINA_TIME
from app.sync.engine import SyncEngine
from app.sync.history import SyncHistory
from app.sync.status import SyncMessage, SyncReport, SyncStatus
from app.views.tasks import NET_LANE, TaskRunner

log = logging.getLogger(__name__)


class _SignalListener(QObject):
    """The engine's listener: every callback becomes a signal (thread-safe)."""

    state_changed = Signal(str, object)
    pending_changed = Signal(int)
    progress = Signal(str, int, object)
    conflicts_arrived = Signal(list)

    def on_state(self, status: SyncStatus, message: SyncMessage | None) -> None:
        self.state_changed.emit(status.value, message)


class _Adapter:
    def __init__(self, signals: _SignalListener) -> None:
        self._signals = signals

    def state_changed(self, status: SyncStatus, message: SyncMessage | None) -> None:
        self._signals.on_state(status, message)

    def pending_changed(self, count: int) -> None:
        self._signals.pending_changed.emit(count)

    def progress(self, what: str, done: int, total: int | None) -> None:
        self._signals.progress.emit(what, done, total)

    def conflicts_arrived(self, conflict_ids: Sequence[str]) -> None:
        self._signals.conflicts_arrived.emit(list(conflict_ids))


class SyncController(QObject):
    """Owns the sync schedule.

    Signals:
        state_changed(str, object): online/offline/syncing/error and a SyncMessage.
        pending_changed(int): mutations waiting in the outbox.
        progress(str, int, object): what, done, total (None when unknown).
        conflicts_arrived(list): ids of new conflict records.
        synced(object): the SyncReport of a finished run.
    """

    state_changed = Signal(str, object)
    pending_changed = Signal(int)
    progress = Signal(str, int, object)
    conflicts_arrived = Signal(list)
    synced = Signal(object)

    def __init__(
        self,
        engine: SyncEngine,
        tasks: TaskRunner,
        interval_seconds: int,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._engine = engine
        self._tasks = tasks
        self._running = False
        self._again = False
        self.history = SyncHistory()
        self._signals = _SignalListener(self)
        self._signals.state_changed.connect(self.state_changed)
        self._signals.pending_changed.connect(self.pending_changed)
        self._signals.progress.connect(self.progress)
        self._signals.conflicts_arrived.connect(self.conflicts_arrived)
        engine.listener = _Adapter(self._signals)

        self._timer = QTimer(self)
        self._timer.setInterval(max(5, interval_seconds) * 1000)
        self._timer.timeout.connect(self.sync_now)

    @property
    def last_sync(self) -> datetime | None:
        return self._engine.last_sync

    def start(self) -> None:
        self._timer.start()
        self.sync_now()

    def stop(self) -> None:
        """Stop scheduling; a run in progress finishes on the task runner's lane."""
        self._timer.stop()

    @Slot()
    def sync_now(self) -> None:
        if self._running:
            # One run at a time; remember to run once more when it ends.
            self._again = True
            return
        self._running = True
        self._tasks.submit(
            "sync",
            self._engine.sync_once,
            self._on_done,
            lane=NET_LANE,
            on_error=self._on_error,
        )

    @Slot()
    def on_saved(self) -> None:
        """A case was saved locally: send it now unless we know we are offline."""
        if self._engine.status != SyncStatus.OFFLINE:
            self.sync_now()

    def _on_done(self, report: SyncReport) -> None:
        self._running = False
        self.history.record(report, datetime.now(UTC))
        self.synced.emit(report)
        if self._again:
            self._again = False
            self.sync_now()

    def _on_error(self, error: BaseException) -> None:
        self._running = False
        log.error("sync run failed: %s", type(error).__name__)


class SyncStatusWidget(QWidget):
    """State, pending count, last sync time, a "sync now" and a "details" button.

    Signals:
        details_requested(): the operator wants the unsent changes and the history.
    """

    details_requested = Signal()

    _STATES: ClassVar[dict[str, tuple[str, str]]] = {
        "online": ("在线", "Online"),
        "offline": ("离线", "Offline"),
        "syncing": ("同步中", "Syncing"),
        "error": ("同步出错", "Sync error"),
    }

    def __init__(
        self,
        controller: SyncController,
        language: str = "zh_CN",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._english = language.startswith("en")
        self._state_label = QLabel(self)
        self._state_label.setObjectName("sync_state_label")
        self._pending_label = QLabel(self)
        self._pending_label.setObjectName("sync_pending_label")
        self._last_label = QLabel(self)
        self._last_label.setObjectName("sync_last_label")
        self._sync_button = QPushButton(self)
        self._sync_button.setObjectName("sync_now_button")
        self._details_button = QPushButton(self)
        self._details_button.setObjectName("sync_details_button")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self._state_label,
            self._pending_label,
            self._last_label,
            self._sync_button,
            self._details_button,
        ):
            layout.addWidget(widget)

        controller.state_changed.connect(self._on_controller_state_changed)
        controller.pending_changed.connect(self._on_controller_pending_changed)
        controller.synced.connect(self._on_controller_synced)
        self._sync_button.clicked.connect(controller.sync_now)
        self._details_button.clicked.connect(self.details_requested)
        self._retranslate()
        self._on_controller_state_changed("offline", None)
        self._on_controller_pending_changed(0)

    def _text(self, zh: str, en: str) -> str:
        return en if self._english else zh

    def _retranslate(self) -> None:
        self._sync_button.setText(self._text("立即同步", "Sync now"))
        self._details_button.setText(self._text("详情…", "Details…"))
        self._show_last()

    def _show_last(self) -> None:
        last = self._controller.last_sync
        when = (
            last.astimezone(CHINA_TIME).strftime("%H:%M:%S")
            if last
            else self._text("从未", "never")
        )
        self._last_label.setText(self._text(f"上次同步 {when}", f"Last sync {when}"))

    @Slot(str, object)
    def _on_controller_state_changed(
        self, state: str, message: SyncMessage | None
    ) -> None:
        zh, en = self._STATES.get(state, (state, state))
        self._state_label.setText(self._text(zh, en))
        tip = ""
        if message is not None:
            tip = message.message_en if self._english else message.message_zh
        self._state_label.setToolTip(tip)

    @Slot(int)
    def _on_controller_pending_changed(self, count: int) -> None:
        self._pending_label.setText(self._text(f"待发送 {count}", f"{count} to send"))

    @Slot(object)
    def _on_controller_synced(self, _report: SyncReport) -> None:
        self._show_last()

    def state_text(self) -> str:
        return self._state_label.text()
