"""The outbox: mutations waiting for the server, and recording its answers.

A mutation is written in the same transaction as the local change it describes, so a
change is never on disk without the intent that will carry it to the server. A user's
action on a case writes it with the case's history line and audit event through
``record_case_change``.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.errors import NotParked
from app.models.journal import (
    add_audit_event,
    add_case_event,
    new_id,
    next_counter,
    to_json_value,
    utc_now,
)
from app.models.results import (
    Actor,
    MarkSummary,
    PendingMutation,
    UnsentLine,
    case_label,
)
from app.models.tables import Case, Conflict, Outbox, Rejection

logger = logging.getLogger(__name__)

PENDING = "pending"
PARKED = "parked"
# Answers after which the server holds the case's effect (or a conflict record).
_ACCEPTED = frozenset({"applied", "duplicate", "merged", "conflict"})
ANSWER_STATES = frozenset({*_ACCEPTED, "rejected"})


def seq_key(client_id: str) -> str:
    return f"outbox_seq:{client_id}"


def enqueue(
    session: Session,
    *,
    client_id: str,
    kind: str,
    entity_id: str,
    base_version: int | None,
    payload: Mapping[str, Any],
    author: str,
    now: datetime,
) -> Outbox:
    """Add a mutation with the client's next sequence number."""
    row = Outbox(
        id=new_id(),
        client_id=client_id,
        seq=next_counter(session, seq_key(client_id), now=now),
        kind=kind,
        entity_id=entity_id,
        base_version=base_version,
        payload=to_json_value(payload),
        created_at=now,
        author=author,
        state=PENDING,
        attempts=0,
    )
    session.add(row)
    return row


def record_case_change(
    session: Session,
    case: Case,
    *,
    actor: Actor,
    client_id: str,
    at: datetime,
    action: str,
    from_status: str,
    kind: str,
    payload: Mapping[str, Any],
    audit_action: str,
    audit_detail: Mapping[str, Any],
    reason: str | None = None,
    data: Mapping[str, Any] | None = None,
) -> Outbox:
    """Journal a user's change to `case`, already applied to it, and queue it.

    Writes, in this order, the case's history line (`action`, from `from_status` to
    the case's status now, with `reason` and `data`), the mutation of `kind` that
    carries `payload` to the server against the case's server version, and the audit
    event (`audit_action`, `audit_detail`: ids and codes only). All go through the
    caller's session, so they commit with the change or not at all.
    """
    add_case_event(
        session,
        case_id=case.id,
        at=at,
        actor=actor.username,
        action=action,
        from_status=from_status,
        to_status=case.status,
        reason=reason,
        data=data,
    )

    mutation = enqueue(
        session,
        client_id=client_id,
        kind=kind,
        entity_id=case.id,
        base_version=case.server_version,
        payload=payload,
        author=actor.username,
        now=at,
    )

    add_audit_event(
        session,
        at=at,
        actor=actor.username,
        action=audit_action,
        entity_type="case",
        entity_id=case.id,
        detail=audit_detail,
    )
    return mutation


def pending_mutations(session: Session, limit: int) -> list[PendingMutation]:
    """The oldest unsent mutations, in sequence order."""
    rows = session.scalars(
        select(Outbox).where(Outbox.state == PENDING).order_by(Outbox.seq).limit(limit)
    )
    return [
        PendingMutation(
            id=row.id,
            client_id=row.client_id,
            seq=row.seq,
            kind=row.kind,
            entity_id=row.entity_id,
            base_version=row.base_version,
            payload=row.payload,
            created_at=row.created_at,
            author=row.author,
            attempts=row.attempts,
        )
        for row in rows
    ]


def pending_count(session: Session) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(Outbox).where(Outbox.state == PENDING)
        )
        or 0
    )


def unsent_lines(session: Session, *, limit: int = 500) -> tuple[UnsentLine, ...]:
    """What this workstation has not delivered: parked mutations, then the queue.

    Parked ones come first (a person has to act on them), newest first; then the
    waiting ones in the order they will be sent.
    """
    numbered = select(Outbox, Case.official_no, Case.provisional_no).outerjoin(
        Case, Case.id == Outbox.entity_id
    )
    parked = session.execute(
        numbered.where(Outbox.state == PARKED)
        .order_by(Outbox.created_at.desc())
        .limit(limit)
    ).all()
    waiting = session.execute(
        numbered.where(Outbox.state == PENDING)
        .order_by(Outbox.seq)
        .limit(limit - len(parked))
    ).all()

    return tuple(
        UnsentLine(
            mutation_id=row.id,
            what=change_what(row.kind, row.payload),
            case_number=(
                case_label(official, provisional, row.entity_id)
                if row.kind.startswith("case.")
                else ""
            ),
            author=row.author,
            created_at=row.created_at,
            parked=row.state == PARKED,
            attempts=row.attempts,
            last_error=row.last_error,
        )
        for row, official, provisional in [*parked, *waiting]
    )


def change_what(kind: str, payload: Mapping[str, Any] | None) -> str:
    """What a mutation does, for people: a case command's action, else its kind."""
    if kind == "case.command":
        return str((payload or {}).get("action") or kind)
    return kind


def requeue_parked(
    session: Session, mutation_id: str, *, client_id: str, author: str, now: datetime
) -> int:
    """Put a parked mutation back in the queue, last; returns its new sequence number.

    Only its author, on the client that queued it, may: the push carries the author's
    credentials. Its id is kept, so a server that did apply it once answers
    ``duplicate``; a new sequence number at the end keeps the numbers gap-free.
    """
    row = session.get(Outbox, mutation_id)
    if row is None or row.state != PARKED:
        raise NotParked(
            "此操作不在搁置列表中，无需重新发送",
            "this change is not set aside, so there is nothing to send again",
        )
    if row.author != author or row.client_id != client_id:
        raise NotParked(
            "只能由操作人本人重新发送此操作",
            "only the person who made this change can send it again",
        )

    row.seq = next_counter(session, seq_key(client_id), now=now)
    row.state = PENDING
    row.attempts = 0
    row.last_error = None
    logger.info("requeued parked mutation %s as seq %d", row.id, row.seq)
    return row.seq


def mark_mutations(
    session: Session,
    results: Iterable[Mapping[str, Any]],
    *,
    now: datetime | None = None,
) -> MarkSummary:
    """Record the server's answers (wire MutationResult as JSON dicts).

    Repeating the same answers changes nothing: a mutation already answered keeps its
    first answer, and conflict and rejection rows are keyed by their ids.
    """
    stamp = now or utc_now()
    counts: Counter[str] = Counter()
    unknown: list[str] = []
    for result in results:
        mutation_id = str(result["id"])
        status = str(result["status"])
        if status not in ANSWER_STATES:
            raise ValueError(f"unknown mutation status {status!r}")
        row = session.get(Outbox, mutation_id)
        if row is None:
            unknown.append(mutation_id)
            continue

        if row.state == PENDING:
            row.state = status
            row.answered_at = stamp
            row.last_error = None
        counts[status] += 1
        if status in _ACCEPTED:
            _apply_versions(session, row, result)
        if status == "conflict":
            _add_conflicts(session, row, result, stamp)
        elif status == "rejected":
            _add_rejection(session, row, result, stamp)

    if unknown:
        logger.warning("%d answers named mutations this cache never sent", len(unknown))
    return MarkSummary(counts=dict(counts), unknown=tuple(unknown))


def record_failed_attempt(session: Session, mutation_id: str, error: str) -> int:
    """Count a failed delivery; returns the attempts so far."""
    row = session.get(Outbox, mutation_id)
    if row is None:
        raise KeyError(mutation_id)
    row.attempts += 1
    row.last_error = error[:1000]
    return row.attempts


def park_mutation(session: Session, mutation_id: str, reason: str) -> None:
    """Set aside a mutation the server keeps failing on, so the queue goes on.

    It stays in the outbox, visible with its reason, for a person to look at.
    """
    row = session.get(Outbox, mutation_id)
    if row is None:
        raise KeyError(mutation_id)
    row.state = PARKED
    row.last_error = reason[:1000]
    logger.warning("parked mutation %s (seq %d)", row.id, row.seq)


def _apply_versions(session: Session, row: Outbox, result: Mapping[str, Any]) -> None:
    case = session.get(Case, row.entity_id)
    if case is None:
        return
    version = result.get("entity_version")
    # Never move a version backwards: a pull may already have brought a newer one.
    if version is not None and (case.server_version or 0) < int(version):
        case.server_version = int(version)
    official_no = result.get("official_no")
    if official_no and not case.official_no:
        case.official_no = str(official_no)


def _add_conflicts(
    session: Session, row: Outbox, result: Mapping[str, Any], stamp: datetime
) -> None:
    for item in result.get("conflicts") or ():
        conflict_id = str(item.get("conflict_id") or new_id())
        if session.get(Conflict, conflict_id) is not None:
            continue
        session.add(
            Conflict(
                id=conflict_id,
                case_id=row.entity_id,
                mutation_id=row.id,
                field=str(item["field"]),
                base_value=item.get("base_value"),
                local_value=item.get("client_value"),
                server_value=item.get("server_value"),
                created_at=stamp,
            )
        )


def _add_rejection(
    session: Session, row: Outbox, result: Mapping[str, Any], stamp: datetime
) -> None:
    exists = session.scalar(select(Rejection.id).where(Rejection.mutation_id == row.id))
    if exists is not None:
        return
    session.add(
        Rejection(
            id=new_id(),
            mutation_id=row.id,
            case_id=row.entity_id,
            kind=row.kind,
            reason_zh=str(result.get("reason_zh") or "服务器拒绝了此操作"),
            reason_en=str(result.get("reason_en") or "The server refused this change"),
            payload=row.payload,
            created_at=stamp,
        )
    )
