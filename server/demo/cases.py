"""Deterministic demo data for 广元市: a knowledge base and a case history.

Everything is made from the reference data in ``resources/reference`` and the
reviewable word lists and templates in ``resources/demo`` with one
``random.Random(seed)`` per stream, so the same seed always gives the same rows and
generation streams in constant memory (100,000 articles, 1,000,000 cases).

Articles are dicts with the ``knowledge_articles`` column names. The first article of
every topic in ``knowledge_topics.tsv`` is its canonical article (the natural best
answer for the topic's search terms, see ``search_queries.tsv``); variants per
aspect, district and township follow. Cases are dicts with the ``cases`` column names
plus the nested lists ``events``, ``callback_attempts`` and ``notes`` (and
``contact_records`` when asked for). Times are timezone-aware UTC datetimes.

People, phone numbers and companies are fictitious.
"""

from __future__ import annotations

import csv
import json
import logging
import uuid
from bisect import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from random import Random
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from app.domain.deadlines import compute_deadlines
from app.domain.vocabulary import HandlingMode, RequestType, Status, Urgency

log = logging.getLogger(__name__)
T = TypeVar("T")

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
CITY_CODE = "510800"
CITY_NAME = "广元市"
LOCAL_ZONE = ZoneInfo("Asia/Shanghai")

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

# Fixed namespace: article ids are uuid5(namespace, "article:<seed>:<index>").
NAMESPACE = uuid.UUID("6f1c2a52-7d0e-5b8e-9a43-12345c0de001")

# Share of each status in a year of calls; most calls are answered on the phone.
STATUS_WEIGHTS: dict[Status, float] = {
    Status.ANSWERED_ON_CALL: 80.0,
    Status.CLOSED: 8.5,
    Status.INVALID: 3.0,
    Status.EMERGENCY_TRANSFERRED: 0.8,
    Status.DRAFT: 0.2,
    Status.REGISTERED: 0.5,
    Status.DISPATCHED: 1.2,
    Status.ACCEPTED: 2.2,
    Status.RETURN_REQUESTED: 0.4,
    Status.EXTENSION_REQUESTED: 0.4,
    Status.REPORTED_DONE: 1.0,
    Status.IN_CALLBACK: 1.2,
    Status.REDO: 0.6,
}
_RT_ZH = {rt.value: rt.label_zh for rt in RequestType}
_OPEN = {
    Status.DRAFT,
    Status.REGISTERED,
    Status.DISPATCHED,
    Status.ACCEPTED,
    Status.RETURN_REQUESTED,
    Status.EXTENSION_REQUESTED,
    Status.REPORTED_DONE,
    Status.IN_CALLBACK,
    Status.REDO,
}


# --- loading the inputs -------------------------------------------------------------


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _read_tsv(path: Path) -> list[list[str]]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                rows.append(line.split("\t"))
    return rows


@dataclass(frozen=True)
class Topic:
    key: str
    title: str
    name: str
    category_code: str
    unit: str
    kind: str
    keywords: tuple[str, ...]
    materials: tuple[str, ...]
    time_limit: str
    fee: str


@dataclass(frozen=True)
class Place:
    """Where an article applies: the city, a district or county, or a township."""

    prefix: str
    name: str
    district: str


@dataclass(frozen=True)
class Community:
    code: str
    name: str
    township: str
    township_code: str
    district: str
    district_code: str


@dataclass(frozen=True)
class Leaf:
    code: str
    name: str
    request_type: str
    weight: float


class Inputs:
    """Reference data and demo word lists, read once per process."""

    def __init__(self, resources: Path = RESOURCES) -> None:
        reference = resources / "reference"
        demo = resources / "demo"

        self.categories = {
            r["code"]: r for r in _read_csv(reference / "categories.csv")
        }
        self.areas = {r["code"]: r for r in _read_csv(reference / "areas.csv")}
        self.departments = {
            r["code"]: r for r in _read_csv(reference / "departments.csv")
        }
        self.rules = [
            (
                r["category_code"],
                r["area_code"],
                r["lead_unit_code"],
                r["co_unit_codes"],
            )
            for r in _read_csv(reference / "dispatch_catalogue.csv")
        ]
        self.rules_by_category: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {}
        for category, area, lead, co in self.rules:
            self.rules_by_category.setdefault(category, {})[area] = (
                lead,
                tuple(c for c in co.split(";") if c),
            )
        self.topics = [
            Topic(
                key=row[0],
                title=row[1],
                name=row[2],
                category_code=row[3],
                unit=row[4],
                kind=row[5],
                keywords=tuple(row[6].split(";")),
                materials=tuple(row[7].split(";")),
                time_limit=row[8],
                fee=row[9],
            )
            for row in _read_tsv(demo / "knowledge_topics.tsv")
        ]
        self.templates: dict[str, Any] = json.loads(
            (demo / "article_templates.json").read_text(encoding="utf-8")
        )
        self.words: dict[str, Any] = json.loads(
            (demo / "people_places.json").read_text(encoding="utf-8")
        )
        self.synonym_groups = [
            [row[0], *row[1].split(";")] for row in _read_tsv(demo / "synonyms.tsv")
        ]
        self.narratives: list[tuple[str, str, str]] = [
            (row[0], row[1], row[2]) for row in _read_tsv(demo / "narratives.tsv")
        ]
        self.patterns: dict[str, Any] = json.loads(
            (demo / "clusters.json").read_text(encoding="utf-8")
        )

        self._build_places()
        self._build_leaves()
        self._build_topic_text()

    def _build_places(self) -> None:
        districts = [a for a in self.areas.values() if a["level"] == "district"]
        townships = [a for a in self.areas.values() if a["level"] == "township"]
        self.places = [Place("", CITY_NAME, "")]
        self.places += [Place(d["name_zh"], d["name_zh"], d["code"]) for d in districts]
        self.places += [
            Place(
                self.areas[t["parent_code"]]["name_zh"] + t["name_zh"],
                self.areas[t["parent_code"]]["name_zh"] + t["name_zh"],
                t["parent_code"],
            )
            for t in townships
        ]
        self.communities = [
            Community(
                code=c["code"],
                name=c["name_zh"],
                township=self.areas[c["parent_code"]]["name_zh"],
                township_code=c["parent_code"],
                district=self.areas[self.areas[c["parent_code"]]["parent_code"]][
                    "name_zh"
                ],
                district_code=self.areas[c["parent_code"]]["parent_code"],
            )
            for c in self.areas.values()
            if c["level"] == "community"
        ]

    def _build_leaves(self) -> None:
        # Calls about utilities, neighbours and social insurance dominate real
        # 12345 traffic; weight the top-level categories accordingly.
        busy = {"01": 3.0, "02": 2.0, "03": 3.0, "04": 3.5, "06": 2.0, "07": 2.0}
        busy |= {"08": 1.5, "11": 2.0, "16": 2.0, "05": 1.5, "12": 1.5, "15": 1.0}
        self.leaves = [
            Leaf(
                code=r["code"],
                name=r["name_zh"],
                request_type=r["default_request_type"],
                weight=busy.get(r["code"][:2], 0.7),
            )
            for r in self.categories.values()
            if r["level"] == "3"
        ]
        self.leaf_cumulative = list(accumulate(leaf.weight for leaf in self.leaves))
        self.topics_by_leaf: dict[str, list[int]] = {}
        for index, topic in enumerate(self.topics):
            self.topics_by_leaf.setdefault(topic.category_code, []).append(index)

    def _build_topic_text(self) -> None:
        self.topic_synonyms: list[list[str]] = []
        for topic in self.topics:
            text = topic.title + topic.name + "".join(topic.keywords)
            found: list[str] = []
            for group in self.synonym_groups:
                if any(term in text for term in group):
                    found += [
                        t for t in group if t not in found and t not in topic.title
                    ]
            self.topic_synonyms.append(found)

    def unit_code(self, abbr: str, district_code: str) -> str:
        """The district's counterpart of a municipal unit, or the municipal unit."""
        local = f"{district_code}-{abbr}"
        if district_code and local in self.departments:
            return local
        return f"{CITY_CODE}-{abbr}"

    def dispatch(self, category_code: str, area_code: str) -> tuple[str, list[str]]:
        """Lead and co-units from the catalogue: longest category, then area prefix."""
        for end in range(len(category_code), 0, -1):
            by_area = self.rules_by_category.get(category_code[:end])
            if not by_area:
                continue
            for stop in range(len(area_code), -1, -1):
                route = by_area.get(area_code[:stop])
                if route is not None:
                    return route[0], list(route[1])
        return "", []


@lru_cache(maxsize=1)
def inputs() -> Inputs:
    return Inputs()


# --- knowledge base ------------------------------------------------------------------


def article_id(seed: int, index: int) -> str:
    """The id of the seed's index-th article (stable across runs and machines)."""
    return str(uuid.uuid5(NAMESPACE, f"article:{seed}:{index}"))


def article_title(index: int) -> str:
    """Title of the index-th article (the same for every seed)."""
    data = inputs()
    topic, aspect, place, edition = _article_slot(data, index)
    return _title(data, topic, aspect, place, edition)


def _article_slot(data: Inputs, index: int) -> tuple[int, int, int, int]:
    """Topic, aspect (-1: canonical), place and edition of an article index.

    The topic varies fastest so that any prefix of the stream covers every topic.
    """
    topics = len(data.topics)
    if index < topics:
        return index, -1, 0, 0
    rest, topic = divmod(index - topics, topics)
    rest, aspect = divmod(rest, 8)
    edition, place = divmod(rest, len(data.places))
    return topic, aspect, place, edition


def _title(data: Inputs, topic: int, aspect: int, place: int, edition: int) -> str:
    item = data.topics[topic]
    if aspect < 0:
        return item.title
    aspect_name = data.templates["aspects"][item.kind][aspect]
    title = f"{data.places[place].prefix}{item.name}{aspect_name}"
    if edition:
        title += f"（{2019 + edition}年修订）"
    return title


def iter_articles(seed: int, count: int) -> Iterator[dict[str, Any]]:
    """Yield ``count`` knowledge articles for ``seed``; titles are distinct."""
    data = inputs()
    rng = Random(seed)
    templates = data.templates
    for index in range(count):
        topic_index, aspect, place_index, edition = _article_slot(data, index)
        topic = data.topics[topic_index]
        place = data.places[place_index]
        title = _title(data, topic_index, aspect, place_index, edition)
        aspect_name = templates["aspects"][topic.kind][max(aspect, 0)]
        unit = data.unit_code(topic.unit, place.district)
        year = 2020 + rng.randrange(6)
        slots = {
            "place": place.name,
            "name": topic.name,
            "aspect": aspect_name,
            "unit": data.departments[unit]["name_zh"],
            "materials": "、".join(topic.materials),
            "time_limit": topic.time_limit,
            "fee": topic.fee,
            "channel": rng.choice(templates["channels"]),
            "hall": rng.choice(templates["halls"]),
            "year": year,
        }
        paragraphs = [rng.choice(templates["intro"][topic.kind])]
        paragraphs += rng.sample(templates["middle"], 3)
        paragraphs.append(rng.choice(templates["closing"]))
        body = "\n\n".join(p.format(**slots) for p in paragraphs)

        valid_from = datetime(year, 1 + rng.randrange(12), 1, tzinfo=UTC)
        valid_to = None
        draw = rng.random()
        if aspect >= 0 and draw < 0.08:
            # Superseded guidance: still searchable, must show as expired.
            valid_to = valid_from + timedelta(days=200 + rng.randrange(500))
            valid_to = min(valid_to, datetime(2025, 12, 31, tzinfo=UTC))
        elif draw < 0.15:
            valid_to = datetime(2027 + rng.randrange(3), 12, 31, tzinfo=UTC)
        keywords = list(topic.keywords)
        if place.prefix:
            keywords.append(place.prefix)
        yield {
            "id": article_id(seed, index),
            "version": 1 + rng.randrange(4),
            "title": title,
            "body": body,
            "answer_script": templates["script"][topic.kind].format(**slots),
            "category_code": topic.category_code,
            "department_code": unit,
            "keywords": keywords,
            "synonyms": list(data.topic_synonyms[topic_index]),
            "valid_from": valid_from,
            "valid_to": valid_to,
            "updated_at": valid_from + timedelta(days=rng.randrange(90)),
            "deleted": False,
        }


# --- case history ---------------------------------------------------------------------

# The case stream must reach tens of thousands of cases a second: these helpers avoid
# random.randrange's argument checks and uuid.UUID's validation on the hot path.


# Plain strings: enum attribute access costs a Python call per use.
_DRAFT = Status.DRAFT.value
_REGISTERED = Status.REGISTERED.value
_ANSWERED_ON_CALL = Status.ANSWERED_ON_CALL.value
_EMERGENCY_TRANSFERRED = Status.EMERGENCY_TRANSFERRED.value
_INVALID = Status.INVALID.value
_DISPATCHED = Status.DISPATCHED.value
_ACCEPTED = Status.ACCEPTED.value
_RETURN_REQUESTED = Status.RETURN_REQUESTED.value
_EXTENSION_REQUESTED = Status.EXTENSION_REQUESTED.value
_REPORTED_DONE = Status.REPORTED_DONE.value
_IN_CALLBACK = Status.IN_CALLBACK.value
_REDO = Status.REDO.value
_CLOSED = Status.CLOSED.value
_OPEN_VALUES = frozenset(s.value for s in _OPEN)


def _below(rng: Random, n: int) -> int:
    return int(rng.random() * n)


def _between(rng: Random, low: int, high: int) -> int:
    return low + int(rng.random() * (high - low))


def _pick(rng: Random, items: Sequence[T]) -> T:
    return items[int(rng.random() * len(items))]


def _uuid4(rng: Random) -> str:
    """A version-4 UUID string drawn from ``rng`` (deterministic, unlike uuid4())."""
    bits = rng.getrandbits(128)
    bits = (bits & ~(0xF000 << 64) | (0x4000 << 64)) & ~(0xC000 << 48) | (0x8000 << 48)
    h = f"{bits:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def credit_code(organisation: str, division: str = CITY_CODE) -> str:
    """A unified social credit code (GB 32100-2015) for an enterprise (类别 91).

    ``organisation`` is the 8-character body of the organisation code; its own check
    character (GB 11714) and the final check character are computed here.
    """
    values = {c: v for v, c in enumerate(CREDIT_ALPHABET)}
    org_sum = sum(
        values[c] * w for c, w in zip(organisation, _ORG_WEIGHTS, strict=True)
    )
    org_check = 11 - org_sum % 11
    org_char = {10: "X", 11: "0"}.get(org_check, str(org_check))
    first17 = "91" + division + organisation + org_char
    total = sum(values[c] * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return first17 + CREDIT_ALPHABET[(31 - total % 31) % 31]


@dataclass(frozen=True)
class Caller:
    number: str
    name: str


@dataclass(frozen=True)
class _Leaf:
    """A leaf with what the case generator needs from it, resolved once."""

    code: str
    name: str
    request_type: str
    narratives: tuple[tuple[str, str], ...]
    generic: tuple[tuple[str, str], ...]
    topic_indexes: tuple[int, ...]


@lru_cache(maxsize=4)
def _hour_profile(now: datetime) -> tuple[float, ...]:
    """Cumulative call weight of the hours before now (index 0: the last hour)."""
    weights = []
    for hours in range(HISTORY_DAYS * 24):
        local = (now - timedelta(hours=hours, minutes=30)).astimezone(LOCAL_ZONE)
        weights.append(HOUR_WEIGHTS[local.hour] * WEEKDAY_WEIGHTS[local.weekday()])
    return tuple(accumulate(weights))


@dataclass(frozen=True)
class _Planted:
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


_DAY = 60 * 24


class _CaseMaker:
    """State shared by the cases of one stream (no per-case state kept)."""

    def __init__(self, seed: int, count: int, now: datetime) -> None:
        self.data = inputs()
        self.rng = Random(seed)
        self.seed = seed
        self.now = now.astimezone(UTC)
        words = self.data.words
        self.surnames: str = words["surnames"]
        self.given: str = words["given_chars"]
        self.prefixes: list[str] = words["mobile_prefixes"]
        self.operators: list[str] = words["operators"]
        self.agents: list[str] = words["callback_agents"]
        self.supervisors: list[str] = words["supervisors"]
        # Repeat callers: a pool smaller than the stream, and a few frequent callers.
        self.pool = max(500, int(count * 0.6))
        self.frequent = max(20, count // 400)
        self.statuses = [s.value for s in STATUS_WEIGHTS]
        self.status_cumulative = list(accumulate(STATUS_WEIGHTS.values()))
        self.leaves = [self._leaf(leaf) for leaf in self.data.leaves]
        self.enterprise_leaves = [
            i for i, leaf in enumerate(self.leaves) if leaf.code[:2] in {"15", "18"}
        ]
        self.callers: dict[int, Caller] = {}
        self.enterprises: dict[int, tuple[str, str]] = {}
        self.contact_records = False
        self.narrative_cache: dict[tuple[str, str], tuple[tuple[str, ...], ...]] = {}
        self.durations: list[str] = words["durations"]
        self.shops: list[str] = words["shop_kinds"]
        self.dispatch_cache: dict[tuple[str, str], tuple[str, list[str]]] = {}
        self.canonical_ids = [article_id(seed, i) for i in range(len(self.data.topics))]
        self.hour_cumulative = _hour_profile(self.now)
        self.plan = self._plan(count)

    def _age(self, low: int, high: int) -> int:
        """Minutes before now, between low and high, following the hourly profile."""
        rng = self.rng
        cumulative = self.hour_cumulative
        first = low // 60
        last = min(high // 60, len(cumulative) - 1)
        base = cumulative[first - 1] if first else 0.0
        point = base + rng.random() * (cumulative[last] - base)
        hour = bisect(cumulative, point, first, last)
        below = cumulative[hour - 1] if hour else 0.0
        share = (point - below) / (cumulative[hour] - below)
        minutes = hour * 60 + int(share * 60)
        return low if minutes < low else high - 1 if minutes >= high else minutes

    def _plan(self, count: int) -> dict[int, _Planted]:
        """Stream positions of the planted cases: hotspot runs and a repeat caller.

        Drawn from their own generator so the plan depends only on the seed, ``now``
        and ``count``. Each run puts 4-8 cases of one category in one community in
        the last 7 local days and 0-1 in the 7 days before, so the dashboard's
        hotspot rule (at least 3, at least 1.5 times the week before) fires on it.
        """
        rng = Random(f"patterns:{self.seed}")
        patterns = self.data.patterns
        leaf_index = {leaf.code: i for i, leaf in enumerate(self.leaves)}
        communities = self.data.communities
        today = self.now.astimezone(LOCAL_ZONE).date()
        middle = datetime.combine(
            today - timedelta(days=6), datetime.min.time(), LOCAL_ZONE
        ).astimezone(UTC)
        start = middle - timedelta(days=7)
        planned: list[_Planted] = []

        runs = patterns["hotspots"][: min(len(patterns["hotspots"]), count // 150)]
        places = rng.sample(communities, len(runs) + 1)
        for run, community in zip(runs, places, strict=False):
            place = community.township + community.name
            site = rng.choice(run["sites"])
            leaf = leaf_index[run["category_code"]]
            lines = run["recent"]
            for number in range(4 + rng.randrange(5)):
                # The first call opens a work order; later ones hear it is in hand.
                status = _ACCEPTED if number == 0 else rng.choice(_RUN_STATUSES)
                low, high = middle + timedelta(minutes=30), self.now - _RUN_AGE[status]
                planned.append(
                    _Planted(
                        leaf=leaf,
                        community=community,
                        request_type=run["request_type"],
                        status=status,
                        created=_working_hours(rng, low, high),
                        narrative=lines[number % len(lines)].format(
                            place=place, site=site
                        ),
                        tags=("hotspot",),
                    )
                )
            if rng.random() < 0.5:
                low, high = start + timedelta(minutes=30), middle - timedelta(hours=1)
                planned.append(
                    _Planted(
                        leaf=leaf,
                        community=community,
                        request_type="consultation",
                        status=_ANSWERED_ON_CALL,
                        created=_working_hours(rng, low, high),
                        narrative=run["before"].format(place=place, site=site),
                    )
                )

        if count >= 100:
            planned += self._repeat_calls(rng, places[-1], leaf_index)
        positions = rng.sample(range(len(self.statuses), count), len(planned))
        return dict(zip(positions, planned, strict=True))

    def _repeat_calls(
        self, rng: Random, community: Community, leaf_index: dict[str, int]
    ) -> list[_Planted]:
        """One caller ringing again and again about the same leak, weeks apart."""
        pattern = self.data.patterns["repeat_caller"]
        place = community.township + community.name
        estate = rng.choice(self.data.words["estate_words"])
        address = (
            f"{CITY_NAME}{community.district}{community.township}{community.name}"
            f"{estate}{rng.choice(self.data.words['places_in_area'])}"
            f"{1 + rng.randrange(12)}栋{1 + rng.randrange(3)}单元"
            f"{1 + rng.randrange(6)}0{1 + rng.randrange(4)}室"
        )
        first = pattern["days_ago"][0]
        calls = []
        for number, (text, days) in enumerate(
            zip(pattern["calls"], pattern["days_ago"], strict=True)
        ):
            at = self.now - timedelta(days=days)
            calls.append(
                _Planted(
                    leaf=leaf_index[pattern["category_code"]],
                    community=community,
                    request_type=pattern["request_type"],
                    status=_REPEAT_STATUSES[number % len(_REPEAT_STATUSES)],
                    created=_working_hours(rng, at - timedelta(hours=20), at),
                    narrative=text.format(place=place, days=first - days),
                    caller=self.pool + 1,
                    address=address,
                    note=None
                    if number == 0
                    else f"来电人第{number + 1}次反映同一事项。",
                )
            )
        return calls

    def _leaf(self, leaf: Leaf) -> _Leaf:
        matching = [
            (prefix, rt, text)
            for prefix, rt, text in self.data.narratives
            if prefix and leaf.code.startswith(prefix)
        ]
        # The most specific templates speak for the leaf; generic ones are fallback.
        longest = max((len(prefix) for prefix, _, _ in matching), default=0)
        return _Leaf(
            code=leaf.code,
            name=leaf.name,
            request_type=leaf.request_type,
            narratives=tuple((rt, t) for p, rt, t in matching if len(p) == longest),
            generic=tuple((rt, t) for p, rt, t in self.data.narratives if not p),
            topic_indexes=tuple(self.data.topics_by_leaf.get(leaf.code, ())),
        )

    def caller(self, index: int) -> Caller:
        """The fictitious caller behind pool index ``index``: the same every time."""
        known = self.callers.get(index)
        if known is not None:
            return known

        mix = index * 2654435761 + self.seed * 40503
        if index % 13 == 5:
            number = f"0839{2 + mix % 7}{(index * 7919 + self.seed) % 10**6:06d}"
        else:
            prefix = self.prefixes[index % len(self.prefixes)]
            number = f"{prefix}{(index * 7919 + self.seed * 104729 + 13) % 10**8:08d}"
        surname = self.surnames[mix % len(self.surnames)]
        given = self.given[(mix >> 7) % len(self.given)]
        if mix % 3:
            given += self.given[(mix >> 13) % len(self.given)]
        name = "" if index % 17 == 3 else surname + given

        caller = Caller(number, name)
        if len(self.callers) > 50_000:
            self.callers.clear()  # keep memory flat on million-case streams
        self.callers[index] = caller
        return caller

    def enterprise(self, index: int) -> tuple[str, str]:
        """Name and credit code of fictitious enterprise ``index``."""
        known = self.enterprises.get(index)
        if known is not None:
            return known

        words = self.data.words
        mix = index * 40503 + self.seed * 7
        community = self.data.communities[mix % len(self.data.communities)]
        firm = words["company_words"][index % len(words["company_words"])]
        trade = words["company_trades"][(mix >> 5) % len(words["company_trades"])]
        form = words["company_forms"][(mix >> 9) % len(words["company_forms"])]
        place = community.district if index % 3 else CITY_NAME
        name = f"{place}{firm}{trade}{form}"
        body = "".join(CREDIT_ALPHABET[(mix >> (5 * k)) % 31] for k in range(8))
        code = credit_code(body, community.district_code)

        self.enterprises[index] = (name, code)
        return name, code

    def make(self, index: int) -> dict[str, Any]:
        rng = self.rng
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
        if status == _DRAFT:
            minutes = self._age(1, 240)
        elif status in _OPEN_VALUES:
            minutes = self._age(1, 20 * _DAY)
        elif status == _CLOSED:
            minutes = self._age(5 * _DAY, 365 * _DAY)
        else:
            minutes = self._age(1, 365 * _DAY)
        created = self.now - timedelta(minutes=minutes)

        enterprise_lane = rng.random() < 0.06 and planted is None
        if enterprise_lane:
            leaf = self.leaves[_pick(rng, self.enterprise_leaves)]
        else:
            leaf = self.leaves[
                bisect(
                    self.data.leaf_cumulative,
                    rng.random() * self.data.leaf_cumulative[-1],
                )
            ]
        request_type = leaf.request_type
        if rng.random() < 0.2:
            request_type = _pick(
                rng, ("consultation", "help", "complaint", "suggestion", "report")
            )

        if rng.random() < 0.3:
            caller_index = _below(rng, self.frequent)
        else:
            caller_index = _below(rng, self.pool)
        caller = self.caller(caller_index)
        callback_number = caller.number
        if rng.random() < 0.1:
            callback_number = self.caller(_below(rng, self.pool)).number
        enterprise_name = code = None
        if enterprise_lane:
            enterprise_name, code = self.enterprise(_below(rng, 400))

        community = self.data.communities[_below(rng, len(self.data.communities))]
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
                caller = self.caller(planted.caller)
                callback_number = caller.number
        case_id = _uuid4(rng)
        operator = self.operators[_below(rng, len(self.operators))]

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
            "server_version": None if status == _DRAFT else 1,
            "deleted": False,
            "events": [],
            "callback_attempts": [],
            "notes": [],
        }
        self._handle(case, status, leaf, community, created, operator)
        if planted is not None:
            case["tags"] = [*planted.tags, *case["tags"]]
            if planted.note:
                case["notes"].append(
                    {
                        "id": _uuid4(rng),
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
                case["updated_at"] - self.now + timedelta(minutes=_below(rng, 600)),
            )

        if case["lead_unit_code"]:
            _set_deadlines(case)

        created = case["created_at"]
        day = created.year * 10000 + created.month * 100 + created.day
        case["provisional_no"] = (
            f"S{1 + index % 12:02d}-{day % 1000000:06d}-{index:07d}"
        )
        if status != _DRAFT:
            case["official_no"] = f"GY{day}{index:07d}"
        return case

    def _address(self, community: Community) -> str:
        rng = self.rng
        words = self.data.words
        roads = words["roads"][community.district_code]
        if rng.random() < 0.5:
            estate = _pick(rng, words["estate_words"]) + _pick(
                rng, words["places_in_area"]
            )
            return (
                f"{CITY_NAME}{community.district}{community.township}{community.name}"
                f"{estate}{1 + _below(rng, 12)}栋{1 + _below(rng, 3)}单元"
            )
        return (
            f"{CITY_NAME}{community.district}{community.township}"
            f"{_pick(rng, roads)}{1 + _below(rng, 300)}号"
        )

    def _narrative(
        self,
        leaf: _Leaf,
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
            text = _pick(rng, specific)
        else:
            text = _pick(rng, generic)
        return text.format(
            place=community.township + community.name,
            duration=_pick(rng, self.durations),
            shop=_pick(rng, self.shops),
            company=company or "一家公司",
            amount=_pick(rng, _AMOUNTS),
            leaf=leaf.name,
        )

    def _handle(
        self,
        case: dict[str, Any],
        status: str,
        leaf: _Leaf,
        community: Community,
        created: datetime,
        operator: str,
    ) -> None:
        """Fill the handling fields and the history that lead to ``status``."""
        rng = self.rng
        history = _History(case, rng)
        if status == _DRAFT:
            return

        at = created + timedelta(seconds=_between(rng, 60, 600))
        history.add(at, operator, "operator", "register", _DRAFT, _REGISTERED)
        if status == _REGISTERED:
            return
        if status == _ANSWERED_ON_CALL:
            case["handling_mode"] = HandlingMode.ANSWERED_ON_CALL.value
            if leaf.topic_indexes:
                topic = leaf.topic_indexes[_below(rng, len(leaf.topic_indexes))]
                case["cited_article_ids"] = [self.canonical_ids[topic]]
            history.add(
                at,
                operator,
                "operator",
                "answer_on_call",
                _REGISTERED,
                _ANSWERED_ON_CALL,
                "依据知识库答复来电人",
            )
            return
        if status == _EMERGENCY_TRANSFERRED:
            case["handling_mode"] = HandlingMode.EMERGENCY_TRANSFER.value
            case["urgency"] = "critical"
            target = _pick(rng, ("110", "119", "120", "122"))
            history.add(
                at,
                operator,
                "operator",
                "emergency_transfer",
                _REGISTERED,
                _EMERGENCY_TRANSFERRED,
                f"即时转{target}",
                {"target": target},
            )
            return
        if status == _INVALID:
            case["handling_mode"] = HandlingMode.INVALID.value
            case["narrative"] = _pick(rng, ("来电无声。", "骚扰电话。", "打错电话。"))
            history.add(
                at,
                operator,
                "operator",
                "mark_invalid",
                _REGISTERED,
                _INVALID,
                _pick(rng, ("无声电话", "骚扰电话", "拨错号码")),
            )
            return

        self._dispatch(case, leaf, community, created, history, at, operator, status)

    def _dispatch(
        self,
        case: dict[str, Any],
        leaf: _Leaf,
        community: Community,
        created: datetime,
        history: _History,
        at: datetime,
        operator: str,
        status: str,
    ) -> None:
        rng = self.rng
        key = (leaf.code, community.township_code)
        route = self.dispatch_cache.get(key)
        if route is None:
            route = self.data.dispatch(leaf.code, community.code)
            self.dispatch_cache[key] = route
        lead, co_units = route
        urgency = "normal"
        draw = rng.random()
        if draw < 0.02:
            urgency = "critical"
        elif draw < 0.09:
            urgency = "urgent"
        handler = handler_name(lead)
        # The deadlines are set in make(), once the case's final times are known.
        case.update(
            handling_mode=HandlingMode.DISPATCHED.value,
            lead_unit_code=lead,
            co_unit_codes=list(co_units),
            urgency=urgency,
            holder=handler,
        )
        at += timedelta(minutes=_between(rng, 5, 90))
        history.add(
            at,
            operator,
            "operator",
            "dispatch",
            _REGISTERED,
            _DISPATCHED,
            None,
            {"lead_unit_code": lead},
        )
        if rng.random() < 0.03:
            supervisor = _pick(rng, self.supervisors)
            case["key_issue"] = True
            case["overseeing_leader"] = _pick(rng, self.data.words["leaders"])
            case["tags"] = [*case["tags"], "key_issue"]
            history.add(
                at,
                supervisor,
                "supervisor",
                "mark_key_issue",
                _DISPATCHED,
                _DISPATCHED,
                "列为重点诉求，领导包案",
            )
        if status == _DISPATCHED:
            return
        if status == _RETURN_REQUESTED:
            at += timedelta(hours=_between(rng, 1, 20))
            history.add(
                at,
                handler,
                "handler",
                "request_return",
                _DISPATCHED,
                _RETURN_REQUESTED,
                "该事项不属于本单位职责范围",
            )
            return

        at += timedelta(hours=_between(rng, 1, 20))
        history.add(at, handler, "handler", "accept", _DISPATCHED, _ACCEPTED)
        if status == _ACCEPTED:
            return
        if status == _EXTENSION_REQUESTED:
            at += timedelta(days=_between(rng, 1, 5))
            history.add(
                at,
                handler,
                "handler",
                "request_extension",
                _ACCEPTED,
                _EXTENSION_REQUESTED,
                "需协调多个部门，申请延期5个工作日",
            )
            return

        self._reply(case, history, at, handler, status)

    def _reply(
        self,
        case: dict[str, Any],
        history: _History,
        at: datetime,
        handler: str,
        status: str,
    ) -> None:
        rng = self.rng
        at += timedelta(hours=_between(rng, 2, 72))
        method = _pick(rng, ("phone", "phone", "visit", "sms"))
        history.add(
            at,
            handler,
            "handler",
            "record_contact",
            _ACCEPTED,
            _ACCEPTED,
            None,
            {"method": method},
        )
        if self.contact_records:
            history.contact(at, case["lead_unit_code"], method, handler)
        at += timedelta(hours=_between(rng, 1, 48))
        history.add(
            at,
            handler,
            "handler",
            "reply",
            _ACCEPTED,
            _REPORTED_DONE,
            "已联系来电人并现场核实处理，情况已向来电人说明。",
        )
        if status == _REPORTED_DONE:
            return

        agent = _pick(rng, self.agents)
        case["callback_assignee"] = agent
        at += timedelta(hours=_between(rng, 1, 24))
        history.add(
            at,
            "system",
            "system",
            "start_callback",
            _REPORTED_DONE,
            _IN_CALLBACK,
            None,
            {"assignee": agent},
        )
        redo_first = status == _CLOSED and rng.random() < 0.05
        if status == _IN_CALLBACK:
            for _ in range(_between(rng, 0, 3)):
                at += timedelta(hours=2, minutes=_below(rng, 30))
                history.attempt(at, agent, False, "无人接听")
            return

        at = self._callback(
            case, history, at, agent, redo=status == _REDO or redo_first
        )
        if status == _REDO:
            case["holder"] = handler
            return

        if redo_first:
            at += timedelta(days=_between(rng, 1, 6))
            history.add(
                at,
                handler,
                "handler",
                "reply",
                _REDO,
                _REPORTED_DONE,
                "已重新办理并再次联系来电人。",
            )
            at += timedelta(hours=_between(rng, 1, 24))
            history.add(
                at,
                "system",
                "system",
                "start_callback",
                _REPORTED_DONE,
                _IN_CALLBACK,
                None,
                {"assignee": agent},
            )
            at = self._callback(case, history, at, agent, redo=False)
        case["holder"] = None

    def _callback(
        self,
        case: dict[str, Any],
        history: _History,
        at: datetime,
        agent: str,
        *,
        redo: bool,
    ) -> datetime:
        """Attempts until the caller answers, then the checklist's outcome."""
        rng = self.rng
        for _ in range(_pick(rng, (0, 0, 0, 1, 2))):
            at += timedelta(hours=2, minutes=_below(rng, 30))
            history.attempt(at, agent, False, "无人接听")
        at += timedelta(hours=2, minutes=_below(rng, 30))
        history.attempt(at, agent, True, "已接通，完成回访问卷")

        if redo:
            resolution = _pick(rng, ("unresolved", "partly"))
            satisfaction = _pick(rng, ("unsatisfied", "unsatisfied", "no_opinion"))
            case.update(resolution=resolution, satisfaction=satisfaction)
            case["redo_count"] += 1
            history.add(
                at,
                agent,
                "operator",
                "callback_redo",
                _IN_CALLBACK,
                _REDO,
                "来电人表示问题未解决，退回承办单位重办",
                {"resolution": resolution, "satisfaction": satisfaction},
            )
            return at

        draw = rng.random()
        resolution = (
            "resolved" if draw < 0.85 else "partly" if draw < 0.96 else "unresolved"
        )
        draw = rng.random()
        satisfaction = (
            "satisfied"
            if draw < 0.8
            else "mostly"
            if draw < 0.92
            else "no_opinion"
            if draw < 0.97
            else "unsatisfied"
        )
        case.update(resolution=resolution, satisfaction=satisfaction)
        history.add(
            at,
            agent,
            "operator",
            "callback_close",
            _IN_CALLBACK,
            _CLOSED,
            None,
            {"resolution": resolution, "satisfaction": satisfaction},
        )
        return at


class _History:
    """Appends events, attempts, notes and contact records to one case dict."""

    __slots__ = ("case", "rng")

    def __init__(self, case: dict[str, Any], rng: Random) -> None:
        self.case = case
        self.rng = rng

    def _id(self) -> str:
        return _uuid4(self.rng)

    def add(
        self,
        at: datetime,
        actor: str,
        role: str,
        action: str,
        before: str,
        after: str,
        reason: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> None:
        self.case["events"].append(
            {
                "id": self._id(),
                "case_id": self.case["id"],
                "at": at,
                "actor": actor,
                "action": action,
                "from_status": before,
                "to_status": after,
                "reason": reason,
                "data": {"role": role, **(data or {})},
            }
        )
        self.case["updated_at"] = at

    def attempt(self, at: datetime, agent: str, reached: bool, note: str) -> None:
        self.case["callback_attempts"].append(
            {
                "id": self._id(),
                "case_id": self.case["id"],
                "attempted_at": at,
                "reached": reached,
                "agent": agent,
                "note": note,
            }
        )
        self.add(
            at,
            agent,
            "operator",
            "callback_attempt",
            _IN_CALLBACK,
            _IN_CALLBACK,
            None,
            {"reached": reached},
        )

    def contact(self, at: datetime, unit: str, method: str, handler: str) -> None:
        self.case.setdefault("contact_records", []).append(
            {
                "id": self._id(),
                "case_id": self.case["id"],
                "unit_code": unit,
                "contacted_at": at,
                "method": method,
                "summary": "承办单位已与来电人直接联系，说明处理措施和时限。",
                "created_by": handler,
            }
        )


# Statuses of a hotspot run's later calls, and how long before now each must have
# come in for its history (register, dispatch, accept) to end by now.
_RUN_STATUSES = (_ANSWERED_ON_CALL, _ANSWERED_ON_CALL, _DISPATCHED, _ACCEPTED)
_RUN_AGE = {
    _ANSWERED_ON_CALL: timedelta(minutes=15),
    _DISPATCHED: timedelta(hours=2),
    _ACCEPTED: timedelta(hours=23),
}
_REPEAT_STATUSES = (_ACCEPTED, _ANSWERED_ON_CALL, _ANSWERED_ON_CALL, _DISPATCHED)


def _working_hours(rng: Random, low: datetime, high: datetime) -> datetime:
    """A time between low and high, in local working hours when one is drawn."""
    at = low
    for _ in range(12):
        at = low + (high - low) * rng.random()
        if 8 <= at.astimezone(LOCAL_ZONE).hour < 20:
            return at
    return at


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


def handler_name(unit_code: str) -> str:
    """The generated handler account of a unit (the seed maps one unit's to h1)."""
    return f"hd.{unit_code}"


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
    maker = _CaseMaker(seed, count, now)
    maker.contact_records = with_contact_records
    rng = maker.rng
    for index in range(count):
        case = maker.make(index)
        if with_contact_records:
            case.setdefault("contact_records", [])
        if rng.random() < 0.1 and case["status"] != _DRAFT:
            case["notes"].append(
                {
                    "id": _uuid4(rng),
                    "case_id": case["id"],
                    "author": case["created_by"],
                    "body": _NOTES[_below(rng, len(_NOTES))],
                    "created_at": min(case["created_at"] + timedelta(minutes=5), now),
                }
            )
        yield case


def generate_articles(count: int, *, seed: int = 0) -> Iterator[dict[str, Any]]:
    """``iter_articles`` with the argument order ``hotline-server demo seed`` uses."""
    return iter_articles(seed, count)


def generate_cases(
    count: int, *, seed: int = 0, now: datetime | None = None
) -> Iterator[dict[str, Any]]:
    """``iter_cases`` for ``hotline-server demo seed``; ``now`` defaults to now."""
    return iter_cases(seed, count, now=now or datetime.now(UTC))
