"""Repeat calls and duplicates, with the reasons they matched."""

import itertools
from datetime import UTC, datetime, timedelta

from app.domain.matching import (
    CallFacts,
    CaseSummary,
    MatchReason,
    MatchRules,
    bigrams,
    find_matches,
    similarity,
)

NOW = datetime(2026, 10, 12, 9, 0, tzinfo=UTC)
CALL = CallFacts(
    caller_number="13800138000",
    category_code="050301",
    area_code="510802001001",
    narrative="金凤社区3栋楼下的路灯已经坏了一个星期，晚上很黑，请尽快维修。",
    received_at=NOW,
)


def case(case_id: str, days_ago: float, **changes: str) -> CaseSummary:
    fields: dict[str, object] = {
        "caller_number": "13900000000",
        "category_code": "010101",
        "area_code": "510811001001",
        "narrative": "咨询社保缴费基数怎么调整。",
        "received_at": NOW - timedelta(days=days_ago),
        "case_id": case_id,
        "status": "accepted",
    }
    fields.update(changes)
    return CaseSummary(**fields)  # type: ignore[arg-type]


def test_reasons_and_order() -> None:
    cases = [
        case("unrelated", 1),
        case("same-caller", 10, caller_number="13800138000"),
        case("same-caller-too-old", 31, caller_number="13800138000"),
        case("same-place", 3, category_code="050301", area_code="510802001001"),
        case("same-place-too-old", 8, category_code="050301", area_code="510802001001"),
        case(
            "repeat",
            2,
            caller_number="13800138000",
            narrative="金凤社区3栋楼下路灯坏了一个星期了，晚上很黑，请尽快修。",
        ),
    ]
    matches = find_matches(CALL, cases)
    assert [m.case_id for m in matches] == ["repeat", "same-caller", "same-place"]
    reasons = {m.case_id: {d.reason for d in m.reasons} for m in matches}
    assert reasons["repeat"] == {MatchReason.SAME_CALLER, MatchReason.SIMILAR_NARRATIVE}
    assert reasons["same-caller"] == {MatchReason.SAME_CALLER}
    assert reasons["same-place"] == {MatchReason.SAME_CATEGORY_AREA}
    for match in matches:
        for detail in match.reasons:
            assert detail.message_zh and detail.message_en
    assert matches[0].score > matches[1].score > matches[2].score


def test_windows_are_configurable() -> None:
    cases = [case("old", 20, caller_number="13800138000")]
    assert find_matches(CALL, cases) != []
    assert find_matches(CALL, cases, MatchRules(caller_days=14)) == []


def test_similar_narrative_from_another_caller() -> None:
    other = case(
        "neighbour",
        1,
        narrative="金凤社区3栋的路灯坏了一个星期，晚上很黑，希望尽快维修",
    )
    (match,) = find_matches(CALL, [other])
    assert match.reasons[0].reason is MatchReason.SIMILAR_NARRATIVE
    assert "相似度" in match.reasons[0].message_zh
    assert match.similarity >= 0.4


def test_no_number_never_matches_by_number() -> None:
    call = CallFacts(None, None, None, "x", NOW)
    assert find_matches(call, [case("a", 1, caller_number="")]) == []


def test_similarity_basics() -> None:
    a = bigrams("停水了，什么时候来水？")
    assert similarity(a, a) == 1.0
    assert similarity(a, bigrams("停 水 了 什么时候来水")) == 1.0
    assert similarity(a, bigrams("公积金提取")) == 0.0
    assert similarity(a, frozenset()) == 0.0


def test_a_few_hundred_candidates() -> None:
    cases = [
        case(f"c{i}", i % 40, narrative=CALL.narrative[: 10 + i % 20] + f"第{i}号")
        for i in range(500)
    ]
    matches = find_matches(CALL, cases)
    assert matches
    assert all(a.score >= b.score for a, b in itertools.pairwise(matches))
