"""Idle lock for shared seats: after N idle minutes, cover the window until the
operator's password is typed again. Nothing under the cover is touched, so the
intake draft is exactly as it was when the seat is unlocked. The password check
(Argon2, slow on purpose) runs on the task runner's network lane, never on the GUI
thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.views.tasks import NET_LANE, TaskRunner

log = logging.getLogger(__name__)

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
}


class LockOverlay(QWidget):
    """Covers its parent; asks for the password.

    Signals:
        unlocked(): the password was accepted.
        refused(): the password was wrong.
    """

    unlocked = Signal()
    refused = Signal()

    def __init__(
        self,
        parent: QWidget,
        check_password: Callable[[str], bool],
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self._check = check_password
        self._runner = runner
        self.setObjectName("lockOverlay")
        self._styled = False  # see _style_once
        self.title_label = QLabel(self)
        self.title_label.setObjectName("lockTitle")
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMaximumWidth(280)
        self.unlock_button = QPushButton(self)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("fieldError")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (
            self.title_label,
            self.password_edit,
            self.unlock_button,
            self.error_label,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.password_edit.returnPressed.connect(self.try_unlock)
        self._retranslate()
        self.hide()

    def _retranslate(self) -> None:
        self.title_label.setText(self.tr("Seat locked. Enter your password to go on."))
        self.unlock_button.setText(self.tr("Unlock"))

    def lock(self) -> None:
        if not self._styled:
            self._style_once()
        self.setGeometry(self.parentWidget().rect())
        self.error_label.clear()
        self.password_edit.clear()
        self.raise_()
        self.show()
        self.password_edit.setFocus()

    def _style_once(self) -> None:
        # On the first lock rather than at start-up: naming anything in Qt's
        # namespace builds all of it in PySide (~35 ms) before the first window.
        from PySide6.QtCore import Qt

        self._styled = True
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = self.layout()
        for widget in (
            self.title_label,
            self.password_edit,
            self.unlock_button,
            self.error_label,
        ):
            layout.setAlignment(widget, Qt.AlignmentFlag.AlignHCenter)

    @Slot()
    def try_unlock(self) -> None:
        password = self.password_edit.text()
        self.password_edit.clear()
        if self._runner is None or self._runner.stopped:
            self._on_checked(self._check(password))
            return
        self.unlock_button.setEnabled(False)
        self.password_edit.setEnabled(False)
        self.error_label.setText(self.tr("Checking…"))
        self._runner.submit(
            "unlock check",
            lambda: self._check(password),
            self._on_checked,
            lane=NET_LANE,
            on_error=lambda _error: self._on_checked(False),
        )

    def _on_checked(self, accepted: bool) -> None:
        self.unlock_button.setEnabled(True)
        self.password_edit.setEnabled(True)
        if accepted:
            self.error_label.clear()
            self.hide()
            self.unlocked.emit()
        else:
            self.error_label.setText(self.tr("Wrong password."))
            self.password_edit.setFocus()
            self.refused.emit()


class IdleWatcher(QObject):
    """Watches input events application-wide and says when the seat went idle.

    Signals:
        idle(): no input for the configured time.
    """

    idle = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.idle)
        self.set_minutes(minutes)

    def set_minutes(self, minutes: float) -> None:
        self._timer.setInterval(max(int(minutes * 60_000), 1))
        self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self._timer.start()
        return False

    def pause(self) -> None:
        self._timer.stop()

    def resume(self) -> None:
        self._timer.start()
