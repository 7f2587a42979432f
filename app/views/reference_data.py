"""Reference data the intake form needs, read once off the GUI thread.

Qt-free: runs on the database lane at start-up and hands frozen values to the form.
The files are read by app.domain.reference; this adds the lookups the widgets use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.domain.reference import (
        Area,
        Category,
        Department,
        DispatchRule,
        DispatchSuggestion,
    )

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
) -> ReferenceData:
    """Read categories, areas, departments and the dispatch catalogue.

    dispatch_rules: the whole catalogue when the caller has put the cache's rules
    ahead of the file's (see app.models.reference_queries); the file's otherwise.
    """
    from app.domain.reference import (
        load_areas,
        load_categories,
        load_departments,
        load_dispatch_catalogue,
    )

    if dispatch_rules is None:
        dispatch_rules = load_dispatch_catalogue()
    return ReferenceData(
        tuple(load_categories()),
        tuple(load_areas()),
        tuple(load_departments()),
        tuple(dispatch_rules),
    )
