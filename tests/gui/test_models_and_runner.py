"""Item models through qtmodeltester, the task runner, and the PySide6 None leak."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from PySide6.QtWidgets import QLabel

from app.views.category_picker import CategoryTreeModel
from app.views.desk_values import ArticleLine, CaseLine, MatchLine, Span
from app.views.item_models import (
    HTML_ROLE,
    ArticleHitsModel,
    CaseLinesModel,
    MatchesModel,
    highlight,
)
from app.views.tasks import DB_LANE, NET_LANE, TaskRunner

CASE = CaseLine(
    "c1",
    "T1-000001",
    "registered",
    datetime(2026, 5, 1, tzinfo=UTC),
    "0101",
    "社保卡补办",
    "510802",
    False,
    True,
)


def test_case_lines_model(qtmodeltester):
    model = CaseLinesModel()
    model.set_rows([CASE, CASE])
    qtmodeltester.check(model)
    assert model.index(0, 2).data() == "已受理"


def test_matches_model(qtmodeltester):
    model = MatchesModel()
    model.set_rows([MatchLine(CASE, ("同一来电号码",), ("same caller",), 2.0)])
    qtmodeltester.check(model)
    model.set_language("en")
    assert model.index(0, 2).data() == "same caller"


def test_article_hits_model_highlights_and_marks_expired(qtmodeltester):
    model = ArticleHitsModel()
    hit = ArticleLine("a", "社保卡<补办>", (Span(0, 2),), "x", (), "", "", True)
    model.set_rows([hit])
    qtmodeltester.check(model)
    html = model.index(0, 0).data(HTML_ROLE)
    assert html.startswith("<s><b>社保</b>卡&lt;补办&gt;</s>")
    # English source or the Chinese translation, whichever language is installed.
    shown = model.index(0, 0).data()
    assert "expired" in shown or "失效" in shown


def test_highlight_merges_nothing_it_should_not():
    assert highlight("公积金提取", [Span(0, 3)]) == "<b>公积金</b>提取"
    assert highlight("ab", [Span(1, 9)]) == "a<b>b</b>"


def test_category_tree_model_and_pinyin_filter(qtmodeltester, reference):
    model = CategoryTreeModel(reference.categories)
    qtmodeltester.check(model)
    model.set_filter("shbx")  # 社会保险 by its pinyin initials
    qtmodeltester.check(model)
    top = model.index(0, 0)
    assert top.data() == "社会保障"
    assert model.index(0, 0, top).data() == "社会保险"
    model.set_filter("公积金")
    assert model.rowCount() >= 1


def test_runner_reports_errors_and_results_on_gui_thread(qtbot, qapp):
    runner = TaskRunner()
    seen: list[str] = []
    gui_thread = threading.current_thread()

    def boom() -> None:
        raise ValueError("broken on purpose")

    with qtbot.waitSignal(runner.failed, timeout=5_000) as failed:
        runner.submit(
            "ok",
            lambda: 41 + 1,
            lambda r: seen.append(f"{r} {threading.current_thread() is gui_thread}"),
        )
        runner.submit("boom", boom, lane=NET_LANE)
    assert isinstance(failed.args[0].error, ValueError)
    qtbot.waitUntil(lambda: runner.pending() == 0, timeout=5_000)
    assert seen == ["42 True"]

    order: list[int] = []
    with qtbot.waitSignal(
        runner.finished, timeout=5_000, check_params_cb=lambda o: o.name == "9"
    ):
        for n in range(10):
            runner.submit(str(n), lambda n=n: n, order.append, lane=DB_LANE)
    assert order == list(range(10))  # one database lane: writes stay in order
    runner.stop()
    assert not [t for t in threading.enumerate() if t.name.startswith("tasks-")]
    with pytest.raises(RuntimeError):
        runner.submit("late", lambda: None)


def test_void_method_called_20000_times_does_not_kill_the_process(qapp):
    # PySide6 6.12.0 on Python 3.11 dropped a reference to None on every void call
    # and aborted with none_dealloc after about 5,000 (TRAPS.md).
    label = QLabel()
    calls = 0
    for _ in range(20_000):
        label.setText("x")
        label.setObjectName("n")
        calls += 2
    assert label.text() == "x" and calls == 40_000


def test_chinese_by_default_english_selectable(window):
    window.set_language("zh")
    assert window.tabs.tabText(0) == "受理"
    assert window.intake_panel.save_button.text() == "保存 (Ctrl+S)"
    window.set_language("en")
    assert window.tabs.tabText(0) == "Intake"
    assert window.intake_panel.form._labels["narrative"].text() == "Narrative"
