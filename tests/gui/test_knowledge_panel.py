"""The knowledge tab: search as you type with highlights, article, copy, cite, flag."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from sqlalchemy import select

from app.models.db import open_cache
from app.models.tables import AuditEvent
from app.views.item_models import HTML_ROLE


def test_search_open_copy_cite_and_flag(qtbot, window, cache_path):
    panel = window.knowledge_panel
    window.actions["search"].trigger()
    assert window.tabs.currentWidget() is panel
    panel.valid_check.setChecked(False)

    with qtbot.waitSignal(panel.article_shown, timeout=10_000):
        panel.search_edit.setText("社保")
    titles = [hit.title for hit in panel.model.rows()]
    assert titles[0] == "社保卡补办流程"
    assert "2019年社保缴费基数说明" in titles
    assert "<b>社保</b>" in panel.model.index(0, 0).data(HTML_ROLE)

    panel.copy_answer_script()
    assert QGuiApplication.clipboard().text().startswith("您好，社保卡遗失")

    panel.cite_button.click()
    assert window.intake_panel.form.values().cited_article_ids == ("a-shebao",)

    with qtbot.waitSignal(panel.flagged, timeout=10_000):
        panel.flag_outdated()
    db = open_cache(cache_path)
    with db.read() as session:
        actions = [e.action for e in session.scalars(select(AuditEvent))]
    db.close()
    assert "knowledge.flag_outdated" in actions


def test_expired_article_looks_expired_and_valid_filter_hides_it(qtbot, window):
    # In Chinese, whichever language an earlier test left installed.
    window.set_language("zh")
    panel = window.knowledge_panel
    with qtbot.waitSignal(panel.results_shown, timeout=10_000):
        panel.valid_check.setChecked(False)
    with qtbot.waitSignal(panel.results_shown, timeout=10_000):
        panel.search_edit.setText("缴费基数")
    row = next(i for i, h in enumerate(panel.model.rows()) if h.article_id == "a-old")
    with qtbot.waitSignal(panel.article_shown, timeout=10_000):
        panel.results_view.selectRow(row)
    assert "失效：请勿据此答复" in panel.validity_label.text()

    with qtbot.waitSignal(panel.results_shown, timeout=10_000):
        panel.valid_check.setChecked(True)
    assert all(h.article_id != "a-old" for h in panel.model.rows())


def test_pinyin_initials_find_gongjijin(qtbot, window):
    panel = window.knowledge_panel
    with qtbot.waitSignal(panel.results_shown, timeout=10_000):
        panel.search_edit.setText("gjj")
    assert panel.model.rows()[0].article_id == "a-gjj"


def test_narrative_being_typed_suggests_the_article_on_its_key_terms(qtbot, window):
    intake = window.intake_panel
    narrative = (
        "我的社保卡上周在公交车上弄丢了，想问一下现在要怎么补办，需要带什么材料。"
    )
    with qtbot.waitSignal(intake.lookups_done, timeout=10_000):
        # Typed as the form sees it: text changes start the lookup timer.
        intake.form.narrative_edit.setText(narrative)
    suggested = [
        intake.knowledge_panel.model.row_value(row).article_id
        for row in range(intake.knowledge_panel.model.rowCount())
    ]
    assert suggested and suggested[0] == "a-shebao"
    assert "a-water" not in suggested
