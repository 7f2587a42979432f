"""The knowledge tab's flag: an optional short reason, saved with its mutation."""

from __future__ import annotations

from sqlalchemy import select

from app.domain.fields import FIELD_LIMITS
from app.models.db import open_cache
from app.models.tables import AuditEvent, Outbox


def _open(qtbot, panel, query: str) -> None:
    with qtbot.waitSignal(panel.article_shown, timeout=10_000):
        panel.search_edit.setText(query)


def test_flag_with_a_reason_is_queued_for_the_knowledge_owners(
    qtbot, window, cache_path
):
    panel = window.knowledge_panel
    window.actions["search"].trigger()
    _open(qtbot, panel, "停水")
    article = panel.current_article()
    assert article is not None and article.article_id == "a-water"

    panel.flag_reason_edit.setText("公告网址已更换")
    with qtbot.waitSignal(panel.flagged, timeout=10_000) as flagged:
        panel.flag_button.click()

    assert flagged.args == ["a-water"]
    assert panel.flag_reason_edit.text() == ""  # ready for the next article
    db = open_cache(cache_path)
    with db.read() as session:
        rows = session.scalars(select(Outbox).where(Outbox.kind == "knowledge.flag"))
        queued = [(r.base_version, r.payload, r.author, r.state) for r in rows]
        actions = [e.action for e in session.scalars(select(AuditEvent))]
    db.close()
    assert queued == [
        (1, {"article_id": "a-water", "reason": "公告网址已更换"}, "op1", "pending")
    ]
    assert "knowledge.flag_outdated" in actions


def test_reason_over_its_limit_cannot_be_sent(qtbot, window, cache_path):
    panel = window.knowledge_panel
    _open(qtbot, panel, "公积金")
    assert panel.flag_button.isEnabled()

    panel.flag_reason_edit.setText("长" * (FIELD_LIMITS["flag_reason"] + 1))
    assert not panel.flag_button.isEnabled()
    assert panel.flag_reason_edit.counter.property("over") is True
    panel.flag_outdated()  # a shortcut or a stale click: refused as well

    limit = "长" * FIELD_LIMITS["flag_reason"]
    panel.flag_reason_edit.setText(limit)
    assert panel.flag_button.isEnabled()
    # One database lane, in order: had the refused flag been queued, it would be
    # saved before this one.
    with qtbot.waitSignal(panel.flagged, timeout=10_000):
        panel.flag_button.click()
    db = open_cache(cache_path)
    with db.read() as session:
        rows = session.scalars(select(Outbox).where(Outbox.kind == "knowledge.flag"))
        reasons = [r.payload.get("reason") for r in rows]
    db.close()
    assert reasons == [limit]
