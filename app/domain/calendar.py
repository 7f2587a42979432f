"""Working days on the official Chinese calendar, swapped workdays (调休) included.

Where the days come from, in order:

1. An override file ``resources/reference/calendar/CN-<year>.json`` that the centre
   keeps from the State Council's yearly notice. When a year has one it replaces the
   package's data for that year entirely (see ``CalendarOverride``).
2. Otherwise the ``holidays`` package (``holidays.China``), which has the published
   days off and the weekend days declared workdays (``weekend_workdays``) for the years
   whose notice it knows, and computes the fixed festivals for later years.

Whether a year is *confirmed* is a separate question. The State Council publishes the
next year's arrangement around November; until then the package's data for that year is
a forecast from the festival dates, without the swapped workdays the notice will add.
So a year counts as confirmed only if its override file says ``"confirmed": true``, or
if ``chinese_calendar`` (which is only released with a notice's data) knows the year.
An override with ``"confirmed": false`` wins over ``chinese_calendar``: the centre has
said the year is still open. Deadlines in an unconfirmed year are computed all the same
and marked unconfirmed.

A year's notice that comes out after the release is imported by the centre on the
server (``hotline-server calendar import``), which sends it to every workstation. A
process builds a calendar from the shipped overrides updated with those years
(``calendar_with``: an imported year replaces the shipped file's) and puts it in force
with ``install_calendar``. ``default_calendar()`` stays the entry point every caller
uses: it answers the installed calendar, or the shipped one until something is
installed. Installing is a single reference assignment, so a thread computing a
deadline at that moment uses the old calendar or the new one whole, never a mix.
"""

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import chinese_calendar
from holidays.countries.china import China

from app.domain.reference import CalendarOverride, load_calendar_overrides

logger = logging.getLogger(__name__)

_WEEKDAYS_ZH = "一二三四五六日"
_WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MAX_SEARCH_DAYS = 400  # no run of days off is anywhere near this long


def weekday_zh(day: date) -> str:
    return "周" + _WEEKDAYS_ZH[day.weekday()]


def weekday_en(day: date) -> str:
    return _WEEKDAYS_EN[day.weekday()]


@dataclass(frozen=True)
class DayInfo:
    day: date
    working: bool
    name_zh: str | None  # the holiday's name on a day off for a holiday
    name_en: str | None
    swapped_workday: bool  # a Saturday or Sunday declared a workday


@cache
def _chinese_calendar_has(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def _main_name(names: list[str | None]) -> str | None:
    """The festival a run of days off is for (ignoring 'day off, swapped' labels)."""
    named = [n for n in names if n and not n.startswith(("休息日", "Day off"))]
    return max(named, key=named.count) if named else None


class WorkCalendar:
    """Answers which days are working days; thread-safe for reading after start."""

    def __init__(self, overrides: Mapping[int, CalendarOverride] | None = None):
        self._overrides = dict(overrides or {})
        # The package's constructor has no annotations.
        self._zh = China(language="zh_CN")  # type: ignore[no-untyped-call]
        self._en = China(language="en_US")  # type: ignore[no-untyped-call]
        self._days: dict[date, DayInfo] = {}

    @classmethod
    def load(cls, directory: Path | None = None) -> "WorkCalendar":
        """A calendar with the override files in ``directory`` (default: resources)."""
        overrides = load_calendar_overrides(directory)
        logger.info("calendar overrides for years %s", sorted(overrides))
        return cls(overrides)

    @property
    def override_years(self) -> list[int]:
        return sorted(self._overrides)

    def is_confirmed(self, year: int) -> bool:
        override = self._overrides.get(year)
        if override is not None:
            return override.confirmed
        return _chinese_calendar_has(year)

    def info(self, day: date) -> DayInfo:
        known = self._days.get(day)
        if known is None:
            known = self._compute(day)
            self._days[day] = known
        return known

    def is_workday(self, day: date) -> bool:
        return self.info(day).working

    def add_working_days(self, start: date, count: int) -> date:
        """The ``count``-th working day after ``start`` (``start`` itself not counted).

        ``count`` 0 gives ``start`` if it is a working day, else the next one.
        """
        if count < 0:
            raise ValueError("count must not be negative")
        day = start
        if count == 0:
            return self.next_workday(start, include_start=True)
        remaining = count
        for _ in range(count + _MAX_SEARCH_DAYS):
            day += timedelta(days=1)
            if self.is_workday(day):
                remaining -= 1
                if remaining == 0:
                    return day
        raise RuntimeError("no working day found")  # pragma: no cover

    def next_workday(self, day: date, *, include_start: bool = False) -> date:
        candidate = day if include_start else day + timedelta(days=1)
        for _ in range(_MAX_SEARCH_DAYS):
            if self.is_workday(candidate):
                return candidate
            candidate += timedelta(days=1)
        raise RuntimeError("no working day found")  # pragma: no cover

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]."""
        count = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            count += self.is_workday(day)
        return count

    def days_off_runs(
        self, start: date, end: date
    ) -> list[tuple[date, date, str, str]]:
        """Holiday breaks touching [start, end]: (first day, last day, name zh, en).

        A break is a run of consecutive days off that includes a named holiday; its
        weekend days are part of it. Ordinary weekends are not listed.
        """
        runs: list[tuple[date, date, str, str]] = []
        day = start
        # Begin at the start of a break that is already under way on ``start``.
        while not self.is_workday(day - timedelta(days=1)) and start - day < timedelta(
            days=_MAX_SEARCH_DAYS
        ):
            day -= timedelta(days=1)
        run: list[DayInfo] = []
        while day <= end or run:
            info = self.info(day)
            if not info.working:
                run.append(info)
            elif run:
                name_zh = _main_name([d.name_zh for d in run])
                name_en = _main_name([d.name_en for d in run])
                if name_zh is not None:
                    runs.append((run[0].day, run[-1].day, name_zh, name_en or name_zh))
                run = []
            day += timedelta(days=1)
        return runs

    def swapped_workdays(self, start: date, end: date) -> list[date]:
        """Weekend days in [start, end] that are declared workdays."""
        result = []
        day = start
        while day <= end:
            if self.info(day).swapped_workday:
                result.append(day)
            day += timedelta(days=1)
        return result

    def _compute(self, day: date) -> DayInfo:
        weekend = day.weekday() >= 5
        override = self._overrides.get(day.year)
        if override is not None:
            for entry in override.holidays:
                if entry.day == day:
                    return DayInfo(day, False, entry.name_zh, entry.name_en, False)
            for entry in override.workdays:
                if entry.day == day:
                    return DayInfo(day, True, None, None, weekend)
            return DayInfo(day, not weekend, None, None, False)

        # Looking the day up first makes the package fill in that year, including its
        # weekend workdays, before is_working_day reads them.
        name_zh = self._zh.get(day)
        name_en = self._en.get(day)
        working = self._zh.is_working_day(day)
        return DayInfo(day, working, name_zh, name_en, working and weekend)


@cache
def shipped_calendar() -> WorkCalendar:
    """The calendar with the override files shipped in resources (loaded once)."""
    return WorkCalendar.load()


_installed: WorkCalendar | None = None


def default_calendar() -> WorkCalendar:
    """The calendar in force: the installed one, else the shipped one."""
    installed = _installed
    return installed if installed is not None else shipped_calendar()


def calendar_with(imported: Mapping[int, CalendarOverride]) -> WorkCalendar:
    """The shipped overrides updated with imported years (which win year by year)."""
    shipped = load_calendar_overrides()
    return WorkCalendar({**shipped, **imported})


def install_calendar(calendar: WorkCalendar | None) -> None:
    """Put ``calendar`` in force for this process (None: back to the shipped one)."""
    global _installed
    _installed = calendar
    if calendar is not None:
        logger.info("calendar installed with overrides for %s", calendar.override_years)
