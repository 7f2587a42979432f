"""The closing-the-loop panels' calls into the local cache, for the database lane.

Qt-free: each method opens its own Session, calls app.models and returns frozen
values. Panels submit these methods to the task runner's database lane only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cache
from typing import Any

from app.domain.reference import ChecklistTemplate, load_checklists
from app.domain.vocabulary import RequestType, Role
from app.domain.workflow import Action
from app.models.db import CacheDatabase
from app.models.results import Actor, CommandResult

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReferenceNames:
    """Names of categories, areas and units by code, from the cache's tables.

    Loaded once on the database lane; looking a code up is a dict probe, so a view
    can name codes as it paints. Unknown codes come back as they are.
    """

    #: code -> (parent code, Chinese name, English name or "")
    categories: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    #: code -> (parent code, Chinese name)
    areas: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: code -> Chinese name (units have no English names in the reference data)
    units: dict[str, str] = field(default_factory=dict)

    def category_path(self, code: str, language: str) -> str:
        """ "社会保障 › 社会保险 › 社保卡": the category and its parents, top first.

        In English only when every level has an English name: a path half in each
        language reads worse than one in Chinese.
        """
        levels: list[tuple[str, str]] = []
        seen: set[str] = set()
        while code and code in self.categories and code not in seen:
            seen.add(code)
            parent, name_zh, name_en = self.categories[code]
            levels.append((name_zh, name_en))
            code = parent
        english = language == "en" and all(name_en for _zh, name_en in levels)
        names = [name_en if english else name_zh for name_zh, name_en in levels]
        return " › ".join(reversed(names))

    def area_path(self, code: str) -> str:
        names: list[str] = []
        seen: set[str] = set()
        while code and code in self.areas and code not in seen:
            seen.add(code)
            parent, name = self.areas[code]
            names.append(name)
            code = parent
        return " › ".join(reversed(names))

    def unit(self, code: str) -> str:
        return self.units.get(code, "")


@cache
def file_names() -> ReferenceNames:
    """The names in the bundled reference files, read once per process."""
    from app.domain.reference import load_areas, load_categories, load_departments

    return ReferenceNames(
        {
            c.code: (c.parent_code or "", c.name_zh, c.name_en)
            for c in load_categories()
        },
        {a.code: (a.parent_code or "", a.name_zh) for a in load_areas()},
        {d.code: d.name_zh for d in load_departments()},
    )


class LoopStore:
    """Who is working (user, role, unit) and the cache they work on."""

    def __init__(
        self,
        db: Callable[[], CacheDatabase],
        *,
        username: str,
        role: Role,
        client_id: str,
        unit_code: str | None = None,
    ) -> None:
        self._db = db
        self.username = username
        self.role = role
        self.client_id = client_id
        self.unit_code = unit_code
        self._templates: dict[RequestType, ChecklistTemplate] | None = None
        self._names: ReferenceNames | None = None

    @classmethod
    def for_desk(cls, desk: Any, role: Role, unit_code: str | None = None) -> LoopStore:
        """Share the workstation's cache, user and client id (a DeskStore)."""
        return cls(
            lambda: desk.db,
            username=desk.username or "operator",
            role=role,
            client_id=desk.client_id,
            unit_code=unit_code,
        )

    @property
    def db(self) -> CacheDatabase:
        return self._db()

    @property
    def actor(self) -> Actor:
        return Actor(self.username, self.role)

    def templates(self) -> dict[RequestType, ChecklistTemplate]:
        if self._templates is None:
            self._templates = load_checklists()
        return self._templates

    def reference_names(self) -> ReferenceNames:
        """The code-to-name tables: the cache's rows over the bundled files'.

        The cache holds what the centre published; the files (the same lists the
        intake form uses) name codes the cache has not received yet. Read once, and
        again while the cache's tables are still empty (before the first sync).
        """
        if self._names is not None:
            return self._names
        from sqlalchemy import select

        from app.models.tables import Area, Category, Department

        names = file_names()
        categories, areas, units = (
            dict(names.categories),
            dict(names.areas),
            dict(names.units),
        )
        with self.db.read() as session:
            cached_categories = {
                row.code: (row.parent_code or "", row.name_zh, row.name_en or "")
                for row in session.execute(
                    select(
                        Category.code,
                        Category.parent_code,
                        Category.name_zh,
                        Category.name_en,
                    )
                )
            }
            areas.update(
                (row.code, (row.parent_code or "", row.name_zh))
                for row in session.execute(
                    select(Area.code, Area.parent_code, Area.name_zh)
                )
            )
            cached_units = {
                row.code: row.name_zh
                for row in session.execute(select(Department.code, Department.name_zh))
            }
        categories.update(cached_categories)
        units.update(cached_units)
        merged = ReferenceNames(categories, areas, units)
        if cached_categories and cached_units:
            self._names = merged
        return merged

    # --- queues --------------------------------------------------------------------

    def page(self, query: Any, after: Any, limit: int) -> Any:
        from app.models.queues import fetch_page

        with self.db.read() as session:
            page = fetch_page(session, query, after, limit)
        if all(row.lead_unit_name or not row.lead_unit_code for row in page.rows):
            return page
        # Units the cache's departments table does not know yet: named from the
        # reference lists, only for the rows of this page.
        units = self.reference_names().units
        rows = tuple(
            row
            if row.lead_unit_name or row.lead_unit_code not in units
            else replace(row, lead_unit_name=units[row.lead_unit_code])
            for row in page.rows
        )
        return replace(page, rows=rows)

    def count(self, query: Any) -> int:
        from app.models.queues import count_queue

        with self.db.read() as session:
            return count_queue(session, query)

    # --- actions -------------------------------------------------------------------

    def act(self, case_id: str, action: Action, **args: Any) -> CommandResult:
        from app.models.review import act

        with self.db.write() as session:
            return act(
                session,
                case_id,
                action,
                actor=self.actor,
                client_id=self.client_id,
                **args,
            )

    def detail(self, case_id: str) -> Any:
        from app.models.review import load_case_detail

        with self.db.read() as session:
            return load_case_detail(session, case_id)

    def reveal(self, case_id: str) -> str:
        from app.models.review import reveal_caller_number

        with self.db.write() as session:
            return reveal_caller_number(session, case_id, actor=self.actor)

    def conflicts(self) -> Any:
        from app.models.review import list_conflicts

        with self.db.read() as session:
            return list_conflicts(session)

    def resolve(self, conflict_id: str, choice: str) -> str | None:
        from app.models.review import resolve_conflict

        with self.db.write() as session:
            return resolve_conflict(
                session,
                conflict_id,
                choice,
                actor=self.actor,
                client_id=self.client_id,
            )

    def rejections(self) -> Any:
        from app.models.review import list_rejections

        with self.db.read() as session:
            return list_rejections(session)

    def acknowledge(self, rejection_id: str) -> None:
        from app.models.review import acknowledge_rejection

        with self.db.write() as session:
            acknowledge_rejection(session, rejection_id, actor=self.actor)

    # --- callbacks -----------------------------------------------------------------

    def callback_case(self, case_id: str) -> Any:
        from app.models.callbacks import load_callback_case
        from app.models.tables import Case

        with self.db.read() as session:
            case = session.get(Case, case_id)
            request_type = RequestType(case.request_type if case else "consultation")
            template = self.templates()[request_type]
            return load_callback_case(session, case_id, template, datetime.now(UTC))

    def attempt(self, case_id: str, reached: bool, note: str) -> CommandResult:
        from app.models.callbacks import record_attempt

        with self.db.write() as session:
            return record_attempt(
                session,
                case_id,
                reached=reached,
                note=note,
                actor=self.actor,
                client_id=self.client_id,
            )

    def finish(
        self,
        case_id: str,
        request_type: RequestType,
        answers: Mapping[str, object],
        redo: bool,
        reason: str,
    ) -> Any:
        from app.models.callbacks import finish_callback

        with self.db.write() as session:
            return finish_callback(
                session,
                case_id,
                self.templates()[request_type],
                answers,
                redo=redo,
                reason=reason,
                actor=self.actor,
                client_id=self.client_id,
            )

    def unreachable(self, case_id: str) -> CommandResult:
        from app.models.callbacks import close_unreachable

        shown = self.callback_case(case_id)
        with self.db.write() as session:
            return close_unreachable(
                session,
                case_id,
                shown.plan,
                actor=self.actor,
                client_id=self.client_id,
            )
