"""Bringing the workstation up: login first, cache and main window as it completes.

The login dialog is on screen while the database lane opens the cache (migrations,
checks) and reads the reference data; the main window is built once both are done.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.views.config import DeskConfig
from app.views.login_dialog import LoginDialog, Operator, local_authenticator
from app.views.tasks import TaskRunner

log = logging.getLogger(__name__)

READY_MARKER = "hotline-desk: intake ready"


class Startup(QObject):
    def __init__(
        self,
        app: QApplication,
        config: DeskConfig,
        *,
        call_number: str = "",
        exit_when_ready: bool = False,
        user: str | None = None,
        password: str | None = None,
        authenticate=local_authenticator,
    ) -> None:
        super().__init__(app)
        self.app = app
        self.config = config
        self.call_number = call_number
        self.exit_when_ready = exit_when_ready
        self.runner = TaskRunner(parent=self)
        self.window = None
        self.screen_pop = None
        self._user = user
        self._password = password
        self._authenticate = authenticate
        self._operator: Operator | None = None
        self._secret = ""
        self._reference = None
        self._store = None

    def begin(self) -> bool:
        from app.views.desk_store import DeskStore

        self._store = DeskStore(self.config.cache_path, station=self.config.station)
        # The cache opens once the first window is up: imports on the database lane
        # would otherwise compete for the interpreter with the window being built.
        self._opening = False
        if self._user:
            try:
                operator = self._authenticate(self._user, self._password or "")
            except Exception as error:  # the same refusal the dialog would show
                print(f"login refused: {error}", file=sys.stderr)
                return False
            self._on_logged_in(operator, self._password or "")
            return True
        dialog = LoginDialog(
            self.config.server_url,
            self.runner,
            self._authenticate,
            self.config.language,
        )
        dialog.logged_in.connect(lambda op: self._on_logged_in(op, dialog.password))
        dialog.rejected.connect(self.app.quit)
        dialog.show()
        self._dialog = dialog
        QTimer.singleShot(0, self._start_opening)
        return True

    def _start_opening(self) -> None:
        if self._opening:
            return
        self._opening = True
        self.runner.submit(
            "open cache",
            self._open_cache,
            self._on_cache_opened,
            on_error=self._on_cache_failed,
        )

    def _open_cache(self):
        from app.views.reference_data import load_reference_data

        _ = self._store.db  # opens, checks and migrates the cache, off the GUI thread
        return load_reference_data()

    def _on_cache_opened(self, reference) -> None:
        # Everything queued on the database lane after the opening already waited
        # for it; the window only lacked the reference lists until now.
        self._reference = reference
        if self.window is not None:
            self.window.set_reference(reference)

    def _on_cache_failed(self, error: BaseException) -> None:
        QMessageBox.critical(
            None,
            self.tr("Hotline Desk"),
            self.tr("The local cache cannot be opened: {why}").format(why=error),
        )
        self.app.quit()

    def _on_logged_in(self, operator: Operator, password: str) -> None:
        from argon2 import PasswordHasher

        self._operator = operator
        # Kept only as a hash, to unlock the idle lock without asking the server.
        self._hasher = PasswordHasher(time_cost=1, memory_cost=8192)
        self._secret = self._hasher.hash(password)
        self._maybe_show()

    def _check_password(self, password: str) -> bool:
        from argon2.exceptions import VerificationError

        try:
            return bool(self._hasher.verify(self._secret, password))
        except VerificationError:
            return False

    def _maybe_show(self) -> None:
        if self._store is None or self._operator is None or self.window is not None:
            return
        from app.views.main_window import MainWindow
        from app.views.screen_pop import ScreenPopServer

        self._store.username = self._operator.username
        window = MainWindow(
            self.runner, self._store, self.config, self._operator, self._check_password
        )
        if self._reference is not None:
            window.set_reference(self._reference)
        window.set_language(self.config.language)
        self.window = window
        self.screen_pop = ScreenPopServer(self)
        self.screen_pop.call_popped.connect(window.pop_call)
        self.screen_pop.listen(self.config.screen_pop_port)
        window.show()
        QTimer.singleShot(0, self._on_shown)

    def _after_shown(self) -> None:
        self.window.new_intake(self.call_number)
        self.runner.submit("load drafts", self._store.load_drafts, self._on_drafts)

    def _on_drafts(self, drafts) -> None:
        if drafts and not self.call_number:
            draft_id, values = drafts[0]
            self.window.intake_panel.restore_draft(draft_id, values)

    def _on_shown(self) -> None:
        self._after_shown()
        print(READY_MARKER, flush=True)
        self._start_opening()
        if self.exit_when_ready:
            self.window.close()
            self.app.quit()

    def shutdown(self) -> None:
        if self.screen_pop is not None:
            self.screen_pop.close()
        self.runner.stop()
        if self._store is not None:
            self._store.close()
