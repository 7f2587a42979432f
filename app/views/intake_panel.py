"""The intake tab: the form, the caller's history, matches, knowledge and handling.

The panel owns the timers that debounce background lookups and autosave the draft.
All database work goes through the task runner's database lane; results that arrive
after a newer request was made are dropped.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import DomainError
from app.domain.vocabulary import HandlingMode
from app.views.caller_history_panel import CallerHistoryPanel
from app.views.handling_panel import HandlingPanel
from app.views.intake_form import IntakeForm
from app.views.intake_values import IntakeValues, Problem
from app.views.knowledge_side_panel import KnowledgeSidePanel
from app.views.matches_panel import MatchesPanel
from app.views.reference_data import ReferenceData
from app.views.tasks import TaskRunner

if TYPE_CHECKING:
    from app.views.desk_values import ArticleLine, HandlingChoice, MatchLine, SavedCase

log = logging.getLogger(__name__)

_LINKED_NEEDS_NOT = {"category_code", "area_code", "summary", "handling"}


class IntakePanel(QWidget):
    """Signals:
    case_saved(object): a SavedCase, after its transaction committed.
    save_failed(str): the save was refused or failed; the message says why.
    draft_saved(str): the draft id, after the autosave committed.
    lookups_done(): matches and suggestions for the latest input are shown.
    article_open_requested(str): show this article in the knowledge panel.
    """

    case_saved = Signal(object)
    save_failed = Signal(str)
    draft_saved = Signal(str)
    lookups_done = Signal()
    history_shown = Signal()
    article_open_requested = Signal(str)

    def __init__(
        self, runner: TaskRunner, store, autosave_seconds: float = 3.0, parent=None
    ) -> None:
        super().__init__(parent)
        self.language = "zh"
        self._runner = runner
        self._store = store
        self._reference = ReferenceData()
        self._draft_id = str(uuid.uuid4())
        self._received_at = datetime.now(UTC)
        self._dirty = False
        self._generation = 0
        self._matches: tuple[MatchLine, ...] = ()
        self._cited: list[ArticleLine] = []
        self._saving = False
        self._build(autosave_seconds)
        self._connect()
        self._retranslate()

    def _build(self, autosave_seconds: float) -> None:
        self.form = IntakeForm()
        scroll = QScrollArea(self)
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        self.handling_panel = HandlingPanel(self)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("intakeStatus")
        self.new_button = QPushButton(self)
        self.save_button = QPushButton(self)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.new_button)
        bottom.addWidget(self.save_button)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(scroll, 1)
        left_layout.addWidget(self.handling_panel)
        left_layout.addLayout(bottom)

        self.history_panel = CallerHistoryPanel(self)
        self.matches_panel = MatchesPanel(self)
        self.knowledge_panel = KnowledgeSidePanel(self)
        # No Qt.Orientation here, nor a bare positional parent (PySide then checks
        # it against the orientation overload): either builds PySide's whole Qt
        # namespace, ~35 ms before the first paint. The property takes the name.
        side = QSplitter(parent=self)
        side.setProperty("orientation", "Vertical")
        for panel in (self.history_panel, self.matches_panel, self.knowledge_panel):
            side.addWidget(panel)
        self.splitter = QSplitter(parent=self)  # horizontal
        self.splitter.addWidget(left)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self._side_finished = False

        # Lookups wait for a pause in typing; autosave runs on its own clock.
        self._lookup_timer = QTimer(self, singleShot=True, interval=350)
        self._history_timer = QTimer(self, singleShot=True, interval=250)
        self._autosave_timer = QTimer(self, interval=int(autosave_seconds * 1000))
        self._autosave_timer.start()

    def _connect(self) -> None:
        self.form.values_changed.connect(self._on_form_values_changed)
        self.form.caller_number_changed.connect(self._history_timer.start)
        self._lookup_timer.timeout.connect(self.run_lookups)
        self._history_timer.timeout.connect(self.load_caller_history)
        self._autosave_timer.timeout.connect(self.autosave)
        self.matches_panel.link_requested.connect(self.link_to_case)
        self.matches_panel.unlink_requested.connect(self.unlink)
        self.knowledge_panel.cite_requested.connect(self.cite)
        self.knowledge_panel.open_requested.connect(self.article_open_requested)
        self.handling_panel.handling_requested.connect(self.save)
        self.save_button.clicked.connect(self.save_registered)
        self.new_button.clicked.connect(self._on_new_button_clicked)

    def _retranslate(self) -> None:
        self.new_button.setText(self.tr("New intake (F2)"))
        self.save_button.setText(self.tr("Save (Ctrl+S)"))

    def set_language(self, language: str) -> None:
        self.language = language
        for child in (
            self.form,
            self.history_panel,
            self.matches_panel,
            self.knowledge_panel,
            self.handling_panel,
        ):
            child.set_language(language)
        self._retranslate()

    @Slot()
    def finish_side_panels(self) -> None:
        """Make the side panels' models (the widgets, and so the split, exist already).

        At start-up this runs on the turn of the event loop after the first intake
        starts, so their imports come after the form's first paint; a panel used
        earlier makes its own.
        """
        if self._side_finished:
            return
        self._side_finished = True
        for panel in (self.history_panel, self.matches_panel, self.knowledge_panel):
            panel.model  # noqa: B018 -- the property makes it

    def set_reference(self, data: ReferenceData) -> None:
        self._reference = data
        self.form.set_reference(data)
        self.handling_panel.set_reference(data)

    # --- starting an intake -------------------------------------------------------

    @Slot()
    def _on_new_button_clicked(self) -> None:
        self.new_intake()

    def new_intake(
        self, caller_number: str = "", received_at: datetime | None = None
    ) -> None:
        """Start an empty intake, with the caller number if the phone gave one.

        received_at is when the call came in (now unless the phone says otherwise);
        the deadlines count from it.
        """
        self._draft_id = str(uuid.uuid4())
        self._received_at = received_at or datetime.now(UTC)
        self._matches = ()
        self._cited = []
        self.form.load(IntakeValues(caller_number=caller_number))
        self.handling_panel.reset()
        self.matches_panel.show_matches(())
        self.matches_panel.show_linked(None)
        self.knowledge_panel.show_suggestions(())
        self.knowledge_panel.show_cited([])
        self._dirty = False
        self.status_label.setText(self.tr("New intake"))
        self.form.caller_edit.setFocus()
        if not self._side_finished:
            QTimer.singleShot(0, self.finish_side_panels)  # after the first paint
        if caller_number:
            # Next turn of the event loop: at start-up the lookup is the first task
            # on the database lane, whose opening of the cache (SQLAlchemy's import)
            # would otherwise share the interpreter with the form's first paint.
            QTimer.singleShot(0, self.load_caller_history)
        else:
            self.load_caller_history()

    def restore_draft(self, draft_id: str, values: IntakeValues) -> None:
        self.form.load(values)
        self._draft_id = draft_id
        self._dirty = False
        self.status_label.setText(
            self.tr("Draft restored after an interrupted session")
        )
        self.load_caller_history()

    def draft_id(self) -> str:
        return self._draft_id

    # --- background lookups -------------------------------------------------------

    @Slot()
    def _on_form_values_changed(self) -> None:
        self._dirty = True
        self._lookup_timer.start()

    @Slot()
    def load_caller_history(self) -> None:
        number = self.form.values().caller_number
        if not number:
            self.history_panel.show_history(None)
            self.history_shown.emit()
            return

        def done(history) -> None:
            if number == self.form.values().caller_number:
                self.history_panel.show_history(history)
                self.history_shown.emit()

        self._runner.submit(
            "caller history",
            lambda: self._store.caller_history(number, datetime.now(UTC)),
            done,
            on_error=lambda _e: self.history_panel.show_history(None),
        )

    @Slot()
    def run_lookups(self) -> None:
        """Matches, knowledge suggestions, dispatch suggestion and deadline."""
        self._generation += 1
        generation = self._generation
        values = self.form.values()
        received = self._received_at
        category = self._reference.category(values.category_code or "")
        category_name = category.name_zh if category is not None else ""

        def lookups():
            matches = self._store.find_matches(values, received, self._draft_id)
            query = f"{values.summary}。{values.narrative}".strip("。")
            hits = (
                self._store.suggest_articles(query, category_name)
                if query.strip()
                else ()
            )
            deadline = None
            if values.category_code:
                try:
                    deadline = self._store.deadline(
                        received, values.request_type, values.urgency
                    )
                except DomainError as error:  # no rule for this kind: say so
                    deadline = error
            return matches, hits, deadline

        def done(result) -> None:
            if generation != self._generation:
                return  # a newer lookup is on its way
            matches, hits, deadline = result
            self._matches = matches
            self.matches_panel.show_matches(matches)
            self.knowledge_panel.show_suggestions(hits)
            self.handling_panel.show_deadline(deadline)
            self.handling_panel.show_suggestion(
                self._reference.suggest_dispatch(values.category_code, values.area_code)
            )
            self.lookups_done.emit()

        self._runner.submit("intake lookups", lookups, done)

    # --- linking and citing -------------------------------------------------------

    @Slot(str)
    def link_to_case(self, case_id: str) -> None:
        match = next((m for m in self._matches if m.case.case_id == case_id), None)
        self.form.set_linked_case(case_id)
        self.matches_panel.show_linked(match)

    @Slot()
    def unlink(self) -> None:
        self.form.set_linked_case("")
        self.matches_panel.show_linked(None)

    @Slot(object)
    def cite(self, article: ArticleLine) -> None:
        if all(a.article_id != article.article_id for a in self._cited):
            self._cited.append(article)
        self.form.cite(article.article_id)
        self.knowledge_panel.show_cited(self._cited)

    # --- drafts and saving --------------------------------------------------------

    @Slot()
    def autosave(self) -> None:
        if not self._dirty or self._saving or self._runner.stopped:
            return
        self._dirty = False
        draft_id, text = self._draft_id, self.form.values().to_json()
        self._runner.submit(
            "autosave draft",
            lambda: self._store.save_draft(draft_id, text),
            lambda _r: self.draft_saved.emit(draft_id),
        )

    @Slot()
    def save_registered(self) -> None:
        from app.views.desk_values import HandlingChoice  # see desk_store

        self.save(HandlingChoice(mode=""))

    @Slot(object)
    def save(self, choice: HandlingChoice) -> None:
        """Check the form and the handling, then save on the database lane."""
        if self._saving:
            return
        problems = self.form.validate() + self._handling_problems(choice)
        if self.form.values().linked_case_id:
            # A repeat call joins a case that already has its category and area.
            problems = [p for p in problems if p.field not in _LINKED_NEEDS_NOT]
        if problems:
            message = "；".join(p.message(self.language) for p in problems)
            self.status_label.setText(self.tr("Not saved: {why}").format(why=message))
            self.save_failed.emit(message)
            return

        values = self.form.values()
        self._saving = True
        self.status_label.setText(self.tr("Saving…"))
        draft_id = self._draft_id
        self._runner.submit(
            "save case",
            lambda: self._store.save_case(values, choice, self._received_at, draft_id),
            self._on_case_saved,
            on_error=self._on_save_error,
        )

    def _handling_problems(self, choice: HandlingChoice) -> list[Problem]:
        mode = choice.mode
        if (
            mode == HandlingMode.ANSWERED_ON_CALL
            and not self.form.values().cited_article_ids
        ):
            return [
                Problem(
                    "handling",
                    "直接办结须引用知识条目",
                    "Cite a knowledge article to answer on the call",
                )
            ]
        if mode == HandlingMode.DISPATCHED and not choice.lead_unit_code:
            return [Problem("handling", "请选择主办单位", "Choose the lead unit")]
        if mode == HandlingMode.INVALID and not choice.reason:
            return [
                Problem("handling", "请填写无效原因", "Give the reason it is invalid")
            ]
        if mode == HandlingMode.EMERGENCY_TRANSFER and not choice.emergency_number:
            return [
                Problem("handling", "请选择转接号码", "Choose the emergency number")
            ]
        return []

    def _on_case_saved(self, saved: SavedCase) -> None:
        self._saving = False
        log.info("case %s saved with status %s", saved.case_id, saved.status)
        self.new_intake()
        self.status_label.setText(
            self.tr("Saved: {number} ({status})").format(
                number=saved.provisional_no,
                status=_status_label(saved.status, self.language),
            )
        )
        self.case_saved.emit(saved)

    def _on_save_error(self, error: BaseException) -> None:
        self._saving = False
        message = getattr(
            error, "message_zh" if self.language == "zh" else "message_en", None
        ) or str(error)
        self.status_label.setText(self.tr("Not saved: {why}").format(why=message))
        self.save_failed.emit(message)

    def shutdown(self) -> None:
        """Stop the timers; the last autosave is queued before the runner stops."""
        self.autosave()
        for timer in (self._lookup_timer, self._history_timer, self._autosave_timer):
            timer.stop()

    def status_text(self) -> str:
        return self.status_label.text()


def _status_label(code: str, language: str) -> str:
    from app.domain.vocabulary import Status

    try:
        return Status(code).label(language)
    except ValueError:
        return code
