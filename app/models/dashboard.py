"""The supervisor's dashboard, aggregated in SQL over the cached cases.

Every figure is aggregated in SQL and no case row is ever loaded into Python: Python
only folds a few thousand grouped rows. Volumes, rates and top categories read the
rollup tables that triggers on cases keep up to date (cache revision 0005: counts per
UTC hour, and per local day and category; defined in `app.models.dashboard_rollups`),
so a 30-day period over a million cached cases costs a few thousand rollup rows. The
on-time rate (it needs each case's first reply) and the hotspots (category by
community) are GROUP BYs over the period's cases through covering indexes (revision
0004). Days and hours are the hotline's local ones (Asia/Shanghai): Python maps each
UTC hour bucket to its local day and hour.

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
from functools import lru_cache
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.domain.clock import CHINA_TIME
from app.models.base import to_utc_text

logger = logging.getLogger(__name__)

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
    return datetime.combine(day, time(), CHINA_TIME).astimezone(UTC)


def local_today(now: datetime | None = None) -> date:
    return (now or datetime.now(UTC)).astimezone(CHINA_TIME).date()


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


# Volumes and rates come from the hourly rollup that triggers on cases keep (cache
# revision 0005): a period covers one row per UTC hour, request type and lane, a few
# thousand rows for 30 days whatever the size of the cache. SQL sums them per hour
# (Python maps the hours to local days and hours) and per request type with the
# rates' counts. Rows a delete or an update emptied are skipped.
_BY_HOUR = text(
    """
    SELECT h.utc_hour, h.requester_type = 'enterprise' AS enterprise,
           SUM(h.cases) AS cases
    FROM dashboard_hours AS h
    WHERE h.utc_hour >= :start_hour AND h.utc_hour < :end_hour
    GROUP BY h.utc_hour, enterprise
    HAVING SUM(h.cases) > 0
    """
)
_BY_TYPE = text(
    """
    SELECT h.request_type AS request_type,
           h.requester_type = 'enterprise' AS enterprise,
           SUM(h.cases) AS cases,
           SUM(h.valid) AS valid,
           SUM(h.on_call) AS on_call,
           SUM(h.finished) AS finished,
           SUM(h.answered) AS answered,
           SUM(h.pleased) AS pleased
    FROM dashboard_hours AS h
    WHERE h.utc_hour >= :start_hour AND h.utc_hour < :end_hour
    GROUP BY h.request_type, enterprise
    HAVING SUM(h.cases) > 0
    """
)

# Each finished dispatched case counts once, on the day it was registered; the
# triggers recount it when its row or its reply events change (revision 0005).
_ON_TIME = text(
    """
    SELECT t.requester_type = 'enterprise' AS enterprise,
           SUM(t.finished) AS finished, SUM(t.on_time) AS on_time
    FROM dashboard_on_time AS t
    WHERE t.local_day >= :first_day AND t.local_day <= :last_day
    GROUP BY enterprise
    """
)

# Categories come from the daily rollup (local days, revision 0005).
_CATEGORIES = text(
    """
    SELECT counted.code, COALESCE(cat.name_zh, counted.code), counted.enterprise,
           counted.cases
    FROM (
        SELECT d.category_code AS code, d.requester_type = 'enterprise' AS enterprise,
               SUM(d.cases) AS cases
        FROM dashboard_days AS d
        WHERE d.local_day >= :first_day AND d.local_day <= :last_day
        GROUP BY d.category_code, enterprise
        HAVING SUM(d.cases) > 0
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

    def add_hour(self, day: str, hour: int, cases: int) -> None:
        self.by_day[day] += cases
        self.by_hour[hour] += cases

    def add_type(self, row: Any) -> None:
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
    # Local midnight is on the UTC hour (Asia/Shanghai is UTC+8), so the period is
    # whole hour buckets: the stored text's first 13 characters.
    hours = {"start_hour": bounds["start"][:13], "end_hour": bounds["end"][:13]}
    days = {
        "first_day": period.first_day.isoformat(),
        "last_day": period.last_day.isoformat(),
    }
    overall, enterprise = _Lane(), _Lane()
    for utc_hour, is_enterprise, cases in session.execute(_BY_HOUR, hours):
        day, hour = _local_hour(utc_hour)
        overall.add_hour(day, hour, cases)
        if is_enterprise:
            enterprise.add_hour(day, hour, cases)
    for row in session.execute(_BY_TYPE, hours):
        overall.add_type(row)
        if row.enterprise:
            enterprise.add_type(row)

    merged: dict[str, list[int]] = {}
    enterprise_counts: list[CategoryCount] = []
    names: dict[str, str] = {}
    for code, name, is_enterprise, cases in session.execute(_CATEGORIES, days):
        names[code] = name
        merged.setdefault(code, [0])[0] += cases
        if is_enterprise:
            enterprise_counts.append(CategoryCount(code, name, cases))
    overall.categories = [
        CategoryCount(code, names[code], count[0]) for code, count in merged.items()
    ]
    enterprise.categories = enterprise_counts

    on_time = {False: [0, 0], True: [0, 0]}
    for is_enterprise, finished, in_time in session.execute(_ON_TIME, days):
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


@lru_cache(maxsize=4096)
def _local_hour(utc_hour: str) -> tuple[str, int]:
    """("2026-03-13T16" in UTC) -> ("2026-03-14", 0) on the hotline's clock."""
    stamp = datetime.strptime(utc_hour, "%Y-%m-%dT%H").replace(tzinfo=UTC)
    local = stamp.astimezone(CHINA_TIME)
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
