"""Search quality over the demo knowledge base (2,000 articles, seed 0) with the
labelled queries in resources/demo/search_queries.tsv: the expected article must be
in the top three for at least 90 % of them, two-character and pinyin ones included."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from app.models.search import ArticleDoc, KnowledgeIndex
from server.demo import iter_articles

QUERIES = Path(__file__).resolve().parents[3] / "resources/demo/search_queries.tsv"
TODAY = date(2026, 6, 1)


@pytest.fixture(scope="session")
def demo_index(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeIndex:
    index = KnowledgeIndex.open(tmp_path_factory.mktemp("demo-search"))
    index.rebuild((ArticleDoc.from_mapping(a) for a in iter_articles(0, 2_000)), 1)
    return index


def _labelled() -> list[dict[str, str]]:
    with QUERIES.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_labelled_set_is_large_and_varied() -> None:
    kinds = Counter(row["kind"] for row in _labelled())

    assert sum(kinds.values()) >= 50
    assert kinds["two_char"] >= 10
    assert kinds["pinyin"] >= 10


def test_expected_article_in_top_three(demo_index: KnowledgeIndex) -> None:
    misses: list[str] = []
    per_kind: Counter[str] = Counter()
    hits_per_kind: Counter[str] = Counter()
    for row in _labelled():
        top = [hit.article_id for hit in demo_index.search(row["query"], today=TODAY)]
        per_kind[row["kind"]] += 1
        if row["expected_id_seed0"] in top[:3]:
            hits_per_kind[row["kind"]] += 1
        else:
            misses.append(f"{row['query']} -> expected {row['expected_title']}")

    total = sum(per_kind.values())
    assert sum(hits_per_kind.values()) / total >= 0.9, misses
    for kind in ("two_char", "pinyin"):
        assert hits_per_kind[kind] / per_kind[kind] >= 0.9, (kind, misses)


def test_every_labelled_query_finds_something(demo_index: KnowledgeIndex) -> None:
    empty = [
        row["query"]
        for row in _labelled()
        if not demo_index.search(row["query"], limit=3, today=TODAY)
    ]

    assert empty == []
