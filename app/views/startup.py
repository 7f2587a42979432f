"""Bringing the workstation up: login first, cache and main window as it completes.

The login dialog is the first thing on screen. Behind it the network lane checks the
credential store (a refused store stops the start with its message) and the main
window is built, hidden; the database lane opens the cache (migrations, checks) and
reads the reference data once the first window is up. With --user (demo, benchmark)
the main window comes first, and the password from the environment goes through the
same authenticator on the network lane right after the first paint; a refusal hides
the window and stops the start. The sync engine is built once both are done.

The reference data is read again, on the database lane, whenever a sync run brought
reference changes (a new department, a decided dispatch rule): the open window shows
them without a restart, and the intake in progress keeps its choices.

The calendar years the centre imported on the server reach the cache the same way; on
the database lane, when the cache opens and after each such run, the shipped calendar
updated with them is put in force (``app.domain.calendar.install_calendar``) before the
window gets the lists, so the intake's deadline is looked up again with it.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from app.views.config import DeskConfig
from app.views.login_dialog import LoginDialog, Operator
from app.views.startup_trace import mark
from app.views.tasks import NET_LANE, TaskRunner

log = logging.getLogger(__name__)

READY_MARKER = "hotline-desk: intake ready"
LOGGED_IN_MARKER = "hotline-desk: logged in"


class Startup(QObject):
    """Signals:
    stopped(str): the start cannot go on (message in Chinese / English).
    ready(): the main window is shown with a usable intake form.
    logged_in(): the login was accepted (with --user, after ready).
    """

    stopped = Signal(str)
    ready = Signal()
    logged_in = Signal()

    def __init__(
        self,
        app: QApplication,
        config: DeskConfig,
        *,
        call_number: str = "",
        exit_when_ready: bool = False,
        user: str | None = None,
        password: str | None = None,
        authenticate: Callable[[str, str], Operator] | None = None,
    ) -> None:
        super().__init__(app)
        self.app = app
        self.config = config
        self.call_number = call_number
        self.exit_when_ready = exit_when_ready
        self.runner = TaskRunner(parent=self)
        self.window: Any = None
        self.screen_pop: Any = None
        self.dialog: LoginDialog | None = None
        self.authenticator: Any = authenticate
        self._user = user
        self._password = password
        self._operator: Operator | None = None
        self._reference = None
        self._reloading = False
        self._reload_again = False
        # The imported calendar years in force; read and written on the database lane.
        self._calendar_years: dict[int, Any] | None = None
        self._store: Any = None
        self.sync: Any = None  # DeskSync once the engine is built
        self._opening = False
        self._stopped = False

    def begin(self) -> bool:
        from app.views.desk_login import DeskAuthenticator, LoginTarget
        from app.views.desk_store import DeskStore

        self._store = DeskStore(
            self.config.cache_path,
            station=self.config.station,
            encrypt=self.config.encrypt_cache,
        )
        if self.authenticator is None:
            self.authenticator = DeskAuthenticator(
                LoginTarget(
                    self.config.server_url,
                    self.config.cache_path,
                    self._store.device_id,
                    self.config.ca_bundle,
                ),
                self._store,
            )
        if self._user:
            # The named user gets the intake at once; the password is checked right
            # after the first paint (_on_shown), and a refusal stops the start.
            self._store.username = self._user
        else:
            self._check_keyring()
            self.dialog = LoginDialog(
                self.config.server_url,
                self.runner,
                self.authenticator,
                self.config.language,
            )
            self.dialog.logged_in.connect(self._on_logged_in)
            self.dialog.rejected.connect(self.app.quit)
            self.dialog.show()
        # Built right after the first paint, while the login is under way.
        QTimer.singleShot(0, self._build_window)
        return True

    def _check_keyring(self) -> None:
        check = getattr(self.authenticator, "check_keyring", None)
        if check is not None:
            self.runner.submit(
                "credential store", check, lane=NET_LANE, on_error=self._stop
            )

    def _log_in_named_user(self) -> None:
        self._check_keyring()
        user, password = self._user or "", self._password or ""
        authenticate = self.authenticator
        self.runner.submit(
            "login",
            lambda: authenticate(user, password),
            self._on_logged_in,
            lane=NET_LANE,
            on_error=self._on_user_refused,
        )

    def _stop(self, error: BaseException) -> None:
        if self._stopped:
            return
        self._stopped = True
        message = str(error)
        log.error("start-up stopped: %s", type(error).__name__)
        if self.dialog is not None:
            self.dialog.hide()
        if self.window is not None:
            self.window.hide()
        self.stopped.emit(message)

    def _on_user_refused(self, error: BaseException) -> None:
        print(f"login refused: {error}", file=sys.stderr)
        self._stop(error)

    def _start_opening(self) -> None:
        if self._opening:
            return
        self._opening = True
        self.runner.submit(
            "open cache",
            self._open_cache,
            self._on_cache_opened,
            on_error=self._stop,
        )

    def _open_cache(self):
        # Opening checks and migrates the cache; the reference lists then include
        # the cache's dispatch rules, and the calendar its imported years. All off
        # the GUI thread.
        reference = self._store.reference_data()
        self._install_calendar()
        return reference

    def _install_calendar(self) -> bool:
        """Put the shipped calendar with the cache's imported years in force.

        Database lane. True when the years differ from the ones in force before.
        """
        from app.domain.calendar import calendar_with, install_calendar
        from app.models.reference_queries import cached_calendar_years

        with self._store.db.read() as session:
            years = cached_calendar_years(session)
        if years == self._calendar_years:
            return False
        install_calendar(calendar_with(years) if years else None)
        self._calendar_years = years
        return True

    def _changed_reference(self, shown: Any) -> Any:
        """The cache's reference lists, or None when neither they nor the calendar
        changed since the ones shown (database lane)."""
        calendar_changed = self._install_calendar()
        fresh = self._store.reference_data()
        return None if fresh == shown and not calendar_changed else fresh

    def _on_cache_opened(self, reference) -> None:
        # Everything queued on the database lane after the opening already waited
        # for it; the window only lacked the reference lists until now.
        self._reference = reference
        if self.window is not None:
            self.window.set_reference(reference)

    def _reload_reference(self) -> None:
        """A sync run brought reference changes: read the lists again (database lane).

        One reload at a time; changes that arrive meanwhile ask for one more. The
        window is told only when the lists differ from what it shows.
        """
        if self.runner.stopped or self._store is None:
            return
        if self._reloading:
            self._reload_again = True
            return
        self._reloading = True
        shown = self._reference
        self.runner.submit(
            "reload reference data",
            lambda: self._changed_reference(shown),
            self._on_reference_reloaded,
            on_error=self._on_reference_reload_failed,
        )

    def _on_reference_reloaded(self, fresh) -> None:
        self._reloading = False
        if fresh is not None:
            log.info("reference data reloaded after sync")
            self._reference = fresh
            if self.window is not None:
                self.window.set_reference(fresh)
        if self._reload_again:
            self._reload_again = False
            self._reload_reference()

    def _on_reference_reload_failed(self, error: BaseException) -> None:
        # The window keeps the lists it has; the next run's changes try again.
        self._reloading = False
        log.warning("reference data not reloaded: %s", type(error).__name__)

    def _on_logged_in(self, operator: Operator) -> None:
        if self._stopped:
            return
        self._operator = operator
        window = self.window
        if window is None or not window.isVisible():
            self._maybe_show()  # the dialog's login: the window shows now
            return
        self._store.username = operator.username
        window.set_operator(operator)
        self._after_login()

    def _after_login(self) -> None:
        print(LOGGED_IN_MARKER, flush=True)
        mark("logged in")
        self.logged_in.emit()
        if self.exit_when_ready:
            self.window.close()
            self.app.quit()
            return
        self._start_sync()

    def _check_password(self, password: str) -> bool:
        operator = self._operator
        verify = getattr(self.authenticator, "verify", None)
        if operator is None or verify is None:
            return False
        return bool(verify(operator.username, password))

    def _build_window(self) -> None:
        if self.window is not None or self._stopped:
            return
        mark("building window")
        from app.views.main_window import MainWindow

        mark("window imported")
        self.window = MainWindow(
            self.runner,
            self._store,
            self.config,
            self._operator or Operator("", ""),
            self._check_password,
        )
        mark("window built")
        if self._reference is not None:
            self.window.set_reference(self._reference)
        self.window.set_language(self.config.language)
        if self.dialog is not None:
            self._start_opening()  # while the operator types the password
        self._maybe_show()

    def _maybe_show(self) -> None:
        window = self.window
        operator = self._operator
        if operator is None and self._user:
            operator = Operator(self._user, self._user)  # until the check answers
        if window is None or operator is None or window.isVisible():
            return
        self._store.username = operator.username
        window.set_operator(operator, checked=self._operator is not None)
        window.show()
        mark("window shown")
        QTimer.singleShot(0, self._on_shown)

    def _on_shown(self) -> None:
        self.window.new_intake(self.call_number)
        print(READY_MARKER, flush=True)
        mark("ready")
        self.runner.submit("load drafts", self._store.load_drafts, self._on_drafts)
        self._listen_for_calls()
        self.ready.emit()
        self._start_opening()
        if self._operator is None:
            self._log_in_named_user()
        else:
            self._after_login()

    def _listen_for_calls(self) -> None:
        # After the marker: QtNetwork's import and the first listen() cost more than
        # 0.1 s, and the call this launch was for is already in the intake.
        from app.views.screen_pop import ScreenPopServer

        self.screen_pop = ScreenPopServer(self)
        self.screen_pop.call_popped.connect(self.window.pop_call)
        self.screen_pop.listen(self.config.screen_pop_port)

    def _start_sync(self) -> None:
        """Build the engine on the database lane (after the cache opened), then run."""
        from app.views.desk_sync import build_engine

        operator, store, config = self._operator, self._store, self.config
        session = getattr(self.authenticator, "session", None) if operator else None
        self.runner.submit(
            "sync engine",
            lambda: build_engine(
                store,
                config.server_url,
                config.ca_bundle,
                operator.username,
                session if operator.online else None,
            ),
            self._on_engine_built,
        )

    def _on_engine_built(self, engine) -> None:
        from app.views.desk_sync import DeskSync

        if self.runner.stopped or self.window is None:
            engine.transport.close()
            return
        self.sync = DeskSync(
            engine,
            self.runner,
            self._store,
            server_url=self.config.server_url,
            interval_seconds=self.config.sync_interval_seconds,
            language=self.window.language,
            parent=self,
        )
        self.window.attach_sync(self.sync)
        self.sync.reference_changed.connect(self._reload_reference)
        self.sync.start()

    def _on_drafts(self, drafts) -> None:
        if drafts and not self.call_number:
            draft_id, values = drafts[0]
            self.window.intake_panel.restore_draft(draft_id, values)

    def shutdown(self) -> None:
        if self.screen_pop is not None:
            self.screen_pop.close()
        if self.sync is not None:
            self.sync.stop()
        self.runner.stop()
        if self.sync is not None:
            self.sync.close()
        if self._store is not None:
            self._store.close()
