"""Queues and the case detail name units, categories and areas; codes in tooltips."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.domain.reference import load_departments
from app.domain.vocabulary import Role
from app.models.queues import Queue, QueueQuery
from app.models.tables import Area, Case, Category, Department
from app.views.case_detail import CaseDetailView
from app.views.case_rows_model import interface_language
from app.views.queue_model import UNIT as UNIT_COLUMN
from app.views.queue_model import QueueModel
from tests.unit.loop.cases import T0, UNIT, dispatched

WATER = "市自来水公司"


def add_reference(db) -> None:
    with db.write() as session:
        session.add(Department(code=UNIT, name_zh=WATER, kind="enterprise"))
        session.add_all(
            [
                Category(code="01", level=1, name_zh="社会保障", name_en="Social"),
                Category(
                    code="0102",
                    parent_code="01",
                    level=2,
                    name_zh="社会保险",
                    name_en="Insurance",
                ),
                Category(code="0103", parent_code="01", level=2, name_zh="就业"),
                Category(
                    code="010203",
                    parent_code="0102",
                    level=3,
                    name_zh="社保卡",
                    name_en="Social security card",
                ),
                Area(code="510802", level="district", name_zh="利州区"),
                Area(
                    code="510802001",
                    parent_code="510802",
                    level="township",
                    name_zh="东坝街道",
                ),
            ]
        )


def test_queue_shows_the_unit_name_and_its_code_as_tooltip(
    qtbot, runner, db, loop_store
):
    add_reference(db)
    named = dispatched(db)
    with db.write() as session:
        session.add(Department(code="D-GAS", name_zh="燃气公司", kind="enterprise"))
    model = QueueModel(runner, loop_store(Role.SUPERVISOR))
    with qtbot.waitSignal(model.loaded, timeout=10000):
        model.set_query(QueueQuery(Queue.ALL, now=T0))

    row = model.row_of(named)
    cell = model.index(row, UNIT_COLUMN)
    assert model.data(cell) == WATER
    assert UNIT in model.data(cell, Qt.ItemDataRole.ToolTipRole)
    assert model.rowCount() == 1  # the join adds no rows


def test_unknown_unit_code_is_shown_as_it_is(qtbot, runner, db, loop_store):
    dispatched(db)
    model = QueueModel(runner, loop_store(Role.SUPERVISOR))
    with qtbot.waitSignal(model.loaded, timeout=10000):
        model.set_query(QueueQuery(Queue.ALL, now=T0))
    assert model.data(model.index(0, UNIT_COLUMN)) == UNIT


def test_case_detail_names_category_area_and_unit(qtbot, runner, db, loop_store):
    add_reference(db)
    case_id = dispatched(db, category_code="010203", area_code="510802001")
    view = CaseDetailView(runner, loop_store(Role.SUPERVISOR))
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.open_case(case_id)

    table = view.fields_table
    shown = {
        name: table.item(row, 1)
        for row, (name, _value) in enumerate(view.detail.fields)
    }
    # Every level has an English name, so the path follows the interface language
    # (another test may have left the Chinese translators installed).
    paths = {
        "zh": "社会保障 › 社会保险 › 社保卡",
        "en": "Social › Insurance › Social security card",
    }
    assert shown["category_code"].text() == paths[interface_language()]
    assert shown["category_code"].toolTip() == "010203"
    assert shown["area_code"].text() == "利州区 › 东坝街道"
    assert shown["lead_unit_code"].text() == WATER
    assert shown["lead_unit_code"].toolTip() == UNIT


def test_category_path_in_chinese_when_a_level_has_no_english_name(db, loop_store):
    add_reference(db)
    names = loop_store(Role.SUPERVISOR).reference_names()
    assert names.category_path("010203", "zh") == "社会保障 › 社会保险 › 社保卡"
    assert names.category_path("0103", "en") == "社会保障 › 就业"
    assert names.category_path("999", "zh") == ""
    assert names.area_path("510802001") == "利州区 › 东坝街道"


def test_codes_the_cache_lacks_are_named_from_the_reference_files(
    qtbot, runner, db, loop_store
):
    unit = load_departments()[2]
    case_id = dispatched(db)
    with db.write() as session:
        session.get(Case, case_id).lead_unit_code = unit.code
    store = loop_store(Role.SUPERVISOR)
    assert store.reference_names().unit(unit.code) == unit.name_zh

    model = QueueModel(runner, store)
    with qtbot.waitSignal(model.loaded, timeout=10000):
        model.set_query(QueueQuery(Queue.ALL, now=T0))
    assert model.data(model.index(0, UNIT_COLUMN)) == unit.name_zh


def test_the_cache_name_wins_over_the_file(db, loop_store):
    unit = load_departments()[2]
    with db.write() as session:
        session.add(Department(code=unit.code, name_zh="新名称", kind="bureau"))
    assert loop_store(Role.SUPERVISOR).reference_names().unit(unit.code) == "新名称"
