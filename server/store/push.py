"""Applying pushed mutations: ledger, sequence check, merge, workflow commands.

Each mutation's ledger row and its effect are written in the batch's one transaction
(updates and commands in a savepoint of it, so a refused one leaves nothing behind),
so a repeat (same client, same mutation id) finds the stored result and changes
nothing, even when two copies of the batch arrive at the same time: the client row is
locked first, which serializes pushes of one client. New cases, their first history
events, feed entries and the ledger rows are collected as plain rows and written with
one INSERT per table (`server.store.bulk`), before any later mutation reads them.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.domain.calendar import WorkCalendar
from app.domain.deadlines import Deadlines, compute_deadlines, extend
from app.domain.errors import DomainError, FieldError
from app.domain.vocabulary import RequestType, Role, Status, Urgency
from app.domain.workflow import Action, transition
from app.sync.wire import FieldConflict, Mutation, MutationResult, PushResult
from server.store import feed
from server.store.bulk import insert_rows, listed
from server.store.cases import (
    CREATE_FIELDS,
    OPERATOR_FIELDS,
    case_keys,
    lock_case,
    official_number,
    record_change,
    reserve_numbers,
    scope_keys,
)
from server.store.knowledge_flags import record_flag
from server.store.principal import Principal
from server.store.reference import calendar_in_force
from server.store.tables import (
    Base,
    Case,
    CaseRecord,
    Conflict,
    LedgerEntry,
    SyncClient,
)
from server.store.validate import check_code, check_fields, check_value

log = logging.getLogger(__name__)

# Intake statuses a case.create may carry, and the actions that reach them from draft.
_CREATE_PATHS: dict[str, list[Action]] = {
    Status.REGISTERED: [Action.REGISTER],
    Status.ANSWERED_ON_CALL: [Action.ANSWER_ON_CALL],
    Status.EMERGENCY_TRANSFERRED: [Action.EMERGENCY_TRANSFER],
    Status.INVALID: [Action.MARK_INVALID],
    Status.DISPATCHED: [Action.REGISTER, Action.DISPATCH],
}
# Commands that append a record of their own kind (idempotent by args.record_id).
_RECORD_KIND = {
    Action.ADD_NOTE: "note",
    Action.RECORD_CONTACT: "contact_record",
    Action.CALLBACK_ATTEMPT: "callback_attempt",
    Action.LEADER_INSTRUCTION: "leader_instruction",
}


class Rejected(Exception):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


class UnknownClient(Exception):
    """The client id was never registered by this user (answered with 409)."""


@dataclass
class PushContext:
    principal: Principal
    case_prefix: str
    now: datetime
    # Official numbers reserved for this batch's new cases (PostgreSQL).
    numbers: list[str] = field(default_factory=list)
    # Ids of cases that exist, among those this batch creates.
    existing: set[str] = field(default_factory=set)
    role: Role | None = None
    # Rows waiting for their multi-row INSERTs (see `_write_pending`).
    pending: _Pending = field(default_factory=lambda: _Pending())
    # The deadline calendar, imported years included (`_calendar`).
    calendar: WorkCalendar | None = None


@dataclass
class _Pending:
    """New cases, their history events, change-feed entries and ledger rows as plain
    rows: a batch of creates is written with one INSERT per table, not one ORM
    object per row."""

    cases: list[dict[str, Any]] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    ledger: list[dict[str, Any]] = field(default_factory=list)


def _write_pending(session: Session, ctx: PushContext) -> None:
    """Insert the waiting rows, parents before children (cases before events).

    Rows the ORM holds (from updates and commands) go first, so the feed keeps the
    order of the batch's mutations.
    """
    session.flush()
    pending = ctx.pending
    tables = Base.metadata.tables
    insert_rows(session, tables["cases"], pending.cases)
    insert_rows(session, tables["case_records"], pending.records)
    feed.append_many(session, pending.changes)
    insert_rows(session, tables["mutation_ledger"], pending.ledger)
    ctx.pending = _Pending()


def push(
    session: Session, ctx: PushContext, client_id: str, mutations: list[Mutation]
) -> PushResult:
    client = session.scalars(
        _for_update(
            session, select(SyncClient).where(SyncClient.client_id == client_id)
        )
    ).first()
    if client is None or client.user_id != ctx.principal.user_id:
        raise UnknownClient(client_id)

    # One query for the whole batch's ledger rows instead of one per mutation.
    ids = [str(m.id) for m in mutations]
    ledger: dict[str, dict[str, Any]] = {
        mutation_id: result
        for mutation_id, result in session.execute(
            select(LedgerEntry.mutation_id, LedgerEntry.result).where(
                LedgerEntry.client_id == client_id,
                LedgerEntry.mutation_id.in_(listed(session, ids)),
            )
        )
    }
    fresh_creates = sum(
        1
        for m, mutation_id in zip(mutations, ids, strict=True)
        if m.kind == "case.create" and mutation_id not in ledger
    )
    ctx.numbers = reserve_numbers(session, ctx.case_prefix, ctx.now, fresh_creates)
    create_ids = [str(m.entity_id) for m in mutations if m.kind == "case.create"]
    if create_ids:
        ctx.existing = set(
            session.scalars(
                select(Case.id).where(Case.id.in_(listed(session, create_ids)))
            )
        )

    results: list[MutationResult] = []
    for mutation, mutation_id in zip(mutations, ids, strict=True):
        stored = ledger.get(mutation_id)
        if stored is not None:
            results.append(_repeat(stored))
            continue
        if mutation.seq > client.next_seq:
            log.info(
                "client %s gap: expected seq %d got %d",
                client_id,
                client.next_seq,
                mutation.seq,
            )
            _write_pending(session, ctx)
            session.flush()
            return PushResult(
                results=results,
                expected_seq=client.next_seq,
                gap=True,
                server_time=ctx.now,
            )

        if mutation.kind != "case.create":
            # Updates and commands read the cases table: earlier creates first.
            _write_pending(session, ctx)
        result = _apply_one(session, ctx, mutation)
        stored_result = result.model_dump(mode="json")
        ctx.pending.ledger.append(
            {
                "client_id": client_id,
                "mutation_id": mutation_id,
                "seq": mutation.seq,
                "kind": mutation.kind,
                "entity_id": str(mutation.entity_id),
                "author": ctx.principal.username,
                "result": stored_result,
                "received_at": ctx.now,
            }
        )
        ledger[mutation_id] = stored_result  # the same id twice in one batch
        if mutation.seq == client.next_seq:
            client.next_seq += 1
        results.append(result)
    _write_pending(session, ctx)
    session.flush()
    return PushResult(
        results=results, expected_seq=client.next_seq, server_time=ctx.now
    )


def _for_update(session: Session, query: Any) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return query.with_for_update()
    return query


def _repeat(stored: dict[str, Any]) -> MutationResult:
    result = MutationResult.model_validate(stored)
    # A rejection stays a rejection so the client keeps showing its reason.
    if result.status != "rejected":
        result.status = "duplicate"
    return result


def _apply_one(
    session: Session, ctx: PushContext, mutation: Mutation
) -> MutationResult:
    try:
        if mutation.kind == "case.create":
            # Every check of a create runs before anything is added to the session,
            # so a refusal leaves nothing behind without a savepoint; the rows of all
            # creates of a batch then go to the database in a few multi-row INSERTs.
            return _create(session, ctx, mutation)
        with session.begin_nested():
            if mutation.kind == "case.update":
                return _update(session, ctx, mutation)
            if mutation.kind == "knowledge.flag":
                return record_flag(session, ctx.principal, mutation, ctx.now)
            return _command(session, ctx, mutation)
    except Rejected as refusal:
        return _rejected(mutation, refusal.zh, refusal.en)
    except DomainError as error:
        return _rejected(mutation, error.message_zh, error.message_en)
    except DBAPIError:
        raise  # the database is in trouble: the whole batch is retried by the client
    except (KeyError, TypeError, ValueError) as error:
        log.warning("mutation %s refused: %s", mutation.id, type(error).__name__)
        return _rejected(
            mutation, "变更内容格式错误", "the mutation's payload is malformed"
        )


def _rejected(mutation: Mutation, zh: str, en: str) -> MutationResult:
    return MutationResult(id=mutation.id, status="rejected", reason_zh=zh, reason_en=en)


def _role(ctx: PushContext) -> Role:
    # Converted once per batch: building an enum member by value is not free.
    if ctx.role is None:
        ctx.role = Role(ctx.principal.role)
    return ctx.role


def _create(session: Session, ctx: PushContext, mutation: Mutation) -> MutationResult:
    if _role(ctx) not in (Role.OPERATOR, Role.SUPERVISOR):
        raise Rejected("无权创建工单", "this role cannot create cases")
    case_id = str(mutation.entity_id)
    if case_id in ctx.existing:
        raise Rejected("工单已存在", "a case with this id already exists")

    values = check_fields(mutation.payload, CREATE_FIELDS)
    status = values.pop("status", None) or Status.REGISTERED
    path = _CREATE_PATHS.get(status)
    if path is None:
        raise Rejected(f"新工单不能为状态 {status}", f"a new case cannot be {status}")
    current = Status.DRAFT
    for action in path:
        current = transition(current, action, _role(ctx))
    lead = values.pop("lead_unit_code", None)
    co_units = values.pop("co_unit_codes", None) or []
    if status == Status.DISPATCHED and not lead:
        raise FieldError(
            "lead_unit_code", "派单须指定主办单位", "dispatch needs a lead unit"
        )

    fields = {
        **values,
        "received_at": mutation.created_at.astimezone(UTC).isoformat(),
    }
    if status == Status.DISPATCHED:
        _set_deadlines(fields, _calendar(session, ctx))
    official_no = (
        ctx.numbers.pop(0)
        if ctx.numbers
        else official_number(session, ctx.case_prefix, ctx.now)
    )
    user = ctx.principal.username
    ctx.pending.cases.append(
        {
            "id": case_id,
            "official_no": official_no,
            "provisional_no": values.pop("provisional_no", None),
            "status": str(current),
            "channel": "phone",
            "created_by": user,
            "holder": user,
            "callback_assignee": None,
            "lead_unit_code": lead,
            "co_unit_codes": co_units,
            "confidential": bool(fields.pop("confidential", False) or False),
            "fields": fields,
            "version": 1,
            "deleted": False,
            "created_at": ctx.now,
            "updated_at": ctx.now,
        }
    )
    ctx.existing.add(case_id)

    # The history event and the case itself on the feed, as `_history` and
    # `record_change` write them for an existing case.
    keys = case_keys(user, user, None, lead, co_units, str(current))
    event_id = str(uuid.uuid4())
    ctx.pending.records.append(
        {
            "id": event_id,
            "case_id": case_id,
            "kind": "case_event",
            "data": {
                "action": "create",
                "from_status": str(Status.DRAFT),
                "to_status": str(current),
                "actor": user,
                "role": ctx.principal.role,
                "at": ctx.now.isoformat(),
            },
            "created_by": user,
            "created_at": ctx.now,
        }
    )
    ctx.pending.changes += [
        {
            "entity": "case_event",
            "entity_id": event_id,
            "case_id": case_id,
            "op": "upsert",
            "keys": keys,
        },
        {
            "entity": "case",
            "entity_id": case_id,
            "case_id": case_id,
            "op": "upsert",
            "keys": keys,
        },
    ]
    # Every value is the server's own and of the right type: built without the
    # validation a client's input needs (a batch makes a hundred of these).
    return MutationResult.model_construct(
        id=mutation.id, status="applied", entity_version=1, official_no=official_no
    )


def _may_edit(ctx: PushContext, case: Case) -> bool:
    role = _role(ctx)
    if role == Role.SUPERVISOR:
        return True
    if role == Role.OPERATOR:
        return ctx.principal.username in (case.created_by, case.holder)
    return False


def _load(session: Session, ctx: PushContext, mutation: Mutation) -> Case:
    case = lock_case(session, str(mutation.entity_id))
    if case is None or case.deleted:
        raise Rejected("工单不存在", "no such case")
    return case


def _update(session: Session, ctx: PushContext, mutation: Mutation) -> MutationResult:
    case = _load(session, ctx, mutation)
    if not _may_edit(ctx, case):
        raise Rejected("无权修改此工单", "you may not edit this case")
    if case.status == Status.CLOSED:
        raise Rejected("已归档工单不能修改", "a closed case cannot be edited")
    changes = mutation.payload.get("changes")
    base = mutation.payload.get("base", {})
    if not isinstance(changes, dict) or not isinstance(base, dict):
        raise Rejected("缺少 changes/base", "payload needs changes and base objects")
    changes = check_fields(changes, OPERATOR_FIELDS)

    before = scope_keys(case)
    fields = dict(case.fields or {})
    applied: dict[str, Any] = {}
    conflicts: list[FieldConflict] = []
    for name, new in changes.items():
        server_value = case.confidential if name == "confidential" else fields.get(name)
        base_value = base.get(name)
        if server_value == new:
            continue
        if server_value == base_value:
            applied[name] = new
            continue
        # Both sides changed the field: the server value stays, both are recorded.
        conflict = Conflict(
            id=str(uuid.uuid4()),
            case_id=case.id,
            field=name,
            base_value=base_value,
            server_value=server_value,
            client_value=new,
            author=ctx.principal.username,
            mutation_id=str(mutation.id),
            created_at=ctx.now,
        )
        session.add(conflict)
        feed.append(
            session,
            entity="conflict",
            entity_id=conflict.id,
            case_id=case.id,
            op="upsert",
            keys={"sup", f"u:{ctx.principal.username}", f"u:{case.created_by}"},
        )
        conflicts.append(
            FieldConflict(
                conflict_id=uuid.UUID(conflict.id),
                field=name,
                base_value=base_value,
                server_value=server_value,
                client_value=new,
            )
        )

    if applied:
        if "confidential" in applied:
            case.confidential = bool(applied.pop("confidential"))
        fields.update(applied)
        case.fields = fields
        _bump(case, ctx)
        _history(
            session,
            ctx,
            case,
            "update",
            case.status,
            case.status,
            {"fields": sorted(changes)},
        )
        record_change(session, case, before)
    elif conflicts:
        session.flush()

    if conflicts:
        status = "conflict"
    elif mutation.base_version is not None and mutation.base_version != case.version - (
        1 if applied else 0
    ):
        status = "merged"
    else:
        status = "applied"
    return MutationResult(
        id=mutation.id,
        status=status,
        entity_version=case.version,
        official_no=case.official_no,
        conflicts=conflicts or None,
    )


def _bump(case: Case, ctx: PushContext) -> None:
    case.version += 1
    case.updated_at = ctx.now


def _history(
    session: Session,
    ctx: PushContext,
    case: Case,
    action: str,
    before: str,
    after: str,
    data: dict[str, Any],
) -> None:
    event = CaseRecord(
        id=str(uuid.uuid4()),
        case_id=case.id,
        kind="case_event",
        data={
            "action": action,
            "from_status": str(before),
            "to_status": str(after),
            "actor": ctx.principal.username,
            "role": ctx.principal.role,
            "at": ctx.now.isoformat(),
            **data,
        },
        created_by=ctx.principal.username,
        created_at=ctx.now,
    )
    session.add(event)
    feed.append(
        session,
        entity="case_event",
        entity_id=event.id,
        case_id=case.id,
        op="upsert",
        keys=scope_keys(case),
    )


def _received_at(fields: dict[str, Any]) -> datetime:
    raw = fields.get("received_at")
    received = datetime.fromisoformat(raw) if isinstance(raw, str) else None
    if received is None or received.tzinfo is None:
        raise Rejected("工单缺少受理时间", "the case has no received time")
    return received


def _deadlines(fields: dict[str, Any], calendar: WorkCalendar) -> Deadlines:
    request_type = fields.get("request_type")
    if not request_type:
        raise FieldError(
            "request_type",
            "request_type：派单前须填写诉求类型",
            "request_type: a request type is needed to set the deadlines",
        )
    return compute_deadlines(
        _received_at(fields),
        RequestType(request_type),
        Urgency(fields.get("urgency") or Urgency.NORMAL),
        calendar=calendar,
    )


def _calendar(session: Session, ctx: PushContext) -> WorkCalendar:
    """The calendar with the imported years, looked up once per batch that needs it."""
    if ctx.calendar is None:
        ctx.calendar = calendar_in_force(session)
    return ctx.calendar


def _set_deadlines(fields: dict[str, Any], calendar: WorkCalendar) -> None:
    """Accept and finish deadlines from the received time, type and urgency."""
    due = _deadlines(fields, calendar)
    fields["accept_due_at"] = due.accept_due_at.isoformat()
    fields["due_at"] = due.finish_due_at.isoformat()
    fields["deadline_confirmed"] = due.confirmed
    fields["deadline_explanation_zh"] = due.explanation_zh
    fields["deadline_explanation_en"] = due.explanation_en


def _new_date(args: dict[str, Any], zone: ZoneInfo) -> date:
    """The approved date: `new_date` (YYYY-MM-DD) or the local day of `due_at`."""
    raw = args.get("new_date")
    if isinstance(raw, str):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise FieldError(
                "new_date", "new_date：日期无效", "new_date: not a date"
            ) from None
    raw = args.get("due_at")
    if not isinstance(raw, str):
        raise FieldError(
            "due_at", "due_at：须给出新的期限", "due_at: the new due date is required"
        )
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        raise FieldError("due_at", "due_at：时间无效", "due_at: not a time") from None
    if parsed.tzinfo is None:
        raise FieldError(
            "due_at", "due_at：时间须带时区", "due_at: the time needs a time zone"
        )
    return parsed.astimezone(zone).date()


def _extend_deadline(
    fields: dict[str, Any], args: dict[str, Any], calendar: WorkCalendar
) -> None:
    """Move the finish deadline to the approved working day (end of its office day)."""
    base = _deadlines(fields, calendar)
    current = fields.get("due_at")
    if isinstance(current, str):
        base = replace(base, finish_due_at=datetime.fromisoformat(current))
    extended = extend(
        base, new_date=_new_date(args, ZoneInfo(base.timezone)), calendar=calendar
    )
    fields["due_at"] = extended.finish_due_at.isoformat()
    fields["deadline_confirmed"] = extended.confirmed
    fields["deadline_explanation_zh"] = extended.explanation_zh
    fields["deadline_explanation_en"] = extended.explanation_en


def _involves_unit(case: Case, unit: str | None) -> bool:
    return unit is not None and (
        unit == case.lead_unit_code or unit in (case.co_unit_codes or [])
    )


def _text_arg(
    args: dict[str, Any], name: str, limit_field: str, required: bool = False
) -> str | None:
    from app.domain.fields import check_text

    value = args.get(name)
    if value is None:
        if required:
            raise FieldError(name, f"{name} 不能为空", f"{name} is required")
        return None
    if not isinstance(value, str):
        raise FieldError(name, f"{name} 须为文本", f"{name} must be text")
    try:
        return check_text(limit_field, value, required=required)
    except FieldError as error:
        if error.field == name:
            raise
        # The limit is borrowed from another field: the message names this one.
        raise FieldError(
            name, f"{name}：{error.message_zh}", f"{name}: {error.message_en}"
        ) from None


def _command(session: Session, ctx: PushContext, mutation: Mutation) -> MutationResult:
    try:
        action = Action(str(mutation.payload.get("action")))
    except ValueError:
        raise Rejected("未知操作", "unknown action") from None
    args = mutation.payload.get("args") or {}
    if not isinstance(args, dict):
        raise Rejected("args 须为对象", "args must be an object")
    case = _load(session, ctx, mutation)
    role = _role(ctx)

    # Object-level check before the workflow rule: whose case is it?
    if role == Role.HANDLER and not _involves_unit(case, ctx.principal.unit_code):
        raise Rejected("该工单不属于本单位", "this case is not your unit's")
    if (
        role == Role.OPERATOR
        and not _may_edit(ctx, case)
        and case.callback_assignee != ctx.principal.username
    ):
        raise Rejected("无权操作此工单", "you may not act on this case")
    if role not in (Role.OPERATOR, Role.HANDLER, Role.SUPERVISOR):
        raise Rejected("此角色不能办理工单", "this role cannot act on cases")

    record_id = args.get("record_id")
    kind = _RECORD_KIND.get(action)
    if kind is not None and record_id is not None:
        record_id = check_code("record_id", str(record_id), 36)
        if session.get(CaseRecord, record_id) is not None:
            return MutationResult(
                id=mutation.id,
                status="duplicate",
                entity_version=case.version,
                official_no=case.official_no,
            )

    before_status = Status(case.status)
    after_status = transition(before_status, action, role)
    before_keys = scope_keys(case)
    fields = dict(case.fields or {})
    detail: dict[str, Any] = {}

    if action in (Action.DISPATCH, Action.REASSIGN):
        lead = check_value("lead_unit_code", args.get("lead_unit_code"))
        if not lead:
            raise FieldError(
                "lead_unit_code", "须指定主办单位", "a lead unit is required"
            )
        case.lead_unit_code = lead
        case.co_unit_codes = check_value(
            "co_unit_codes", args.get("co_unit_codes") or []
        )
        # The workstation names it dispatch_instruction; older clients instruction.
        name = (
            "dispatch_instruction" if "dispatch_instruction" in args else "instruction"
        )
        instruction = _text_arg(args, name, "dispatch_instruction")
        if instruction:
            fields["dispatch_instruction"] = instruction
        detail = {"lead_unit_code": lead, "co_unit_codes": case.co_unit_codes}
        if action == Action.DISPATCH:
            # The server's deadlines win over any the workstation computed.
            _set_deadlines(fields, _calendar(session, ctx))
            detail["due_at"] = fields["due_at"]
    elif action in (
        Action.REQUEST_RETURN,
        Action.REQUEST_EXTENSION,
        Action.REFUSE_RETURN,
        Action.REFUSE_EXTENSION,
        Action.CALLBACK_REDO,
    ):
        detail["reason"] = _text_arg(
            args,
            "reason",
            "reason",
            required=action
            in (Action.REQUEST_RETURN, Action.REQUEST_EXTENSION, Action.CALLBACK_REDO),
        )
        if action == Action.CALLBACK_REDO:
            fields["redo_count"] = int(fields.get("redo_count") or 0) + 1
    elif action == Action.APPROVE_RETURN:
        detail["reason"] = _text_arg(args, "reason", "reason")
        detail["returned_by"] = case.lead_unit_code
        case.lead_unit_code, case.co_unit_codes = None, []
    elif action == Action.APPROVE_EXTENSION:
        _extend_deadline(fields, args, _calendar(session, ctx))
        detail["due_at"] = fields["due_at"]
        detail["previous_due_at"] = (case.fields or {}).get("due_at")
    elif action == Action.REPLY:
        fields["reply"] = _text_arg(args, "reply", "reply", required=True)
    elif action == Action.START_CALLBACK:
        assignee = args.get("assignee") or ctx.principal.username
        case.callback_assignee = check_code("assignee", assignee, 64)
    elif action == Action.CALLBACK_CLOSE:
        fields["resolution"] = check_value("resolution", args.get("resolution"))
        fields["satisfaction"] = check_value("satisfaction", args.get("satisfaction"))
    elif action == Action.MARK_KEY_ISSUE:
        fields["key_issue"] = True
        fields["overseeing_leader"] = _text_arg(
            args, "overseeing_leader", "overseeing_leader"
        )
    elif action == Action.ACCEPT:
        case.holder = ctx.principal.username

    if kind is not None:
        # The workstation names each record's text as its cache column does (a note's
        # body, a contact record's summary, an attempt's note); "text" is what the
        # server stores and also accepted.
        arg_name, text_field = {
            "note": ("body", "note"),
            "contact_record": ("summary", "contact_summary"),
            "callback_attempt": ("note", "note"),
            "leader_instruction": ("instruction", "instruction"),
        }[kind]
        if args.get(arg_name) is None:
            arg_name = "text"
        body = _text_arg(
            args, arg_name, text_field, required=kind != "callback_attempt"
        )
        extra = {
            k: args[k]
            for k in ("reached", "method", "contacted_at", "agreed")
            if k in args and isinstance(args[k], str | bool | None)
        }
        for key, value in extra.items():
            if isinstance(value, str) and key == "agreed":
                _text_arg(extra, key, "summary")
            elif isinstance(value, str):
                check_code(key, value)
        record = CaseRecord(
            id=str(record_id or uuid.uuid4()),
            case_id=case.id,
            kind=kind,
            data={
                "text": body,
                **extra,
                "author": ctx.principal.username,
                "at": ctx.now.isoformat(),
            },
            created_by=ctx.principal.username,
            created_at=ctx.now,
        )
        session.add(record)
        feed.append(
            session,
            entity=kind,
            entity_id=record.id,
            case_id=case.id,
            op="upsert",
            keys=scope_keys(case) | before_keys,
        )

    case.status = str(after_status)
    case.fields = fields
    _bump(case, ctx)
    _history(session, ctx, case, str(action), before_status, after_status, detail)
    record_change(session, case, before_keys)
    return MutationResult(
        id=mutation.id,
        status="applied",
        entity_version=case.version,
        official_no=case.official_no,
    )
