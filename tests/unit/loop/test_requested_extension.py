"""The due date a unit asks for stays in the cache until a supervisor decides.

It reaches a desk two ways: the handler's own command (its arguments) and, on every
other desk, the history line pulled from the server (its event data).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app.domain.workflow import Action
from app.models.review import act, load_case_detail, requested_extension
from app.models.tables import Outbox
from app.sync import wire
from app.sync.apply import apply_changes
from tests.unit.loop.cases import (
    CLIENT,
    HANDLER,
    SUPERVISOR,
    T0,
    command,
    dispatched,
)

ASKED = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)


def test_the_handlers_request_keeps_its_date_until_the_decision(db):
    case_id = dispatched(db)
    command(db, case_id, Action.ACCEPT, HANDLER)
    with db.write() as session:
        act(
            session,
            case_id,
            Action.REQUEST_EXTENSION,
            actor=HANDLER,
            client_id=CLIENT,
            reason="需协调供电公司",
            requested_due_at=ASKED,
            now=T0 + timedelta(hours=1),
        )

    with db.read() as session:
        assert requested_extension(session, case_id) == ASKED
        assert load_case_detail(session, case_id).requested_due_at == ASKED
        sent = session.scalars(
            select(Outbox).where(Outbox.entity_id == case_id).order_by(Outbox.seq)
        ).all()[-1]
        assert sent.payload["args"]["requested_due_at"].startswith("2026-03-20T10:00")

    with db.write() as session:
        act(
            session,
            case_id,
            Action.APPROVE_EXTENSION,
            actor=SUPERVISOR,
            client_id=CLIENT,
            reason="同意",
            due_at=ASKED,
            now=T0 + timedelta(hours=2),
        )
    with db.read() as session:
        # Decided: the dialog has nothing left to prefill.
        assert load_case_detail(session, case_id).requested_due_at is None


def test_a_pulled_request_brings_its_date(db):
    case_id = dispatched(db)
    command(db, case_id, Action.ACCEPT, HANDLER)
    command(
        db,
        case_id,
        Action.REQUEST_EXTENSION,
        HANDLER,
        at=T0 + timedelta(hours=1),
        reason="需协调",
    )
    with db.read() as session:
        assert requested_extension(session, case_id) is None  # no date recorded

    later = T0 + timedelta(hours=3)
    event = wire.Change(
        entity="case_event",
        id=str(uuid.uuid4()),
        version=41,
        op="upsert",
        data={
            "case_id": case_id,
            "action": "request_extension",
            "from_status": "accepted",
            "to_status": "extension_requested",
            "actor": "h2",
            "role": "handler",
            "at": later.isoformat(),
            "reason": "再需协调",
            "requested_due_at": ASKED.isoformat(),
        },
    )
    with db.write() as session:
        apply_changes(session, [event])
    with db.read() as session:
        assert requested_extension(session, case_id) == ASKED
        assert load_case_detail(session, case_id).requested_due_at == ASKED
