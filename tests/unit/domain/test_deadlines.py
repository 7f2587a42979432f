"""Deadlines on the real 2026 calendar, across New Year 2027, with extensions."""

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.calendar import WorkCalendar, default_calendar
from app.domain.deadlines import compute_deadlines, extend, light
from app.domain.errors import DeadlineError, ReferenceDataError
from app.domain.reference import load_calendar_overrides
from app.domain.vocabulary import DeadlineLight, RequestType, Urgency

TZ = ZoneInfo("Asia/Shanghai")
CAL = default_calendar()


def local(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=TZ)


def test_2026_matches_chinese_calendar_every_day() -> None:
    package_only = WorkCalendar()
    day = date(2026, 1, 1)
    while day.year == 2026:
        expected = chinese_calendar.is_workday(day)
        assert CAL.is_workday(day) is expected, day
        assert package_only.is_workday(day) is expected, day
        day += timedelta(days=1)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 9, 20), True),  # Sunday worked before National Day
        (date(2026, 9, 25), False),  # Mid-Autumn Festival
        (date(2026, 10, 1), False),
        (date(2026, 10, 4), False),
        (date(2026, 10, 7), False),
        (date(2026, 10, 8), True),
        (date(2026, 10, 10), True),  # Saturday worked after National Day
        (date(2026, 10, 11), False),
        (date(2026, 2, 14), True),
        (date(2026, 2, 28), True),
    ],
)
def test_national_day_2026(day: date, working: bool) -> None:
    assert CAL.is_workday(day) is working


def test_confirmed_years() -> None:
    assert CAL.is_confirmed(2026)
    assert CAL.is_confirmed(2025)
    assert not CAL.is_confirmed(2027)


# received (local), request type, urgency, finish due (local), accept due (local)
CASES = [
    # Wednesday before National Day: day 1 is 8 Oct, Saturday 10 Oct counts.
    (
        local(2026, 9, 30),
        "complaint",
        "normal",
        local(2026, 10, 27, 17, 30),
        local(2026, 10, 8, 17, 30),
    ),
    (
        local(2026, 9, 30),
        "consultation",
        "normal",
        local(2026, 10, 10, 17, 30),
        local(2026, 10, 8, 17, 30),
    ),
    (
        local(2026, 9, 30),
        "help",
        "normal",
        local(2026, 10, 15, 17, 30),
        local(2026, 10, 8, 17, 30),
    ),
    # Received during the holiday: counting starts on 8 Oct all the same.
    (
        local(2026, 10, 3),
        "consultation",
        "normal",
        local(2026, 10, 10, 17, 30),
        local(2026, 10, 8, 17, 30),
    ),
    # Received on the swapped Saturday (a working day): day 1 is Monday 12 Oct.
    (
        local(2026, 10, 10),
        "praise",
        "normal",
        local(2026, 10, 14, 17, 30),
        local(2026, 10, 12, 17, 30),
    ),
    # Received on the Sunday worked before: 3 working days are 21, 22, 23 Sep.
    (
        local(2026, 9, 20),
        "consultation",
        "normal",
        local(2026, 9, 23, 17, 30),
        local(2026, 9, 21, 17, 30),
    ),
    # Late evening is still that day.
    (
        local(2026, 9, 29, 23, 59),
        "consultation",
        "normal",
        local(2026, 10, 9, 17, 30),
        local(2026, 9, 30, 17, 30),
    ),
    # Urgent and critical run in elapsed time through the holiday.
    (
        local(2026, 10, 2, 9, 0),
        "complaint",
        "urgent",
        local(2026, 10, 3, 9, 0),
        local(2026, 10, 2, 11, 0),
    ),
    (
        local(2026, 10, 2, 23, 0),
        "help",
        "critical",
        local(2026, 10, 3, 1, 0),
        local(2026, 10, 2, 23, 30),
    ),
]


@pytest.mark.parametrize(("received", "rtype", "urgency", "finish", "accept"), CASES)
def test_deadlines(
    received: datetime, rtype: str, urgency: str, finish: datetime, accept: datetime
) -> None:
    result = compute_deadlines(received, RequestType(rtype), Urgency(urgency))
    assert result.finish_due_at == finish
    assert result.accept_due_at == accept
    assert result.finish_due_at.tzinfo is UTC
    assert result.confirmed


def test_explanation_names_the_break_and_the_swapped_saturday() -> None:
    result = compute_deadlines(
        local(2026, 9, 30), RequestType.COMPLAINT, Urgency.NORMAL
    )
    assert result.explanation_zh.startswith(
        "投诉类诉求办理时限15个工作日，自2026-09-30受理次日起算，"
        "跳过国庆节假期（10月1日至7日），含调休上班日10月10日（周六），"
        "至2026-10-27 17:30止"
    )
    assert "National Day (1 Oct to 7 Oct)" in result.explanation_en
    assert "Sat 10 Oct" in result.explanation_en


def test_new_year_2027_is_computed_and_unconfirmed() -> None:
    result = compute_deadlines(local(2026, 12, 29), RequestType.HELP, Urgency.NORMAL)
    finish = result.finish_due_at.astimezone(TZ).date()
    assert finish.year == 2027
    assert CAL.is_workday(finish)
    assert not result.confirmed
    assert "2027年节假日安排尚未确认" in result.explanation_zh
    assert "not confirmed" in result.explanation_en
    # Within 2026 only: confirmed.
    early = compute_deadlines(local(2026, 12, 1), RequestType.HELP, Urgency.NORMAL)
    assert early.confirmed


def test_override_file_confirms_and_corrects_a_year(tmp_path: Path) -> None:
    # The centre types in the (here invented) 2027 notice: 4 January off,
    # Saturday 9 January worked.
    (tmp_path / "CN-2027.json").write_text(
        json.dumps(
            {
                "year": 2027,
                "confirmed": True,
                "holidays": [
                    {"date": "2027-01-01", "name_zh": "元旦", "name_en": "New Year"},
                    {"date": "2027-01-02", "name_zh": "元旦", "name_en": "New Year"},
                    {"date": "2027-01-03", "name_zh": "元旦", "name_en": "New Year"},
                    {"date": "2027-01-04", "name_zh": "元旦", "name_en": "New Year"},
                ],
                "workdays": ["2027-01-09"],
            }
        ),
        encoding="utf-8",
    )
    corrected = WorkCalendar(load_calendar_overrides(tmp_path))
    assert corrected.is_confirmed(2027)
    assert not corrected.is_workday(date(2027, 1, 4))
    assert corrected.is_workday(date(2027, 1, 9))
    assert CAL.is_workday(date(2027, 1, 4))

    received = local(2026, 12, 31)
    result = compute_deadlines(
        received, RequestType.CONSULTATION, Urgency.NORMAL, calendar=corrected
    )
    # 5, 6 and 7 January (4 January is now off).
    assert result.finish_due_at == local(2027, 1, 7, 17, 30)
    assert result.confirmed
    assert "元旦假期（1月1日至4日）" in result.explanation_zh


def test_malformed_override_is_refused(tmp_path: Path) -> None:
    (tmp_path / "CN-2027.json").write_text(
        '{"holidays": ["2027-02-30"]}', encoding="utf-8"
    )
    with pytest.raises(ReferenceDataError):
        load_calendar_overrides(tmp_path)


def test_extension_by_working_days_and_to_a_date() -> None:
    base = compute_deadlines(local(2026, 9, 30), RequestType.COMPLAINT, Urgency.NORMAL)
    longer = extend(base, working_days=5)
    assert longer.finish_due_at == local(2026, 11, 3, 17, 30)
    assert longer.accept_due_at == base.accept_due_at
    assert longer.extended
    assert "经批准延期5个工作日，至2026-11-03 17:30止" in longer.explanation_zh

    to_date = extend(base, new_date=date(2026, 11, 13))
    assert to_date.finish_due_at == local(2026, 11, 13, 17, 30)

    # Extending a late-December case into 2027 makes it unconfirmed.
    december = compute_deadlines(local(2026, 12, 1), RequestType.HELP, Urgency.NORMAL)
    assert not extend(december, working_days=20).confirmed


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"new_date": date(2026, 10, 20)}, "extension_not_later"),
        ({"new_date": date(2026, 10, 31)}, "extension_not_workday"),
        ({"working_days": 0}, "extension_not_positive"),
    ],
)
def test_impossible_extensions(kwargs: dict[str, object], code: str) -> None:
    base = compute_deadlines(local(2026, 9, 30), RequestType.COMPLAINT, Urgency.NORMAL)
    with pytest.raises(DeadlineError) as refused:
        extend(base, **kwargs)  # type: ignore[arg-type]
    assert refused.value.code == code


def test_naive_received_time_is_refused() -> None:
    with pytest.raises(DeadlineError):
        compute_deadlines(datetime(2026, 9, 30, 10), RequestType.HELP, Urgency.NORMAL)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (local(2026, 10, 22, 9), DeadlineLight.GREEN),
        (local(2026, 10, 23, 9), DeadlineLight.GREEN),  # Fri; due Tue 27th
        (local(2026, 10, 26, 9), DeadlineLight.YELLOW),  # next working day is due
        (local(2026, 10, 24, 9), DeadlineLight.GREEN),  # Saturday: Mon not due yet
        (local(2026, 10, 27, 17, 30), DeadlineLight.YELLOW),
        (local(2026, 10, 27, 17, 31), DeadlineLight.RED),
    ],
)
def test_light_for_working_days(now: datetime, expected: DeadlineLight) -> None:
    due = local(2026, 10, 27, 17, 30)
    assert light(due, now, CAL) is expected


def test_light_over_a_holiday_looks_at_working_days() -> None:
    # Due 8 Oct; on 30 Sep the next working day is 8 Oct, so it is already yellow.
    assert light(local(2026, 10, 8, 17, 30), local(2026, 9, 30, 9), CAL) is (
        DeadlineLight.YELLOW
    )
    assert light(local(2026, 10, 9, 17, 30), local(2026, 9, 29, 9), CAL) is (
        DeadlineLight.GREEN
    )


@pytest.mark.parametrize(
    ("minutes_left", "expected"),
    [
        (600, DeadlineLight.GREEN),
        (361, DeadlineLight.GREEN),
        (360, DeadlineLight.YELLOW),
        (1, DeadlineLight.YELLOW),
        (-1, DeadlineLight.RED),
    ],
)
def test_light_for_hours(minutes_left: int, expected: DeadlineLight) -> None:
    due = local(2026, 10, 3, 12)
    now = due - timedelta(minutes=minutes_left)
    assert light(due, now, CAL, span=timedelta(hours=24)) is expected


def test_unknown_locality_is_a_clear_error() -> None:
    with pytest.raises(ReferenceDataError):
        compute_deadlines(local(2026, 9, 30), RequestType.HELP, Urgency.NORMAL, "mars")


moments = st.datetimes(
    min_value=datetime(2025, 1, 1),
    max_value=datetime(2027, 11, 30),
    timezones=st.just(UTC),
)
types = st.sampled_from(list(RequestType))


@settings(max_examples=150, deadline=None)
@given(moments, types)
def test_deadline_never_falls_on_a_day_off(
    received: datetime, rtype: RequestType
) -> None:
    result = compute_deadlines(received, rtype, Urgency.NORMAL)
    for due in (result.finish_due_at, result.accept_due_at):
        assert CAL.is_workday(due.astimezone(TZ).date())
        assert due > received
    assert result.accept_due_at <= result.finish_due_at


@settings(max_examples=150, deadline=None)
@given(moments, st.integers(0, 40), st.integers(0, 40))
def test_more_working_days_never_earlier(received: datetime, a: int, b: int) -> None:
    start = received.astimezone(TZ).date()
    low, high = sorted((a, b))
    first = CAL.add_working_days(start, low)
    second = CAL.add_working_days(start, high)
    assert first <= second
    assert CAL.is_workday(first) and CAL.is_workday(second)
    assert CAL.working_days_between(start, second) == max(high, 1) or high == 0


@settings(max_examples=100, deadline=None)
@given(moments, st.integers(1, 30))
def test_extension_is_later_and_on_a_working_day(received: datetime, days: int) -> None:
    base = compute_deadlines(received, RequestType.COMPLAINT, Urgency.NORMAL)
    longer = extend(base, working_days=days)
    assert longer.finish_due_at > base.finish_due_at
    assert CAL.is_workday(longer.finish_due_at.astimezone(TZ).date())
