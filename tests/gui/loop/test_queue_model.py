"""The paged queue model under qtmodeltester, and its SQL sort and filter."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from app.domain.vocabulary import Role
from app.models.queues import Queue, QueueQuery, SortKey
from app.views.queue_model import DUE, RECEIVED, ROW_ROLE, QueueModel
from tests.unit.loop.cases import T0, fill


def load(qtbot, model: QueueModel, query: QueueQuery) -> None:
    with qtbot.waitSignal(model.loaded, timeout=10000):
        model.set_query(query)


def fetch_all(qtbot, model: QueueModel) -> None:
    """Ask for more, as a scrolling view would, until the queue is exhausted."""

    def exhausted() -> bool:
        model.fetchMore(QModelIndex())
        return not model.is_loading() and not model.canFetchMore(QModelIndex())

    qtbot.waitUntil(exhausted, timeout=10000)


def test_queue_model_passes_qtmodeltester(qtbot, qtmodeltester, runner, db, loop_store):
    fill(db, 450)
    model = QueueModel(runner, loop_store(Role.SUPERVISOR), page_size=100)
    load(qtbot, model, QueueQuery(Queue.ALL, now=T0))
    assert model.rowCount() == 100
    assert model.canFetchMore(QModelIndex())
    qtmodeltester.check(model, force_py=True)
    fetch_all(qtbot, model)
    assert model.rowCount() == 450
    qtmodeltester.check(model, force_py=True)


def test_sort_and_filter_run_as_new_queries(qtbot, runner, db, loop_store):
    cases = fill(db, 300)
    model = QueueModel(runner, loop_store(Role.SUPERVISOR), page_size=50)
    load(qtbot, model, QueueQuery(Queue.ALL, now=T0))

    with qtbot.waitSignal(model.loaded, timeout=10000):
        model.sort(RECEIVED, Qt.SortOrder.DescendingOrder)
    assert model.query.sort == SortKey.CREATED_AT and model.query.descending
    newest = max(c.created_at for c in cases)
    assert model.data(model.index(0, 0), ROW_ROLE).received_at == newest
    assert model.rowCount() == 50

    overdue = QueueQuery(Queue.OVERDUE, now=T0)
    load(qtbot, model, overdue)
    fetch_all(qtbot, model)
    rows = [model.data(model.index(r, 0), ROW_ROLE) for r in range(model.rowCount())]
    assert rows and all(row.due_at < T0 for row in rows)
    assert model.data(model.index(0, DUE), Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(model.index(0, DUE), Qt.ItemDataRole.ToolTipRole) is None
