"""Each intake flow driven through the widgets' own methods, waiting on signals."""

from __future__ import annotations

import threading
import urllib.request

from sqlalchemy import select

from app.models.db import open_cache
from app.models.tables import Case, Note, Outbox
from app.views.screen_pop import ScreenPopServer
from tests.gui.conftest import CALLER, PASSWORD


def _fill(form, *, narrative="小区门口路灯坏了一周，晚上很黑。", category="0101"):
    form.narrative_edit.setText(narrative)
    form.summary_edit.setText("路灯损坏")
    form.address_edit.setText("利州区东坝街道某小区门口")
    form.category_picker.choose(category)


def _cases(path):
    db = open_cache(path)
    try:
        with db.read() as session:
            return session.scalars(select(Case).order_by(Case.created_at)).all()
    finally:
        db.close()


def test_screen_pop_opens_intake_with_history_then_saves(qtbot, window, cache_path):
    server = ScreenPopServer(window)
    assert server.listen(0)
    server.call_popped.connect(window.pop_call)
    url = f"http://127.0.0.1:{server.port()}/call?number={CALLER}"
    answers: list[bytes] = []
    intake = window.intake_panel

    with qtbot.waitSignal(intake.history_shown, timeout=10_000):
        caller = threading.Thread(
            target=lambda: answers.append(urllib.request.urlopen(url, timeout=5).read())
        )
        caller.start()
    caller.join()
    assert answers == [b"ok\n"]
    assert intake.form.caller_edit.text() == CALLER
    assert "1 open case(s)" in intake.history_panel.summary_text() or "1" in (
        intake.history_panel.summary_text()
    )
    assert intake.history_panel.model.rowCount() == 1

    _fill(intake.form)
    with qtbot.waitSignal(intake.case_saved, timeout=10_000) as saved:
        intake.save_registered()
    result = saved.args[0]
    assert result.status == "registered"
    assert result.provisional_no.startswith("T1-")
    rows = _cases(cache_path)
    assert [r.provisional_no for r in rows][-1] == result.provisional_no
    assert rows[-1].narrative == "小区门口路灯坏了一周，晚上很黑。"
    server.close()


def test_screen_pop_refuses_other_paths(qtbot, window):
    server = ScreenPopServer(window)
    assert server.listen(0)
    url = f"http://127.0.0.1:{server.port()}/other"
    errors: list[int] = []

    def call() -> None:
        try:
            urllib.request.urlopen(url, timeout=5)
        except urllib.error.HTTPError as error:
            errors.append(error.code)

    caller = threading.Thread(target=call)
    caller.start()
    qtbot.waitUntil(lambda: not caller.is_alive(), timeout=10_000)
    assert errors == [404]
    server.close()


def test_repeat_call_is_matched_linked_and_unlinked(qtbot, window, cache_path):
    intake = window.intake_panel
    window.new_intake(CALLER)
    with qtbot.waitSignal(intake.lookups_done, timeout=10_000):
        intake.form.narrative_edit.setText("还是社保卡补办的事，没人联系我。")
    matches = intake.matches_panel.model.rows()
    assert len(matches) == 1
    assert "同一来电号码" in matches[0].reasons_zh[0]

    intake.matches_panel.table_view.selectRow(0)
    intake.matches_panel.link_button.click()
    assert intake.form.values().linked_case_id == matches[0].case.case_id
    assert matches[0].case.number in intake.matches_panel.link_text()

    intake.matches_panel.unlink_button.click()
    assert intake.form.values().linked_case_id == ""
    assert not intake.matches_panel.unlink_button.isEnabled()

    intake.matches_panel.link_button.click()
    with qtbot.waitSignal(intake.case_saved, timeout=10_000) as saved:
        intake.save_registered()
    assert saved.args[0].linked_to == matches[0].case.case_id
    assert len(_cases(cache_path)) == 1  # no new case: the call joined the old one
    db = open_cache(cache_path)
    with db.read() as session:
        notes = session.scalars(select(Note)).all()
    db.close()
    assert len(notes) == 1 and "并单" in notes[0].body


def test_dispatch_suggests_lead_unit_and_saves(qtbot, window, cache_path):
    intake = window.intake_panel
    window.new_intake("13900001111")
    _fill(intake.form, category="0101")
    with qtbot.waitSignal(intake.lookups_done, timeout=10_000):
        intake.form.area_picker.set_area_code("510802")
    handling = intake.handling_panel
    assert handling.lead_combo.currentData() == "510802-RSJ"
    assert "人力资源" in handling.suggestion_label.text() or "RSJ" in (
        handling.lead_combo.currentData()
    )

    with qtbot.waitSignal(intake.case_saved, timeout=10_000) as saved:
        handling.request_dispatch()
    assert saved.args[0].status == "dispatched"
    case = _cases(cache_path)[-1]
    assert case.lead_unit_code == "510802-RSJ"
    assert case.handling_mode == "dispatched"


def test_answer_on_call_needs_and_records_a_citation(qtbot, window, cache_path):
    intake = window.intake_panel
    window.new_intake("13900002222")
    with qtbot.waitSignal(intake.lookups_done, timeout=10_000):
        _fill(intake.form, narrative="想问一下社保卡丢了怎么补办")
        intake.form.summary_edit.setText("社保卡补办")

    with qtbot.waitSignal(intake.save_failed, timeout=5_000) as refused:
        intake.handling_panel.request_answer_on_call()
    assert "引用知识" in refused.args[0]

    hits = intake.knowledge_panel.model.rows()
    assert hits and hits[0].article_id == "a-shebao"
    intake.knowledge_panel.cite_button.click()
    with qtbot.waitSignal(intake.case_saved, timeout=10_000) as saved:
        intake.handling_panel.request_answer_on_call()
    assert saved.args[0].status == "answered_on_call"
    case = _cases(cache_path)[-1]
    assert case.cited_article_ids == ["a-shebao"]
    assert case.status == "answered_on_call"


def test_emergency_transfer_is_logged(qtbot, window, cache_path):
    intake = window.intake_panel
    window.new_intake("13900003333")
    _fill(intake.form, narrative="楼下有人受伤倒地，需要救护车")
    handling = intake.handling_panel
    handling.emergency_combo.setCurrentIndex(handling.emergency_combo.findData("120"))
    handling.emergency_reason_edit.setText("已转120")
    with qtbot.waitSignal(intake.case_saved, timeout=10_000) as saved:
        handling.request_emergency_transfer()
    assert saved.args[0].status == "emergency_transferred"
    db = open_cache(cache_path)
    with db.read() as session:
        notes = [n.body for n in session.scalars(select(Note))]
        kinds = [o.kind for o in session.scalars(select(Outbox))]
    db.close()
    assert any("即时转办 120" in body for body in notes)
    assert "case.create" in kinds


def test_validation_errors_are_shown_and_nothing_is_saved(qtbot, window, cache_path):
    intake = window.intake_panel
    form = intake.form
    window.new_intake("12")
    form.enterprise_radio.setChecked(True)
    form.enterprise_edit.setText("广元某某商贸有限公司")
    form.credit_edit.setText("91510800MA62X0XX0X")
    long_text = "很" * (form.narrative_edit.limit + 500)
    form.narrative_edit.edit.insertPlainText(long_text)

    assert form.narrative_edit.text() == long_text  # kept whole, never cut
    assert form.narrative_edit.counter.property("over") is True
    assert form.error_text("credit_code")  # checked as typed
    with qtbot.waitSignal(intake.save_failed, timeout=5_000):
        intake.save_registered()
    for field in ("caller_number", "narrative", "credit_code", "category_code"):
        assert form.error_text(field), field
    assert len(_cases(cache_path)) == 1

    window.set_language("en")
    form.validate()
    assert "category" in form.error_text("category_code").lower()


def test_draft_survives_a_crash(qtbot, qapp, runner, store, cache_path, reference):
    from app.views.config import DeskConfig
    from app.views.login_dialog import Operator
    from app.views.main_window import MainWindow

    def build():
        config = DeskConfig(autosave_seconds=0.1, idle_lock_minutes=60)
        main = MainWindow(runner, store, config, Operator("op1", "Op"), lambda _p: True)
        qtbot.addWidget(main)
        main.set_reference(reference)
        return main

    first = build()
    first.new_intake("13900004444")
    with qtbot.waitSignal(first.intake_panel.draft_saved, timeout=10_000):
        first.intake_panel.form.narrative_edit.setText("半夜工地施工噪音扰民")
    draft_id = first.intake_panel.draft_id()
    # The crash: the window goes without closeEvent, nothing else is written.
    first.intake_panel._autosave_timer.stop()
    first.hide()

    second = build()
    with qtbot.waitSignal(
        runner.finished, timeout=10_000, check_params_cb=lambda o: o.name == "drafts"
    ) as loaded:
        runner.submit("drafts", store.load_drafts)
    drafts = loaded.args[0].result
    assert [d[0] for d in drafts] == [draft_id]
    second.intake_panel.restore_draft(*drafts[0])
    assert second.intake_panel.form.narrative_edit.text() == "半夜工地施工噪音扰民"
    assert second.intake_panel.form.caller_edit.text() == "13900004444"


def test_idle_lock_keeps_the_draft(qtbot, window):
    intake = window.intake_panel
    window.new_intake(CALLER)
    intake.form.narrative_edit.setText("正在记录的诉求")
    with qtbot.waitSignal(window.idle_watcher.idle, timeout=5_000):
        window.idle_watcher.set_minutes(0.001)
    assert window.is_locked()

    window.lock_overlay.password_edit.setText("wrong")
    with qtbot.waitSignal(window.lock_overlay.refused, timeout=10_000):
        window.lock_overlay.try_unlock()  # checked on the network lane
    assert window.is_locked()
    assert window.lock_overlay.error_label.text()

    window.idle_watcher.set_minutes(60)
    window.lock_overlay.password_edit.setText(PASSWORD)
    with qtbot.waitSignal(window.lock_overlay.unlocked, timeout=10_000):
        window.lock_overlay.try_unlock()
    assert not window.is_locked()
    assert intake.form.narrative_edit.text() == "正在记录的诉求"


def test_lock_shortcut_action(qtbot, window):
    window.actions["lock"].trigger()
    assert window.is_locked()


def test_cached_dispatch_rule_beats_the_files_rule(qtbot, window, runner, store):
    # A decision of the disputes meeting, pulled from the server into the cache,
    # for the same prefixes as the shipped file's line (01, 510802 -> 510802-RSJ).
    from app.models.tables import DispatchRule

    with store.db.write() as session:
        session.add(
            DispatchRule(
                category_prefix="01",
                area_prefix="510802",
                lead_unit_code="510802-YBJ",
                co_unit_codes=["510802-GOV"],
                note="联席会议裁定",
            )
        )
    loaded = []
    runner.submit("reference data", store.reference_data, loaded.append)
    qtbot.waitUntil(lambda: bool(loaded), timeout=10_000)
    window.set_reference(loaded[0])

    intake = window.intake_panel
    window.new_intake("13900001111")
    _fill(intake.form, category="0101")
    with qtbot.waitSignal(intake.lookups_done, timeout=10_000):
        intake.form.area_picker.set_area_code("510802")
    handling = intake.handling_panel
    assert handling.lead_combo.currentData() == "510802-YBJ"
    assert "利州区人民政府" in handling.suggestion_label.text()
