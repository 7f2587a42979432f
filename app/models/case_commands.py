"""The local effect of each workflow action, applied before the server confirms it.

The status change itself comes from app.domain.workflow.transition; this module adds
what an action writes besides the status (units, deadlines, appended records). Records
that actions append carry their own `record_id`, sent in the mutation's args, so a
repeated push cannot add them twice on the server.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from app.domain.errors import FieldError
from app.domain.fields import check_text
from app.domain.vocabulary import HandlingMode, Resolution, Satisfaction
from app.domain.workflow import Action
from app.models.case_fields import HANDLING_FIELDS, check_fields
from app.models.journal import new_id, to_json_value
from app.models.results import Actor
from app.models.tables import (
    CallbackAttempt,
    Case,
    ChecklistAnswer,
    ContactRecord,
    Note,
)


@dataclass(frozen=True)
class Effect:
    reason: str | None
    record_id: str | None
    wire_args: dict[str, Any]


@dataclass
class _Context:
    session: Session
    case: Case
    args: dict[str, Any]
    actor: Actor
    now: datetime
    record_id: str | None = None

    def text(self, key: str, field: str, *, required: bool = False) -> str | None:
        value = self.args.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str):
            value = "" if value is None else str(value)
        return check_text(field, value, required=required)

    def new_record_id(self) -> str:
        # A retried command keeps the id it was first given.
        self.record_id = str(self.args.get("record_id") or new_id())
        self.args["record_id"] = self.record_id
        return self.record_id

    def moment(self, key: str) -> datetime:
        value = self.args.get(key)
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if value is None:
            value = self.now
        if not isinstance(value, datetime) or value.utcoffset() is None:
            raise FieldError(
                key,
                "时间须带时区",
                f"The {key} must be a time with a time zone",
                "timestamp_naive",
            )
        self.args[key] = value
        return value


def apply_command(
    session: Session,
    case: Case,
    action: Action,
    args: Mapping[str, Any],
    *,
    actor: Actor,
    now: datetime,
) -> Effect:
    context = _Context(session, case, dict(args), actor, now)
    reason = context.text("reason", "reason")
    handler = _HANDLERS.get(action)
    if handler is not None:
        handler(context)
    return Effect(reason, context.record_id, to_json_value(context.args))


def _dispatch(ctx: _Context) -> None:
    units: dict[str, Any] = {
        key: ctx.args[key]
        for key in ("lead_unit_code", "co_unit_codes", "accept_due_at", "due_at")
        if key in ctx.args
    }
    for key in ("accept_due_at", "due_at"):
        if isinstance(units.get(key), str):
            units[key] = datetime.fromisoformat(units[key])
    for field, value in check_fields(units, HANDLING_FIELDS).items():
        setattr(ctx.case, field, value)
    ctx.case.handling_mode = HandlingMode.DISPATCHED.value
    ctx.text("dispatch_instruction", "dispatch_instruction")


def _accept(ctx: _Context) -> None:
    ctx.case.holder = ctx.actor.username


def _approve_extension(ctx: _Context) -> None:
    if "due_at" in ctx.args:
        ctx.case.due_at = ctx.moment("due_at")


def _reply(ctx: _Context) -> None:
    ctx.text("reply", "reply", required=True)


def _add_note(ctx: _Context) -> None:
    body = ctx.text("body", "note", required=True) or ""
    ctx.session.add(
        Note(
            id=ctx.new_record_id(),
            case_id=ctx.case.id,
            author=ctx.actor.username,
            body=body,
            created_at=ctx.now,
        )
    )


def _record_contact(ctx: _Context) -> None:
    summary = ctx.text("summary", "contact_summary", required=True) or ""
    ctx.session.add(
        ContactRecord(
            id=ctx.new_record_id(),
            case_id=ctx.case.id,
            unit_code=ctx.case.lead_unit_code,
            contacted_at=ctx.moment("contacted_at"),
            method=str(ctx.args.get("method") or "phone")[:16],
            summary=summary,
            created_by=ctx.actor.username,
        )
    )


def _callback_attempt(ctx: _Context) -> None:
    reached = ctx.args.get("reached")
    if not isinstance(reached, bool):
        raise FieldError(
            "reached", "请填写是否接通", "Say whether the caller was reached"
        )
    ctx.session.add(
        CallbackAttempt(
            id=ctx.new_record_id(),
            case_id=ctx.case.id,
            attempted_at=ctx.moment("attempted_at"),
            reached=reached,
            agent=ctx.actor.username,
            note=ctx.text("note", "note"),
        )
    )


def _callback_outcome(ctx: _Context) -> None:
    for key, codes in (("resolution", Resolution), ("satisfaction", Satisfaction)):
        value = ctx.args.get(key)
        if value is not None:
            try:
                setattr(ctx.case, key, codes(value).value)
            except ValueError:
                raise FieldError(key, "取值无效", f"The {key} is not allowed") from None
    answers = ctx.args.get("answers") or []
    for answer in answers:
        answer_id = str(answer.get("record_id") or new_id())
        answer["record_id"] = answer_id
        ctx.session.add(
            ChecklistAnswer(
                id=answer_id,
                case_id=ctx.case.id,
                question_code=str(answer["question_code"])[:32],
                answer=check_text("checklist_answer", str(answer.get("answer", ""))),
                note=None,
                answered_by=ctx.actor.username,
                answered_at=ctx.now,
            )
        )


def _callback_redo(ctx: _Context) -> None:
    _callback_outcome(ctx)
    ctx.case.redo_count += 1


def _mark_key_issue(ctx: _Context) -> None:
    ctx.case.key_issue = True
    leader = ctx.text("overseeing_leader", "overseeing_leader")
    if leader:
        ctx.case.overseeing_leader = leader


def _leader_instruction(ctx: _Context) -> None:
    ctx.text("instruction", "instruction", required=True)


_HANDLERS: dict[Action, Callable[[_Context], None]] = {
    Action.DISPATCH: _dispatch,
    Action.REASSIGN: _dispatch,
    Action.ACCEPT: _accept,
    Action.APPROVE_EXTENSION: _approve_extension,
    Action.REPLY: _reply,
    Action.ADD_NOTE: _add_note,
    Action.RECORD_CONTACT: _record_contact,
    Action.CALLBACK_ATTEMPT: _callback_attempt,
    Action.CALLBACK_CLOSE: _callback_outcome,
    Action.CALLBACK_REDO: _callback_redo,
    Action.MARK_KEY_ISSUE: _mark_key_issue,
    Action.LEADER_INSTRUCTION: _leader_instruction,
}
