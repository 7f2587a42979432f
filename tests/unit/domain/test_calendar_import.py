"""A calendar year from JSON data (an import, a cached row) and putting it in force."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.domain.calendar import (
    calendar_with,
    default_calendar,
    install_calendar,
    shipped_calendar,
)
from app.domain.errors import ReferenceDataError
from app.domain.reference import (
    CalendarDay,
    calendar_override_data,
    load_calendar_override,
    parse_calendar_override,
    reference_dir,
)

SHIPPED_2026 = reference_dir() / "calendar" / "CN-2026.json"
# Saturday 6 March 2027 a swapped workday, Monday 8 March a day off.
PLAIN_2027 = {"holidays": ["2027-03-08"], "workdays": ["2027-03-06"]}


@pytest.fixture
def restore_calendar() -> Iterator[None]:
    yield
    install_calendar(None)


def test_data_and_file_give_the_same_override() -> None:
    data = json.loads(SHIPPED_2026.read_text(encoding="utf-8"))

    from_data = parse_calendar_override(data, "CN-2026.json")

    assert from_data == load_calendar_override(SHIPPED_2026)
    # The normalised data reads back to the same override.
    again = parse_calendar_override(calendar_override_data(from_data), "again")
    assert again == from_data


def test_plain_date_lists_take_the_given_year_and_confirmed_default() -> None:
    override = parse_calendar_override(
        PLAIN_2027, "CN-2027.json", year=2027, confirmed=True
    )

    assert override.year == 2027 and override.confirmed
    assert override.holidays == (CalendarDay(date(2027, 3, 8), "", ""),)
    assert override.workdays == (CalendarDay(date(2027, 3, 6), "", ""),)
    unsaid = parse_calendar_override(PLAIN_2027, "CN-2027.json", year=2027)
    assert not unsaid.confirmed
    said = parse_calendar_override(
        {**PLAIN_2027, "confirmed": False}, "x", year=2027, confirmed=True
    )
    assert not said.confirmed


@pytest.mark.parametrize(
    ("data", "year", "where"),
    [
        (PLAIN_2027, None, "year"),  # no year anywhere
        ({**PLAIN_2027, "year": 2028}, 2027, "year"),
        ({"year": 2027, "holidays": ["2027-02-30"]}, None, "holidays"),
        ({"year": 2027, "workdays": ["2026-12-31"]}, None, "workdays"),
        ({"year": 2027, "holidays": "2027-03-08"}, None, "holidays"),
        ({"year": 2027, "confirmed": "yes"}, None, "confirmed"),
        ({"year": 2027, **PLAIN_2027, "workdays": ["2027-03-08"]}, None, "both"),
        (["2027-03-08"], 2027, "content"),
    ],
)
def test_malformed_data_is_refused_naming_where(
    data: object, year: int | None, where: str
) -> None:
    with pytest.raises(ReferenceDataError) as refused:
        parse_calendar_override(data, "CN-2027.json", year=year)
    message = refused.value.message_en
    assert where in message and "CN-2027.json" in message


def test_the_file_loader_refuses_what_the_parser_refuses(tmp_path: Path) -> None:
    path = tmp_path / "CN-2027.json"
    path.write_text(json.dumps({**PLAIN_2027, "year": 2028}), encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="year"):
        load_calendar_override(path)


def test_an_installed_year_replaces_the_shipped_one(restore_calendar: None) -> None:
    imported = parse_calendar_override(PLAIN_2027, "import", year=2027)
    saturday, monday = date(2027, 3, 6), date(2027, 3, 8)
    assert default_calendar() is shipped_calendar()
    assert not default_calendar().is_workday(saturday)

    calendar = calendar_with({2027: imported})
    install_calendar(calendar)

    assert default_calendar() is calendar
    assert calendar.is_workday(saturday) and not calendar.is_workday(monday)
    # The shipped years are still there, and the shipped calendar is untouched.
    assert calendar.override_years == [2026, 2027]
    assert not calendar.is_workday(date(2026, 10, 1))
    assert shipped_calendar().is_workday(monday)
    install_calendar(None)
    assert default_calendar() is shipped_calendar()


def test_an_imported_year_wins_over_the_shipped_file() -> None:
    # The shipped 2026 has National Day off; an import of 2026 without it replaces it.
    imported = parse_calendar_override(
        {"year": 2026, "confirmed": False, "holidays": ["2026-05-01"]}, "import"
    )

    calendar = calendar_with({2026: imported})

    assert calendar.is_workday(date(2026, 10, 1))
    assert not calendar.is_workday(date(2026, 5, 1))
    assert not calendar.is_confirmed(2026)
    assert not shipped_calendar().is_workday(date(2026, 10, 1))
