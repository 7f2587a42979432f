"""Deadlines to accept and to finish a case, and their traffic light.

Counting convention (the same for both clocks, and for extensions by working days):

- The received moment is read in the locality's zone (Asia/Shanghai). Day 1 is the
  first working day *after* the day of receipt, whether that day was a working day
  (counting starts the next working day) or a day off (counting starts at the next
  working day). A case received on Wednesday 30 September 2026 with 15 working days
  has day 1 on Thursday 8 October, after the National Day break.
- The deadline is the end of the N-th working day, at the locality's ``day_end``
  (17:30 for Sichuan, the close of office hours, so a unit is never due at midnight
  when nobody can reply), returned in UTC.
- Urgent and critical matters count elapsed hours or minutes from the moment of
  receipt, nights and holidays included: emergencies do not wait for Monday.

The light: red once ``now`` is past the deadline; yellow when the deadline falls on
the current working day or the next one (for hour-based clocks: when at most 25 % of
the allowed time is left); green otherwise.
"""

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from app.domain.calendar import WorkCalendar, default_calendar, weekday_en, weekday_zh
from app.domain.errors import DeadlineError
from app.domain.reference import (
    DeadlineRule,
    DeadlineRules,
    LocalityRules,
    load_deadline_rules,
)
from app.domain.vocabulary import DeadlineLight, RequestType, Urgency

__all__ = [
    "DeadlineRules",
    "Deadlines",
    "compute_deadlines",
    "default_rules",
    "extend",
    "light",
]

#: Share of an hour-based clock left when its light turns yellow.
YELLOW_SHARE = 0.25


@cache
def default_rules() -> DeadlineRules:
    """The rules shipped in ``resources/reference/deadline_rules.json``, loaded once."""
    return load_deadline_rules()


@dataclass(frozen=True)
class Deadlines:
    received_at: datetime
    request_type: RequestType
    urgency: Urgency
    locality: str
    accept_due_at: datetime
    finish_due_at: datetime
    #: False when a deadline depends on a year whose holidays are not confirmed yet.
    confirmed: bool
    explanation_zh: str
    explanation_en: str
    #: Elapsed-time allowance of each clock; None when counted in working days.
    accept_span: timedelta | None
    finish_span: timedelta | None
    timezone: str
    day_end: time
    extended: bool = False


def _local_date(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def _end_of(day: date, locality: LocalityRules, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, locality.day_end, tzinfo=zone).astimezone(UTC)


def _fmt_day_zh(day: date) -> str:
    return f"{day.month}月{day.day}日"


def _fmt_range_zh(first: date, last: date) -> str:
    if first == last:
        return _fmt_day_zh(first)
    if first.month == last.month:
        return f"{first.month}月{first.day}日至{last.day}日"
    return f"{_fmt_day_zh(first)}至{_fmt_day_zh(last)}"


def _fmt_range_en(first: date, last: date) -> str:
    if first == last:
        return first.strftime("%-d %b")
    return f"{first.strftime('%-d %b')} to {last.strftime('%-d %b')}"


def _local_stamp(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _span_zh(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    return f"{minutes // 60}小时" if minutes % 60 == 0 else f"{minutes}分钟"


def _span_en(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour" + ("s" if hours != 1 else "")
    return f"{minutes} minutes"


def _working_day_text(
    calendar: WorkCalendar,
    received: date,
    due: date,
) -> tuple[str, str]:
    """The 'counted from … skipping … including …' part of an explanation."""
    if calendar.is_workday(received):
        start_zh = f"自{received.isoformat()}受理次日起算"
        start_en = f"counted from the working day after {received.isoformat()}"
    else:
        start_zh = f"{received.isoformat()}为非工作日，自下一个工作日起算"
        start_en = (
            f"received on a day off ({received.isoformat()}),"
            " counted from the next working day"
        )
    parts_zh = [start_zh]
    parts_en = [start_en]

    runs = calendar.days_off_runs(received, due)
    if runs:
        parts_zh.append(
            "跳过"
            + "、".join(
                f"{name}假期（{_fmt_range_zh(a, b)}）" for a, b, name, _ in runs
            )
        )
        parts_en.append(
            "skipping "
            + ", ".join(f"{name} ({_fmt_range_en(a, b)})" for a, b, _, name in runs)
        )
    swapped = calendar.swapped_workdays(received + timedelta(days=1), due)
    if swapped:
        parts_zh.append(
            "含调休上班日"
            + "、".join(f"{_fmt_day_zh(d)}（{weekday_zh(d)}）" for d in swapped)
        )
        parts_en.append(
            "counting the swapped workday"
            + ("s " if len(swapped) > 1 else " ")
            + ", ".join(f"{weekday_en(d)} {_fmt_range_en(d, d)}" for d in swapped)
        )
    return "，".join(parts_zh), ", ".join(parts_en)


def _unconfirmed_years(calendar: WorkCalendar, first: date, last: date) -> list[int]:
    return [y for y in range(first.year, last.year + 1) if not calendar.is_confirmed(y)]


def _unconfirmed_text(years: list[int]) -> tuple[str, str]:
    if not years:
        return "", ""
    listed = "、".join(str(y) for y in years)
    return (
        f"（{listed}年节假日安排尚未确认，时限可能调整）",
        f" (the {', '.join(str(y) for y in years)} holiday calendar is not"
        " confirmed yet; the deadline may change)",
    )


def _rule_or_fail(
    locality: LocalityRules, stage: str, request_type: RequestType, urgency: Urgency
) -> DeadlineRule:
    rule = locality.find(stage, request_type, urgency)
    if rule is None:
        stage_zh = "签收" if stage == "accept" else "办理"
        raise DeadlineError(
            f"{locality.name_zh}没有{urgency.label_zh}{request_type.label_zh}类诉求的"
            f"{stage_zh}时限规则",
            f"{locality.name_en} has no {stage} rule for {urgency.label_en.lower()}"
            f" {request_type.label_en.lower()} requests",
            "deadline_rule_missing",
        )
    return rule


def _apply(
    rule: DeadlineRule,
    received_at: datetime,
    locality: LocalityRules,
    calendar: WorkCalendar,
    zone: ZoneInfo,
) -> datetime:
    if rule.duration is not None:
        return received_at + rule.duration
    assert rule.working_days is not None
    received = _local_date(received_at, zone)
    return _end_of(
        calendar.add_working_days(received, rule.working_days), locality, zone
    )


def compute_deadlines(
    received_at: datetime,
    request_type: RequestType,
    urgency: Urgency,
    locality: str | None = None,
    *,
    rules: DeadlineRules | None = None,
    calendar: WorkCalendar | None = None,
) -> Deadlines:
    """Both deadlines of a case received at ``received_at`` (aware datetime)."""
    if received_at.tzinfo is None or received_at.utcoffset() is None:
        raise DeadlineError(
            "受理时间缺少时区", "The received time has no time zone", "deadline_naive"
        )
    # Accept wire codes as well as the enums.
    request_type = RequestType(request_type)
    urgency = Urgency(urgency)
    rules = rules or default_rules()
    calendar = calendar or default_calendar()
    place = rules.locality(locality)
    zone = ZoneInfo(place.timezone)
    received_at = received_at.astimezone(UTC)
    received = _local_date(received_at, zone)

    accept_rule = _rule_or_fail(place, "accept", request_type, urgency)
    finish_rule = _rule_or_fail(place, "finish", request_type, urgency)
    accept_due = _apply(accept_rule, received_at, place, calendar, zone)
    finish_due = _apply(finish_rule, received_at, place, calendar, zone)

    calendar_used = [
        due
        for rule, due in ((accept_rule, accept_due), (finish_rule, finish_due))
        if rule.working_days is not None
    ]
    unconfirmed = (
        _unconfirmed_years(calendar, received, _local_date(max(calendar_used), zone))
        if calendar_used
        else []
    )

    kind_zh = f"{urgency.label_zh}" if urgency is not Urgency.NORMAL else ""
    head_zh = f"{kind_zh}{request_type.label_zh}类诉求"
    head_en = request_type.label_en + (
        f" ({urgency.label_en.lower()})" if urgency is not Urgency.NORMAL else ""
    )
    if finish_rule.working_days is not None:
        how_zh, how_en = _working_day_text(
            calendar, received, _local_date(finish_due, zone)
        )
        finish_zh = f"{head_zh}办理时限{finish_rule.working_days}个工作日，{how_zh}"
        finish_en = (
            f"{head_en}: {finish_rule.working_days} working days to finish, {how_en}"
        )
    else:
        assert finish_rule.duration is not None
        finish_zh = (
            f"{head_zh}办理时限{_span_zh(finish_rule.duration)}，"
            f"自{_local_stamp(received_at, zone)}受理时起按自然时计算"
        )
        finish_en = (
            f"{head_en}: {_span_en(finish_rule.duration)} to finish, counted in"
            f" elapsed time from {_local_stamp(received_at, zone)}"
        )
    finish_zh += f"，至{_local_stamp(finish_due, zone)}止"
    finish_en += f", due {_local_stamp(finish_due, zone)}"

    if accept_rule.working_days is not None:
        accept_zh = f"签收时限{accept_rule.working_days}个工作日"
        accept_en = f"accept within {accept_rule.working_days} working day" + (
            "s" if accept_rule.working_days != 1 else ""
        )
    else:
        assert accept_rule.duration is not None
        accept_zh = f"签收时限{_span_zh(accept_rule.duration)}"
        accept_en = f"accept within {_span_en(accept_rule.duration)}"
    accept_zh += f"，至{_local_stamp(accept_due, zone)}止"
    accept_en += f", by {_local_stamp(accept_due, zone)}"

    note_zh, note_en = _unconfirmed_text(unconfirmed)
    return Deadlines(
        received_at=received_at,
        request_type=request_type,
        urgency=urgency,
        locality=place.code,
        accept_due_at=accept_due,
        finish_due_at=finish_due,
        confirmed=not unconfirmed,
        explanation_zh=f"{finish_zh}；{accept_zh}{note_zh}",
        explanation_en=f"{finish_en}; {accept_en}{note_en}",
        accept_span=accept_rule.duration,
        finish_span=finish_rule.duration,
        timezone=place.timezone,
        day_end=place.day_end,
    )


def extend(
    deadlines: Deadlines,
    *,
    new_date: date | None = None,
    working_days: int | None = None,
    calendar: WorkCalendar | None = None,
) -> Deadlines:
    """The deadlines after an approved extension of the finish deadline.

    Give either ``new_date`` (a working day after the current deadline; the new
    deadline is its end of day) or ``working_days`` (counted on from the current
    deadline's day, the same way as the original count). The accept deadline does
    not move.
    """
    if (new_date is None) == (working_days is None):
        raise ValueError("give exactly one of new_date and working_days")
    calendar = calendar or default_calendar()
    zone = ZoneInfo(deadlines.timezone)
    current = _local_date(deadlines.finish_due_at, zone)

    if working_days is not None:
        if working_days <= 0:
            raise DeadlineError(
                "延期天数应为正数",
                "An extension must be a positive number of working days",
                "extension_not_positive",
            )
        target = calendar.add_working_days(current, working_days)
        how_zh = f"经批准延期{working_days}个工作日"
        how_en = f"extended by {working_days} working days (approved)"
    else:
        assert new_date is not None
        if new_date <= current:
            raise DeadlineError(
                f"延期后的日期{new_date.isoformat()}应晚于原时限{current.isoformat()}",
                f"The extended date {new_date.isoformat()} must be after the current"
                f" deadline {current.isoformat()}",
                "extension_not_later",
            )
        if not calendar.is_workday(new_date):
            raise DeadlineError(
                f"{new_date.isoformat()}（{weekday_zh(new_date)}）不是工作日，"
                "请选择工作日",
                f"{new_date.isoformat()} ({weekday_en(new_date)}) is not a working day;"
                " choose a working day",
                "extension_not_workday",
            )
        target = new_date
        how_zh = "经批准延期"
        how_en = "extended (approved)"

    due = datetime.combine(target, deadlines.day_end, tzinfo=zone).astimezone(UTC)
    unconfirmed = _unconfirmed_years(calendar, current, target)
    note_zh, note_en = _unconfirmed_text(unconfirmed)
    return replace(
        deadlines,
        finish_due_at=due,
        finish_span=None,
        confirmed=deadlines.confirmed and not unconfirmed,
        explanation_zh=(
            f"{deadlines.explanation_zh}；{how_zh}，至{_local_stamp(due, zone)}止"
            f"{note_zh}"
        ),
        explanation_en=(
            f"{deadlines.explanation_en}; {how_en} to {_local_stamp(due, zone)}"
            f"{note_en}"
        ),
        extended=True,
    )


def light(
    due_at: datetime,
    now: datetime,
    calendar: WorkCalendar | None = None,
    *,
    span: timedelta | None = None,
    timezone: str = "Asia/Shanghai",
) -> DeadlineLight:
    """Green, yellow or red for a deadline at the moment ``now``.

    ``span`` is the allowance of an hour-based clock (``Deadlines.finish_span``); with
    it, yellow means at most 25 % of it is left. Without it, yellow means the
    deadline falls on today's working day or the next one.
    """
    if now > due_at:
        return DeadlineLight.RED
    if span is not None:
        left = due_at - now
        return (
            DeadlineLight.YELLOW if left <= span * YELLOW_SHARE else DeadlineLight.GREEN
        )
    calendar = calendar or default_calendar()
    zone = ZoneInfo(timezone)
    today = _local_date(now, zone)
    due_day = _local_date(due_at, zone)
    if due_day <= calendar.add_working_days(today, 1):
        return DeadlineLight.YELLOW
    return DeadlineLight.GREEN
