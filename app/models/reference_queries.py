"""Reference data kept in the cache: what the server sends beyond the shipped files."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import reference
from app.domain.errors import ReferenceDataError
from app.domain.vocabulary import RequestType
from app.models.tables import Area, CalendarYear, Category, Department, DispatchRule

log = logging.getLogger(__name__)


def dispatch_catalogue(
    session: Session, file_rules: Iterable[reference.DispatchRule]
) -> list[reference.DispatchRule]:
    """The catalogue for suggest_lead_unit: the cache's rules, then the file's.

    suggest_lead_unit keeps the first of equally specific rules, so a decision of
    the disputes meeting wins over the shipped file's line for the same prefixes.
    """
    cached = [
        reference.DispatchRule(
            category_prefix=row.category_prefix,
            area_prefix=row.area_prefix or "",
            lead_unit_code=row.lead_unit_code,
            co_unit_codes=tuple(row.co_unit_codes or ()),
            note=row.note or "",
        )
        for row in session.scalars(select(DispatchRule).order_by(DispatchRule.id))
    ]
    return [*cached, *file_rules]


@dataclass(frozen=True)
class CachedReference:
    """The categories, areas and departments the server sent, by code."""

    categories: tuple[reference.Category, ...] = ()
    areas: tuple[reference.Area, ...] = ()
    departments: tuple[reference.Department, ...] = ()


def cached_reference(session: Session) -> CachedReference:
    """The reference rows pulled into the cache, as the domain's records."""
    categories = tuple(
        reference.Category(
            code=row.code,
            parent_code=row.parent_code or None,
            level=row.level,
            name_zh=row.name_zh,
            name_en=row.name_en or "",
            default_request_type=_request_type(row.default_request_type),
            pinyin_initials=row.pinyin_initials or "",
        )
        for row in session.scalars(select(Category).order_by(Category.code))
    )
    areas = tuple(
        reference.Area(row.code, row.parent_code or None, row.level, row.name_zh)
        for row in session.scalars(select(Area).order_by(Area.code))
    )
    departments = tuple(
        reference.Department(
            code=row.code,
            name_zh=row.name_zh,
            kind=row.kind,
            area_code=row.area_code or None,
            parent_code=row.parent_code or None,
            is_enterprise_desk=bool(row.is_enterprise_desk),
        )
        for row in session.scalars(select(Department).order_by(Department.code))
    )
    return CachedReference(categories, areas, departments)


def _request_type(value: str | None) -> RequestType | None:
    if not value:
        return None
    try:
        return RequestType(value)
    except ValueError:
        # A kind this workstation does not know yet: no default rather than a guess.
        log.warning("category default request type not known here; left empty")
        return None


def cached_calendar_years(session: Session) -> dict[int, reference.CalendarOverride]:
    """The calendar years the server sent, checked like the shipped files.

    A row the domain refuses is left out (logged), so the shipped year stays in force.
    """
    years = {}
    for row in session.scalars(select(CalendarYear).order_by(CalendarYear.year)):
        data = {
            "year": row.year,
            "confirmed": row.confirmed,
            "source": row.source or "",
            "holidays": row.holidays,
            "workdays": row.workdays,
        }
        try:
            override = reference.parse_calendar_override(data, f"calendar {row.year}")
        except ReferenceDataError as error:
            log.warning("cached calendar %d left out: %s", row.year, error.code)
            continue
        years[override.year] = override
    return years
