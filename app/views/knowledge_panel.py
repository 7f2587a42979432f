"""The knowledge tab: search as you type, filters, the article and its answer script."""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.fields import FIELD_LIMITS
from app.views.desk_values import Article, ArticleLine
from app.views.item_models import ROW_ROLE, ArticleHitsModel
from app.views.kept_choice import refill_keeping_choice
from app.views.limited_fields import LimitedLineEdit
from app.views.reference_data import ReferenceData
from app.views.rich_text_delegate import RichTextDelegate
from app.views.row_table import row_table
from app.views.tasks import TaskRunner

log = logging.getLogger(__name__)

_FLAG_REASON_LIMIT = FIELD_LIMITS["flag_reason"]


class KnowledgePanel(QWidget):
    """Signals:
    results_shown(): results for the latest query are on screen.
    article_shown(object): the Article now shown.
    cite_requested(object): cite this ArticleLine into the current case.
    flagged(str): the article id flagged as outdated, after the flag and its
        outbox mutation were saved.
    """

    results_shown = Signal()
    article_shown = Signal(object)
    cite_requested = Signal(object)
    flagged = Signal(str)

    def __init__(
        self, runner: TaskRunner, store, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.language = "zh"
        self._runner = runner
        self._store = store
        self._generation = 0
        self._article: Article | None = None
        self._build()
        self._connect()
        self._retranslate()

    def _build(self) -> None:
        self.search_edit = QLineEdit(self)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setObjectName("knowledgeSearch")
        self.category_combo = QComboBox(self)
        self.department_combo = QComboBox(self)
        self.valid_check = QCheckBox(self)
        self.valid_check.setChecked(True)
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 3)
        filters.addWidget(self.category_combo, 1)
        filters.addWidget(self.department_combo, 1)
        filters.addWidget(self.valid_check)

        self.model = ArticleHitsModel(self)
        self.results_view = row_table(self.model, self, single=True)
        self.results_view.setItemDelegate(RichTextDelegate(self.results_view))
        self.results_view.setColumnWidth(0, 260)
        self.count_label = QLabel(self)

        self.title_label = QLabel(self)
        self.title_label.setObjectName("articleTitle")
        self.title_label.setWordWrap(True)
        self.validity_label = QLabel(self)
        self.script_label = QLabel(self)
        self.script_edit = QPlainTextEdit(self)
        self.script_edit.setReadOnly(True)
        self.script_edit.setMaximumHeight(120)
        self.body_browser = QTextBrowser(self)
        self.copy_button = QPushButton(self)
        self.cite_button = QPushButton(self)
        self.flag_button = QPushButton(self)
        buttons = QHBoxLayout()
        for button in (self.copy_button, self.cite_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        # An optional short reason goes with the flag to the knowledge owners.
        self.flag_reason_edit = LimitedLineEdit(_FLAG_REASON_LIMIT, self)
        self.flag_reason_edit.edit.setObjectName("flagReason")
        flag_row = QHBoxLayout()
        flag_row.addWidget(self.flag_reason_edit, 1)
        flag_row.addWidget(self.flag_button)
        self.flag_error_label = QLabel(self)
        self.flag_error_label.setWordWrap(True)
        self.flag_error_label.setStyleSheet("color: #c0392b;")
        self.flag_error_label.hide()
        article = QWidget(self)
        article_layout = QVBoxLayout(article)
        article_layout.setContentsMargins(0, 0, 0, 0)
        article_layout.addWidget(self.title_label)
        article_layout.addWidget(self.validity_label)
        article_layout.addWidget(self.script_label)
        article_layout.addWidget(self.script_edit)
        article_layout.addLayout(buttons)
        article_layout.addLayout(flag_row)
        article_layout.addWidget(self.flag_error_label)
        article_layout.addWidget(self.body_browser, 1)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.results_view, 1)
        left_layout.addWidget(self.count_label)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(article)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        self._search_timer = QTimer(self, singleShot=True, interval=120)
        self._show_article(None)

    def _connect(self) -> None:
        self.search_edit.textChanged.connect(self._search_timer.start)
        self._search_timer.timeout.connect(self.search)
        self.category_combo.currentIndexChanged.connect(self.search)
        self.department_combo.currentIndexChanged.connect(self.search)
        self.valid_check.toggled.connect(self.search)
        self.results_view.selectionModel().currentRowChanged.connect(
            self._on_results_current_changed
        )
        self.copy_button.clicked.connect(self.copy_answer_script)
        self.cite_button.clicked.connect(self._on_cite_button_clicked)
        self.flag_button.clicked.connect(self.flag_outdated)
        self.flag_reason_edit.text_changed.connect(
            self._on_flag_reason_edit_text_changed
        )

    def _retranslate(self) -> None:
        self.search_edit.setPlaceholderText(
            self.tr("Search knowledge: 社保, 公积金, gjj … (F3 / Ctrl+K)")
        )
        self.valid_check.setText(self.tr("Valid only"))
        self.script_label.setText(self.tr("Answer script"))
        self.copy_button.setText(self.tr("Copy answer script"))
        self.cite_button.setText(self.tr("Cite in current case"))
        self.flag_button.setText(self.tr("Flag as outdated"))
        self.flag_reason_edit.edit.setPlaceholderText(
            self.tr("Why is it outdated? (optional)")
        )
        for combo in (self.category_combo, self.department_combo):
            if combo.count():
                combo.setItemText(
                    0,
                    self.tr("All categories")
                    if combo is self.category_combo
                    else self.tr("All departments"),
                )
        self._show_article(self._article)

    def set_language(self, language: str) -> None:
        self.language = language
        self.model.set_language(language)
        self._retranslate()

    def set_reference(self, data: ReferenceData) -> None:
        """New filter lists; a chosen filter stays chosen, marked if withdrawn.

        The filters keep their codes, so the results shown stay right: no search.
        """
        withdrawn = self.tr("{name} (no longer valid)")
        refill_keeping_choice(
            self.category_combo,
            (self.tr("All categories"), ""),
            ((n.name(self.language), n.code) for n in data.categories if n.level == 1),
            withdrawn,
        )
        refill_keeping_choice(
            self.department_combo,
            (self.tr("All departments"), ""),
            ((d.name_zh, d.code) for d in data.departments),
            withdrawn,
        )

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    @Slot()
    def search(self, *_args: object) -> None:
        """Search on the database lane; only the latest query's results are shown."""
        self._generation += 1
        generation = self._generation
        query = self.search_edit.text().strip()
        category = self.category_combo.currentData() or ""
        department = self.department_combo.currentData() or ""
        valid_only = self.valid_check.isChecked()

        def done(hits: tuple[ArticleLine, ...]) -> None:
            if generation != self._generation:
                return
            self.model.set_rows(hits)
            self.results_view.resizeRowsToContents()
            self.count_label.setText(
                self.tr("{count} article(s)").format(count=len(hits))
            )
            if hits:
                self.results_view.selectRow(0)
            self.results_shown.emit()

        self._runner.submit(
            "knowledge search",
            lambda: (
                self._store.search(query, category, department, valid_only)
                if query
                else ()
            ),
            done,
        )

    @Slot()
    def _on_results_current_changed(self, current, _previous) -> None:
        hit = current.data(ROW_ROLE) if current.isValid() else None
        if hit is not None:
            self.open_article(hit.article_id)

    def open_article(self, article_id: str) -> None:
        self._runner.submit(
            "open article", lambda: self._store.article(article_id), self._show_article
        )

    def _show_article(self, article: Article | None) -> None:
        self._article = article
        for button in (self.copy_button, self.cite_button):
            button.setEnabled(article is not None)
        self._enable_flag()
        if article is None:
            self.title_label.setText(self.tr("Choose an article"))
            self.validity_label.clear()
            self.script_edit.clear()
            self.body_browser.clear()
            return
        self.title_label.setText(article.title)
        until = article.valid_to.strftime("%Y-%m-%d") if article.valid_to else "—"
        if article.expired:
            self.validity_label.setText(
                self.tr("EXPIRED on {date}: do not answer from this article").format(
                    date=until
                )
            )
            self.validity_label.setStyleSheet("color: #c0392b; font-weight: bold;")
        else:
            self.validity_label.setText(
                self.tr("Valid until {date}").format(date=until)
            )
            self.validity_label.setStyleSheet("")
        self.script_edit.setPlainText(article.answer_script)
        self.body_browser.setHtml(
            "".join(f"<p>{html.escape(p)}</p>" for p in article.body.split("\n") if p)
        )
        self.article_shown.emit(article)

    def current_article(self) -> Article | None:
        return self._article

    @Slot()
    def copy_answer_script(self) -> None:
        if self._article is not None:
            QGuiApplication.clipboard().setText(self._article.answer_script)

    @Slot()
    def _on_cite_button_clicked(self) -> None:
        article = self._article
        if article is None:
            return
        rows = [r for r in self.model.rows() if r.article_id == article.article_id]
        hit = (
            rows[0]
            if rows
            else ArticleLine(
                article.article_id,
                article.title,
                (),
                "",
                (),
                article.category_code,
                article.department_code,
                article.expired,
            )
        )
        self.cite_requested.emit(hit)

    def _enable_flag(self) -> None:
        self.flag_button.setEnabled(
            self._article is not None and not self.flag_reason_edit.is_over()
        )

    @Slot(str)
    def _on_flag_reason_edit_text_changed(self, _text: str) -> None:
        self.flag_error_label.hide()
        self._enable_flag()

    @Slot()
    def flag_outdated(self) -> None:
        """Save the flag and its reason; it reaches the knowledge owners on sync."""
        article = self._article
        if article is None or self.flag_reason_edit.is_over():
            return
        reason = self.flag_reason_edit.text()
        self.flag_error_label.hide()

        def done(_result: object) -> None:
            self.flag_reason_edit.setText("")
            self.flagged.emit(article.article_id)

        self._runner.submit(
            "flag article",
            lambda: self._store.flag_outdated(article.article_id, reason),
            done,
            on_error=self._show_flag_error,
        )

    def _show_flag_error(self, error: BaseException) -> None:
        message = getattr(error, "message", None)
        self.flag_error_label.setText(
            message(self.language)
            if callable(message)
            else self.tr("The flag could not be saved")
        )
        self.flag_error_label.show()
