"""Callback verification rules: when to call again, when to give up, what disagrees.

Pure functions over the checklist template (``reference.ChecklistTemplate``) and the
attempts already made. The template's attempt policy says how many attempts, how far
apart, within how many working days and during which calling hours; after the last
failed attempt the caller is recorded as unreachable and the template names what
follows (close as unreached, or the supervisor reviews).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from app.domain.calendar import WorkCalendar, default_calendar
from app.domain.reference import AttemptPolicy, ChecklistQuestion, ChecklistTemplate

LOCAL_ZONE = "Asia/Shanghai"
# The questions whose answers the rules below read.
REACHED = "reached"
UNIT_CONTACTED = "unit_contacted"


class AttemptState(StrEnum):
    """Where a case's callback stands."""

    DUE = "due"  # call now
    WAIT = "wait"  # the next attempt is due later
    REACHED = "reached"  # the caller answered; fill in the checklist
    UNREACHABLE = "unreachable"  # the rule's attempts are used up


@dataclass(frozen=True)
class Attempt:
    attempted_at: datetime
    reached: bool


@dataclass(frozen=True)
class CallbackPlan:
    state: AttemptState
    attempts_made: int
    attempts_left: int
    next_attempt_at: datetime | None
    #: The template's outcome once unreachable: close_unreached / supervisor_review.
    unreachable_outcome: str | None
    message_zh: str
    message_en: str


def _windows(policy: AttemptPolicy) -> list[tuple[time, time]]:
    windows = []
    for text in policy.calling_hours:
        start, _, end = text.partition("-")
        windows.append((time.fromisoformat(start), time.fromisoformat(end)))
    return sorted(windows) or [(time(0, 0), time(23, 59, 59))]


def next_calling_slot(
    moment: datetime,
    policy: AttemptPolicy,
    calendar: WorkCalendar | None = None,
    *,
    timezone: str = LOCAL_ZONE,
) -> datetime:
    """The earliest moment at or after ``moment`` inside calling hours on a workday."""
    calendar = calendar or default_calendar()
    zone = ZoneInfo(timezone)
    local = moment.astimezone(zone)
    windows = _windows(policy)
    day = local.date()
    for _ in range(60):  # the longest Chinese holiday with its weekends is ~10 days
        if calendar.is_workday(day):
            for start, end in windows:
                opens = datetime.combine(day, start, tzinfo=zone)
                closes = datetime.combine(day, end, tzinfo=zone)
                if local < closes:
                    return max(local, opens).astimezone(UTC)
        day += timedelta(days=1)
        local = datetime.combine(day, time(0, 0), tzinfo=zone)
    raise ValueError("no working day within 60 days")


def plan_callback(
    policy: AttemptPolicy,
    attempts: Sequence[Attempt],
    now: datetime,
    calendar: WorkCalendar | None = None,
    *,
    timezone: str = LOCAL_ZONE,
) -> CallbackPlan:
    """What to do next for a case whose attempts so far are ``attempts``."""
    ordered = sorted(attempts, key=lambda a: a.attempted_at)
    made = len(ordered)
    if any(a.reached for a in ordered):
        return CallbackPlan(
            AttemptState.REACHED,
            made,
            max(policy.max_attempts - made, 0),
            None,
            None,
            "已联系上来电人，请完成回访清单",
            "The caller was reached; complete the checklist",
        )

    if made >= policy.max_attempts:
        return _unreachable(policy, made)
    if not ordered:
        slot = next_calling_slot(now, policy, calendar, timezone=timezone)
    else:
        calendar = calendar or default_calendar()
        earliest = ordered[-1].attempted_at + timedelta(hours=policy.interval_hours)
        slot = next_calling_slot(earliest, policy, calendar, timezone=timezone)
        if slot > _attempt_deadline(
            ordered[0].attempted_at, policy, calendar, timezone
        ):
            # No slot left inside the rule's working days: unreachable now.
            return _unreachable(policy, made)

    left = policy.max_attempts - made
    local = slot.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")
    if slot <= now:
        return CallbackPlan(
            AttemptState.DUE,
            made,
            left,
            slot,
            None,
            f"可以回访（第{made + 1}次，共{policy.max_attempts}次）",
            f"Call now (attempt {made + 1} of {policy.max_attempts})",
        )
    return CallbackPlan(
        AttemptState.WAIT,
        made,
        left,
        slot,
        None,
        f"下次回访时间：{local}（第{made + 1}次，共{policy.max_attempts}次）",
        f"Next attempt at {local} (attempt {made + 1} of {policy.max_attempts})",
    )


def _attempt_deadline(
    first: datetime, policy: AttemptPolicy, calendar: WorkCalendar, timezone: str
) -> datetime:
    zone = ZoneInfo(timezone)
    last_day = calendar.add_working_days(
        first.astimezone(zone).date(), policy.within_working_days
    )
    closing = _windows(policy)[-1][1]
    return datetime.combine(last_day, closing, tzinfo=zone).astimezone(UTC)


def _unreachable(policy: AttemptPolicy, made: int) -> CallbackPlan:
    if policy.unreachable_outcome == "supervisor_review":
        then_zh, then_en = "转班长审核", "the supervisor reviews it"
    else:
        then_zh, then_en = "按“未联系上”归档", "close it as unreached"
    return CallbackPlan(
        AttemptState.UNREACHABLE,
        made,
        0,
        None,
        policy.unreachable_outcome,
        f"{made}次回访均未接通，记为无法联系，{then_zh}",
        f"No answer after {made} attempts: recorded as unreachable; {then_en}",
    )


# --- the checklist ------------------------------------------------------------------


def visible_questions(
    template: ChecklistTemplate, answers: Mapping[str, object]
) -> list[ChecklistQuestion]:
    """The questions to ask given the answers so far (``when`` conditions met)."""
    return [
        q
        for q in template.questions
        if all(answers.get(key) == wanted for key, wanted in q.when)
    ]


def missing_answers(
    template: ChecklistTemplate, answers: Mapping[str, object]
) -> list[ChecklistQuestion]:
    """Required visible questions still without an answer."""
    return [
        q
        for q in visible_questions(template, answers)
        if q.required and answers.get(q.key) in (None, "")
    ]


def redo_reasons(
    template: ChecklistTemplate, answers: Mapping[str, object]
) -> list[str]:
    """The question keys whose answers send the case back for redo."""
    return [
        key
        for key, values in template.redo_when
        if key in answers and answers[key] in values
    ]


@dataclass(frozen=True)
class Disagreement:
    """The unit's contact record and the caller's answer do not agree."""

    unit_recorded_contact: bool
    caller_says_contacted: bool
    message_zh: str
    message_en: str


def contact_disagreement(
    unit_recorded_contact: bool, caller_says_contacted: object
) -> Disagreement | None:
    """Flag a case where the unit's record and the caller's answer differ.

    ``caller_says_contacted`` is the checklist answer (a bool), or None while the
    question is unanswered; then there is nothing to compare yet.
    """
    if not isinstance(caller_says_contacted, bool):
        return None
    if unit_recorded_contact == caller_says_contacted:
        return None
    if unit_recorded_contact:
        return Disagreement(
            True,
            False,
            "承办单位记录已直接联系来电人，但来电人表示未被联系",
            "The unit recorded contacting the caller, but the caller says it did not",
        )
    return Disagreement(
        False,
        True,
        "来电人表示承办单位联系过，但承办单位没有联系记录",
        "The caller says the unit made contact, but the unit recorded none",
    )
