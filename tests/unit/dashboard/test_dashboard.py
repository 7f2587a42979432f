"""Dashboard figures over a small hand-built cache; expected values counted by hand.

The period is Monday 9 to Sunday 15 March 2026 (local days). Cases sit near local
midnight on purpose: 00:30 on the 14th is still the 13th in UTC, and 23:30 on the 15th
is 15:30 UTC, so a figure that forgot the time zone would put them on the wrong day.
"""

from __future__ import annotations

from datetime import date

import pytest

from app.models.dashboard import (
    CategoryCount,
    Period,
    PeriodKind,
    Rate,
    compute_dashboard,
    find_hotspots,
)
from app.models.db import CacheDatabase
from tests.unit.dashboard.builders import add_case, add_event, add_reference, local

A = "510802001001"
B = "510802001002"
WEEK = Period(date(2026, 3, 9), date(2026, 3, 15))


@pytest.fixture
def filled(db: CacheDatabase) -> CacheDatabase:
    with db.write() as s:
        add_reference(s)
        on_call = {"status": "answered_on_call", "handling_mode": "answered_on_call"}
        add_case(s, local(2026, 3, 15, 9), category_code="0101", area_code=A, **on_call)
        add_case(
            s, local(2026, 3, 15, 9, 30), category_code="0101", area_code=A, **on_call
        )
        third = add_case(
            s,
            local(2026, 3, 15, 23, 30),
            request_type="complaint",
            requester_type="enterprise",
            status="closed",
            satisfaction="satisfied",
            due_at=local(2026, 3, 20, 17),
            category_code="0101",
            area_code=A,
        )
        fourth = add_case(
            s,
            local(2026, 3, 14, 0, 30),
            request_type="help",
            status="closed",
            satisfaction="unsatisfied",
            due_at=local(2026, 3, 15, 10),
            category_code="0102",
            area_code=B,
        )
        fifth = add_case(
            s,
            local(2026, 3, 14, 10),
            request_type="complaint",
            requester_type="enterprise",
            status="reported_done",
            due_at=local(2026, 3, 20, 17),
            category_code="0102",
            area_code=B,
        )
        add_case(s, local(2026, 3, 13, 10), request_type="report", status="invalid")
        seventh = add_case(
            s,
            local(2026, 3, 13, 11),
            status="redo",
            satisfaction="mostly",
            due_at=local(2026, 3, 20, 17),
            category_code="0101",
            area_code=A,
        )
        add_case(s, local(2026, 3, 12, 10), category_code="0102", area_code=B)
        for hour, minute in ((10, 0), (14, 0), (14, 30)):
            add_case(
                s, local(2026, 3, 10, hour, minute), category_code="0101", area_code=B
            )
        # Left out: a draft, a deleted case, and cases before or after the period.
        add_case(
            s, local(2026, 3, 13, 9), status="draft", category_code="0101", area_code=A
        )
        add_case(
            s, local(2026, 3, 13, 9), deleted=True, category_code="0101", area_code=A
        )
        add_case(s, local(2026, 3, 16, 0, 10), category_code="0101", area_code=A)
        add_case(s, local(2026, 3, 8, 10), category_code="0101", area_code=A)
        add_case(s, local(2026, 3, 5, 10), category_code="0102", area_code=B)
        add_case(s, local(2026, 3, 6, 10), category_code="0102", area_code=B)
        for _ in range(3):
            add_case(s, local(2026, 3, 3, 10), category_code="0101", area_code=B)
        s.flush()

        add_event(s, third, "reply", local(2026, 3, 15, 23, 50))
        add_event(s, fourth, "reply", local(2026, 3, 16, 9))
        add_event(s, fifth, "reply", local(2026, 3, 14, 12))
        add_event(s, seventh, "reply", local(2026, 3, 13, 12))
        # A second, later reply after the redo does not change the first reply time.
        add_event(s, seventh, "reply", local(2026, 3, 25, 12))
    return db


def test_overall_volumes(filled: CacheDatabase) -> None:
    with filled.read() as s:
        figures = compute_dashboard(s, WEEK).overall

    assert figures.total == 11
    assert figures.by_day == (
        (date(2026, 3, 9), 0),
        (date(2026, 3, 10), 3),
        (date(2026, 3, 11), 0),
        (date(2026, 3, 12), 1),
        (date(2026, 3, 13), 2),
        (date(2026, 3, 14), 2),
        (date(2026, 3, 15), 3),
    )
    expected_hours = [0] * 24
    expected_hours[0], expected_hours[9], expected_hours[10] = 1, 2, 4
    expected_hours[11], expected_hours[14], expected_hours[23] = 1, 2, 1
    assert figures.by_hour == tuple(expected_hours)
    assert figures.by_type == (
        ("consultation", 7),
        ("complaint", 2),
        ("help", 1),
        ("report", 1),
    )
    assert figures.top_categories == (
        CategoryCount("0101", "供水", 7),
        CategoryCount("0102", "噪音", 3),
    )


def test_overall_rates(filled: CacheDatabase) -> None:
    with filled.read() as s:
        figures = compute_dashboard(s, WEEK).overall

    assert figures.direct_resolution == Rate(2, 10)
    assert figures.callback == Rate(3, 4)
    assert figures.satisfaction == Rate(2, 3)
    assert figures.on_time == Rate(3, 4)
    assert figures.on_time.value == pytest.approx(0.75)


def test_enterprise_lane_on_its_own(filled: CacheDatabase) -> None:
    with filled.read() as s:
        figures = compute_dashboard(s, WEEK).enterprise

    assert figures.total == 2
    assert [count for _day, count in figures.by_day] == [0, 0, 0, 0, 0, 1, 1]
    assert figures.by_hour[10] == 1 and figures.by_hour[23] == 1
    assert sum(figures.by_hour) == 2
    assert figures.by_type == (("complaint", 2),)
    assert figures.top_categories == (
        CategoryCount("0101", "供水", 1),
        CategoryCount("0102", "噪音", 1),
    )
    assert figures.direct_resolution == Rate(0, 2)
    assert figures.callback == Rate(1, 2)
    assert figures.satisfaction == Rate(1, 1)
    assert figures.on_time == Rate(2, 2)


def test_hotspots_rise_week_over_week(filled: CacheDatabase) -> None:
    with filled.read() as s:
        hotspots = find_hotspots(s, date(2026, 3, 15))

    found = [(h.category_code, h.area_code, h.this_week, h.last_week) for h in hotspots]
    # 0101 in B has 3 and 3: not rising. 0102 in B has 3 and 2: exactly 1.5 times.
    assert found == [("0101", A, 4, 1), ("0102", B, 3, 2)]
    assert (hotspots[0].category_name, hotspots[0].area_name) == ("供水", "东坝社区")


def test_today_counts_the_local_day_only(filled: CacheDatabase) -> None:
    period = Period.of(PeriodKind.TODAY, date(2026, 3, 15))
    with filled.read() as s:
        figures = compute_dashboard(s, period).overall

    assert figures.total == 3
    assert figures.by_day == ((date(2026, 3, 15), 3),)


def test_empty_period_has_no_rates(filled: CacheDatabase) -> None:
    with filled.read() as s:
        dashboard = compute_dashboard(s, Period(date(2025, 1, 1), date(2025, 1, 2)))

    assert dashboard.overall.total == 0
    assert dashboard.overall.satisfaction.value is None
    assert dashboard.hotspots == ()


def test_periods() -> None:
    today = date(2026, 3, 15)
    assert Period.of(PeriodKind.DAYS_7, today) == WEEK
    assert Period.of(PeriodKind.DAYS_30, today).first_day == date(2026, 2, 14)
    with pytest.raises(ValueError):
        Period(date(2026, 3, 2), date(2026, 3, 1))
    with pytest.raises(ValueError):
        Period.of(PeriodKind.CUSTOM, today)
