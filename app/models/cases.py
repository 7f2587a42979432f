"""Saving, editing and acting on cases in the local cache.

Each function writes the change, its history line, its outbox mutation and its audit
event through the caller's Session, so that one transaction holds them all. Call them
inside CacheDatabase.write(); "saved" may be shown once that block has been left.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from app.domain.errors import FieldError
from app.domain.vocabulary import HandlingMode, Status
from app.domain.workflow import Action, transition
from app.models.case_commands import apply_command
from app.models.case_fields import (
    CREATE_DEFAULTS,
    CREATE_FIELDS,
    OPERATOR_FIELDS,
    REQUIRED_ON_CREATE,
    SERVER_COMPUTED,
    check_fields,
)
from app.models.errors import CaseNotFound
from app.models.journal import new_id, next_counter, utc_now
from app.models.outbox import record_case_change
from app.models.results import Actor, CommandResult, SavedCase, SavedChange
from app.models.tables import Call, Caller, Case

logger = logging.getLogger(__name__)

_PREFIX = re.compile(r"[A-Za-z0-9]{1,16}")

# The first action of a new case, by how the operator handled the call.
_FIRST_ACTION = {
    None: Action.REGISTER,
    HandlingMode.DISPATCHED.value: Action.REGISTER,
    HandlingMode.ANSWERED_ON_CALL.value: Action.ANSWER_ON_CALL,
    HandlingMode.EMERGENCY_TRANSFER.value: Action.EMERGENCY_TRANSFER,
    HandlingMode.INVALID.value: Action.MARK_INVALID,
}


def save_new_case(
    session: Session,
    fields: Mapping[str, Any],
    *,
    actor: Actor,
    station_prefix: str,
    client_id: str,
    now: datetime | None = None,
) -> SavedCase:
    """Save a case the operator has filled in, with its provisional number."""
    if not _PREFIX.fullmatch(station_prefix):
        raise ValueError("station prefix must be 1-16 letters or digits")
    checked = {field: None for field in CREATE_FIELDS}
    checked.update(CREATE_DEFAULTS)
    checked.update(check_fields(fields, CREATE_FIELDS))
    for field in REQUIRED_ON_CREATE:
        if checked[field] is None:
            checked[field] = CREATE_FIELDS[field](field, None)
    stamp = now or utc_now()
    with session.no_autoflush:
        return _save_new_case(session, checked, actor, station_prefix, client_id, stamp)


def _save_new_case(
    session: Session,
    checked: dict[str, Any],
    actor: Actor,
    station_prefix: str,
    client_id: str,
    stamp: datetime,
) -> SavedCase:
    action = _FIRST_ACTION[checked.get("handling_mode")]
    status = transition(Status.DRAFT, action, actor.role)
    number = next_counter(session, f"provisional_no:{station_prefix}", now=stamp)
    provisional_no = f"{station_prefix}-{number:06d}"

    case = Case(
        id=new_id(),
        provisional_no=provisional_no,
        status=status.value,
        created_by=actor.username,
        holder=actor.username,
        created_at=stamp,
        updated_at=stamp,
        server_version=None,
        **checked,
    )
    session.add(case)
    # Without relationship() the unit of work does not order inserts by foreign key:
    # the case goes first so its calls, events and records can point at it.
    session.flush([case])
    if case.caller_number:
        _note_call(session, case, actor, stamp)

    sent = {k: v for k, v in checked.items() if k not in SERVER_COMPUTED}
    mutation = record_case_change(
        session,
        case,
        actor=actor,
        client_id=client_id,
        at=stamp,
        action=action.value,
        from_status=Status.DRAFT.value,
        kind="case.create",
        payload={**sent, "provisional_no": provisional_no, "status": status.value},
        audit_action="case.create",
        audit_detail={"provisional_no": provisional_no, "status": status.value},
    )
    session.flush()
    logger.info("saved case %s as %s", case.id, provisional_no)
    return SavedCase(
        case_id=case.id,
        provisional_no=provisional_no,
        status=status.value,
        mutation_id=mutation.id,
        seq=mutation.seq,
        created_at=stamp,
    )


def update_case_fields(
    session: Session,
    case_id: str,
    changes: Mapping[str, Any],
    *,
    actor: Actor,
    client_id: str,
    now: datetime | None = None,
) -> SavedChange:
    """Edit operator-owned fields; the mutation carries the values they replaced."""
    checked = check_fields(changes, OPERATOR_FIELDS)
    case = get_case(session, case_id)
    stamp = now or utc_now()

    base = {}
    applied = {}
    for field, value in checked.items():
        before = getattr(case, field)
        if before != value:
            base[field] = before
            applied[field] = value
    if not applied:
        return SavedChange(case_id, (), None, None)

    for field, value in applied.items():
        setattr(case, field, value)
    case.updated_at = stamp

    names = tuple(sorted(applied))
    mutation = record_case_change(
        session,
        case,
        actor=actor,
        client_id=client_id,
        at=stamp,
        action="edit",
        from_status=case.status,
        data={"fields": list(names)},
        kind="case.update",
        payload={"changes": applied, "base": base},
        audit_action="case.update",
        audit_detail={"fields": list(names)},
    )
    session.flush()
    return SavedChange(case.id, names, mutation.id, mutation.seq)


def record_command(
    session: Session,
    case_id: str,
    action: Action | str,
    args: Mapping[str, Any],
    *,
    actor: Actor,
    client_id: str,
    now: datetime | None = None,
) -> CommandResult:
    """Apply a workflow action here at once; the server checks it again on push."""
    try:
        command = Action(action)
    except ValueError:
        raise FieldError(
            "action", "未知的操作", f"Unknown action {action!r}", "action_unknown"
        ) from None
    case = get_case(session, case_id)
    stamp = now or utc_now()

    before = case.status
    after = transition(Status(before), command, actor.role)
    effect = apply_command(session, case, command, args, actor=actor, now=stamp)
    case.status = after.value
    case.updated_at = stamp

    mutation = record_case_change(
        session,
        case,
        actor=actor,
        client_id=client_id,
        at=stamp,
        action=command.value,
        from_status=before,
        reason=effect.reason,
        data={"record_id": effect.record_id} if effect.record_id else None,
        kind="case.command",
        payload={"action": command.value, "args": effect.wire_args},
        audit_action=f"case.{command.value}",
        audit_detail={"from": before, "to": after.value, "record_id": effect.record_id},
    )
    session.flush()
    return CommandResult(
        case_id=case.id,
        action=command.value,
        from_status=before,
        to_status=after.value,
        mutation_id=mutation.id,
        seq=mutation.seq,
        record_id=effect.record_id,
    )


def get_case(session: Session, case_id: str) -> Case:
    """The case, or CaseNotFound when it is not (or no longer) in the cache."""
    case = session.get(Case, case_id)
    if case is None or case.deleted:
        raise CaseNotFound(
            "本地缓存中没有该工单", f"Case {case_id} is not in the cache"
        )
    return case


def _note_call(session: Session, case: Case, actor: Actor, stamp: datetime) -> None:
    """Remember the caller and the call for the next caller-history lookup."""
    number = case.caller_number or ""
    caller = session.get(Caller, number)
    if caller is None:
        caller = Caller(number=number, first_seen_at=stamp, last_seen_at=stamp)
        session.add(caller)
    caller.last_seen_at = stamp
    caller.name = case.caller_name or caller.name
    caller.requester_type = case.requester_type
    caller.enterprise_name = case.enterprise_name or caller.enterprise_name
    caller.credit_code = case.credit_code or caller.credit_code
    session.add(
        Call(
            id=new_id(),
            caller_number=number,
            case_id=case.id,
            direction="in",
            operator=actor.username,
            started_at=stamp,
        )
    )
