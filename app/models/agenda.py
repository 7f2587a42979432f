"""The monthly disputes meeting's agenda and the dashboard's figures as CSV files.

UTF-8 with a byte-order mark, because the spreadsheet programs the centres use read a
BOM-less CSV as the local code page and garble the Chinese.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterable, Sequence
from pathlib import Path

from app.domain.vocabulary import RequestType
from app.models.dashboard import Dashboard, Figures, Rate
from app.models.disputes import APPROVED, PENDING, REFUSED, DisputeGroup

logger = logging.getLogger(__name__)

ENCODING = "utf-8-sig"

AGENDA_HEADER = (
    "序号 No.",
    "月份 Month",
    "退单单位 Returning unit",
    "改派单位 Re-dispatched to",
    "件数 Returns",
    "已同意 Approved",
    "未同意 Refused",
    "待审 Pending",
    "事项分类 Categories",
    "区域 Areas",
    "退单理由 Reasons",
    "工单 Cases",
)


def agenda_rows(groups: Sequence[DisputeGroup]) -> list[tuple[str, ...]]:
    """One agenda item per department pair and month, largest first within a month."""
    ordered = sorted(groups, key=lambda g: (g.month, -g.count, g.from_unit, g.to_unit))
    rows: list[tuple[str, ...]] = []
    for number, group in enumerate(ordered, start=1):
        outcomes = group.outcomes()
        rows.append(
            (
                str(number),
                group.month,
                _unit(group.from_unit, group.from_name, "（未记录）"),
                _unit(group.to_unit, group.to_name, "（中心待定）"),
                str(group.count),
                str(outcomes[APPROVED]),
                str(outcomes[REFUSED]),
                str(outcomes[PENDING]),
                "；".join(group.categories),
                "；".join(group.areas),
                "；".join(group.reasons),
                "；".join(line.case_no for line in group.returns),
            )
        )
    return rows


def _unit(code: str, name: str, missing: str) -> str:
    if not code:
        return missing
    return f"{name}（{code}）" if name and name != code else code


def write_agenda_csv(groups: Sequence[DisputeGroup], path: Path) -> Path:
    _write(path, AGENDA_HEADER, agenda_rows(groups))
    logger.info("disputes agenda written: %d items", len(groups))
    return path


def _rate(rate: Rate) -> tuple[str, str, str]:
    value = rate.value
    shown = "" if value is None else f"{value * 100:.1f}"
    return str(rate.numerator), str(rate.denominator), shown


def figure_rows(dashboard: Dashboard) -> list[tuple[str, ...]]:
    """Every figure of the dashboard as (lane, section, item, count, of, percent)."""
    rows: list[tuple[str, ...]] = []
    for lane, figures in (
        ("all", dashboard.overall),
        ("enterprise", dashboard.enterprise),
    ):
        rows.extend((lane, *row) for row in _lane_rows(figures))
    for spot in dashboard.hotspots:
        rows.append(
            (
                "all",
                "hotspot",
                f"{spot.category_name}@{spot.area_name}",
                str(spot.this_week),
                str(spot.last_week),
                "",
            )
        )
    return rows


def _lane_rows(figures: Figures) -> Iterable[tuple[str, ...]]:
    yield ("total", "cases", str(figures.total), "", "")
    for name, rate in (
        ("on_time", figures.on_time),
        ("callback", figures.callback),
        ("satisfaction", figures.satisfaction),
        ("direct_resolution", figures.direct_resolution),
    ):
        yield ("rate", name, *_rate(rate))
    for day, count in figures.by_day:
        yield ("day", day.isoformat(), str(count), "", "")
    for hour, count in enumerate(figures.by_hour):
        yield ("hour", f"{hour:02d}", str(count), "", "")
    for code, count in figures.by_type:
        yield ("request_type", _type_label(code), str(count), "", "")
    for category in figures.top_categories:
        yield ("category", category.name_zh, str(category.count), "", "")


def _type_label(code: str) -> str:
    try:
        return f"{RequestType(code).label_zh} {code}"
    except ValueError:
        return code


FIGURES_HEADER = ("lane", "section", "item", "count", "of", "percent")


def write_figures_csv(dashboard: Dashboard, path: Path) -> Path:
    _write(path, FIGURES_HEADER, figure_rows(dashboard))
    return path


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    with path.open("w", encoding=ENCODING, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
