"""The callback workbench's reads and writes over the local cache.

Everything a callback agent does is a workflow command through ``record_command``, so
it lands in the outbox with its local effect and works offline. Appended records
carry both the cache's argument names (``note``, ``body``) and the server's (``text``)
so that each side finds the text where it looks.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.calendar import WorkCalendar
from app.domain.callback_rules import (
    UNIT_CONTACTED,
    Attempt,
    AttemptState,
    CallbackPlan,
    Disagreement,
    contact_disagreement,
    missing_answers,
    plan_callback,
    redo_reasons,
)
from app.domain.errors import DomainError
from app.domain.reference import ChecklistTemplate
from app.domain.vocabulary import RequestType, Status
from app.domain.workflow import Action
from app.models.cases import get_case, record_command
from app.models.journal import utc_now
from app.models.results import Actor, CommandResult, case_label
from app.models.tables import CallbackAttempt, Case, ContactRecord

logger = logging.getLogger(__name__)


class CallbackRefused(DomainError):
    """The checklist does not allow the outcome asked for."""


@dataclass(frozen=True)
class AttemptLine:
    record_id: str
    attempted_at: datetime
    reached: bool
    agent: str
    note: str


@dataclass(frozen=True)
class CallbackCase:
    """What the workbench shows for one case."""

    case_id: str
    number: str
    status: str
    request_type: RequestType
    summary: str
    redo_count: int
    attempts: tuple[AttemptLine, ...]
    unit_contact_count: int
    plan: CallbackPlan


def load_callback_case(
    session: Session,
    case_id: str,
    template: ChecklistTemplate,
    now: datetime,
    calendar: WorkCalendar | None = None,
) -> CallbackCase:
    case = get_case(session, case_id)
    attempts = tuple(
        AttemptLine(a.id, a.attempted_at, a.reached, a.agent, a.note or "")
        for a in session.scalars(
            select(CallbackAttempt)
            .where(CallbackAttempt.case_id == case_id)
            .order_by(CallbackAttempt.attempted_at)
        )
    )
    contacts = unit_contact_count(session, case_id)
    plan = plan_callback(
        template.attempts,
        [Attempt(a.attempted_at, a.reached) for a in attempts],
        now,
        calendar,
    )
    return CallbackCase(
        case_id=case.id,
        number=case_label(case.official_no, case.provisional_no, case.id),
        status=case.status,
        request_type=RequestType(case.request_type),
        summary="" if case.confidential else case.summary,
        redo_count=case.redo_count,
        attempts=attempts,
        unit_contact_count=contacts,
        plan=plan,
    )


def unit_contact_count(session: Session, case_id: str) -> int:
    statement = select(func.count()).where(ContactRecord.case_id == case_id)
    return int(session.scalar(statement) or 0)


def _start_if_needed(
    session: Session, case: Case, actor: Actor, client_id: str, now: datetime
) -> None:
    if case.status == Status.REPORTED_DONE.value:
        record_command(
            session,
            case.id,
            Action.START_CALLBACK,
            {"assignee": actor.username},
            actor=actor,
            client_id=client_id,
            now=now,
        )


def record_attempt(
    session: Session,
    case_id: str,
    *,
    reached: bool,
    note: str = "",
    actor: Actor,
    client_id: str,
    now: datetime | None = None,
) -> CommandResult:
    """Append one call attempt (starting the callback first when needed)."""
    stamp = now or utc_now()
    case = get_case(session, case_id)
    _start_if_needed(session, case, actor, client_id, stamp)
    args: dict[str, Any] = {"attempted_at": stamp, "reached": reached}
    if note:
        args.update(note=note, text=note)
    result = record_command(
        session,
        case_id,
        Action.CALLBACK_ATTEMPT,
        args,
        actor=actor,
        client_id=client_id,
        now=stamp,
    )
    logger.info("callback attempt on case %s (reached=%s)", case_id, reached)
    return result


@dataclass(frozen=True)
class CallbackOutcome:
    case_id: str
    to_status: str
    disagreement: Disagreement | None
    redo_because: tuple[str, ...]


def finish_callback(
    session: Session,
    case_id: str,
    template: ChecklistTemplate,
    answers: Mapping[str, object],
    *,
    redo: bool,
    reason: str = "",
    actor: Actor,
    client_id: str,
    now: datetime | None = None,
) -> CallbackOutcome:
    """Close the case or send it back for redo, with the checklist's answers.

    Closing is refused while an answer the template lists under ``redo_when`` is
    given (a caller who says "not solved" is not closed); a redo needs a reason.
    """
    stamp = now or utc_now()
    missing = missing_answers(template, answers)
    if missing:
        raise CallbackRefused(
            "请回答：" + "；".join(q.text_zh for q in missing),
            "Please answer: " + "; ".join(q.text_en for q in missing),
            "checklist_incomplete",
        )
    because = tuple(redo_reasons(template, answers))
    if because and not redo:
        raise CallbackRefused(
            "回访结果要求重办，不能归档",
            "The callback answers require a redo; the case cannot be closed",
            "redo_required",
        )
    if redo and not reason.strip():
        raise CallbackRefused(
            "重办须写明原因", "A redo needs a reason", "redo_reason_missing"
        )

    case = get_case(session, case_id)
    _start_if_needed(session, case, actor, client_id, stamp)
    disagreement = contact_disagreement(
        unit_contact_count(session, case_id) > 0, answers.get(UNIT_CONTACTED)
    )
    if disagreement is not None:
        # A note travels to every workstation and the server; the flag stays visible.
        text = f"【联系记录不一致】{disagreement.message_zh}"
        _add_note(session, case_id, text, actor, client_id, stamp)
        logger.info("case %s flagged: unit contact and caller disagree", case_id)

    args: dict[str, Any] = {
        "resolution": answers.get("resolution"),
        "satisfaction": answers.get("satisfaction"),
        "answers": [
            {"question_code": key, "answer": _answer_text(value)}
            for key, value in answers.items()
            if value is not None and value != ""
        ],
        "contact_disagreement": disagreement is not None,
    }
    action = Action.CALLBACK_REDO if redo else Action.CALLBACK_CLOSE
    if redo:
        args["reason"] = reason.strip()
    result = record_command(
        session, case_id, action, args, actor=actor, client_id=client_id, now=stamp
    )
    logger.info("callback on case %s finished: %s", case_id, result.to_status)
    return CallbackOutcome(case_id, result.to_status, disagreement, because)


def close_unreachable(
    session: Session,
    case_id: str,
    plan: CallbackPlan,
    *,
    actor: Actor,
    client_id: str,
    now: datetime | None = None,
) -> CommandResult:
    """Record a caller the rule's attempts did not reach, as the template says."""
    if plan.state != AttemptState.UNREACHABLE:
        raise CallbackRefused(
            "回访次数未用完，不能记为无法联系",
            "Attempts remain; the caller cannot be recorded as unreachable yet",
            "attempts_remain",
        )
    stamp = now or utc_now()
    note = f"【无法联系】{plan.message_zh}"
    if plan.unreachable_outcome == "supervisor_review":
        return _add_note(session, case_id, note, actor, client_id, stamp)
    return record_command(
        session,
        case_id,
        Action.CALLBACK_CLOSE,
        {"resolution": None, "satisfaction": None, "reason": note},
        actor=actor,
        client_id=client_id,
        now=stamp,
    )


def _add_note(
    session: Session,
    case_id: str,
    text: str,
    actor: Actor,
    client_id: str,
    now: datetime,
) -> CommandResult:
    """A note under the cache's name for its text and the server's."""
    return record_command(
        session,
        case_id,
        Action.ADD_NOTE,
        {"body": text, "text": text},
        actor=actor,
        client_id=client_id,
        now=now,
    )


def _answer_text(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
