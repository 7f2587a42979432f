"""The case history: a year of calls with their whole handling, as dicts.

Each case is drawn from a generator seeded by the stream's seed and the case's index, in
an order that must not change if a seed is to keep its cases: status, age on the hourly
and weekday profile, category leaf, caller, place and narrative, then its handling
(``handling``) and notes. A case's draws never shift the next case's, so case ``i`` of a
seed has the same id, status and records whatever ``now`` is (only its times move):
seeding a database again finds every case it made before. Planted cases (``planted``)
take fixed places in the stream. Cases are dicts with the ``cases`` column names plus
the nested lists ``events``, ``callback_attempts`` and ``notes`` (and
``contact_records`` when asked for).
"""

from __future__ import annotations

from bisect import bisect
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from itertools import accumulate
from random import Random
from typing import Any

from app.domain.clock import CHINA_TIME
from app.domain.deadlines import compute_deadlines
from app.domain.vocabulary import RequestType, Urgency
from server.demo.draws import below, draw_uuid, pick
from server.demo.handling import Handling
from server.demo.inputs import (
    CITY_NAME,
    CaseLeaf,
    Community,
    Leaf,
    inputs,
)
from server.demo.people import People
from server.demo.planted import plan_cases
from server.demo.statuses import CLOSED, DRAFT, OPEN_VALUES, STATUS_WEIGHTS

# Calls per local hour of the day (relative): the line answers day and night, but
# callers ring in office hours, with a lull at lunch and a tail into the evening.
# Midnight to noon, then noon to midnight.
HOUR_WEIGHTS: tuple[float, ...] = (
    *(0.5, 0.35, 0.25, 0.2, 0.2, 0.3, 0.7, 1.8, 4.5, 7.5, 8.0, 7.5),
    *(5.0, 5.5, 7.0, 7.5, 7.0, 6.0, 4.5, 3.8, 3.2, 2.4, 1.5, 0.9),
)
# Calls per weekday (Monday first): weekdays busier, Monday busiest.
WEEKDAY_WEIGHTS = (1.2, 1.1, 1.05, 1.05, 1.05, 0.7, 0.65)
HISTORY_DAYS = 366
_RT_ZH = {rt.value: rt.label_zh for rt in RequestType}


@lru_cache(maxsize=4)
def _hour_profile(now: datetime) -> tuple[float, ...]:
    """Cumulative call weight of the hours before now (index 0: the last hour)."""
    weights = []
    for hours in range(HISTORY_DAYS * 24):
        local = (now - timedelta(hours=hours, minutes=30)).astimezone(CHINA_TIME)
        weights.append(HOUR_WEIGHTS[local.hour] * WEEKDAY_WEIGHTS[local.weekday()])
    return tuple(accumulate(weights))


_DAY = 60 * 24


class _CaseMaker:
    """State shared by the cases of one stream (no per-case state kept)."""

    def __init__(
        self, seed: int, count: int, now: datetime, *, contact_records: bool = False
    ) -> None:
        self.data = inputs()
        self.seed = seed
        self.rng = Random(seed)
        self.now = now.astimezone(UTC)
        words = self.data.words
        self.operators: list[str] = words["operators"]
        # Repeat callers: a pool smaller than the stream, and a few frequent callers.
        self.pool = max(500, int(count * 0.6))
        self.frequent = max(20, count // 400)
        self.statuses = [s.value for s in STATUS_WEIGHTS]
        self.status_cumulative = list(accumulate(STATUS_WEIGHTS.values()))
        self.leaves = [self._leaf(leaf) for leaf in self.data.leaves]
        self.enterprise_leaves = [
            i for i, leaf in enumerate(self.leaves) if leaf.code[:2] in {"15", "18"}
        ]
        self.people = People(self.data, seed)
        self.handling = Handling(
            self.data, self.rng, seed, contact_records=contact_records
        )
        self.narrative_cache: dict[tuple[str, str], tuple[tuple[str, ...], ...]] = {}
        self.durations: list[str] = words["durations"]
        self.shops: list[str] = words["shop_kinds"]
        self.hour_cumulative = _hour_profile(self.now)
        self.plan = plan_cases(
            self.data,
            seed,
            self.now,
            self.leaves,
            count,
            reserved=len(self.statuses),
            repeat_caller=self.pool + 1,
        )

    def _age(self, low: int, high: int) -> int:
        """Minutes before now, between low and high, following the hourly profile."""
        rng = self.rng
        cumulative = self.hour_cumulative
        first = low // 60
        last = min(high // 60, len(cumulative) - 1)
        base = cumulative[first - 1] if first else 0.0
        point = base + rng.random() * (cumulative[last] - base)
        hour = bisect(cumulative, point, first, last)
        lower = cumulative[hour - 1] if hour else 0.0
        share = (point - lower) / (cumulative[hour] - lower)
        minutes = hour * 60 + int(share * 60)
        return low if minutes < low else high - 1 if minutes >= high else minutes

    def _leaf(self, leaf: Leaf) -> CaseLeaf:
        matching = [
            (prefix, rt, text)
            for prefix, rt, text in self.data.narratives
            if prefix and leaf.code.startswith(prefix)
        ]
        # The most specific templates speak for the leaf; generic ones are fallback.
        longest = max((len(prefix) for prefix, _, _ in matching), default=0)
        return CaseLeaf(
            code=leaf.code,
            name=leaf.name,
            request_type=leaf.request_type,
            narratives=tuple((rt, t) for p, rt, t in matching if len(p) == longest),
            generic=tuple((rt, t) for p, rt, t in self.data.narratives if not p),
            topic_indexes=tuple(self.data.topics_by_leaf.get(leaf.code, ())),
        )

    def make(self, index: int) -> dict[str, Any]:
        rng = self.rng
        rng.seed(f"{self.seed}:{index}")
        status = self.statuses[
            bisect(self.status_cumulative, rng.random() * self.status_cumulative[-1])
        ]
        if index < len(self.statuses):
            # Any stream of a dozen cases or more shows every status once at least.
            status = self.statuses[index]
        planted = self.plan.get(index)
        if planted is not None:
            status = planted.status
        # Open work is recent; a closed case took days; the rest ends on the call.
        if status == DRAFT:
            minutes = self._age(1, 240)
        elif status in OPEN_VALUES:
            minutes = self._age(1, 20 * _DAY)
        elif status == CLOSED:
            minutes = self._age(5 * _DAY, 365 * _DAY)
        else:
            minutes = self._age(1, 365 * _DAY)
        created = self.now - timedelta(minutes=minutes)

        enterprise_lane = rng.random() < 0.06 and planted is None
        if enterprise_lane:
            leaf = self.leaves[pick(rng, self.enterprise_leaves)]
        else:
            leaf = self.leaves[
                bisect(
                    self.data.leaf_cumulative,
                    rng.random() * self.data.leaf_cumulative[-1],
                )
            ]
        request_type = leaf.request_type
        if rng.random() < 0.2:
            request_type = pick(
                rng, ("consultation", "help", "complaint", "suggestion", "report")
            )

        if rng.random() < 0.3:
            caller_index = below(rng, self.frequent)
        else:
            caller_index = below(rng, self.pool)
        caller = self.people.caller(caller_index)
        callback_number = caller.number
        if rng.random() < 0.1:
            callback_number = self.people.caller(below(rng, self.pool)).number
        enterprise_name = code = None
        if enterprise_lane:
            enterprise_name, code = self.people.enterprise(below(rng, 400))

        community = self.data.communities[below(rng, len(self.data.communities))]
        address = self._address(community)
        narrative = self._narrative(leaf, request_type, community, enterprise_name)
        if planted is not None:
            leaf = self.leaves[planted.leaf]
            request_type = planted.request_type
            community = planted.community
            address = planted.address or self._address(community)
            narrative = planted.narrative
            created = planted.created
            if planted.caller is not None:
                caller = self.people.caller(planted.caller)
                callback_number = caller.number
        case_id = draw_uuid(rng)
        operator = self.operators[below(rng, len(self.operators))]

        case: dict[str, Any] = {
            "id": case_id,
            "provisional_no": None,
            "official_no": None,
            "status": status,
            "caller_number": caller.number,
            "callback_number": callback_number,
            "caller_name": caller.name or None,
            "requester_type": "enterprise" if enterprise_lane else "person",
            "enterprise_name": enterprise_name,
            "credit_code": code,
            "confidential": rng.random() < (0.3 if request_type == "report" else 0.02),
            "request_type": request_type,
            "category_code": leaf.code,
            "narrative": narrative,
            "summary": f"{community.township}{leaf.name}（{_RT_ZH[request_type]}）",
            "address": address,
            "area_code": community.code,
            "urgency": "normal",
            "tags": [],
            "cited_article_ids": [],
            "handling_mode": None,
            "lead_unit_code": None,
            "co_unit_codes": [],
            "accept_due_at": None,
            "due_at": None,
            "deadline_confirmed": True,
            "redo_count": 0,
            "key_issue": False,
            "overseeing_leader": None,
            "resolution": None,
            "satisfaction": None,
            "created_by": operator,
            "holder": operator,
            "callback_assignee": None,
            "created_at": created,
            "updated_at": created,
            "server_version": None if status == DRAFT else 1,
            "deleted": False,
            "events": [],
            "callback_attempts": [],
            "notes": [],
        }
        self.handling.handle(case, status, leaf, community, created, operator)
        if planted is not None:
            case["tags"] = [*planted.tags, *case["tags"]]
            if planted.note:
                case["notes"].append(
                    {
                        "id": draw_uuid(rng),
                        "case_id": case_id,
                        "author": operator,
                        "body": planted.note,
                        "created_at": created + timedelta(minutes=3),
                    }
                )
        if case["updated_at"] > self.now:
            # A recent case's history ran past now: the whole case happened earlier.
            _shift(
                case,
                case["updated_at"] - self.now + timedelta(minutes=below(rng, 600)),
            )

        if case["lead_unit_code"]:
            _set_deadlines(case)

        created = case["created_at"]
        day = created.year * 10000 + created.month * 100 + created.day
        case["provisional_no"] = (
            f"S{1 + index % 12:02d}-{day % 1000000:06d}-{index:07d}"
        )
        if status != DRAFT:
            case["official_no"] = f"GY{day}{index:07d}"
        return case

    def _address(self, community: Community) -> str:
        rng = self.rng
        words = self.data.words
        roads = words["roads"][community.district_code]
        if rng.random() < 0.5:
            estate = pick(rng, words["estate_words"]) + pick(
                rng, words["places_in_area"]
            )
            return (
                f"{CITY_NAME}{community.district}{community.township}{community.name}"
                f"{estate}{1 + below(rng, 12)}栋{1 + below(rng, 3)}单元"
            )
        return (
            f"{CITY_NAME}{community.district}{community.township}"
            f"{pick(rng, roads)}{1 + below(rng, 300)}号"
        )

    def _narrative(
        self,
        leaf: CaseLeaf,
        request_type: str,
        community: Community,
        company: str | None,
    ) -> str:
        rng = self.rng
        key = (leaf.code, request_type)
        choices = self.narrative_cache.get(key)
        if choices is None:
            specific = tuple(t for rt, t in leaf.narratives if rt in ("", request_type))
            generic = tuple(t for rt, t in leaf.generic if rt == request_type)
            choices = self.narrative_cache[key] = (specific, generic)
        specific, generic = choices
        if specific and rng.random() < 0.85:
            text = pick(rng, specific)
        else:
            text = pick(rng, generic)
        return text.format(
            place=community.township + community.name,
            duration=pick(rng, self.durations),
            shop=pick(rng, self.shops),
            company=company or "一家公司",
            amount=pick(rng, _AMOUNTS),
            leaf=leaf.name,
        )


_AMOUNTS = (300, 800, 1500, 2680, 4500, 12000, 36000)
_CASE_TIMES = ("created_at", "updated_at", "accept_due_at", "due_at")
_RECORD_TIMES = {
    "events": "at",
    "callback_attempts": "attempted_at",
    "notes": "created_at",
    "contact_records": "contacted_at",
}


def _shift(case: dict[str, Any], delta: timedelta) -> None:
    """Move every time of a case and its records back by ``delta``."""
    for name in _CASE_TIMES:
        if case[name] is not None:
            case[name] -= delta
    for records, field in _RECORD_TIMES.items():
        for record in case.get(records, ()):
            record[field] -= delta


def _set_deadlines(case: dict[str, Any]) -> None:
    """Accept and finish deadlines on the official calendar, as the server sets them.

    Called after any shift of the case's times, so the deadlines fall on working
    days counted from the case's final received time.
    """
    due = compute_deadlines(
        case["created_at"], RequestType(case["request_type"]), Urgency(case["urgency"])
    )
    case["accept_due_at"] = due.accept_due_at
    case["due_at"] = due.finish_due_at
    case["deadline_confirmed"] = due.confirmed
    case["deadline_explanation_zh"] = due.explanation_zh
    case["deadline_explanation_en"] = due.explanation_en


_NOTES = (
    "来电人情绪激动，请承办单位耐心沟通。",
    "来电人要求保密，不愿透露具体住址门牌。",
    "该来电人近期多次反映同类问题。",
    "来电人表示白天上班，请下午六点后联系。",
    "已告知来电人办理时限及后续回访安排。",
)


def iter_cases(
    seed: int,
    count: int,
    *,
    now: datetime,
    with_contact_records: bool = False,
) -> Iterator[dict[str, Any]]:
    """Yield ``count`` cases for ``seed`` created in the year before ``now``.

    Each dict has the ``cases`` table's columns plus ``events``, ``callback_attempts``
    and ``notes`` (and ``contact_records`` when ``with_contact_records``).
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    maker = _CaseMaker(seed, count, now, contact_records=with_contact_records)
    rng = maker.rng
    for index in range(count):
        case = maker.make(index)
        if with_contact_records:
            case.setdefault("contact_records", [])
        if rng.random() < 0.1 and case["status"] != DRAFT:
            case["notes"].append(
                {
                    "id": draw_uuid(rng),
                    "case_id": case["id"],
                    "author": case["created_by"],
                    "body": _NOTES[below(rng, len(_NOTES))],
                    "created_at": min(case["created_at"] + timedelta(minutes=5), now),
                }
            )
        yield case


def generate_cases(
    count: int, *, seed: int = 0, now: datetime | None = None
) -> Iterator[dict[str, Any]]:
    """``iter_cases`` for ``hotline-server demo seed``; ``now`` defaults to now."""
    return iter_cases(seed, count, now=now or datetime.now(UTC))
