"""Frozen values the database lane hands back to the GUI thread.

Qt-free. Confidential cases are masked before they leave the worker, so no widget can
show what it should not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class CaseLine:
    """One earlier or open case of a caller, or a match candidate, as shown."""

    case_id: str
    number: str
    status: str
    created_at: datetime
    category_code: str
    summary: str
    area_code: str
    confidential: bool
    is_open: bool


@dataclass(frozen=True)
class CallerHistory:
    number: str
    display_number: str
    earlier_cases: tuple[CaseLine, ...] = ()
    open_cases: tuple[CaseLine, ...] = ()
    calls_last_30_days: int = 0


@dataclass(frozen=True)
class MatchLine:
    case: CaseLine
    reasons_zh: tuple[str, ...]
    reasons_en: tuple[str, ...]
    score: float = 0.0

    def reasons(self, language: str) -> str:
        return (
            "；".join(self.reasons_zh)
            if language == "zh"
            else "; ".join(self.reasons_en)
        )


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class ArticleLine:
    """A knowledge search hit with where the query matched."""

    article_id: str
    title: str
    title_spans: tuple[Span, ...]
    snippet: str
    snippet_spans: tuple[Span, ...]
    category_code: str
    department_code: str
    expired: bool
    score: float = 0.0


@dataclass(frozen=True)
class Article:
    article_id: str
    version: int
    title: str
    body: str
    answer_script: str
    category_code: str
    department_code: str
    valid_from: datetime | None
    valid_to: datetime | None
    expired: bool


@dataclass(frozen=True)
class DeadlineView:
    accept_due_at: datetime | None
    finish_due_at: datetime | None
    confirmed: bool
    explanation_zh: str
    explanation_en: str


@dataclass(frozen=True)
class SavedCase:
    case_id: str
    provisional_no: str
    status: str
    linked_to: str = ""


@dataclass(frozen=True)
class HandlingChoice:
    """How the operator closes the intake: the handling mode and its details."""

    mode: str  # "" (register only) or a HandlingMode value
    lead_unit_code: str = ""
    co_unit_codes: tuple[str, ...] = ()
    instruction: str = ""
    emergency_number: str = ""
    reason: str = ""
