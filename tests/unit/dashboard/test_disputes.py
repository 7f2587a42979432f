"""The disputes register, decisions queued for the catalogue, and the agenda CSV."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.domain.errors import FieldError
from app.domain.vocabulary import Role
from app.models.agenda import AGENDA_HEADER, write_agenda_csv
from app.models.db import CacheDatabase
from app.models.disputes import (
    catalogue_client_id,
    dispute_register,
    list_decisions,
    record_decision,
)
from app.models.results import Actor
from app.models.tables import AuditEvent, Outbox
from tests.unit.dashboard.builders import add_case, add_event, add_reference, local

A = "510802001001"
MARCH = date(2026, 3, 1)
APRIL = date(2026, 4, 1)
CLIENT = "6f1c1a52-1d7e-4a40-9a0e-2f5b8d0c3e11"
SUPERVISOR = Actor("sup1", Role.SUPERVISOR)


@pytest.fixture
def returns(db: CacheDatabase) -> CacheDatabase:
    with db.write() as s:
        add_reference(s)
        # Returned by WATER (named on the return), approved, reassigned to HOUSING.
        p1 = add_case(
            s,
            local(2026, 3, 1),
            status="dispatched",
            official_no="GY-1",
            lead_unit_code="HOUSING",
            category_code="0101",
            area_code=A,
        )
        # Returned by WATER (named by the approval), re-dispatched: lead now HOUSING.
        p2 = add_case(
            s,
            local(2026, 3, 2),
            status="dispatched",
            official_no="GY-2",
            lead_unit_code="HOUSING",
            category_code="0101",
            area_code=A,
        )
        # Refused: stays with WATER.
        p3 = add_case(
            s,
            local(2026, 3, 3),
            status="accepted",
            official_no="GY-3",
            lead_unit_code="WATER",
            category_code="0102",
            area_code=A,
        )
        # Pending, late on the last local day of March (15:30 UTC).
        p4 = add_case(
            s,
            local(2026, 3, 4),
            status="return_requested",
            provisional_no="WS-4",
            lead_unit_code="ECO",
            category_code="0102",
            area_code=A,
        )
        # Pending, 00:30 local on 1 April (still 31 March in UTC): an April item.
        p5 = add_case(
            s,
            local(2026, 3, 5),
            status="return_requested",
            official_no="GY-5",
            lead_unit_code="WATER",
            category_code="0101",
        )
        # February: outside the months asked for.
        p6 = add_case(
            s,
            local(2026, 2, 1),
            status="accepted",
            official_no="GY-6",
            lead_unit_code="WATER",
        )
        s.flush()

        add_event(
            s, p1, "dispatch", local(2026, 3, 1, 11), data={"lead_unit_code": "WATER"}
        )
        add_event(
            s,
            p1,
            "request_return",
            local(2026, 3, 5),
            reason="不属于本局职责",
            data={"unit_code": "WATER"},
        )
        add_event(s, p1, "approve_return", local(2026, 3, 6))
        add_event(
            s, p1, "reassign", local(2026, 3, 6, 11), data={"lead_unit_code": "HOUSING"}
        )
        add_event(
            s, p2, "request_return", local(2026, 3, 10), reason="小区二次供水由物业负责"
        )
        add_event(
            s, p2, "approve_return", local(2026, 3, 11), data={"returned_by": "WATER"}
        )
        add_event(s, p2, "reassign", local(2026, 3, 11, 15))
        add_event(s, p3, "request_return", local(2026, 3, 12), reason="不属于本局职责")
        add_event(s, p3, "refuse_return", local(2026, 3, 13), reason="属供水管网")
        add_event(
            s,
            p4,
            "request_return",
            local(2026, 3, 31, 23, 30),
            reason="噪音应由公安处理",
        )
        add_event(s, p5, "request_return", local(2026, 4, 1, 0, 30), reason="非本辖区")
        add_event(s, p6, "request_return", local(2026, 2, 15), reason="旧争议")
    return db


def _summary(groups: object) -> list[tuple[str, str, str, int, dict[str, int]]]:
    return [
        (g.month, g.from_unit, g.to_unit, g.count, g.outcomes())
        for g in groups  # type: ignore[attr-defined]
    ]


def test_returns_grouped_by_pair_and_month(returns: CacheDatabase) -> None:
    with returns.read() as s:
        groups = dispute_register(s, MARCH, MARCH)

    assert _summary(groups) == [
        ("2026-03", "ECO", "", 1, {"approved": 0, "refused": 0, "pending": 1}),
        ("2026-03", "WATER", "", 1, {"approved": 0, "refused": 1, "pending": 0}),
        ("2026-03", "WATER", "HOUSING", 2, {"approved": 2, "refused": 0, "pending": 0}),
    ]
    pair = groups[2]
    assert (pair.from_name, pair.to_name) == ("市水务局", "市住建局")
    assert pair.reasons == ("不属于本局职责", "小区二次供水由物业负责")
    assert [line.case_no for line in pair.returns] == ["GY-1", "GY-2"]
    assert pair.categories == ("0101",) and pair.areas == (A,)
    assert groups[1].returns[0].decision_reason == "属供水管网"
    assert groups[0].returns[0].case_no == "WS-4"


def test_months_follow_local_time(returns: CacheDatabase) -> None:
    with returns.read() as s:
        groups = dispute_register(s, MARCH, APRIL)

    assert [(g.month, g.from_unit) for g in groups][-1] == ("2026-04", "WATER")
    assert sum(g.count for g in groups) == 5


def test_decision_is_queued_apart_from_case_mutations(returns: CacheDatabase) -> None:
    with returns.read() as s:
        pair = dispute_register(s, MARCH, MARCH)[2]
    with returns.write() as s:
        decision = record_decision(
            s,
            pair,
            category_prefix="0101",
            area_prefix=A,
            lead_unit_code="HOUSING",
            co_unit_codes=["WATER"],
            note="二次供水归住建",
            actor=SUPERVISOR,
            client_id=CLIENT,
        )

    with returns.read() as s:
        row = s.get(Outbox, s.scalar(select(Outbox.id)))
        assert row is not None
        assert row.kind == "catalogue.rule" and row.state == "pending"
        assert row.client_id == catalogue_client_id(CLIENT) != CLIENT
        assert row.payload["dispute"]["case_ids"] == [r.case_id for r in pair.returns]
        audit = s.scalars(select(AuditEvent)).one()
        assert audit.entity_id == decision.rule_id
        listed = list_decisions(s, pending_only=True)
    assert [(d.rule_id, d.lead_unit_code, d.co_unit_codes) for d in listed] == [
        (decision.rule_id, "HOUSING", ("WATER",))
    ]
    assert listed[0].dispute_key == pair.key


def test_decision_refuses_a_unit_that_is_not_a_code(returns: CacheDatabase) -> None:
    with returns.read() as s:
        pair = dispute_register(s, MARCH, MARCH)[2]
    with pytest.raises(FieldError), returns.write() as s:
        record_decision(
            s,
            pair,
            category_prefix="0101",
            area_prefix="",
            lead_unit_code="住建 局;DROP",
            actor=SUPERVISOR,
            client_id=CLIENT,
        )
    with returns.read() as s:
        assert s.scalar(select(Outbox.id)) is None


def test_agenda_csv(returns: CacheDatabase, tmp_path: Path) -> None:
    with returns.read() as s:
        groups = dispute_register(s, MARCH, MARCH)
    path = write_agenda_csv(groups, tmp_path / "agenda.csv")

    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == AGENDA_HEADER
    # The pair with two returns comes first in its month.
    assert rows[1][1:8] == [
        "2026-03",
        "市水务局（WATER）",
        "市住建局（HOUSING）",
        "2",
        "2",
        "0",
        "0",
    ]
    assert rows[1][10] == "不属于本局职责；小区二次供水由物业负责"
    assert rows[1][11] == "GY-1；GY-2"
    assert [row[2] for row in rows[2:]] == ["市生态环境局（ECO）", "市水务局（WATER）"]
    assert rows[2][3] == "（中心待定）"
    assert len(rows) == 4
