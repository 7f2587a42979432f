"""Pushed case mutations: case.create along an intake path, case.update by merging.

An update is a three-way merge against the client's base values: a field the server
still holds at its base value takes the client's value, a field both sides changed
keeps the server's and leaves a conflict record on the feed. The refusal, permission,
history and deadline helpers here are shared with the workflow commands
(`server.store.push_commands`); the batch around them is `server.store.push`.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from app.domain.calendar import WorkCalendar
from app.domain.deadlines import Deadlines, compute_deadlines
from app.domain.errors import FieldError
from app.domain.vocabulary import RequestType, Role, Status, Urgency
from app.domain.workflow import Action, transition
from app.sync.wire import FieldConflict, Mutation, MutationResult
from server.store import feed
from server.store.case_records import add_case_record
from server.store.cases import (
    CREATE_FIELDS,
    OPERATOR_FIELDS,
    case_keys,
    lock_case,
    official_number,
    record_change,
    scope_keys,
)
from server.store.reference import calendar_in_force
from server.store.tables import Case, Conflict
from server.store.validate import check_fields

if TYPE_CHECKING:
    from server.store.push import PushContext

log = logging.getLogger(__name__)

# Intake statuses a case.create may carry, and the actions that reach them from draft.
_CREATE_PATHS: dict[str, list[Action]] = {
    Status.REGISTERED: [Action.REGISTER],
    Status.ANSWERED_ON_CALL: [Action.ANSWER_ON_CALL],
    Status.EMERGENCY_TRANSFERRED: [Action.EMERGENCY_TRANSFER],
    Status.INVALID: [Action.MARK_INVALID],
    Status.DISPATCHED: [Action.REGISTER, Action.DISPATCH],
}


class Rejected(Exception):
    """A mutation refused with its reason in both languages."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


def role_of(ctx: PushContext) -> Role:
    """The pushing user's role."""
    # Converted once per batch: building an enum member by value is not free.
    if ctx.role is None:
        ctx.role = Role(ctx.principal.role)
    return ctx.role


def create_case(
    session: Session, ctx: PushContext, mutation: Mutation
) -> MutationResult:
    if role_of(ctx) not in (Role.OPERATOR, Role.SUPERVISOR):
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
        current = transition(current, action, role_of(ctx))
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
        set_deadlines(fields, batch_calendar(session, ctx))
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

    # The history event and the case itself on the feed, as `add_history` and
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


def may_edit(ctx: PushContext, case: Case) -> bool:
    """Whether the pushing user may change this case's fields."""
    role = role_of(ctx)
    if role == Role.SUPERVISOR:
        return True
    if role == Role.OPERATOR:
        return ctx.principal.username in (case.created_by, case.holder)
    return False


def load_case(session: Session, mutation: Mutation) -> Case:
    """The mutation's case, locked for the rest of the batch; refused if missing."""
    case = lock_case(session, str(mutation.entity_id))
    if case is None or case.deleted:
        raise Rejected("工单不存在", "no such case")
    return case


def update_case(
    session: Session, ctx: PushContext, mutation: Mutation
) -> MutationResult:
    case = load_case(session, mutation)
    if not may_edit(ctx, case):
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
        bump_version(case, ctx)
        add_history(
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


def bump_version(case: Case, ctx: PushContext) -> None:
    """Count a change of the case: one version up, updated now."""
    case.version += 1
    case.updated_at = ctx.now


def add_history(
    session: Session,
    ctx: PushContext,
    case: Case,
    action: str,
    before: str,
    after: str,
    data: dict[str, Any],
) -> None:
    """A history event on the case and on the feed of those who see the case."""
    add_case_record(
        session,
        case,
        "case_event",
        {
            "action": action,
            "from_status": str(before),
            "to_status": str(after),
            "actor": ctx.principal.username,
            "role": ctx.principal.role,
            "at": ctx.now.isoformat(),
            **data,
        },
        by=ctx.principal.username,
        at=ctx.now,
        keys=scope_keys(case),
    )


def _received_at(fields: dict[str, Any]) -> datetime:
    raw = fields.get("received_at")
    received = datetime.fromisoformat(raw) if isinstance(raw, str) else None
    if received is None or received.tzinfo is None:
        raise Rejected("工单缺少受理时间", "the case has no received time")
    return received


def case_deadlines(fields: dict[str, Any], calendar: WorkCalendar) -> Deadlines:
    """The deadlines of a case's received time, request type and urgency."""
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


def batch_calendar(session: Session, ctx: PushContext) -> WorkCalendar:
    """The calendar with the imported years, looked up once per batch that needs it."""
    if ctx.calendar is None:
        ctx.calendar = calendar_in_force(session)
    return ctx.calendar


def set_deadlines(fields: dict[str, Any], calendar: WorkCalendar) -> None:
    """Accept and finish deadlines from the received time, type and urgency."""
    due = case_deadlines(fields, calendar)
    fields["accept_due_at"] = due.accept_due_at.isoformat()
    fields["due_at"] = due.finish_due_at.isoformat()
    fields["deadline_confirmed"] = due.confirmed
    fields["deadline_explanation_zh"] = due.explanation_zh
    fields["deadline_explanation_en"] = due.explanation_en
