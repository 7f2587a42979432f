"""Reference data the intake form needs, read once off the GUI thread.

Qt-free: runs on the database lane at start-up and hands frozen values to the form.
Reads the reviewable CSV files of resources/reference by their documented columns.
"""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CategoryNode:
    code: str
    parent_code: str
    level: int
    name_zh: str
    name_en: str
    default_request_type: str
    pinyin_initials: str

    def name(self, language: str) -> str:
        return self.name_zh if language == "zh" or not self.name_en else self.name_en


@dataclass(frozen=True)
class AreaNode:
    code: str
    parent_code: str
    level: str
    name_zh: str


@dataclass(frozen=True)
class DepartmentNode:
    code: str
    name_zh: str
    kind: str
    is_enterprise_desk: bool


@dataclass(frozen=True)
class DispatchRule:
    category_prefix: str
    area_prefix: str
    lead_unit_code: str
    co_unit_codes: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class ReferenceData:
    categories: tuple[CategoryNode, ...] = ()
    areas: tuple[AreaNode, ...] = ()
    departments: tuple[DepartmentNode, ...] = ()
    dispatch_rules: tuple[DispatchRule, ...] = ()

    def category(self, code: str) -> CategoryNode | None:
        return next((c for c in self.categories if c.code == code), None)

    def department_name(self, code: str) -> str:
        found = next((d for d in self.departments if d.code == code), None)
        return found.name_zh if found else code

    def area_children(self, parent_code: str) -> list[AreaNode]:
        return [a for a in self.areas if a.parent_code == parent_code]


def reference_dir() -> Path:
    try:
        from app.domain.reference import resources_dir

        return resources_dir() / "reference"
    except ImportError:
        return Path(__file__).resolve().parents[2] / "resources" / "reference"


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        log.warning("reference file missing: %s", path.name)
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            {key: (value or "").strip() for key, value in row.items() if key}
            for row in csv.DictReader(handle)
        ]


def _level(value: str) -> int:
    return int(value) if value.isdigit() else 0


def load_reference_data(folder: Path | None = None) -> ReferenceData:
    """Read categories, areas, departments and the dispatch catalogue."""
    folder = folder or reference_dir()
    categories = tuple(
        CategoryNode(
            code=row.get("code", ""),
            parent_code=row.get("parent_code", ""),
            level=_level(row.get("level", "")),
            name_zh=row.get("name_zh", ""),
            name_en=row.get("name_en", ""),
            default_request_type=row.get("default_request_type", ""),
            pinyin_initials=row.get("pinyin_initials", "").lower(),
        )
        for row in _rows(folder / "categories.csv")
    )
    areas = tuple(
        AreaNode(
            code=row.get("code", ""),
            parent_code=row.get("parent_code", ""),
            level=row.get("level", ""),
            name_zh=row.get("name_zh", ""),
        )
        for row in _rows(folder / "areas.csv")
    )
    departments = tuple(
        DepartmentNode(
            code=row.get("code", ""),
            name_zh=row.get("name_zh", ""),
            kind=row.get("kind", ""),
            is_enterprise_desk=row.get("is_enterprise_desk", "").lower()
            in {"1", "true", "yes", "y"},
        )
        for row in _rows(folder / "departments.csv")
    )
    rules = tuple(
        DispatchRule(
            category_prefix=row.get("category_code", "")
            or row.get("category_code_prefix", ""),
            area_prefix=row.get("area_code", "") or row.get("area_code_prefix", ""),
            lead_unit_code=row.get("lead_unit_code", ""),
            co_unit_codes=tuple(
                code for code in row.get("co_unit_codes", "").split(";") if code
            ),
            note=row.get("note", ""),
        )
        for row in _rows(folder / "dispatch_catalogue.csv")
    )
    return ReferenceData(categories, areas, departments, rules)


def suggest_dispatch(
    data: ReferenceData, category_code: str, area_code: str
) -> DispatchRule | None:
    """The most specific catalogue rule for a category and area.

    The longest category prefix wins, then the longest area prefix; an empty area
    prefix applies everywhere.
    """
    best: tuple[int, int] | None = None
    chosen: DispatchRule | None = None
    for rule in data.dispatch_rules:
        if not category_code.startswith(rule.category_prefix):
            continue
        if rule.area_prefix and not area_code.startswith(rule.area_prefix):
            continue
        rank = (len(rule.category_prefix), len(rule.area_prefix))
        if best is None or rank > best:
            best, chosen = rank, rule
    return chosen
