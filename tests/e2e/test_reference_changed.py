"""A sync run says whether it brought reference data, against a real server.

The workstation reloads its lists only after a run that did; a run whose pages held
only cases must not say so, or every save would rebuild the operator's lists.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from app.models.tables import Department, DispatchRule
from app.sync.status import SyncStatus
from tests.e2e.centre import NEW_UNIT, decide_rule, publish
from tests.e2e.harness import ServerProcess, Workstation


def test_runs_report_reference_changes_and_only_those(
    server: ServerProcess, workstation: Callable[..., Workstation]
) -> None:
    op = workstation("op1")
    sup = workstation("sup1", role="supervisor")
    first = op.engine.sync_once()
    assert first.status == SyncStatus.ONLINE, first.message
    assert not first.reference_changed  # this server holds no reference rows yet

    publish(server.database_url, "department")
    unit = op.engine.sync_once()
    assert unit.status == SyncStatus.ONLINE, unit.message
    assert unit.pulled == 1 and unit.reference_changed
    with op.cache.read() as session:
        assert session.get(Department, NEW_UNIT) is not None

    op.new_case("小区路灯坏了一周")
    case_only = op.engine.sync_once()
    assert case_only.pushed == 1 and case_only.pulled >= 1
    assert not case_only.reference_changed

    decide_rule(sup, "0101", "510802", NEW_UNIT)
    rule = op.engine.sync_once()
    assert rule.reference_changed
    with op.cache.read() as session:
        leads = list(session.scalars(select(DispatchRule.lead_unit_code)))
    assert leads == [NEW_UNIT]

    nothing = op.engine.sync_once()
    assert nothing.pulled == 0 and not nothing.reference_changed

    # A workstation that starts later gets the rows in its first download.
    late = workstation("op2")
    download = late.engine.sync_once()
    assert download.status == SyncStatus.ONLINE, download.message
    assert download.downloaded >= 2 and download.reference_changed
