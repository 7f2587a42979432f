"""Category tree with search by Chinese name, code or pinyin initials."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QLineEdit, QTreeView, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from app.domain.reference import Category


# Qt.ItemDataRole values as numbers: naming Qt here would build PySide's whole Qt
# namespace (~35 ms) when the intake form is imported, before the first window.
_DISPLAY_ROLE = 0  # Qt.ItemDataRole.DisplayRole
CODE_ROLE = 0x0100 + 1  # Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invalid index: Qt's own default for parent


class CategoryTreeModel(QAbstractItemModel):
    """The category taxonomy; answers the display role and the code role only."""

    def __init__(self, nodes: tuple[Category, ...] = (), parent=None) -> None:
        super().__init__(parent)
        self._language = "zh"
        self._all = nodes
        self._visible: set[str] | None = None
        self._children: dict[str, list[Category]] = {}
        self._parent_of: dict[str, str] = {}
        self._row_of: dict[str, int] = {}
        self._rebuild()

    def set_nodes(self, nodes: tuple[Category, ...]) -> None:
        self.beginResetModel()
        self._all = nodes
        self._rebuild()
        self.endResetModel()

    def set_language(self, language: str) -> None:
        self._language = language
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0))

    def set_filter(self, text: str) -> None:
        """Keep the nodes whose name, code or pinyin initials contain text."""
        self.beginResetModel()
        self._visible = _matching_codes(self._all, text.strip().lower())
        self._rebuild()
        self.endResetModel()

    def _rebuild(self) -> None:
        known = {node.code for node in self._all}
        self._children = {}
        self._parent_of = {}
        for node in self._all:
            if self._visible is not None and node.code not in self._visible:
                continue
            parent = node.parent_code if node.parent_code in known else ""
            self._children.setdefault(parent, []).append(node)
            self._parent_of[node.code] = parent
        self._row_of = {
            node.code: row
            for siblings in self._children.values()
            for row, node in enumerate(siblings)
        }

    def index(self, row: int, column: int, parent: _Index = _ROOT) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        parent_code = parent.internalPointer().code if parent.isValid() else ""
        siblings = self._children.get(parent_code, [])
        if row >= len(siblings):
            return QModelIndex()
        return self.createIndex(row, 0, siblings[row])

    def parent(self, child: _Index = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not child.isValid():
            return QModelIndex()
        parent_code = self._parent_of.get(child.internalPointer().code, "")
        if not parent_code:
            return QModelIndex()
        grand = self._parent_of.get(parent_code, "")
        node = self._children[grand][self._row_of[parent_code]]
        return self.createIndex(self._row_of[parent_code], 0, node)

    def rowCount(self, parent: _Index = _ROOT) -> int:
        if parent.isValid():
            if parent.column() != 0:
                return 0
            return len(self._children.get(parent.internalPointer().code, []))
        return len(self._children.get("", []))

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 1

    def data(self, index: _Index, role: int = _DISPLAY_ROLE):
        if not index.isValid():
            return None
        node: Category = index.internalPointer()
        if role == _DISPLAY_ROLE:
            return node.name(self._language)
        if role == CODE_ROLE:
            return node.code
        return None


def _matching_codes(nodes: tuple[Category, ...], query: str) -> set[str] | None:
    if not query:
        return None
    by_code = {node.code: node for node in nodes}
    keep: set[str] = set()
    for node in nodes:
        hit = (
            query in node.name_zh
            or query in node.name_en.lower()
            or node.code.startswith(query)
            or (query.isascii() and query in node.pinyin_initials.lower())
        )
        if not hit:
            continue
        # Keep the path to the root so the tree still reads as a tree.
        code = node.code
        while code in by_code and code not in keep:
            keep.add(code)
            code = by_code[code].parent_code
    return keep


class CategoryPicker(QWidget):
    """A search box over a category tree; choosing a leaf emits its code.

    Signals:
        category_chosen(str): the code of the chosen category.
    """

    category_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._code = ""
        self.search_edit = QLineEdit(self)
        self.search_edit.setClearButtonEnabled(True)
        self.model = CategoryTreeModel(parent=self)
        self.tree_view = QTreeView(self)
        self.tree_view.setHeaderHidden(True)
        self.tree_view.setModel(self.model)
        self.tree_view.setMinimumHeight(110)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.tree_view, 1)

        # A short pause between keystrokes before refiltering the whole tree.
        self._filter_timer = QTimer(self, singleShot=True, interval=150)
        self._filter_timer.timeout.connect(self._on_filter_timer_timeout)
        self.search_edit.textChanged.connect(self._filter_timer.start)
        self.tree_view.clicked.connect(self._on_tree_clicked)
        self._retranslate()

    def _retranslate(self) -> None:
        self.search_edit.setPlaceholderText(
            self.tr("Search category: Chinese, code or pinyin initials (e.g. sb)")
        )

    def set_categories(self, nodes: tuple[Category, ...]) -> None:
        self.model.set_nodes(nodes)

    @Slot()
    def _on_filter_timer_timeout(self) -> None:
        self.apply_filter(self.search_edit.text())

    def apply_filter(self, text: str) -> None:
        self.model.set_filter(text)
        if text.strip():
            self.tree_view.expandAll()

    @Slot(QModelIndex)
    def _on_tree_clicked(self, index: QModelIndex) -> None:
        self.choose(index.data(CODE_ROLE))

    def choose(self, code: str) -> None:
        self._code = code or ""
        self.category_chosen.emit(self._code)

    def code(self) -> str:
        return self._code
