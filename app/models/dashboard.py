"""The supervisor's dashboard, aggregated in SQL over the cached cases.

Every figure is a GROUP BY over the cases created in the period (a range on
``created_at``), so the cost follows the period's rows, not the whole cache, and no
case row is ever loaded into Python: Python only folds the few hundred grouped rows.
Days and hours are the hotline's local ones (Asia/Shanghai): the SQL groups by the
stored UTC hour and Python maps each hour bucket to its local day and hour.

Definitions (the supervisors' rates, DOMAIN.md):

- volume: cases registered in the period, drafts and deleted rows left out;
- direct resolution: answered on the call / all valid calls (everything but invalid);
- on-time completion: of the dispatched cases in the period that the unit reported
  done, the share whose first reply came no later than the finish deadline;
- callback rate: of those reported done, the share where the callback reached the
  caller and recorded a satisfaction;
- satisfaction: (满意 + 基本满意) / answered callbacks;
- hotspot: the same category in the same community with at least 3 cases in the
  last 7 days of the period and at least 1.5 times the 7 days before.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.models.base import to_utc_text

logger = logging.getLogger(__name__)

LOCAL_ZONE = ZoneInfo("Asia/Shanghai")
TOP_CATEGORIES = 10
HOTSPOT_MIN = 3
HOTSPOT_RATIO = 1.5
HOTSPOT_DAYS = 7


class PeriodKind(StrEnum):
    TODAY = "today"
    DAYS_7 = "days_7"
    DAYS_30 = "days_30"
    CUSTOM = "custom"


@dataclass(frozen=True)
class Period:
    """Local calendar days, first and last included."""

    first_day: date
    last_day: date

    def __post_init__(self) -> None:
        if self.last_day < self.first_day:
            raise ValueError("a period ends on or after the day it starts")

    @classmethod
    def of(cls, kind: PeriodKind, today: date, custom: Period | None = None) -> Period:
        if kind == PeriodKind.TODAY:
            return cls(today, today)
        if kind == PeriodKind.DAYS_7:
            return cls(today - timedelta(days=6), today)
        if kind == PeriodKind.DAYS_30:
            return cls(today - timedelta(days=29), today)
        if custom is None:
            raise ValueError("a custom period needs its days")
        return custom

    @property
    def days(self) -> tuple[date, ...]:
        count = (self.last_day - self.first_day).days + 1
        return tuple(self.first_day + timedelta(days=n) for n in range(count))

    @property
    def start(self) -> datetime:
        """The first instant, in UTC."""
        return local_midnight(self.first_day)

    @property
    def end(self) -> datetime:
        """The instant after the last day, in UTC."""
        return local_midnight(self.last_day + timedelta(days=1))


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), LOCAL_ZONE).astimezone(UTC)


def local_today(now: datetime | None = None) -> date:
    return (now or datetime.now(UTC)).astimezone(LOCAL_ZONE).date()


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        """The share, or None when there is nothing to divide by."""
        return self.numerator / self.denominator if self.denominator else None


@dataclass(frozen=True)
class CategoryCount:
    code: str
    name_zh: str
    count: int


@dataclass(frozen=True)
class Figures:
    """One lane's figures (everyone, or the enterprise lane)."""

    total: int
    by_day: tuple[tuple[date, int], ...]
    by_hour: tuple[int, ...]  # 24 counts, local hours 0-23
    by_type: tuple[tuple[str, int], ...]  # request type code, count; largest first
    top_categories: tuple[CategoryCount, ...]
    on_time: Rate
    callback: Rate
    satisfaction: Rate
    direct_resolution: Rate


@dataclass(frozen=True)
class Hotspot:
    category_code: str
    category_name: str
    area_code: str
    area_name: str
    this_week: int
    last_week: int


@dataclass(frozen=True)
class Dashboard:
    period: Period
    overall: Figures
    enterprise: Figures
    hotspots: tuple[Hotspot, ...]
    computed_at: datetime


# One pass over the period's cases for volumes and rates, grouped by UTC hour (a
# prefix of the stored text, cheaper than date functions per row), type and lane;
# Python turns the few thousand hour buckets into local days and hours.
_MAIN = text(
    """
    SELECT substr(c.created_at, 1, 13) AS utc_hour,
           c.request_type AS request_type,
           c.requester_type = 'enterprise' AS enterprise,
           COUNT(*) AS cases,
           SUM(c.status <> 'invalid') AS valid,
           SUM(c.status = 'answered_on_call'
               OR c.handling_mode = 'answered_on_call') AS on_call,
           SUM(c.status IN ('reported_done', 'in_callback', 'closed')
               OR c.satisfaction IS NOT NULL) AS finished,
           SUM(c.satisfaction IS NOT NULL) AS answered,
           SUM(c.satisfaction IN ('satisfied', 'mostly')) AS pleased
    FROM cases AS c
    WHERE c.created_at >= :start AND c.created_at < :end
      AND c.deleted = 0 AND c.status <> 'draft'
    GROUP BY utc_hour, request_type, enterprise
    """
)

# The first reply of each finished dispatched case, found through the history index.
_ON_TIME = text(
    """
    SELECT enterprise, COUNT(*) AS finished, SUM(in_time) AS on_time
    FROM (
        SELECT c.requester_type = 'enterprise' AS enterprise,
               COALESCE((SELECT MIN(e.at) FROM case_events AS e
                         WHERE e.case_id = c.id AND e.action = 'reply') <= c.due_at,
                        0) AS in_time
        FROM cases AS c
        WHERE c.created_at >= :start AND c.created_at < :end
          AND c.deleted = 0 AND c.due_at IS NOT NULL
          AND (c.status IN ('reported_done', 'in_callback', 'closed')
               OR c.satisfaction IS NOT NULL)
    )
    GROUP BY enterprise
    """
)

_CATEGORIES = text(
    """
    SELECT counted.code, COALESCE(cat.name_zh, counted.code), counted.enterprise,
           counted.cases
    FROM (
        SELECT c.category_code AS code, c.requester_type = 'enterprise' AS enterprise,
               COUNT(*) AS cases
        FROM cases AS c
        WHERE c.created_at >= :start AND c.created_at < :end
          AND c.deleted = 0 AND c.status <> 'draft' AND c.category_code IS NOT NULL
        GROUP BY c.category_code, enterprise
    ) AS counted
    LEFT JOIN categories AS cat ON cat.code = counted.code
    """
)

_HOTSPOTS = text(
    """
    SELECT counted.category_code, COALESCE(cat.name_zh, counted.category_code),
           counted.area_code, COALESCE(area.name_zh, counted.area_code),
           counted.this_week, counted.last_week
    FROM (
        SELECT c.category_code AS category_code, c.area_code AS area_code,
               SUM(c.created_at >= :middle) AS this_week,
               SUM(c.created_at < :middle) AS last_week
        FROM cases AS c
        WHERE c.created_at >= :start AND c.created_at < :end
          AND c.deleted = 0 AND c.status NOT IN ('draft', 'invalid')
          AND c.category_code IS NOT NULL AND c.area_code IS NOT NULL
        GROUP BY c.category_code, c.area_code
        HAVING this_week >= :minimum AND this_week >= :ratio * last_week
    ) AS counted
    LEFT JOIN categories AS cat ON cat.code = counted.category_code
    LEFT JOIN areas AS area ON area.code = counted.area_code
    ORDER BY counted.this_week DESC, counted.this_week - counted.last_week DESC,
             counted.category_code, counted.area_code
    """
)


class _Lane:
    """Running totals for one lane while the grouped rows are folded."""

    def __init__(self) -> None:
        self.by_day: Counter[str] = Counter()
        self.by_hour = [0] * 24
        self.by_type: Counter[str] = Counter()
        self.categories: list[CategoryCount] = []
        self.sums: Counter[str] = Counter()

    def add(self, row: Any, day: str, hour: int) -> None:
        self.by_day[day] += row.cases
        self.by_hour[hour] += row.cases
        self.by_type[row.request_type] += row.cases
        for name in ("cases", "valid", "on_call", "finished", "answered", "pleased"):
            self.sums[name] += getattr(row, name) or 0

    def figures(self, period: Period, on_time: tuple[int, int]) -> Figures:
        by_day = tuple(
            (day, self.by_day.get(day.isoformat(), 0)) for day in period.days
        )
        by_type = tuple(
            sorted(self.by_type.items(), key=lambda item: (-item[1], item[0]))
        )
        top = sorted(self.categories, key=lambda c: (-c.count, c.code))
        sums = self.sums
        return Figures(
            total=sums["cases"],
            by_day=by_day,
            by_hour=tuple(self.by_hour),
            by_type=by_type,
            top_categories=tuple(top[:TOP_CATEGORIES]),
            on_time=Rate(on_time[1], on_time[0]),
            callback=Rate(sums["answered"], sums["finished"]),
            satisfaction=Rate(sums["pleased"], sums["answered"]),
            direct_resolution=Rate(sums["on_call"], sums["valid"]),
        )


def compute_dashboard(
    session: Session, period: Period, *, now: datetime | None = None
) -> Dashboard:
    """All the dashboard's figures for the period, from the local cache."""
    bounds = {"start": to_utc_text(period.start), "end": to_utc_text(period.end)}
    overall, enterprise = _Lane(), _Lane()
    local_hours: dict[str, tuple[str, int]] = {}
    for row in session.execute(_MAIN, bounds):
        if row.utc_hour not in local_hours:
            local_hours[row.utc_hour] = _local_hour(row.utc_hour)
        day, hour = local_hours[row.utc_hour]
        overall.add(row, day, hour)
        if row.enterprise:
            enterprise.add(row, day, hour)

    merged: dict[str, list[int]] = {}
    enterprise_counts: list[CategoryCount] = []
    names: dict[str, str] = {}
    for code, name, is_enterprise, cases in session.execute(_CATEGORIES, bounds):
        names[code] = name
        merged.setdefault(code, [0])[0] += cases
        if is_enterprise:
            enterprise_counts.append(CategoryCount(code, name, cases))
    overall.categories = [
        CategoryCount(code, names[code], count[0]) for code, count in merged.items()
    ]
    enterprise.categories = enterprise_counts

    on_time = {False: [0, 0], True: [0, 0]}
    for is_enterprise, finished, in_time in session.execute(_ON_TIME, bounds):
        on_time[bool(is_enterprise)] = [finished, in_time or 0]
    everyone = (
        on_time[False][0] + on_time[True][0],
        on_time[False][1] + on_time[True][1],
    )

    dashboard = Dashboard(
        period=period,
        overall=overall.figures(period, everyone),
        enterprise=enterprise.figures(period, (on_time[True][0], on_time[True][1])),
        hotspots=find_hotspots(session, period.last_day),
        computed_at=now or datetime.now(UTC),
    )
    logger.info(
        "dashboard %s..%s: %d cases, %d hotspots",
        period.first_day,
        period.last_day,
        dashboard.overall.total,
        len(dashboard.hotspots),
    )
    return dashboard


def _local_hour(utc_hour: str) -> tuple[str, int]:
    """("2026-03-13T16" in UTC) -> ("2026-03-14", 0) on the hotline's clock."""
    stamp = datetime.strptime(utc_hour, "%Y-%m-%dT%H").replace(tzinfo=UTC)
    local = stamp.astimezone(LOCAL_ZONE)
    return local.date().isoformat(), local.hour


def find_hotspots(session: Session, last_day: date) -> tuple[Hotspot, ...]:
    """Category-community pairs rising in the 7 days to last_day over the 7 before."""
    end = local_midnight(last_day + timedelta(days=1))
    middle = end - timedelta(days=HOTSPOT_DAYS)
    start = middle - timedelta(days=HOTSPOT_DAYS)
    rows = session.execute(
        _HOTSPOTS,
        {
            "start": to_utc_text(start),
            "middle": to_utc_text(middle),
            "end": to_utc_text(end),
            "minimum": HOTSPOT_MIN,
            "ratio": HOTSPOT_RATIO,
        },
    )
    return tuple(
        Hotspot(category, category_name, area, area_name, this_week, last_week)
        for category, category_name, area, area_name, this_week, last_week in rows
    )
