"""Planted cases: the patterns a supervisor should find in the demo data.

Hotspot runs (one category in one community rising in the last week) and one
caller ringing again about the same leak, from ``clusters.json``; the case stream
puts them at the positions planned here instead of drawing those cases.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from random import Random

from app.domain.clock import CHINA_TIME
from server.demo.inputs import CITY_NAME, CaseLeaf, Community, Inputs
from server.demo.statuses import ACCEPTED, ANSWERED_ON_CALL, DISPATCHED

# Statuses of a hotspot run's later calls, and how long before now each must have
# come in for its history (register, dispatch, accept) to end by now.
_RUN_STATUSES = (ANSWERED_ON_CALL, ANSWERED_ON_CALL, DISPATCHED, ACCEPTED)
_RUN_AGE = {
    ANSWERED_ON_CALL: timedelta(minutes=15),
    DISPATCHED: timedelta(hours=2),
    ACCEPTED: timedelta(hours=23),
}
_REPEAT_STATUSES = (ACCEPTED, ANSWERED_ON_CALL, ANSWERED_ON_CALL, DISPATCHED)


@dataclass(frozen=True)
class Planted:
    """What a planted case (hotspot run, repeat call) fixes instead of drawing."""

    leaf: int
    community: Community
    request_type: str
    status: str
    created: datetime
    narrative: str
    tags: tuple[str, ...] = ()
    caller: int | None = None
    address: str | None = None
    note: str | None = None


def plan_cases(
    data: Inputs,
    seed: int,
    now: datetime,
    leaves: Sequence[CaseLeaf],
    count: int,
    *,
    reserved: int,
    repeat_caller: int,
) -> dict[int, Planted]:
    """Stream positions of the planted cases: hotspot runs and a repeat caller.

    Drawn from their own generators so the plan depends only on the seed, ``now`` and
    ``count``; the times come from a second one, so that ``now`` moves only the times,
    never which positions are planted or with what status. Each run puts 4-8 cases of
    one category in one community in the last 7 local days and 0-1 in the 7 days before,
    so the dashboard's hotspot rule (at least 3, at least 1.5 times the week before)
    fires on it. Positions below ``reserved`` stay drawn; the repeat calls are pool
    caller ``repeat_caller``'s.
    """
    rng = Random(f"patterns:{seed}")
    clock = Random(f"pattern-times:{seed}")
    patterns = data.patterns
    leaf_index = {leaf.code: i for i, leaf in enumerate(leaves)}
    communities = data.communities
    today = now.astimezone(CHINA_TIME).date()
    middle = datetime.combine(
        today - timedelta(days=6), datetime.min.time(), CHINA_TIME
    ).astimezone(UTC)
    start = middle - timedelta(days=7)
    planned: list[Planted] = []

    runs = patterns["hotspots"][: min(len(patterns["hotspots"]), count // 150)]
    places = rng.sample(communities, len(runs) + 1)
    for run, community in zip(runs, places, strict=False):
        place = community.township + community.name
        site = rng.choice(run["sites"])
        leaf = leaf_index[run["category_code"]]
        lines = run["recent"]
        for number in range(4 + rng.randrange(5)):
            # The first call opens a work order; later ones hear it is in hand.
            status = ACCEPTED if number == 0 else rng.choice(_RUN_STATUSES)
            low, high = middle + timedelta(minutes=30), now - _RUN_AGE[status]
            planned.append(
                Planted(
                    leaf=leaf,
                    community=community,
                    request_type=run["request_type"],
                    status=status,
                    created=_working_hours(clock, low, high),
                    narrative=lines[number % len(lines)].format(place=place, site=site),
                    tags=("hotspot",),
                )
            )
        if rng.random() < 0.5:
            low, high = start + timedelta(minutes=30), middle - timedelta(hours=1)
            planned.append(
                Planted(
                    leaf=leaf,
                    community=community,
                    request_type="consultation",
                    status=ANSWERED_ON_CALL,
                    created=_working_hours(clock, low, high),
                    narrative=run["before"].format(place=place, site=site),
                )
            )

    if count >= 100:
        planned += _repeat_calls(
            rng, clock, data, now, places[-1], leaf_index, repeat_caller
        )
    positions = rng.sample(range(reserved, count), len(planned))
    return dict(zip(positions, planned, strict=True))


def _repeat_calls(
    rng: Random,
    clock: Random,
    data: Inputs,
    now: datetime,
    community: Community,
    leaf_index: dict[str, int],
    caller: int,
) -> list[Planted]:
    """One caller ringing again and again about the same leak, weeks apart."""
    pattern = data.patterns["repeat_caller"]
    place = community.township + community.name
    estate = rng.choice(data.words["estate_words"])
    address = (
        f"{CITY_NAME}{community.district}{community.township}{community.name}"
        f"{estate}{rng.choice(data.words['places_in_area'])}"
        f"{1 + rng.randrange(12)}栋{1 + rng.randrange(3)}单元"
        f"{1 + rng.randrange(6)}0{1 + rng.randrange(4)}室"
    )
    first = pattern["days_ago"][0]
    calls = []
    for number, (text, days) in enumerate(
        zip(pattern["calls"], pattern["days_ago"], strict=True)
    ):
        at = now - timedelta(days=days)
        calls.append(
            Planted(
                leaf=leaf_index[pattern["category_code"]],
                community=community,
                request_type=pattern["request_type"],
                status=_REPEAT_STATUSES[number % len(_REPEAT_STATUSES)],
                created=_working_hours(clock, at - timedelta(hours=20), at),
                narrative=text.format(place=place, days=first - days),
                caller=caller,
                address=address,
                note=None if number == 0 else f"来电人第{number + 1}次反映同一事项。",
            )
        )
    return calls


def _working_hours(rng: Random, low: datetime, high: datetime) -> datetime:
    """A time between low and high, in local working hours when one is drawn."""
    at = low
    for _ in range(12):
        at = low + (high - low) * rng.random()
        if 8 <= at.astimezone(CHINA_TIME).hour < 20:
            return at
    return at
