"""Knowledge search latency over the demo knowledge base (PERFORMANCE.md target: p95 at
most 10 ms end to end for one- to four-character, mixed and pinyin queries).

    .venv/bin/python bench/search_latency.py --count 100000 --dir /tmp/kb-index

Builds the index (or reuses the one in --dir when it holds --count articles), then times
each query class twice on the same index: `search()` end to end (parsing, synonyms,
engine, expiry re-ranking, stored text, highlight spans, result rows) and the engine
query alone (the same parsed query, top ids only).
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from app.models import search_text
from app.models.search import ArticleDoc, KnowledgeIndex
from server.demo import iter_articles


def _docs(seed: int, count: int) -> Iterator[ArticleDoc]:
    for item in iter_articles(seed, count):
        data = item if isinstance(item, dict) else dataclasses.asdict(item)
        yield ArticleDoc.from_mapping(data)


def _folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _queries(
    seed: int, sample: list[ArticleDoc], per_class: int
) -> dict[str, list[str]]:
    """Query classes drawn from real article text, as operators type them."""
    rng = random.Random(seed)
    runs: list[str] = []
    codes: list[str] = []
    for doc in sample:
        runs.extend(r for r in search_text.segments(doc.title) if search_text.is_han(r))
        runs.extend(k for k in doc.keywords if search_text.is_han(k))
        for word in doc.keywords:
            code = search_text.whole_initials(word)
            if code and len(code) >= 2:
                codes.append(code)

    def pieces(size: int) -> list[str]:
        fitting = [r for r in runs if len(r) >= size]
        out = []
        for _ in range(per_class):
            run = rng.choice(fitting)
            start = rng.randrange(len(run) - size + 1)
            out.append(run[start : start + size])
        return out

    latin = ["app", "etc", "12345", "4s"]
    return {
        "1 char": pieces(1),
        "2 chars": pieces(2),
        "3 chars": pieces(3),
        "4 chars": pieces(4),
        "pinyin": [rng.choice(codes) for _ in range(per_class)],
        "mixed": [rng.choice(latin) + p for p in pieces(2)],
    }


def _timed(run: Callable[[str], Any], queries: list[str]) -> list[float]:
    for query in queries[:20]:
        run(query)  # warm caches, as the second keystroke would
    times = []
    for query in queries:
        start = time.perf_counter()
        run(query)
        times.append((time.perf_counter() - start) * 1000)
    return times


def _p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dir", type=Path, help="index folder to build or reuse")
    parser.add_argument("--queries", type=int, default=300, help="per query class")
    args = parser.parse_args()

    folder = args.dir or Path(tempfile.mkdtemp(prefix="kb-index-"))
    index = KnowledgeIndex.open(folder)
    if len(index) != args.count:
        start = time.perf_counter()
        index.rebuild(_docs(args.seed, args.count), generation=0)
        build = time.perf_counter() - start
        print(f"built {len(index):,} articles in {build:.1f} s")
    else:
        print(f"reusing {len(index):,} articles in {folder}")
    print(f"index size {_folder_size(folder) / 1e6:.0f} MB in {folder}")

    sample = [
        doc for _, doc in zip(range(3_000), _docs(args.seed + 1, 3_000), strict=False)
    ]
    classes = _queries(args.seed, sample, args.queries)

    header = f"{'search() p50/p95 ms':>20} {'engine p50/p95 ms':>19}"
    print(f"\n{'queries':<9} {header} {'hits':>6}")
    for name, queries in classes.items():
        full = _timed(lambda q: index.search(q, limit=20), queries)
        plans = {q: index.plan(q) for q in queries}
        engine = _timed(lambda q, p=plans: index.engine_search(p[q], limit=20), queries)
        found = sum(1 for q in queries if index.search(q, limit=1))
        print(
            f"{name:<9} {_p(full, 50):>9.2f} / {_p(full, 95):>6.2f}"
            f" {_p(engine, 50):>9.2f} / {_p(engine, 95):>6.2f}"
            f" {found / len(queries):>6.0%}"
        )


if __name__ == "__main__":
    main()
