"""The login dialog: server address from the settings, user name and password.

Who may log in is decided by an authenticator: a callable (username, password) ->
Operator that raises an error carrying message_zh / message_en when it refuses. It
runs on the network lane. The workstation's is app.views.desk_login: online against
the server, offline from the local verifier when the server is away.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.views.tasks import NET_LANE, TaskRunner

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Operator:
    username: str
    display_name: str
    role: str = "operator"
    online: bool = False


Authenticator = Callable[[str, str], Operator]


class LoginRefused(Exception):
    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(f"{message_zh} / {message_en}")
        self.message_zh = message_zh
        self.message_en = message_en


class LoginDialog(QDialog):
    """Signals:
    logged_in(object): the Operator, once the authenticator accepted.
    """

    logged_in = Signal(object)

    def __init__(
        self,
        server_url: str,
        runner: TaskRunner,
        authenticate: Authenticator,
        language: str = "zh",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.language = language
        self._runner = runner
        self._authenticate = authenticate
        self.operator: Operator | None = None
        self.password = ""
        self.server_label = QLabel(server_url, self)
        self.user_edit = QLineEdit(self)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("fieldError")
        self.error_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
            self,
        )
        self._labels = [QLabel(self) for _ in range(3)]
        self._form = QFormLayout()
        for label, field in zip(
            self._labels,
            (self.server_label, self.user_edit, self.password_edit),
            strict=True,
        ):
            self._form.addRow(label, field)
        layout = QVBoxLayout(self)
        layout.addLayout(self._form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)
        self._retranslate()

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Hotline Desk: log in"))
        for label, text in zip(
            self._labels,
            (self.tr("Server"), self.tr("User name"), self.tr("Password")),
            strict=True,
        ):
            label.setText(text)

    @Slot()
    def try_login(self) -> None:
        username, password = self.user_edit.text(), self.password_edit.text()
        self.buttons.setEnabled(False)
        self.error_label.setText(self.tr("Logging in…"))
        self._runner.submit(
            "login",
            lambda: self._authenticate(username, password),
            lambda operator: self._on_accepted(operator, password),
            lane=NET_LANE,
            on_error=self._on_refused,
        )

    def _on_accepted(self, operator: Operator, password: str) -> None:
        self.operator = operator
        self.password = password
        log.info("operator logged in (online=%s)", operator.online)
        self.logged_in.emit(operator)
        self.accept()

    def _on_refused(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.password_edit.clear()
        text = getattr(
            error, "message_zh" if self.language == "zh" else "message_en", ""
        )
        self.error_label.setText(text or self.tr("Login failed."))
