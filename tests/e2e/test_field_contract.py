"""The cache's case.create payload and the server agree on every field."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine, select, text

from app.domain.workflow import Action
from app.models.cases import record_command, save_new_case
from app.models.tables import Case, Outbox
from app.sync.status import SyncStatus
from tests.e2e.harness import ServerProcess, Workstation

Make = Callable[..., Workstation]


def _server_case(server: ServerProcess, case_id: str) -> tuple[str, dict[str, object]]:
    engine = create_engine(server.database_url)
    try:
        with engine.connect() as db:
            row = db.execute(
                text("SELECT status, fields FROM cases WHERE id = :id"), {"id": case_id}
            ).one()
    finally:
        engine.dispose()
    fields = row[1] if isinstance(row[1], dict) else json.loads(row[1])
    return str(row[0]), fields


def test_case_dispatched_at_intake_is_applied_with_server_deadlines(
    server: ServerProcess, workstation: Make
) -> None:
    op = workstation("op4")
    # A workstation deadline that is plainly not the server's: the server's must win.
    far = datetime.now(UTC) + timedelta(days=400)
    with op.cache.write() as session:
        saved = save_new_case(
            session,
            {
                "request_type": "complaint",
                "narrative": "社保卡补办后仍无法使用",
                "category_code": "SB",
                "cited_article_ids": ["a-shebao"],
            },
            actor=op.actor,
            station_prefix="FC1",
            client_id=op.engine.client_id,
        )
        record_command(
            session,
            saved.case_id,
            Action.DISPATCH,
            {
                "lead_unit_code": "510800-RSJ",
                "co_unit_codes": ["510800-YBJ"],
                "accept_due_at": far.isoformat(),
                "due_at": far.isoformat(),
            },
            actor=op.actor,
            client_id=op.engine.client_id,
        )
    with op.cache.read() as session:
        create = session.scalars(
            select(Outbox).where(Outbox.kind == "case.create")
        ).one()
        assert create.payload["cited_article_ids"] == ["a-shebao"]
        assert not {"accept_due_at", "due_at", "deadline_confirmed"} & set(
            create.payload
        )

    report = op.engine.sync_once()

    assert report.status == SyncStatus.ONLINE, report.message
    status, fields = _server_case(server, saved.case_id)
    assert status == "dispatched"
    assert fields["cited_article_ids"] == ["a-shebao"]
    with op.cache.read() as session:
        states = session.scalars(
            select(Outbox.state).where(Outbox.entity_id == saved.case_id)
        ).all()
        assert states == ["applied", "applied"]
        case = session.get(Case, saved.case_id)
        assert case is not None
        assert case.official_no
        assert case.status == "dispatched"
        assert case.lead_unit_code == "510800-RSJ"
        assert case.cited_article_ids == ["a-shebao"]
        assert case.due_at is not None and case.accept_due_at is not None
        assert case.due_at == datetime.fromisoformat(str(fields["due_at"]))
        assert case.accept_due_at == datetime.fromisoformat(
            str(fields["accept_due_at"])
        )
        assert case.due_at < far - timedelta(days=300)
        assert case.deadline_confirmed is fields["deadline_confirmed"]
