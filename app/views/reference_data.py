"""Reference data the intake form needs, read off the GUI thread.

Qt-free: runs on the database lane at start-up, and again after a sync run brought
reference changes, and hands frozen values to the form. The shipped files are read by
app.domain.reference; the rows the server sent (app.models.reference_queries) replace
the file's row of the same code and add the codes the file lacks. This adds the
lookups the widgets use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from app.domain.reference import (
        Area,
        Category,
        Department,
        DispatchRule,
        DispatchSuggestion,
    )
    from app.models.reference_queries import CachedReference

# app.domain.reference (its loaders and a dozen frozen dataclasses, ~15 ms to
# import) is imported where the files are read or a rule is applied: the empty
# ReferenceData the intake form starts with, before the first paint, needs none of it.


@dataclass(frozen=True)
class ReferenceData:
    categories: tuple[Category, ...] = ()
    areas: tuple[Area, ...] = ()
    departments: tuple[Department, ...] = ()
    # The cache's rules (decisions of the disputes meeting) first, then the file's.
    dispatch_rules: tuple[DispatchRule, ...] = ()

    def category(self, code: str) -> Category | None:
        return next((c for c in self.categories if c.code == code), None)

    def department_name(self, code: str) -> str:
        found = next((d for d in self.departments if d.code == code), None)
        return found.name_zh if found else code

    def area_children(self, parent_code: str) -> list[Area]:
        return [a for a in self.areas if a.parent_code == parent_code]

    def suggest_dispatch(
        self, category_code: str, area_code: str
    ) -> DispatchSuggestion | None:
        from app.domain.reference import suggest_lead_unit

        return suggest_lead_unit(category_code, area_code, self.dispatch_rules)


def load_reference_data(
    dispatch_rules: Sequence[DispatchRule] | None = None,
    cached: CachedReference | None = None,
) -> ReferenceData:
    """Read categories, areas, departments and the dispatch catalogue.

    Args:
        dispatch_rules: the whole catalogue when the caller has put the cache's rules
            ahead of the file's (see app.models.reference_queries); the file's
            otherwise.
        cached: the rows the server sent; each replaces the file's row of its code,
            and codes the file lacks come after the file's rows.
    """
    from app.domain.reference import (
        load_areas,
        load_categories,
        load_departments,
        load_dispatch_catalogue,
    )

    if dispatch_rules is None:
        dispatch_rules = load_dispatch_catalogue()
    if cached is None:
        return ReferenceData(
            tuple(load_categories()),
            tuple(load_areas()),
            tuple(load_departments()),
            tuple(dispatch_rules),
        )
    return ReferenceData(
        _merged(load_categories(), cached.categories),
        _merged(load_areas(), cached.areas),
        _merged(load_departments(), cached.departments),
        tuple(dispatch_rules),
    )


class _Coded(Protocol):
    @property
    def code(self) -> str: ...


_Row = TypeVar("_Row", bound=_Coded)


def _merged(shipped: Sequence[_Row], sent: Sequence[_Row]) -> tuple[_Row, ...]:
    """The file's rows in their order, each replaced by the server's of its code,
    then the server's codes the file lacks.

    A code the server removed is gone from the cache; one the file also ships stays
    listed (the file cannot tell a removal from a row not downloaded yet).
    """
    newer = {row.code: row for row in sent}
    merged = [newer.pop(row.code, row) for row in shipped]
    return (*merged, *newer.values())
