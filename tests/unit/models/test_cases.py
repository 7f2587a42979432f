"""Saving, editing and acting on cases: one transaction for change, outbox and audit."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import StatementError

from app.domain.errors import FieldError, TransitionRefused
from app.domain.vocabulary import Role
from app.models.base import NaiveDatetimeError
from app.models.callers import caller_history
from app.models.cases import record_command, save_new_case, update_case_fields
from app.models.db import CacheDatabase
from app.models.drafts import discard_draft, load_drafts, save_draft
from app.models.errors import NotParked
from app.models.outbox import (
    enqueue,
    mark_mutations,
    park_mutation,
    pending_count,
    pending_mutations,
    record_failed_attempt,
    requeue_parked,
    unsent_lines,
)
from app.models.results import Actor
from app.models.review import list_rejections
from app.models.tables import (
    AuditEvent,
    Case,
    CaseEvent,
    Conflict,
    Note,
    Outbox,
    Rejection,
)

CLIENT = "0b9c2f7e-1111-4d0e-9a7c-222233334444"
OPERATOR = Actor("op-1", Role.OPERATOR)
HANDLER = Actor("h-1", Role.HANDLER)
SUPERVISOR = Actor("sv-1", Role.SUPERVISOR)
FIELDS = {
    "request_type": "complaint",
    "narrative": "噪音扰民，夜间施工\n已持续一周 𠮷",
    "caller_number": "13800138000",
    "caller_name": "王𪚥",
    "tags": ["噪音"],
}


def save(cache: CacheDatabase, fields: dict[str, object] | None = None, **kw: object):
    with cache.write() as session:
        return save_new_case(
            session,
            fields or FIELDS,
            actor=OPERATOR,
            station_prefix="GY01",
            client_id=CLIENT,
            **kw,  # type: ignore[arg-type]
        )


def count(cache: CacheDatabase, table: type) -> int:
    with cache.read() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def test_save_writes_case_event_outbox_and_audit(cache: CacheDatabase) -> None:
    first = save(cache)
    second = save(cache)

    assert (first.provisional_no, second.provisional_no) == (
        "GY01-000001",
        "GY01-000002",
    )
    assert (first.seq, second.seq) == (1, 2)
    with cache.read() as session:
        case = session.get(Case, first.case_id)
        assert case is not None and case.narrative == FIELDS["narrative"]
        assert case.status == "registered"
        outbox = session.get(Outbox, first.mutation_id)
        assert outbox is not None and outbox.kind == "case.create"
        assert outbox.payload["provisional_no"] == "GY01-000001"
        assert outbox.payload["caller_name"] == "王𪚥"
        audit = session.scalars(
            select(AuditEvent).where(AuditEvent.entity_id == first.case_id)
        ).one()
        # The audit line carries ids and codes, never the caller's details.
        assert "王𪚥" not in str(audit.detail) and "13800138000" not in str(
            audit.detail
        )
    assert count(cache, CaseEvent) == 2


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("narrative", "含有\x00空字符"),
        ("caller_name", "换行\n不允许"),
        ("summary", "长" * 201),
        ("request_type", "gossip"),
        ("tags", "not a list"),
        ("due_at", datetime(2026, 10, 1, 9, 0)),
        ("status", "closed"),
    ],
)
def test_refused_field_writes_nothing(
    cache: CacheDatabase, field: str, value: object
) -> None:
    with pytest.raises(FieldError) as refused:
        save(cache, {**FIELDS, field: value})

    assert refused.value.field == field
    assert count(cache, Case) == count(cache, Outbox) == count(cache, AuditEvent) == 0


def test_missing_narrative_is_refused(cache: CacheDatabase) -> None:
    with pytest.raises(FieldError):
        save(cache, {"request_type": "help"})


def test_naive_datetime_never_reaches_the_file(cache: CacheDatabase) -> None:
    saved = save(cache)
    with pytest.raises(StatementError) as refused, cache.write() as session:
        case = session.get(Case, saved.case_id)
        assert case is not None
        case.due_at = datetime(2026, 10, 1, 9, 0)
        session.flush()
    assert isinstance(refused.value.orig, NaiveDatetimeError)

    with cache.write() as session:
        case = session.get(Case, saved.case_id)
        assert case is not None
        case.due_at = datetime(2026, 10, 1, 17, 0, tzinfo=timezone(timedelta(hours=8)))
    with cache.read() as session:
        stored = session.get(Case, saved.case_id)
        assert stored is not None and stored.due_at == datetime(
            2026, 10, 1, 9, tzinfo=UTC
        )


def test_answered_on_call_gets_its_own_status(cache: CacheDatabase) -> None:
    saved = save(cache, {**FIELDS, "handling_mode": "answered_on_call"})
    assert saved.status == "answered_on_call"


def test_update_carries_changes_and_base(cache: CacheDatabase) -> None:
    saved = save(cache)
    with cache.write() as session:
        change = update_case_fields(
            session,
            saved.case_id,
            {"summary": "夜间施工噪音", "narrative": FIELDS["narrative"]},
            actor=OPERATOR,
            client_id=CLIENT,
        )
        nothing = update_case_fields(
            session,
            saved.case_id,
            {"summary": "夜间施工噪音"},
            actor=OPERATOR,
            client_id=CLIENT,
        )

    assert change.changed_fields == ("summary",) and nothing.mutation_id is None
    with cache.read() as session:
        outbox = session.get(Outbox, change.mutation_id)
        assert outbox is not None and outbox.kind == "case.update"
        assert outbox.payload == {
            "changes": {"summary": "夜间施工噪音"},
            "base": {"summary": ""},
        }
    with pytest.raises(FieldError), cache.write() as session:
        update_case_fields(
            session,
            saved.case_id,
            {"status": "closed"},
            actor=OPERATOR,
            client_id=CLIENT,
        )


def test_commands_follow_the_workflow(cache: CacheDatabase) -> None:
    saved = save(cache)
    with cache.write() as session:
        dispatched = record_command(
            session,
            saved.case_id,
            "dispatch",
            {"lead_unit_code": "GY-ZJJ", "due_at": "2026-10-20T09:00:00+08:00"},
            actor=OPERATOR,
            client_id=CLIENT,
        )
        note = record_command(
            session,
            saved.case_id,
            "add_note",
            {"body": "已电话联系"},
            actor=OPERATOR,
            client_id=CLIENT,
        )

    assert (dispatched.from_status, dispatched.to_status) == (
        "registered",
        "dispatched",
    )
    with cache.read() as session:
        case = session.get(Case, saved.case_id)
        assert case is not None and case.lead_unit_code == "GY-ZJJ"
        assert case.due_at == datetime(2026, 10, 20, 1, tzinfo=UTC)
        assert session.get(Note, note.record_id) is not None
        outbox = session.get(Outbox, note.mutation_id)
        assert outbox is not None
        assert outbox.payload["args"]["record_id"] == note.record_id

    before = count(cache, Outbox)
    with pytest.raises(TransitionRefused), cache.write() as session:
        record_command(
            session, saved.case_id, "close", {}, actor=OPERATOR, client_id=CLIENT
        )
    assert count(cache, Outbox) == before


def test_an_action_is_journalled_and_queued_against_the_server_version(
    cache: CacheDatabase,
) -> None:
    """Its history line, mutation and audit event: all three or none."""
    saved = save(cache)
    with cache.write() as session:
        mark_mutations(
            session,
            [{"id": saved.mutation_id, "status": "applied", "entity_version": 4}],
        )
    stamp = datetime(2026, 10, 2, 1, tzinfo=UTC)
    with cache.write() as session:
        result = record_command(
            session,
            saved.case_id,
            "dispatch",
            {"lead_unit_code": "GY-ZJJ"},
            actor=OPERATOR,
            client_id=CLIENT,
            now=stamp,
        )

    with cache.read() as session:
        event = session.scalars(
            select(CaseEvent).where(CaseEvent.action == "dispatch")
        ).one()
        mutation = session.get(Outbox, result.mutation_id)
        audit = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "case.dispatch")
        ).one()
    assert (event.case_id, event.at, event.actor) == (saved.case_id, stamp, "op-1")
    assert (event.from_status, event.to_status) == ("registered", "dispatched")
    assert mutation is not None and mutation.entity_id == saved.case_id
    assert (mutation.kind, mutation.base_version) == ("case.command", 4)
    assert (mutation.author, mutation.created_at, mutation.seq) == ("op-1", stamp, 2)
    assert (audit.entity_type, audit.entity_id) == ("case", saved.case_id)
    assert (audit.actor, audit.at) == ("op-1", stamp)
    assert audit.detail == {"from": "registered", "to": "dispatched", "record_id": None}

    written = [count(cache, table) for table in (CaseEvent, Outbox, AuditEvent)]
    with pytest.raises(RuntimeError), cache.write() as session:
        update_case_fields(
            session,
            saved.case_id,
            {"summary": "夜间施工噪音"},
            actor=OPERATOR,
            client_id=CLIENT,
        )
        raise RuntimeError("the workstation lost power before the commit")
    assert [count(cache, table) for table in (CaseEvent, Outbox, AuditEvent)] == written


def test_server_answers_are_recorded_once(cache: CacheDatabase) -> None:
    created = save(cache)
    other = save(cache)
    third = save(cache)
    answers = [
        {
            "id": created.mutation_id,
            "status": "applied",
            "entity_version": 4,
            "official_no": "GY2026100001",
        },
        {
            "id": other.mutation_id,
            "status": "conflict",
            "entity_version": 2,
            "conflicts": [
                {
                    "conflict_id": "8c3e0a52-0000-4000-8000-000000000001",
                    "field": "summary",
                    "base_value": "",
                    "server_value": "甲",
                    "client_value": "乙",
                }
            ],
        },
        {
            "id": third.mutation_id,
            "status": "rejected",
            "reason_zh": "无权限",
            "reason_en": "Not allowed",
        },
    ]
    with cache.write() as session:
        first = mark_mutations(session, answers)
        again = mark_mutations(session, answers)
        unknown = mark_mutations(session, [{"id": "nope", "status": "applied"}])

    assert first.counts == again.counts == {"applied": 1, "conflict": 1, "rejected": 1}
    assert unknown.unknown == ("nope",)
    assert count(cache, Conflict) == count(cache, Rejection) == 1
    with cache.read() as session:
        case = session.get(Case, created.case_id)
        assert case is not None
        assert (case.server_version, case.official_no) == (4, "GY2026100001")
        assert pending_count(session) == 0


def test_refused_changes_name_the_case_or_leave_it_out_for_an_article(
    cache: CacheDatabase,
) -> None:
    saved = save(cache)
    with cache.write() as session:
        flag = enqueue(
            session,
            client_id=CLIENT,
            kind="knowledge.flag",
            entity_id="5d0c7a0e-0000-4000-8000-00000000a001",
            base_version=None,
            payload={"article_id": "kb-water", "reason": "网址已更换"},
            author=OPERATOR.username,
            now=datetime.now(UTC),
        )
        refused = {"status": "rejected", "reason_zh": "不允许", "reason_en": "No"}
        mark_mutations(
            session,
            [{"id": saved.mutation_id, **refused}, {"id": flag.id, **refused}],
        )

    with cache.read() as session:
        lines = {line.what: line for line in list_rejections(session)}
    assert lines["case.create"].case_number == saved.provisional_no
    assert lines["knowledge.flag"].case_number == ""
    assert lines["knowledge.flag"].sent["article_id"] == "kb-water"


def test_pending_in_order_and_parked_leave_the_queue(cache: CacheDatabase) -> None:
    saved = [save(cache) for _ in range(3)]
    with cache.write() as session:
        park_mutation(session, saved[0].mutation_id, "server error 500 five times")
    with cache.read() as session:
        pending = pending_mutations(session, 10)
        assert [item.seq for item in pending] == [2, 3]
        assert pending_count(session) == 2
        wire = pending[0].to_wire()
    assert wire["kind"] == "case.create" and wire["created_at"].endswith("+00:00")


def test_unsent_lists_parked_first_and_only_the_author_sends_one_again(
    cache: CacheDatabase,
) -> None:
    saved = [save(cache) for _ in range(3)]
    with cache.write() as session:
        record_failed_attempt(session, saved[0].mutation_id, "500 internal")
        park_mutation(session, saved[0].mutation_id, "500 internal: five times")
        park_mutation(session, saved[2].mutation_id, "422 field_invalid")

    with cache.read() as session:
        lines = unsent_lines(session)
    assert [(line.case_number, line.parked) for line in lines] == [
        (saved[2].provisional_no, True),  # parked, newest first
        (saved[0].provisional_no, True),
        (saved[1].provisional_no, False),
    ]
    assert lines[1].attempts == 1 and lines[1].last_error == "500 internal: five times"
    assert {line.what for line in lines} == {"case.create"}

    now = datetime.now(UTC)
    first = saved[0].mutation_id
    with cache.write() as session, pytest.raises(NotParked):
        requeue_parked(session, first, client_id=CLIENT, author="op-2", now=now)
    with cache.write() as session, pytest.raises(NotParked):
        requeue_parked(
            session, first, client_id="another-client", author="op-1", now=now
        )
    with cache.write() as session, pytest.raises(NotParked):
        requeue_parked(
            session, saved[1].mutation_id, client_id=CLIENT, author="op-1", now=now
        )
    with cache.write() as session:
        seq = requeue_parked(session, first, client_id=CLIENT, author="op-1", now=now)

    assert seq == 4  # after every number in use, so none is sent twice
    with cache.read() as session:
        pending = pending_mutations(session, 10)
        assert [(item.id, item.seq, item.attempts) for item in pending] == [
            (saved[1].mutation_id, 2, 0),
            (first, 4, 0),
        ]
        assert [line.parked for line in unsent_lines(session)] == [True, False, False]


def test_drafts_round_trip(cache: CacheDatabase) -> None:
    typed = {"narrative": "半句话……\x00 raw paste", "caller_name": "𠮷"}
    with cache.write() as session:
        draft = save_draft(session, owner="op-1", fields=typed)
        save_draft(
            session, owner="op-1", fields={**typed, "summary": "x"}, draft_id=draft.id
        )
        save_draft(session, owner="op-2", fields={})
    with cache.read() as session:
        mine = load_drafts(session, "op-1")
    assert len(mine) == 1 and mine[0].fields == {**typed, "summary": "x"}
    with cache.write() as session:
        assert discard_draft(session, draft.id)
        assert not discard_draft(session, draft.id)


def test_caller_history_lists_earlier_and_open_cases(cache: CacheDatabase) -> None:
    now = datetime.now(UTC)
    old = save(cache, now=now - timedelta(days=40))
    answered = save(cache, {**FIELDS, "handling_mode": "answered_on_call"})
    recent = save(cache)
    save(cache, {**FIELDS, "caller_number": "02887654321"})

    with cache.read() as session:
        history = caller_history(session, "13800138000", now + timedelta(seconds=1))

    assert [case.id for case in history.earlier_cases] == [
        recent.case_id,
        answered.case_id,
        old.case_id,
    ]
    assert {case.id for case in history.open_cases} == {recent.case_id, old.case_id}
    assert (history.calls_last_30_days, history.cases_last_30_days) == (2, 2)


def test_write_takes_the_lock_at_begin(cache: CacheDatabase) -> None:
    """BEGIN IMMEDIATE: a second writer is refused before the first has written."""
    inside = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with cache.write() as session:
            session.get(Case, "none")
            inside.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    assert inside.wait(10)
    try:
        with closing(
            sqlite3.connect(cache.path, timeout=0, isolation_level=None)
        ) as other:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            assert other.execute("SELECT count(*) FROM cases").fetchone() == (0,)
    finally:
        release.set()
        holder.join()
