"""Pushed workflow commands: one `app.domain.workflow` action on one case.

Whose case it is is checked first, then the workflow's transition for the role; the
action's arguments are checked with `app.domain` (text limits, dates, deadlines) and
`server.store.validate` before the case changes. Notes, contact records, callback
attempts and leader instructions append a record of their own, once per record id.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from app.domain.calendar import WorkCalendar
from app.domain.deadlines import extend
from app.domain.errors import FieldError
from app.domain.vocabulary import Role, Status
from app.domain.workflow import Action, transition
from app.sync.wire import Mutation, MutationResult
from server.store.case_records import add_case_record
from server.store.cases import record_change, scope_keys
from server.store.push_cases import (
    Rejected,
    add_history,
    batch_calendar,
    bump_version,
    case_deadlines,
    load_case,
    may_edit,
    role_of,
    set_deadlines,
)
from server.store.tables import Case, CaseRecord
from server.store.validate import check_code, check_value

if TYPE_CHECKING:
    from server.store.push import PushContext

log = logging.getLogger(__name__)

# Commands that append a record of their own kind (idempotent by args.record_id).
_RECORD_KIND = {
    Action.ADD_NOTE: "note",
    Action.RECORD_CONTACT: "contact_record",
    Action.CALLBACK_ATTEMPT: "callback_attempt",
    Action.LEADER_INSTRUCTION: "leader_instruction",
}


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
    base = case_deadlines(fields, calendar)
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


def run_command(
    session: Session, ctx: PushContext, mutation: Mutation
) -> MutationResult:
    try:
        action = Action(str(mutation.payload.get("action")))
    except ValueError:
        raise Rejected("未知操作", "unknown action") from None
    args = mutation.payload.get("args") or {}
    if not isinstance(args, dict):
        raise Rejected("args 须为对象", "args must be an object")
    case = load_case(session, mutation)
    role = role_of(ctx)

    # Object-level check before the workflow rule: whose case is it?
    if role == Role.HANDLER and not _involves_unit(case, ctx.principal.unit_code):
        raise Rejected("该工单不属于本单位", "this case is not your unit's")
    if (
        role == Role.OPERATOR
        and not may_edit(ctx, case)
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
            set_deadlines(fields, batch_calendar(session, ctx))
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
        _extend_deadline(fields, args, batch_calendar(session, ctx))
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
        add_case_record(
            session,
            case,
            kind,
            {
                "text": body,
                **extra,
                "author": ctx.principal.username,
                "at": ctx.now.isoformat(),
            },
            by=ctx.principal.username,
            at=ctx.now,
            keys=scope_keys(case) | before_keys,
            record_id=str(record_id) if record_id else None,
        )

    case.status = str(after_status)
    case.fields = fields
    bump_version(case, ctx)
    add_history(session, ctx, case, str(action), before_status, after_status, detail)
    record_change(session, case, before_keys)
    return MutationResult(
        id=mutation.id,
        status="applied",
        entity_version=case.version,
        official_no=case.official_no,
    )
