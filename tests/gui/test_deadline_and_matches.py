"""The dispatch deadline with its working-day explanation, and why a call matched."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.gui.conftest import CALLER

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _choose(combo, value: str) -> None:
    combo.setCurrentIndex(combo.findData(value))


def test_dispatch_deadline_skips_national_day(qtbot, window):
    intake = window.intake_panel
    window.new_intake(
        "13900001111", received_at=datetime(2026, 9, 30, 10, 0, 0, 0, SHANGHAI)
    )
    _choose(intake.form.request_type_combo, "complaint")
    _choose(intake.form.urgency_combo, "normal")
    intake.form.narrative_edit.setText("小区门口路灯坏了一周。")
    with qtbot.waitSignal(intake.lookups_done, timeout=10_000):
        intake.form.category_picker.choose("0101")

    text = intake.handling_panel.deadline_text()
    assert "2026-10-27 17:30" in text  # 15 working days after 30 September
    assert "国庆" in text and "10月10日" in text  # the break and the swapped Saturday
    assert "2026-10-08 17:30" in text  # accept within one working day

    window.set_language("en")
    text = intake.handling_panel.deadline_text()
    assert "National Day" in text and "2026-10-27 17:30" in text
    window.set_language("zh")


def test_deadline_follows_the_request_type(qtbot, window):
    intake = window.intake_panel
    window.new_intake(
        "13900001111", received_at=datetime(2026, 9, 30, 10, 0, 0, 0, SHANGHAI)
    )
    _choose(intake.form.request_type_combo, "complaint")
    with qtbot.waitSignal(intake.lookups_done, timeout=10_000):
        intake.form.category_picker.choose("0101")
    complaint = intake.handling_panel.deadline_text()

    with qtbot.waitSignal(intake.lookups_done, timeout=10_000):
        _choose(intake.form.urgency_combo, "urgent")
    assert intake.handling_panel.deadline_text() != complaint
    assert "2026-10-27" not in intake.handling_panel.deadline_text()


def test_all_three_match_reasons_are_shown(qtbot, window):
    intake = window.intake_panel
    window.new_intake(CALLER)
    intake.form.area_picker.set_area_code("510802")
    intake.form.category_picker.choose("0101")
    with qtbot.waitSignal(intake.lookups_done, timeout=10_000):
        intake.form.narrative_edit.setText("上周反映社保卡补办进度，至今没有结果。")

    rows = intake.matches_panel.model.rows()
    assert len(rows) == 1
    reasons = rows[0].reasons_zh
    assert len(reasons) == 3
    assert "同一来电号码" in reasons[0]
    assert "同一事项分类" in reasons[1]
    assert "诉求内容相似" in reasons[2]
    shown = intake.matches_panel.model.index(0, 2).data()
    assert all(reason in shown for reason in reasons)

    window.set_language("en")
    shown = intake.matches_panel.model.index(0, 2).data()
    assert "Same caller" in shown and "Similar narrative" in shown
    window.set_language("zh")


def test_a_similar_narrative_alone_is_a_match(qtbot, window):
    intake = window.intake_panel
    window.new_intake("13911112222")
    with qtbot.waitSignal(intake.lookups_done, timeout=10_000):
        intake.form.narrative_edit.setText("反映社保卡补办进度，至今没有结果")
    rows = intake.matches_panel.model.rows()
    assert [len(r.reasons_zh) for r in rows] == [1]
    assert "诉求内容相似" in rows[0].reasons_zh[0]

    with qtbot.waitSignal(intake.lookups_done, timeout=10_000):
        intake.form.narrative_edit.setText("路灯坏了，晚上很黑")
    assert intake.matches_panel.model.rowCount() == 0
