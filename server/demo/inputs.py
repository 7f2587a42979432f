"""The generator's inputs, read once per process.

The reference data of ``resources/reference`` (categories, areas, departments, the
dispatch catalogue) and the reviewable word lists and templates of
``resources/demo``, with the lookups both streams make in them.
"""

from __future__ import annotations

import csv
import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
CITY_CODE = "510800"
CITY_NAME = "广元市"


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


@dataclass(frozen=True)
class CaseLeaf:
    """A leaf with what the case generator needs from it, resolved once."""

    code: str
    name: str
    request_type: str
    narratives: tuple[tuple[str, str], ...]
    generic: tuple[tuple[str, str], ...]
    topic_indexes: tuple[int, ...]


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
