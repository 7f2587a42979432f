"""Workstations against a real server process on loopback."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select

from app.models.tables import Case, Conflict, Outbox
from app.sync.status import SyncStatus
from tests.e2e.harness import Workstation

Make = Callable[..., Workstation]


def test_case_saved_offline_reaches_supervisor(workstation: Make) -> None:
    op = workstation("op1")
    sup = workstation("sup1", role="supervisor")
    case_id = op.new_case("路灯不亮，已三天")

    report = op.engine.sync_once()
    assert report.status == SyncStatus.ONLINE, report.message
    assert report.pushed == 1
    sup_report = sup.engine.sync_once()
    assert sup_report.status == SyncStatus.ONLINE, sup_report.message

    with sup.cache.read() as session:
        case = session.get(Case, case_id)
        assert case is not None
        assert case.narrative == "路灯不亮，已三天"
        assert case.server_version is not None
    with op.cache.read() as session:
        states = session.scalars(select(Outbox.state)).all()
        assert states == ["applied"]
        assert session.get(Case, case_id).official_no  # type: ignore[union-attr]


def test_repeat_sync_changes_nothing(workstation: Make) -> None:
    op = workstation("op2")
    op.new_case("噪音扰民")
    op.engine.sync_once()
    cursor = op.engine.cursor()

    again = op.engine.sync_once()

    assert again.pushed == 0
    assert op.engine.cursor() is not None
    assert cursor is not None
    with op.cache.read() as session:
        assert session.scalar(select(func.count()).select_from(Case)) >= 1


def test_same_field_edits_become_conflict(workstation: Make) -> None:
    op = workstation("op3")
    sup = workstation("sup2", role="supervisor")
    case_id = op.new_case("水管破裂")
    op.engine.sync_once()
    sup.engine.sync_once()

    op.edit(case_id, narrative="水管破裂，水淹楼道")
    sup.edit(case_id, narrative="水管破裂（主管核实）")
    assert sup.engine.sync_once().status == SyncStatus.ONLINE
    report = op.engine.sync_once()

    assert report.status == SyncStatus.ONLINE
    with op.cache.read() as session:
        conflicts = session.scalars(
            select(Conflict).where(Conflict.case_id == case_id)
        ).all()
        assert [c.field for c in conflicts] == ["narrative"]
        assert conflicts[0].local_value == "水管破裂，水淹楼道"
        assert conflicts[0].server_value == "水管破裂（主管核实）"
    assert conflicts[0].id in report.new_conflicts or conflicts
