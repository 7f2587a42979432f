"""The "My cases" panel: all of the operator's cases, paged in as the view scrolls,
filtered in SQL, counted in full, and kept in place by a refresh."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication

from app.domain.vocabulary import Status
from app.models.queues import PAGE_SIZE
from app.models.tables import Case
from app.views.i18n import install_language
from app.views.my_cases_model import ROW_ROLE, SUMMARY
from app.views.my_cases_panel import MyCasesPanel

OWN = 450  # more than two pages of PAGE_SIZE
T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def add_cases(store, count: int, *, by: str = "op1", start: int = 0) -> None:
    """Cases registered by ``by``, numbered from start, a minute apart."""
    with store.db.write() as session:
        for index in range(start, start + count):
            session.add(
                Case(
                    id=str(uuid.uuid4()),
                    provisional_no=f"T1-{index:06d}",
                    status="dispatched" if index % 3 == 0 else "registered",
                    request_type="complaint",
                    summary=f"第{index}号 " + ("停水" if index % 5 == 0 else "噪音"),
                    confidential=index % 100 == 47,
                    created_at=T0 + timedelta(minutes=index),
                    updated_at=T0,
                    created_by=by,
                )
            )


def numbers(panel: MyCasesPanel) -> list[str]:
    model = panel.model
    return [model.row_value(row).number for row in range(model.rowCount())]


def scroll_to_the_end(qtbot, panel: MyCasesPanel) -> None:
    """Scroll to the bottom, as the operator would, until no page is left."""
    model, view = panel.model, panel.table_view

    def exhausted() -> bool:
        view.scrollToBottom()
        return not model.is_loading() and not model.canFetchMore(QModelIndex())

    qtbot.waitUntil(exhausted, timeout=20_000)


@pytest.fixture
def panel(qtbot, runner, store):
    add_cases(store, OWN)
    add_cases(store, 30, by="op2", start=OWN)
    widget = MyCasesPanel(runner, store)
    qtbot.addWidget(widget)
    widget.username = "op1"
    widget.resize(900, 500)
    widget.show()
    qtbot.waitExposed(widget)
    with qtbot.waitSignal(widget.refreshed, timeout=10_000):
        widget.refresh()
    return widget


def test_scrolling_pages_in_every_case_once_newest_first(qtbot, qtmodeltester, panel):
    model = panel.model
    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore(QModelIndex())
    # The total, not the rows loaded so far.
    assert str(OWN) in panel.count_label.text()
    assert str(PAGE_SIZE) not in panel.count_label.text()
    qtmodeltester.check(model, force_py=True)

    scroll_to_the_end(qtbot, panel)

    assert numbers(panel) == [f"T1-{index:06d}" for index in reversed(range(OWN))]
    assert str(OWN) in panel.count_label.text()
    qtmodeltester.check(model, force_py=True)
    row = numbers(panel).index("T1-000447")
    assert model.row_value(row).confidential
    assert model.data(model.index(row, SUMMARY)) not in ("", "第447号 噪音")


def test_status_and_search_filter_in_sql_and_count_what_matches(qtbot, panel):
    dispatched = panel.status_combo.findData("dispatched")
    with qtbot.waitSignal(panel.refreshed, timeout=10_000):
        panel.status_combo.setCurrentIndex(dispatched)
    scroll_to_the_end(qtbot, panel)
    expected = [f"T1-{i:06d}" for i in reversed(range(OWN)) if i % 3 == 0]
    assert numbers(panel) == expected
    assert str(len(expected)) in panel.count_label.text()

    # Chinese is typed with setText: QTest cannot type it (see TRAPS).
    panel.search_edit.setText("停水")
    with qtbot.waitSignal(panel.refreshed, timeout=10_000):
        qtbot.keyClick(panel.search_edit, Qt.Key.Key_Return)
    scroll_to_the_end(qtbot, panel)
    expected = [f"T1-{i:06d}" for i in reversed(range(OWN)) if i % 15 == 0]
    assert numbers(panel) == expected
    assert str(len(expected)) in panel.count_label.text()

    with qtbot.waitSignal(panel.refreshed, timeout=10_000):
        panel.status_combo.setCurrentIndex(0)
        panel.search_edit.setText("T1-0001")
        qtbot.keyClick(panel.search_edit, Qt.Key.Key_Return)
    assert numbers(panel) == [f"T1-{i:06d}" for i in reversed(range(100, 200))]

    # Emptying the box (its clear button) brings the whole list back at once.
    with qtbot.waitSignal(panel.refreshed, timeout=10_000):
        panel.search_edit.clear()
    assert panel.model.rowCount() == PAGE_SIZE
    assert str(OWN) in panel.count_label.text()


def test_a_refresh_keeps_the_rows_scrolled_and_the_selection(qtbot, panel, store):
    model, view = panel.model, panel.table_view
    scroll_to_the_end(qtbot, panel)
    view.scrollTo(model.index(300, 0), QAbstractItemView.ScrollHint.PositionAtTop)
    view.selectRow(305)
    chosen = model.row_value(305).case_id
    top_before = model.row_value(view.rowAt(0)).case_id
    assert view.rowAt(0) == 300

    # The same cases (a sync run that changed none of them): nothing moves.
    with (
        qtbot.assertNotEmitted(model.modelReset),
        qtbot.waitSignal(panel.refreshed, timeout=10_000),
    ):
        panel.refresh()
    assert model.rowCount() == OWN
    assert view.rowAt(0) == 300
    assert view.selectionModel().selectedRows()[0].row() == 305

    # A new case on top: the rows read again, the view on the cases it showed.
    add_cases(store, 1, start=1000)
    with (
        qtbot.waitSignal(panel.refreshed, timeout=10_000),
        qtbot.waitSignal(model.counted, timeout=10_000) as counted,
    ):
        panel.refresh()
    assert counted.args == [OWN + 1]
    assert model.row_value(0).number == "T1-001000"
    assert model.row_value(view.rowAt(0)).case_id == top_before
    selected = view.selectionModel().selectedRows()
    assert [model.data(index, ROW_ROLE).case_id for index in selected] == [chosen]
    scroll_to_the_end(qtbot, panel)
    assert model.rowCount() == OWN + 1


def test_another_operator_at_the_seat_sees_their_own_cases(qtbot, panel):
    with qtbot.waitSignal(panel.refreshed, timeout=10_000):
        panel.username = "op2"
    assert numbers(panel) == [f"T1-{i:06d}" for i in reversed(range(OWN, OWN + 30))]
    assert "30" in panel.count_label.text()


def test_the_panel_speaks_the_language_installed(qtbot, qapp, panel):
    model = panel.model
    try:
        install_language(qapp, "zh")
        QApplication.processEvents()
        assert panel.count_label.text() == f"您受理的工单共 {OWN} 件"
        assert model.headerData(0, Qt.Orientation.Horizontal) == "工单编号"
        assert model.index(0, 2).data() == Status(model.row_value(0).status).label_zh
        assert panel.status_combo.itemText(0) == "全部状态"
        secret = model.index(numbers(panel).index("T1-000447"), SUMMARY)
        assert secret.data() == "（保密工单）"

        install_language(qapp, "en")
        QApplication.processEvents()
        assert panel.count_label.text() == f"{OWN} case(s) you registered"
        assert model.headerData(0, Qt.Orientation.Horizontal) == "No."
        assert model.index(0, 2).data() == Status(model.row_value(0).status).label_en
        assert secret.data() == "(confidential)"
    finally:
        install_language(qapp, "zh")
