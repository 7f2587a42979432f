"""Handler and supervisor actions, a case's full history, and the conflict inbox.

Actions go through ``record_command`` (local effect + outbox in one transaction), so
they work offline and reach the server when the sync engine next pushes. Appended
records carry the text under the cache's name and under the server's (``text``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.errors import FieldError
from app.domain.phone import mask_phone
from app.domain.vocabulary import Status
from app.domain.workflow import Action
from app.models.case_fields import OPERATOR_FIELDS, check_fields
from app.models.cases import get_case, record_command
from app.models.journal import add_audit_event, add_case_event, utc_now
from app.models.outbox import change_what, enqueue
from app.models.results import Actor, CommandResult, case_label
from app.models.tables import (
    CallbackAttempt,
    Case,
    CaseEvent,
    ChecklistAnswer,
    Conflict,
    ContactRecord,
    Note,
    Rejection,
)

logger = logging.getLogger(__name__)

_NEEDS_REASON = frozenset(
    {Action.REQUEST_RETURN, Action.REQUEST_EXTENSION, Action.CALLBACK_REDO}
)


def act(
    session: Session,
    case_id: str,
    action: Action,
    *,
    actor: Actor,
    client_id: str,
    reason: str = "",
    text: str = "",
    now: datetime | None = None,
    **extra: Any,
) -> CommandResult:
    """Take a workflow action with its reason or text and any further arguments."""
    if action in _NEEDS_REASON and not reason.strip():
        # The server refuses these without a reason; say so now, not after a sync.
        raise FieldError(
            "reason",
            f"“{action.label_zh}”须写明原因",
            f"'{action.label_en}' needs a reason",
            "reason_missing",
        )
    args: dict[str, Any] = {k: v for k, v in extra.items() if v is not None}
    if reason:
        args["reason"] = reason
    if text:
        # The cache's name for the action's text, and the server's ("text").
        name = {
            Action.ADD_NOTE: "body",
            Action.RECORD_CONTACT: "summary",
            Action.LEADER_INSTRUCTION: "instruction",
            Action.REPLY: "reply",
        }.get(action, "text")
        args[name] = text
        args["text"] = text
    result = record_command(
        session, case_id, action, args, actor=actor, client_id=client_id, now=now
    )
    if action == Action.REQUEST_EXTENSION:
        _keep_requested_date(session, case_id, args.get("requested_due_at"))
    logger.info("case %s: %s by %s", case_id, action.value, actor.role.value)
    return result


def _keep_requested_date(session: Session, case_id: str, requested: Any) -> None:
    """Keep the date the unit asked for on the request's history line.

    The command carries it to the server, but the case row has no place for it, and
    the supervisor deciding the request needs it to prefill the approved date.
    """
    if isinstance(requested, datetime):
        requested = requested.isoformat()
    if not isinstance(requested, str) or not requested:
        return
    event = session.scalars(
        select(CaseEvent)
        .where(
            CaseEvent.case_id == case_id,
            CaseEvent.action == Action.REQUEST_EXTENSION.value,
        )
        .order_by(CaseEvent.at.desc())
    ).first()
    if event is not None:
        # A new dict: the JSON column notices reassignment, not changes in place.
        event.data = {**(event.data or {}), "requested_due_at": requested}
        session.flush()


def requested_extension(session: Session, case_id: str) -> datetime | None:
    """The due date of the unit's latest extension request that names one.

    Read from the history line the request left: the one this desk recorded (from
    the command's arguments) or the one pulled from the server (its event data).
    """
    events = session.scalars(
        select(CaseEvent)
        .where(
            CaseEvent.case_id == case_id,
            CaseEvent.action == Action.REQUEST_EXTENSION.value,
        )
        .order_by(CaseEvent.at.desc())
    )
    for event in events:
        raw = (event.data or {}).get("requested_due_at")
        if not isinstance(raw, str):
            continue
        try:
            moment = datetime.fromisoformat(raw)
        except ValueError:
            logger.warning("case %s: unreadable requested date", case_id)
            continue
        if moment.utcoffset() is not None:
            return moment
    return None


# --- a case's full history ----------------------------------------------------------


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    who: str
    kind: str  # event / note / contact / attempt / answer
    action: str
    from_status: str
    to_status: str
    text: str


@dataclass(frozen=True)
class CaseDetail:
    case_id: str
    number: str
    status: str
    caller_masked: str
    fields: tuple[tuple[str, str], ...]
    history: tuple[HistoryLine, ...]
    # The unit's requested due date while an extension waits for a decision.
    requested_due_at: datetime | None = None


_DETAIL_FIELDS = (
    "official_no",
    "provisional_no",
    "status",
    "request_type",
    "category_code",
    "urgency",
    "requester_type",
    "enterprise_name",
    "summary",
    "narrative",
    "address",
    "area_code",
    "lead_unit_code",
    "accept_due_at",
    "due_at",
    "redo_count",
    "key_issue",
    "overseeing_leader",
    "resolution",
    "satisfaction",
    "holder",
    "created_by",
    "created_at",
)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    return str(value)


def load_case_detail(session: Session, case_id: str) -> CaseDetail:
    """The fields and every history line, caller number masked."""
    case = get_case(session, case_id)
    hidden = {"summary", "narrative", "address"} if case.confidential else set()
    fields = tuple(
        (name, "***" if name in hidden else _text(getattr(case, name)))
        for name in _DETAIL_FIELDS
    )

    lines: list[HistoryLine] = []
    for e in session.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id)):
        lines.append(
            HistoryLine(
                e.at,
                e.actor,
                "event",
                e.action,
                e.from_status or "",
                e.to_status or "",
                e.reason or "",
            )
        )
    for n in session.scalars(select(Note).where(Note.case_id == case_id)):
        lines.append(HistoryLine(n.created_at, n.author, "note", "", "", "", n.body))
    for c in session.scalars(
        select(ContactRecord).where(ContactRecord.case_id == case_id)
    ):
        lines.append(
            HistoryLine(
                c.contacted_at, c.created_by, "contact", c.method, "", "", c.summary
            )
        )
    for a in session.scalars(
        select(CallbackAttempt).where(CallbackAttempt.case_id == case_id)
    ):
        outcome = "reached" if a.reached else "not_reached"
        lines.append(
            HistoryLine(
                a.attempted_at, a.agent, "attempt", outcome, "", "", a.note or ""
            )
        )
    for q in session.scalars(
        select(ChecklistAnswer).where(ChecklistAnswer.case_id == case_id)
    ):
        lines.append(
            HistoryLine(
                q.answered_at,
                q.answered_by,
                "answer",
                q.question_code,
                "",
                "",
                q.answer,
            )
        )
    lines.sort(key=lambda line: line.at)
    return CaseDetail(
        case_id=case.id,
        number=case_label(case.official_no, case.provisional_no, case.id),
        status=case.status,
        caller_masked=mask_phone(case.caller_number) if case.caller_number else "",
        fields=fields,
        history=tuple(lines),
        requested_due_at=(
            requested_extension(session, case.id)
            if case.status == Status.EXTENSION_REQUESTED.value
            else None
        ),
    )


def reveal_caller_number(
    session: Session, case_id: str, *, actor: Actor, now: datetime | None = None
) -> str:
    """The full caller number; every reveal leaves an audit line (ids only)."""
    case = get_case(session, case_id)
    add_audit_event(
        session,
        at=now or utc_now(),
        actor=actor.username,
        action="case.reveal_caller_number",
        entity_type="case",
        entity_id=case.id,
        detail={"role": actor.role.value},
    )
    logger.info("caller number of case %s revealed to %s", case_id, actor.username)
    return case.caller_number or ""


# --- the conflict inbox -------------------------------------------------------------


@dataclass(frozen=True)
class ConflictLine:
    conflict_id: str
    case_id: str
    case_number: str
    field: str
    base_value: Any
    local_value: Any
    server_value: Any
    created_at: datetime


def list_conflicts(session: Session, limit: int = 500) -> tuple[ConflictLine, ...]:
    """Unresolved conflicts, oldest first."""
    rows = session.execute(
        select(Conflict, Case.official_no, Case.provisional_no)
        .outerjoin(Case, Case.id == Conflict.case_id)
        .where(Conflict.resolved_at.is_(None))
        .order_by(Conflict.created_at, Conflict.id)
        .limit(limit)
    ).all()
    return tuple(
        ConflictLine(
            conflict_id=c.id,
            case_id=c.case_id or "",
            case_number=case_label(official, provisional, c.case_id or ""),
            field=c.field,
            base_value=c.base_value,
            local_value=c.local_value,
            server_value=c.server_value,
            created_at=c.created_at,
        )
        for c, official, provisional in rows
    )


def resolve_conflict(
    session: Session,
    conflict_id: str,
    choice: str,
    *,
    actor: Actor,
    client_id: str,
    now: datetime | None = None,
) -> str | None:
    """Keep the "local" or the "server" value; returns the queued mutation id.

    Choosing the server's value needs no mutation: the server already holds it.
    Choosing the local one queues a case.update whose base is the server's value, so
    the server's three-way merge applies it rather than conflicting again.
    """
    if choice not in ("local", "server"):
        raise ValueError("choice must be 'local' or 'server'")
    conflict = session.get(Conflict, conflict_id)
    if conflict is None or conflict.resolved_at is not None:
        raise FieldError(
            "conflict", "该冲突不存在或已处理", "The conflict is gone or resolved"
        )
    stamp = now or utc_now()
    chosen = conflict.local_value if choice == "local" else conflict.server_value
    case = get_case(session, conflict.case_id or "")
    mutation_id = None

    checked = check_fields({conflict.field: chosen}, OPERATOR_FIELDS)
    setattr(case, conflict.field, checked[conflict.field])
    case.updated_at = stamp
    if choice == "local":
        mutation = enqueue(
            session,
            client_id=client_id,
            kind="case.update",
            entity_id=case.id,
            base_version=case.server_version,
            payload={
                "changes": {conflict.field: chosen},
                "base": {conflict.field: conflict.server_value},
            },
            author=actor.username,
            now=stamp,
        )
        mutation_id = mutation.id
    add_case_event(
        session,
        case_id=case.id,
        at=stamp,
        actor=actor.username,
        action="resolve_conflict",
        from_status=case.status,
        to_status=case.status,
        data={"field": conflict.field, "kept": choice, "conflict_id": conflict.id},
    )
    add_audit_event(
        session,
        at=stamp,
        actor=actor.username,
        action="conflict.resolve",
        entity_type="case",
        entity_id=case.id,
        detail={"conflict_id": conflict.id, "field": conflict.field, "kept": choice},
    )
    conflict.resolved_at = stamp
    conflict.resolved_by = actor.username
    session.flush()
    logger.info("conflict %s resolved (%s kept)", conflict_id, choice)
    return mutation_id


# --- changes the server refused -----------------------------------------------------


@dataclass(frozen=True)
class RejectionLine:
    """A change of this desk the server refused, kept whole for its author."""

    rejection_id: str
    case_id: str
    case_number: str
    what: str  # the action, or "case.update" and its fields
    sent: dict[str, Any]  # the command's arguments or the fields' values
    reason_zh: str
    reason_en: str
    created_at: datetime


def list_rejections(session: Session, limit: int = 500) -> tuple[RejectionLine, ...]:
    """Refusals not yet acknowledged, newest first."""
    rows = session.execute(
        select(Rejection, Case.official_no, Case.provisional_no)
        .outerjoin(Case, Case.id == Rejection.case_id)
        .where(Rejection.acknowledged_at.is_(None))
        .order_by(Rejection.created_at.desc(), Rejection.id)
        .limit(limit)
    ).all()
    lines = []
    for r, official, provisional in rows:
        payload = r.payload or {}
        if r.kind == "case.command":
            sent = dict(payload.get("args") or {})
        else:
            sent = dict(payload.get("changes") or payload)
        lines.append(
            RejectionLine(
                rejection_id=r.id,
                case_id=r.case_id or "",
                case_number=(
                    case_label(official, provisional, r.case_id or "")
                    if r.kind.startswith("case.")
                    else ""  # an article's flag: what was sent names the article
                ),
                what=change_what(r.kind, payload),
                sent=sent,
                reason_zh=r.reason_zh,
                reason_en=r.reason_en,
                created_at=r.created_at,
            )
        )
    return tuple(lines)


def acknowledge_rejection(
    session: Session, rejection_id: str, *, actor: Actor, now: datetime | None = None
) -> None:
    """The author has read the refusal; the record stays, only leaves the list."""
    rejection = session.get(Rejection, rejection_id)
    if rejection is None or rejection.acknowledged_at is not None:
        return
    stamp = now or utc_now()
    rejection.acknowledged_at = stamp
    add_audit_event(
        session,
        at=stamp,
        actor=actor.username,
        action="rejection.acknowledge",
        entity_type="case",
        entity_id=rejection.case_id or rejection.id,
        detail={"rejection_id": rejection.id},
    )
    session.flush()
