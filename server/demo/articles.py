"""The knowledge base: articles with stable ids and distinct titles.

The first article of every topic in ``knowledge_topics.tsv`` is its canonical
article (the natural best answer for the topic's search terms, see
``search_queries.tsv``); variants per aspect, district and township follow.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from random import Random
from typing import Any

from server.demo.inputs import Inputs, inputs

# Fixed namespace: article ids are uuid5(namespace, "article:<seed>:<index>").
NAMESPACE = uuid.UUID("6f1c2a52-7d0e-5b8e-9a43-12345c0de001")


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


def generate_articles(count: int, *, seed: int = 0) -> Iterator[dict[str, Any]]:
    """``iter_articles`` with the argument order ``hotline-server demo seed`` uses."""
    return iter_articles(seed, count)
