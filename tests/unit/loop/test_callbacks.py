"""Callback commands over a real cache file: attempts, unreachable, outcomes, flags."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.domain.callback_rules import AttemptState
from app.domain.reference import load_checklists
from app.domain.vocabulary import RequestType
from app.models.callbacks import (
    CallbackRefused,
    close_unreachable,
    finish_callback,
    load_callback_case,
    record_attempt,
)
from app.models.db import CacheDatabase
from app.models.tables import Case, Note, Outbox
from tests.unit.loop.cases import CLIENT, OPERATOR, T0, reported_done

TEMPLATES = load_checklists()
SOLVED = {
    "reached": True,
    "identity_confirmed": True,
    "unit_contacted": True,
    "resolution": "resolved",
    "satisfaction": "satisfied",
}


def actions(db: CacheDatabase, case_id: str) -> list[str]:
    with db.read() as session:
        rows = session.scalars(
            select(Outbox).where(Outbox.entity_id == case_id).order_by(Outbox.seq)
        )
        return [row.payload.get("action", row.kind) for row in rows]


def test_attempt_starts_the_callback_and_is_appended(db: CacheDatabase) -> None:
    case_id = reported_done(db, request_type="consultation")
    with db.write() as session:
        result = record_attempt(
            session, case_id, reached=False, actor=OPERATOR, client_id=CLIENT, now=T0
        )
    assert result.to_status == "in_callback"
    assert actions(db, case_id)[-2:] == ["start_callback", "callback_attempt"]
    with db.read() as session:
        row = session.scalars(select(Outbox).order_by(Outbox.seq.desc())).first()
        assert row is not None and row.payload["args"]["record_id"] == result.record_id
        shown = load_callback_case(
            session, case_id, TEMPLATES[RequestType.CONSULTATION], T0
        )
    assert [a.reached for a in shown.attempts] == [False]
    assert shown.plan.state is AttemptState.WAIT


@pytest.mark.parametrize(
    ("request_type", "status"),
    [("consultation", "closed"), ("complaint", "in_callback")],
)
def test_unreachable_after_three_attempts(
    db: CacheDatabase, request_type: str, status: str
) -> None:
    case_id = reported_done(db, request_type=request_type)
    template = TEMPLATES[RequestType(request_type)]
    for hours in (0, 2, 5):
        with db.write() as session:
            record_attempt(
                session,
                case_id,
                reached=False,
                actor=OPERATOR,
                client_id=CLIENT,
                now=T0 + timedelta(hours=hours),
            )
    with db.write() as session:
        plan = load_callback_case(
            session, case_id, template, T0 + timedelta(hours=6)
        ).plan
        assert plan.state is AttemptState.UNREACHABLE
        close_unreachable(session, case_id, plan, actor=OPERATOR, client_id=CLIENT)
    with db.read() as session:
        case = session.get(Case, case_id)
        assert case is not None and case.status == status
        notes = session.scalars(select(Note.body).where(Note.case_id == case_id)).all()
    assert any("无法联系" in body for body in notes) is (status == "in_callback")


def test_unreachable_refused_while_attempts_remain(db: CacheDatabase) -> None:
    case_id = reported_done(db, request_type="consultation")
    with db.write() as session:
        record_attempt(
            session, case_id, reached=False, actor=OPERATOR, client_id=CLIENT
        )
        plan = load_callback_case(
            session, case_id, TEMPLATES[RequestType.CONSULTATION], T0
        ).plan
        with pytest.raises(CallbackRefused):
            close_unreachable(session, case_id, plan, actor=OPERATOR, client_id=CLIENT)


def test_not_solved_cannot_close_and_redo_needs_reason(db: CacheDatabase) -> None:
    case_id = reported_done(db, request_type="help")
    template = TEMPLATES[RequestType.HELP]
    answers = {**SOLVED, "resolution": "unresolved", "satisfaction": "unsatisfied"}
    with db.write() as session:
        with pytest.raises(CallbackRefused) as refused:
            finish_callback(
                session,
                case_id,
                template,
                answers,
                redo=False,
                actor=OPERATOR,
                client_id=CLIENT,
            )
        assert refused.value.code == "redo_required"
        with pytest.raises(CallbackRefused):
            finish_callback(
                session,
                case_id,
                template,
                answers,
                redo=True,
                actor=OPERATOR,
                client_id=CLIENT,
            )
    with db.write() as session:
        outcome = finish_callback(
            session,
            case_id,
            template,
            answers,
            redo=True,
            reason="路灯仍不亮",
            actor=OPERATOR,
            client_id=CLIENT,
        )
    assert outcome.to_status == "redo"
    assert set(outcome.redo_because) == {"resolution", "satisfaction"}
    with db.read() as session:
        case = session.get(Case, case_id)
        assert case is not None and case.redo_count == 1
        assert case.satisfaction == "unsatisfied"
    assert actions(db, case_id)[-1] == "callback_redo"


def test_satisfied_caller_closes(db: CacheDatabase) -> None:
    case_id = reported_done(db, request_type="consultation", contact=True)
    with db.write() as session:
        outcome = finish_callback(
            session,
            case_id,
            TEMPLATES[RequestType.CONSULTATION],
            SOLVED,
            redo=False,
            actor=OPERATOR,
            client_id=CLIENT,
        )
    assert outcome.to_status == "closed"
    assert outcome.disagreement is None


def test_incomplete_checklist_refused(db: CacheDatabase) -> None:
    case_id = reported_done(db, request_type="consultation")
    with db.write() as session, pytest.raises(CallbackRefused) as refused:
        finish_callback(
            session,
            case_id,
            TEMPLATES[RequestType.CONSULTATION],
            {"reached": True},
            redo=False,
            actor=OPERATOR,
            client_id=CLIENT,
        )
    assert refused.value.code == "checklist_incomplete"


@pytest.mark.parametrize("unit_recorded", [True, False])
def test_contact_disagreement_is_flagged(
    db: CacheDatabase, unit_recorded: bool
) -> None:
    case_id = reported_done(db, request_type="consultation", contact=unit_recorded)
    answers = {**SOLVED, "unit_contacted": not unit_recorded}
    with db.write() as session:
        outcome = finish_callback(
            session,
            case_id,
            TEMPLATES[RequestType.CONSULTATION],
            answers,
            redo=False,
            actor=OPERATOR,
            client_id=CLIENT,
        )
    assert outcome.disagreement is not None
    assert outcome.disagreement.unit_recorded_contact is unit_recorded
    with db.read() as session:
        notes = session.scalars(select(Note.body).where(Note.case_id == case_id)).all()
    assert any("联系记录不一致" in body for body in notes)
    assert actions(db, case_id)[-1] == "callback_close"
