"""Sync in the running workstation: the engine made after the login, its schedule,
its status-bar widget, and a new online login when the session has run out.

After an online login the engine takes over the login's session. After an offline
login it gets a session over the tokens already in the credential store: when the
server comes back, the sync timer's next run renews them by itself, and only when
none are left (or the server refuses them) does the status bar ask for a login.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.views.login_dialog import LoginDialog, LoginRefused, Operator
from app.views.sync_details import SyncDetailsDialog
from app.views.tasks import NET_LANE, TaskRunner

log = logging.getLogger(__name__)


def build_engine(
    store: Any,
    server_url: str,
    ca_bundle: Path | None,
    username: str,
    login_session: Any = None,
) -> Any:
    """The signed-in user's SyncEngine over the desk's cache (database lane).

    Args:
        login_session: the online login's app.sync.credentials.Session, if any;
            otherwise a session over the tokens the credential store still holds.
    """
    from app.sync import credentials
    from app.sync.engine import SyncEngine
    from app.sync.transport import Transport, TransportSettings

    transport = Transport(TransportSettings(server_url, ca_bundle))
    if login_session is not None:
        # The login's own transport tries once, quickly: sync needs the retries.
        if login_session.transport is not None:
            login_session.transport.close()
        user = login_session
    else:
        user = credentials.Session(username, store.device_id)
    user.bind(transport)

    engine = SyncEngine(
        store.db,
        transport,
        user,
        knowledge_index=store.index,
        device_name=store.station,
    )
    log.info(
        "sync engine ready (after %s login)", "online" if login_session else "offline"
    )
    return engine


def unsent_changes(store: Any) -> tuple[Any, ...]:
    """The parked and waiting mutations, for the sync details (database lane)."""
    from app.models.outbox import unsent_lines

    with store.db.read() as session:
        return unsent_lines(session)


def session_lost(engine: Any) -> bool:
    """No tokens left for the user: only a new online login can sync (network lane)."""
    return engine.user.tokens() is None


def login_again(engine: Any, store: Any, password: str) -> Operator:
    """An online login for the engine's user, on the engine's transport."""
    from app.sync import credentials
    from app.sync.state import CacheState
    from app.sync.transport import TransportError

    username = engine.user.username
    try:
        session = credentials.login_online(
            engine.transport, CacheState(store.db), username, password, store.device_id
        )
    except (TransportError, credentials.CredentialError) as error:
        raise LoginRefused(error.message_zh, error.message_en) from error
    tokens = session.tokens()
    role = tokens.role if tokens is not None else "operator"
    return Operator(username, username, role, online=True)


class LoginNeededButton(QWidget):
    """A status-bar notice that sync needs a new login, with the button to give it.

    Signals:
        login_requested(): the operator wants to log in again.
    """

    login_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notice_label = QLabel(self)
        self.notice_label.setObjectName("fieldError")
        self.login_button = QPushButton(self)
        self.login_button.setObjectName("sync_login_button")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.notice_label)
        layout.addWidget(self.login_button)
        self.login_button.clicked.connect(self.login_requested)
        self._retranslate()
        self.hide()

    def _retranslate(self) -> None:
        self.notice_label.setText(self.tr("Sync needs a new login"))
        self.login_button.setText(self.tr("Log in…"))


class DeskSync(QObject):
    """The engine's controller, the status-bar widgets, and the login they may ask for.

    Signals:
        logged_in_again(): a new online login succeeded; a sync run follows.
        reference_changed(): a finished run brought categories, areas, departments
            or dispatch rules into the cache; the lists on screen are out of date.
    """

    logged_in_again = Signal()
    reference_changed = Signal()

    def __init__(
        self,
        engine: Any,
        runner: TaskRunner,
        store: Any,
        *,
        server_url: str,
        interval_seconds: int,
        language: str = "zh",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        from app.views.sync_status import SyncController, SyncStatusWidget

        self.engine = engine
        self._runner = runner
        self._store = store
        self._server_url = server_url
        self._language = language
        self.controller = SyncController(engine, runner, interval_seconds, self)
        self.status_widget = SyncStatusWidget(
            self.controller, "en" if language == "en" else "zh_CN"
        )
        self.login_needed = LoginNeededButton()
        self.bar_widget = QWidget()
        layout = QHBoxLayout(self.bar_widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.login_needed)
        layout.addWidget(self.status_widget)
        self.dialog: LoginDialog | None = None
        self.details: SyncDetailsDialog | None = None

        self.controller.synced.connect(self._on_controller_synced)
        self.login_needed.login_requested.connect(self.ask_login)
        self.status_widget.details_requested.connect(self.show_details)

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        """Stop scheduling runs and cut short a run's back-off (before the task
        runner stops, so its network worker is free to end)."""
        self.controller.stop()
        self.engine.transport.cancel()

    def close(self) -> None:
        """Release the connection (after the task runner stopped)."""
        self.engine.transport.close()

    @Slot(object)
    def _on_controller_synced(self, report: Any) -> None:
        if report.reference_changed and not self._runner.stopped:
            self.reference_changed.emit()
        if report.status.value != "error" or self._runner.stopped:
            self.login_needed.hide()
            return
        engine = self.engine
        self._runner.submit(
            "sync session check",
            lambda: session_lost(engine),
            self._on_session_checked,
            lane=NET_LANE,
        )

    def _on_session_checked(self, lost: bool) -> None:
        self.login_needed.setVisible(lost)
        if lost:
            log.warning("sync session over: a new login is needed")

    @Slot()
    def show_details(self) -> None:
        """The unsent changes (with "send again") and this session's sync history."""
        if self.details is None:
            store = self._store
            self.details = SyncDetailsDialog(
                self._runner,
                self.controller.history,
                lambda: unsent_changes(store),
                self.engine.requeue,
                self.engine.user.username,
                self.bar_widget.window(),
            )
            self.controller.synced.connect(self.details.on_synced)
        self.details.refresh()
        self.details.show()
        self.details.raise_()

    @Slot()
    def ask_login(self) -> None:
        engine, store = self.engine, self._store
        dialog = LoginDialog(
            self._server_url,
            self._runner,
            lambda _user, password: login_again(engine, store, password),
            self._language,
            self.bar_widget.window(),
        )
        dialog.user_edit.setText(engine.user.username)
        dialog.user_edit.setReadOnly(True)
        dialog.logged_in.connect(self._on_dialog_logged_in)
        self.dialog = dialog
        dialog.open()

    @Slot(object)
    def _on_dialog_logged_in(self, _operator: Operator) -> None:
        self.login_needed.hide()
        self.logged_in_again.emit()
        self.controller.sync_now()
