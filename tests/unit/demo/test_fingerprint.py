"""The demo streams of fixed seeds, pinned by hash.

The demo seed, the benchmarks and the search-quality labels all rely on a seed giving
the same rows every time. The article and helper hashes were taken from the generator as
it stood before it was split into a package, the case hashes since each case draws from
its own generator (seed and index) and the planted calls' times from their own, so that
a later ``now`` moves only times; a change to the generator or to its inputs in
``resources/demo`` and ``resources/reference`` that moves any generated value fails
here. So does a new release of the official holiday calendar for 2025-2026, which the
cases' deadlines are counted on (``app.domain.deadlines``). When a change is meant,
check the new data (the other tests in this folder, ``search_queries.tsv``'s expected
ids) and put the new hash here in the same commit, saying why the stream moved.
"""

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from server import demo

NOW = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)

# SHA-256 of each stream (see _fingerprint).
ARTICLES_SEED_0 = "8ad844744ce1184cacc850ed8b5f79a2fd593ab957246180e8084e31c141727d"
ARTICLES_SEED_5 = "ffa0216e1e08b5ad94a7b7868070564802b7c3c9b666d4a7b3adc1d1dd914123"
CASES_SEED_0 = "73fab470f0b59856d1ce4acfbefba34b7e2abbb45a0cc66f7b131c5c01c3e249"
CASES_SEED_3_CONTACTS = (
    "b8485ed28f257fe279ccd11a3863cfb64e541630fc7822ec5856e6afb25e9659"
)
HELPERS = "a9efbf126d17b392eeaf66be34ca18280947757f5687fb5cf5f373e44c452360"


def _fingerprint(rows: Iterable[dict[str, Any]]) -> str:
    """SHA-256 of the rows as JSON: keys sorted, times in ISO form with their offset."""
    digest = hashlib.sha256()
    for row in rows:
        text = json.dumps(
            row, sort_keys=True, ensure_ascii=False, default=datetime.isoformat
        )
        digest.update(text.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def test_articles_of_seed_0_are_unchanged() -> None:
    assert _fingerprint(demo.iter_articles(0, 1500)) == ARTICLES_SEED_0


def test_articles_of_seed_5_are_unchanged() -> None:
    assert _fingerprint(demo.generate_articles(300, seed=5)) == ARTICLES_SEED_5


def test_cases_of_seed_0_are_unchanged() -> None:
    assert _fingerprint(demo.iter_cases(0, 3000, now=NOW)) == CASES_SEED_0


def test_cases_with_contact_records_of_seed_3_are_unchanged() -> None:
    stream = demo.iter_cases(3, 2000, now=NOW, with_contact_records=True)
    assert _fingerprint(stream) == CASES_SEED_3_CONTACTS


def test_seed_helpers_are_unchanged() -> None:
    # What the demo seed takes besides the streams: handler accounts, the word
    # lists its accounts are named from, article titles, credit codes.
    words = json.dumps(demo.inputs().words, sort_keys=True, ensure_ascii=False)
    values = [
        demo.handler_name("510802-ZJ"),
        demo.article_id(0, 7),
        demo.credit_code("MA6CUTQ1", "510802"),
        *(demo.article_title(i) for i in range(0, 100_000, 997)),
        hashlib.sha256(words.encode("utf-8")).hexdigest(),
    ]
    assert _fingerprint([{"values": values}]) == HELPERS
