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
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from random import Random
from typing import Any

from app.domain.vocabulary import HandlingMode, RequestType, Status

log = logging.getLogger(__name__)

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
CITY_CODE = "510800"
CITY_NAME = "广元市"

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
# Working days to finish, by request type (Sichuan 2025 measures, DOMAIN.md).
FINISH_DAYS = {
    RequestType.CONSULTATION: 3,
    RequestType.HELP: 7,
    RequestType.SUGGESTION: 7,
    RequestType.COMPLAINT: 15,
    RequestType.REPORT: 15,
    RequestType.PRAISE: 7,
}
_RT_ZH = {rt.value: rt.label_zh for rt in RequestType}
_CONFIRMED_YEARS = range(2020, 2027)


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

        self.categories = {r["code"]: r for r in _read_csv(reference / "categories.csv")}
        self.areas = {r["code"]: r for r in _read_csv(reference / "areas.csv")}
        self.departments = {
            r["code"]: r for r in _read_csv(reference / "departments.csv")
        }
        self.rules = [
            (r["category_code"], r["area_code"], r["lead_unit_code"], r["co_unit_codes"])
            for r in _read_csv(reference / "dispatch_catalogue.csv")
        ]
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
                    found += [t for t in group if t not in found and t not in text]
            self.topic_synonyms.append(found)

    def unit_code(self, abbr: str, district_code: str) -> str:
        """The district's counterpart of a municipal unit, or the municipal unit."""
        local = f"{district_code}-{abbr}"
        if district_code and local in self.departments:
            return local
        return f"{CITY_CODE}-{abbr}"

    def dispatch(self, category_code: str, area_code: str) -> tuple[str, list[str]]:
        """Lead and co-units from the catalogue: longest category, then area prefix."""
        best: tuple[int, int] | None = None
        chosen = ("", "")
        for cat, area, lead, co in self.rules:
            if category_code.startswith(cat) and area_code.startswith(area):
                rank = (len(cat), len(area))
                if best is None or rank > best:
                    best, chosen = rank, (lead, co)
        return chosen[0], [c for c in chosen[1].split(";") if c]


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
