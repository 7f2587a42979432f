"""The main window: builds the panels, then connects them in one place."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QTabWidget,
    QWidget,
)

from app.domain.vocabulary import Role
from app.views.config import DeskConfig
from app.views.idle_lock import IdleWatcher, LockOverlay
from app.views.intake_panel import IntakePanel
from app.views.lazy_tabs import LazyTabs
from app.views.login_dialog import Operator
from app.views.reference_data import ReferenceData
from app.views.shortcuts import ShortcutsDialog, make_actions
from app.views.tasks import TaskOutcome, TaskRunner

if TYPE_CHECKING:
    from app.views.desk_values import SavedCase

log = logging.getLogger(__name__)

_WATCH_INPUT_AFTER_MS = 250


def _role(code: str) -> Role:
    try:
        return Role(code)
    except ValueError:
        return Role.OPERATOR


class MainWindow(QMainWindow):
    """Signals:
    language_changed(str): "zh" or "en", after the translators were swapped.
    work_saved(): any panel saved work to the cache's outbox (sync sends it).
    """

    language_changed = Signal(str)
    work_saved = Signal()

    def __init__(
        self,
        runner: TaskRunner | None = None,
        store=None,
        config: DeskConfig | None = None,
        operator: Operator | None = None,
        check_password: Callable[[str], bool] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # Built with no arguments (the self-test does), the window owns a runner and
        # has no cache: background lookups then report "no local cache is open".
        self._owns_runner = runner is None
        runner = runner or TaskRunner(parent=self)
        if store is None:
            from app.views.desk_store import DeskStore

            store = DeskStore(None)
        config = config or DeskConfig()
        operator = operator or Operator("", "")
        check_password = check_password or (lambda _password: False)
        self.runner = runner
        self.config = config
        self.operator = operator
        self.language = config.language

        self.store = store
        self._reference: ReferenceData | None = None
        self._loop: tuple[QWidget, QWidget] | None = None
        self.sync: Any = None  # app.views.desk_sync.DeskSync, after the login

        # Only the intake is built now; the other tabs on first use (lazy_tabs).
        self.intake_panel = IntakePanel(runner, store, config.autosave_seconds)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.intake_panel, "")
        self._lazy = LazyTabs(self.tabs)
        self._lazy.add("knowledge", self._make_knowledge_panel)
        self._lazy.add("my_cases", self._make_my_cases_panel)
        self._lazy.add("callbacks", lambda: self._make_loop_panels()[0])
        self._lazy.add("queues", lambda: self._make_loop_panels()[1])
        self._lazy.add("dashboard", self._make_dashboard_panel)
        self._lazy.add("disputes", self._make_disputes_panel)
        self.setCentralWidget(self.tabs)

        self.operator_label = QLabel(self)
        self.sync_slot: QWidget = QLabel(self)  # replaced by the sync status widget
        self.statusBar().addPermanentWidget(self.sync_slot)
        self.statusBar().addPermanentWidget(self.operator_label)
        self.lock_overlay = LockOverlay(self, check_password, runner)
        self.idle_watcher = IdleWatcher(config.idle_lock_minutes, self)
        self._watching_input = False  # the application-wide filter, once shown

        self.actions = make_actions(self, self._shortcut_handlers())
        self._build_menus()
        self._connect_panels()
        self._retranslate()
        self.resize(1360, 860)

    # --- panels built on first use, each connected as it is built -------------------

    @property
    def knowledge_panel(self):
        return self._lazy.get("knowledge")

    @property
    def my_cases_panel(self):
        return self._lazy.get("my_cases")

    @property
    def callbacks_panel(self):
        return self._lazy.get("callbacks")

    @property
    def queues_panel(self):
        return self._lazy.get("queues")

    @property
    def dashboard_panel(self):
        return self._lazy.get("dashboard")

    @property
    def disputes_panel(self):
        return self._lazy.get("disputes")

    def _make_knowledge_panel(self) -> QWidget:
        from app.views.knowledge_panel import KnowledgePanel

        panel = KnowledgePanel(self.runner, self.store)
        panel.cite_requested.connect(self.intake_panel.cite)
        panel.flagged.connect(self._on_knowledge_flagged)
        panel.set_language(self.language)
        if self._reference is not None:
            panel.set_reference(self._reference)
        return panel

    def _make_my_cases_panel(self) -> QWidget:
        from app.views.my_cases_panel import MyCasesPanel

        panel = MyCasesPanel(self.runner, self.store)
        panel.username = self.operator.username
        panel.set_language(self.language)
        panel.refresh()
        return panel

    def _make_loop_panels(self) -> tuple[QWidget, QWidget]:
        if self._loop is None:
            from app.views.loop_panels import loop_panels

            self._loop = loop_panels(self.runner, self.store, self.operator)
            callbacks, queues = self._loop
            callbacks.action_done.connect(self.work_saved)
            queues.action_done.connect(self.work_saved)
            conflicts = getattr(queues, "conflicts", None)
            if conflicts is not None:
                conflicts.resolved.connect(self.work_saved)
        return self._loop

    def _make_dashboard_panel(self) -> QWidget:
        from app.views.dashboard_panel import DashboardPanel

        store = self.store
        return DashboardPanel(self.runner, lambda: store.db)

    def _make_disputes_panel(self) -> QWidget:
        from app.views.disputes_panel import DisputesPanel

        store = self.store
        panel = DisputesPanel(
            self.runner,
            lambda: store.db,
            username=self.operator.username,
            role=_role(self.operator.role),
            client_id=store.client_id,
        )
        panel.decision_recorded.connect(self.work_saved)
        return panel

    def _shortcut_handlers(self) -> dict[str, Callable[[], None]]:
        intake = self.intake_panel
        handling = intake.handling_panel
        return {
            "new_intake": self.new_intake,
            "save": intake.save_registered,
            "answer_on_call": handling.request_answer_on_call,
            "dispatch": handling.request_dispatch,
            "emergency": handling.request_emergency_transfer,
            "link": intake.matches_panel._on_link_button_clicked,
            "search": self.focus_knowledge_search,
            "copy_script": lambda: self.knowledge_panel.copy_answer_script(),
            "cite": lambda: self.knowledge_panel._on_cite_button_clicked(),
            "lock": self.lock,
            "shortcuts": self.show_shortcuts,
        }

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        for name in ("new_intake", "save", "lock"):
            self.file_menu.addAction(self.actions[name])
        self.view_menu = bar.addMenu("")
        self.language_group = QActionGroup(self)
        self.chinese_action = QAction("中文", self, checkable=True)
        self.english_action = QAction("English", self, checkable=True)
        for action in (self.chinese_action, self.english_action):
            self.language_group.addAction(action)
            self.view_menu.addAction(action)
        (
            self.english_action if self.language == "en" else self.chinese_action
        ).setChecked(True)
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.actions["shortcuts"])

    def _connect_panels(self) -> None:
        """Every connection between panels, in one place."""
        intake = self.intake_panel
        intake.case_saved.connect(self._on_intake_case_saved)
        intake.case_saved.connect(self.work_saved)
        intake.article_open_requested.connect(self._on_intake_article_open_requested)
        self.runner.failed.connect(self._on_runner_failed)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.idle_watcher.idle.connect(self.lock)
        self.lock_overlay.unlocked.connect(self.idle_watcher.resume)
        self.chinese_action.triggered.connect(lambda: self.set_language("zh"))
        self.english_action.triggered.connect(lambda: self.set_language("en"))

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Hotline Desk 12345"))
        for row, text in enumerate(
            (
                self.tr("Intake"),
                self.tr("Knowledge"),
                self.tr("My cases"),
                self.tr("Callbacks"),
                self.tr("Queues"),
                self.tr("Dashboard"),
                self.tr("Disputes"),
            )
        ):
            self.tabs.setTabText(row, text)
        self.file_menu.setTitle(self.tr("&File"))
        self.view_menu.setTitle(self.tr("&Language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.operator_label.setText(
            self.tr("Operator: {name}").format(name=self.operator.display_name)
        )
        if isinstance(self.sync_slot, QLabel):
            self.sync_slot.setText(self.tr("Sync: not connected yet"))
        self.lock_overlay._retranslate()

    def set_language(self, language: str) -> None:
        from app.views.i18n import install_language

        self.language = install_language(QApplication.instance(), language)
        self.intake_panel.set_language(self.language)
        for key in ("knowledge", "my_cases"):
            panel = self._lazy.built(key)
            if panel is not None:
                panel.set_language(self.language)
        self._retranslate()
        self.language_changed.emit(self.language)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def set_operator(self, operator: Operator, *, checked: bool = True) -> None:
        """Who logged in (the window may be built while the login is under way).

        checked=False: the user named on the command line, before the login answered
        (nothing is said about online or offline yet).
        """
        self.operator = operator
        my_cases = self._lazy.built("my_cases")
        if my_cases is not None:
            my_cases.username = operator.username
        self._retranslate()
        if checked and operator.online:
            self.statusBar().clearMessage()
        elif checked and operator.username:
            self.statusBar().showMessage(
                self.tr("Logged in offline: the server cannot be reached"), 15000
            )

    def set_sync_widget(self, widget: QWidget) -> None:
        """Put the sync engineer's status widget in the status bar."""
        self.statusBar().removeWidget(self.sync_slot)
        self.sync_slot.deleteLater()
        self.sync_slot = widget
        self.statusBar().insertPermanentWidget(0, widget)

    def attach_sync(self, sync: Any) -> None:
        """Sync runs from now on: its widgets in the status bar, saves sent at once."""
        self.sync = sync
        self.set_sync_widget(sync.bar_widget)
        controller = sync.controller
        self.work_saved.connect(controller.on_saved)
        controller.synced.connect(self._on_sync_synced)
        controller.conflicts_arrived.connect(self._on_sync_conflicts_arrived)

    def set_reference(self, data: ReferenceData) -> None:
        """The reference lists, at start-up and again after sync brought changes.

        The panels keep what the operator chose; an intake in progress then looks
        up its dispatch suggestion and deadline again, from the new lists and rules.
        """
        reloaded = self._reference is not None
        self._reference = data
        self.intake_panel.set_reference(data)
        knowledge = self._lazy.built("knowledge")
        if knowledge is not None:
            knowledge.set_reference(data)
        values = self.intake_panel.form.values()
        if reloaded and (values.category_code or values.area_code):
            self.intake_panel.run_lookups()

    @Slot()
    def new_intake(self, caller_number: str = "", received_at=None) -> None:
        self.tabs.setCurrentWidget(self.intake_panel)
        self.intake_panel.new_intake(caller_number, received_at)

    @Slot(str)
    def pop_call(self, number: str) -> None:
        """An incoming call: a new intake with the number and the caller's history."""
        self.new_intake(number)
        self.raise_()
        self.activateWindow()

    @Slot()
    def focus_knowledge_search(self) -> None:
        self.tabs.setCurrentWidget(self.knowledge_panel)
        self.knowledge_panel.focus_search()

    @Slot()
    def lock(self) -> None:
        self.idle_watcher.pause()
        self.lock_overlay.lock()

    def is_locked(self) -> bool:
        return self.lock_overlay.isVisible()

    @Slot()
    def show_shortcuts(self) -> None:
        ShortcutsDialog(self).exec()

    @Slot(object)
    def _on_intake_case_saved(self, saved: SavedCase) -> None:
        self.statusBar().showMessage(
            self.tr("Case {number} saved").format(number=saved.provisional_no), 8000
        )
        my_cases = self._lazy.built("my_cases")
        if my_cases is not None:
            my_cases.refresh()

    @Slot(object)
    def _on_sync_synced(self, _report: object) -> None:
        # Official numbers and others' changes arrive with a sync run.
        my_cases = self._lazy.built("my_cases")
        if my_cases is not None:
            my_cases.refresh()

    @Slot(list)
    def _on_sync_conflicts_arrived(self, conflict_ids: list) -> None:
        self.statusBar().showMessage(
            self.tr("{count} sync conflicts need a decision (Queues tab)").format(
                count=len(conflict_ids)
            ),
            15000,
        )
        conflicts = getattr(self._lazy.built("queues"), "conflicts", None)
        if conflicts is not None:
            conflicts.refresh()

    @Slot(str)
    def _on_intake_article_open_requested(self, article_id: str) -> None:
        self.tabs.setCurrentWidget(self.knowledge_panel)
        self.knowledge_panel.open_article(article_id)

    @Slot(str)
    def _on_knowledge_flagged(self, _article_id: str) -> None:
        self.statusBar().showMessage(self.tr("Article flagged as outdated"), 6000)

    @Slot(int)
    def _on_tabs_current_changed(self, _index: int) -> None:
        # The loop panels load their queues when first shown, not at start-up.
        current = self.tabs.currentWidget()
        if current is not None and current in (
            self._lazy.built("callbacks"),
            self._lazy.built("queues"),
        ):
            current.refresh()

    @Slot(object)
    def _on_runner_failed(self, outcome: TaskOutcome) -> None:
        self.statusBar().showMessage(
            self.tr("Background task failed: {name}").format(name=outcome.name), 10000
        )

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._watching_input:
            # After the first paint and the first intake's focus: a filter on the
            # whole application sees every event of those, thousands of them, each
            # wrapped for Python (and the first of each kind makes Python enum
            # types: ~15 ms). The idle clock already runs, and input in this short
            # wait cannot matter to a lock after minutes.
            QTimer.singleShot(_WATCH_INPUT_AFTER_MS, self._watch_input)

    def _watch_input(self) -> None:
        if not self._watching_input:
            self._watching_input = True
            QApplication.instance().installEventFilter(self.idle_watcher)

    def closeEvent(self, event: QCloseEvent) -> None:
        QApplication.instance().removeEventFilter(self.idle_watcher)
        self.intake_panel.shutdown()
        if self.sync is not None:
            self.sync.stop()  # no new run is queued while the runner winds down
        if self._owns_runner:
            self.runner.stop()
        super().closeEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.lock_overlay.setGeometry(self.rect())
