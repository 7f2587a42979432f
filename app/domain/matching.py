"""Duplicate and repeat-call matching: which existing cases a new call may belong to.

Three independent reasons, each with a window in days (``MatchRules``):

- the same caller number (重复来电) within 30 days;
- the same category and the same area (community) within 7 days: several callers
  reporting one matter, or a hotspot building up (未诉先办);
- a similar narrative within 30 days: the share of character pairs the two texts have
  in common (Jaccard index of bigram sets) at or above a threshold. Character pairs
  suit Chinese, which has no spaces; punctuation and white space are ignored.

A candidate's score is the sum of the weights of its reasons (the narrative's weight
scaled by its similarity), so a case matching for several reasons ranks first.
Pure Python; a few hundred candidates take a few milliseconds.
"""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from itertools import pairwise


class MatchReason(StrEnum):
    SAME_CALLER = "same_caller"
    SAME_CATEGORY_AREA = "same_category_area"
    SIMILAR_NARRATIVE = "similar_narrative"


@dataclass(frozen=True)
class MatchRules:
    caller_days: int = 30
    category_area_days: int = 7
    narrative_days: int = 30
    similarity_threshold: float = 0.4
    caller_weight: float = 0.5
    category_area_weight: float = 0.3
    narrative_weight: float = 0.4


@dataclass(frozen=True)
class CallFacts:
    """What is known about a call when matching (a new call or an existing case)."""

    caller_number: str | None
    category_code: str | None
    area_code: str | None
    narrative: str
    received_at: datetime


@dataclass(frozen=True)
class CaseSummary(CallFacts):
    case_id: str
    status: str


@dataclass(frozen=True)
class MatchDetail:
    reason: MatchReason
    message_zh: str
    message_en: str


@dataclass(frozen=True)
class Match:
    case_id: str
    status: str
    score: float
    reasons: tuple[MatchDetail, ...]
    similarity: float


def bigrams(text: str) -> frozenset[str]:
    """The set of adjacent character pairs of ``text``, without punctuation/spaces."""
    kept = [
        c.lower()
        for c in unicodedata.normalize("NFKC", text)
        if unicodedata.category(c)[0] in "LN"
    ]
    if len(kept) == 1:
        return frozenset(kept)
    return frozenset(a + b for a, b in pairwise(kept))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard index of two bigram sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def _within(call: CallFacts, case: CallFacts, days: int) -> bool:
    return abs(call.received_at - case.received_at) <= timedelta(days=days)


def find_matches(
    call: CallFacts,
    cases: Iterable[CaseSummary],
    rules: MatchRules | None = None,
) -> list[Match]:
    """The cases ``call`` may repeat or duplicate, best first, each with its reasons."""
    rules = rules or MatchRules()
    call_pairs = bigrams(call.narrative)
    matches: list[Match] = []

    for case in cases:
        details: list[MatchDetail] = []
        score = 0.0
        if (
            call.caller_number
            and case.caller_number == call.caller_number
            and _within(call, case, rules.caller_days)
        ):
            details.append(
                MatchDetail(
                    MatchReason.SAME_CALLER,
                    f"同一来电号码{rules.caller_days}天内已有工单",
                    f"Same caller number within {rules.caller_days} days",
                )
            )
            score += rules.caller_weight
        if (
            call.category_code
            and call.area_code
            and case.category_code == call.category_code
            and case.area_code == call.area_code
            and _within(call, case, rules.category_area_days)
        ):
            details.append(
                MatchDetail(
                    MatchReason.SAME_CATEGORY_AREA,
                    f"同一事项分类、同一区域{rules.category_area_days}天内已有工单",
                    f"Same category in the same area within"
                    f" {rules.category_area_days} days",
                )
            )
            score += rules.category_area_weight
        ratio = 0.0
        if _within(call, case, rules.narrative_days):
            ratio = similarity(call_pairs, bigrams(case.narrative))
            if ratio >= rules.similarity_threshold:
                details.append(
                    MatchDetail(
                        MatchReason.SIMILAR_NARRATIVE,
                        f"诉求内容相似（相似度{ratio:.0%}）",
                        f"Similar narrative ({ratio:.0%} alike)",
                    )
                )
                score += rules.narrative_weight * ratio
        if details:
            matches.append(
                Match(case.case_id, case.status, round(score, 4), tuple(details), ratio)
            )

    matches.sort(key=lambda m: (-m.score, m.case_id))
    return matches
