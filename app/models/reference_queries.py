"""Reference data kept in the cache: what the server sends beyond the shipped files."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import reference
from app.models.tables import DispatchRule


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
