"""Knowledge search over the cached articles: a Tantivy index beside the SQLite cache.

Why Tantivy: over 100,000 articles split into character pairs it answered two-character
queries at p95 0.4 ms where SQLite FTS5 over the same pairs took 22 ms (PERFORMANCE.md,
and bench/search_latency.py here). The index is derived data: it is rebuilt from the
`knowledge_articles` table whenever it cannot prove it is current.

Staleness guard: a generation number is written to the cache (`sync_state`) in the
same transaction as the articles (`bump_cache_generation`), and to the index folder
after the index commit. If a crash falls between the two, they differ at the next
`open(..., session)` and the index is rebuilt from the cache.

How articles and queries map onto the engine's fields is in `search_schema`; the
tokenising, pinyin and span rules in `search_text`.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.clock import CHINA_TIME
from app.models import search_text as st
from app.models.search_schema import (
    SCHEMA_VERSION,
    QueryPlan,
    day_number,
    open_engine,
    plan_query,
    read_hit,
    to_document,
    with_filters,
)

# Callers import the article and hit records from here.
from app.models.search_schema import ArticleDoc as ArticleDoc
from app.models.search_schema import SearchHit as SearchHit
from app.models.tables import KnowledgeArticle, SyncState

log = logging.getLogger(__name__)

GENERATION_KEY = "knowledge_index.generation"

_META = "meta.json"
_TERMS = "terms.json"
_ENGINE_DIR = "tantivy"
# An expired article still shows, ranked as if it matched less.
EXPIRED_FACTOR = 0.4


class KnowledgeIndex:
    """The search index of the knowledge base, kept in its own folder.

    One writer (sync applying pages, or a rebuild) at a time; searches from any thread.
    """

    def __init__(self, folder: Path, index: Any, meta: dict[str, Any]) -> None:
        self._folder = folder
        self._index = index
        self._meta = meta
        self._tables = self._load_tables()
        self._write_lock = threading.Lock()
        self._writer: Any = None

    # --- opening and the staleness guard ---------------------------------------------

    @classmethod
    def open(
        cls, folder: str | os.PathLike[str], session: Session | None = None
    ) -> KnowledgeIndex:
        """Open (or create) the index in `folder`; with a cache session, also make it
        current: an index whose generation differs from the cache's is rebuilt."""
        root = Path(folder)
        root.mkdir(parents=True, exist_ok=True)
        meta = _read_json(root / _META)
        engine_dir = root / _ENGINE_DIR
        if meta.get("schema") != SCHEMA_VERSION:
            if engine_dir.exists():
                log.warning(
                    "knowledge index schema changed or unreadable: starting afresh"
                )
                shutil.rmtree(engine_dir)
            meta = {"schema": SCHEMA_VERSION, "generation": -1}
            # Claim the folder for this schema at once: never built, so never current.
            _write_json(root / _META, meta)
        engine_dir.mkdir(exist_ok=True)
        opened = cls(root, open_engine(engine_dir), meta)
        if session is not None:
            opened.ensure_current(session)
        return opened

    @property
    def generation(self) -> int:
        """The cache generation the index last caught up with (-1: never built)."""
        return int(self._meta["generation"])

    @property
    def folder(self) -> Path:
        return self._folder

    def ensure_current(self, session: Session) -> bool:
        """Rebuild from the cache if the generations differ; True if it rebuilt."""
        cached = read_cache_generation(session)
        if cached == self.generation:
            return False
        log.warning(
            "knowledge index at generation %s, cache at %s: rebuilding",
            self.generation,
            cached,
        )
        self.rebuild_from(session)
        return True

    def rebuild_from(self, session: Session, batch_size: int = 2_000) -> int:
        """Re-index every live article of the cache; searches see the old index until
        the single commit at the end. Returns the number of articles indexed."""
        generation = read_cache_generation(session)
        rows = session.scalars(
            select(KnowledgeArticle)
            .where(KnowledgeArticle.deleted.is_(False))
            .execution_options(yield_per=batch_size)
        )
        count = self._replace_all((ArticleDoc.from_row(r) for r in rows), generation)
        log.info(
            "knowledge index rebuilt: %s articles, generation %s", count, generation
        )
        return count

    def rebuild(
        self, articles: Iterable[ArticleDoc], generation: int | None = None
    ) -> int:
        """Replace the whole index with `articles` (for the benchmark and tests)."""
        return self._replace_all(
            articles, self.generation if generation is None else generation
        )

    # --- writing ---------------------------------------------------------------------

    def index_articles(
        self, articles: Iterable[ArticleDoc], *, generation: int | None = None
    ) -> int:
        """Add or replace articles (deleted ones are removed); searchable on return.

        Pass the cache generation written with the same articles so the index can
        prove later that it is current.
        """
        with self._write_lock:
            writer = self._get_writer()
            tables = self._tables.copy()
            count = 0
            for article in articles:
                writer.delete_documents_by_term("id", article.id)
                if not article.deleted:
                    writer.add_document(to_document(article))
                    tables.add_article(article.keywords, article.synonyms)
                count += 1
            self._commit(writer, tables, generation)
        return count

    def remove_articles(
        self, ids: Iterable[str], *, generation: int | None = None
    ) -> int:
        with self._write_lock:
            writer = self._get_writer()
            count = 0
            for article_id in ids:
                writer.delete_documents_by_term("id", article_id)
                count += 1
            self._commit(writer, self._tables, generation)
        return count

    def close(self) -> None:
        with self._write_lock:
            if self._writer is not None:
                self._writer.wait_merging_threads()
                self._writer = None

    def _replace_all(self, articles: Iterable[ArticleDoc], generation: int) -> int:
        with self._write_lock:
            writer = self._get_writer()
            writer.delete_all_documents()
            tables = st.TermTables.builtin()
            count = 0
            for article in articles:
                if article.deleted:
                    continue
                writer.add_document(to_document(article))
                tables.add_article(article.keywords, article.synonyms)
                count += 1
            self._commit(writer, tables, generation)
        return count

    def _get_writer(self) -> Any:
        if self._writer is None:
            # One indexing thread: two cores, and a GUI to keep responsive.
            self._writer = self._index.writer(heap_size=64_000_000, num_threads=1)
        return self._writer

    def _commit(
        self, writer: Any, tables: st.TermTables, generation: int | None
    ) -> None:
        """Engine commit, then the term tables, then the generation: the marker is
        written last, so a crash before it makes the index look stale, never current."""
        writer.commit()
        self._index.reload()
        if tables is not self._tables:
            _write_json(self._folder / _TERMS, tables.to_json())
            self._tables = tables
        if generation is not None and generation != self.generation:
            self._write_meta(generation)

    def _write_meta(self, generation: int) -> None:
        meta = {"schema": SCHEMA_VERSION, "generation": generation}
        _write_json(self._folder / _META, meta)
        self._meta = meta

    def _load_tables(self) -> st.TermTables:
        data = _read_json(self._folder / _TERMS)
        return st.TermTables.from_json(data) if data else st.TermTables.builtin()

    # --- searching -------------------------------------------------------------------

    def __len__(self) -> int:
        return int(self._index.searcher().num_docs)

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        category: str | None = None,
        department: str | None = None,
        include_expired: bool = True,
        today: date | None = None,
    ) -> list[SearchHit]:
        """Ranked articles for what the operator typed, with highlight spans."""
        plan = plan_query(query, self._tables)
        if plan is None or limit <= 0:
            return []
        day = day_number(today or datetime.now(CHINA_TIME).date())
        engine_query = with_filters(
            plan.query, category, department, include_expired, day
        )

        searcher = self._index.searcher()
        found = searcher.search(engine_query, limit=limit * 2 + 10, count=False).hits
        if not found:
            return []
        addresses = [address for _, address in found]
        ends = searcher.fast_field_values("vt", addresses)
        ranked = sorted(
            (
                (score * (EXPIRED_FACTOR if end < day else 1.0), end < day, address)
                for (score, address), end in zip(found, ends, strict=True)
            ),
            key=lambda item: -item[0],
        )[:limit]
        return [
            read_hit(searcher.doc(address), score, expired, plan)
            for score, expired, address in ranked
        ]

    def plan(self, query: str) -> QueryPlan | None:
        """The parsed engine query for `query` (None when nothing is searchable)."""
        return plan_query(query, self._tables)

    def engine_search(
        self, plan: QueryPlan, limit: int = 20
    ) -> list[tuple[float, Any]]:
        """The engine alone on a parsed query (scores and addresses, no text): the
        benchmark's reference line for what `search()` adds on top."""
        hits = self._index.searcher().search(plan.query, limit=limit, count=False).hits
        return [(float(score), address) for score, address in hits]


# --- the cache side of the generation marker ------------------------------------------


def read_cache_generation(session: Session) -> int:
    value = session.scalar(
        select(SyncState.value).where(SyncState.key == GENERATION_KEY)
    )
    return int(value) if value is not None else 0


def bump_cache_generation(session: Session) -> int:
    """Count one more change of the knowledge base; call inside the write transaction
    that stores the articles, and pass the result to `index_articles`."""
    generation = read_cache_generation(session) + 1
    row = session.get(SyncState, GENERATION_KEY)
    now = datetime.now(UTC)
    if row is None:
        session.add(
            SyncState(key=GENERATION_KEY, value=str(generation), updated_at=now)
        )
    else:
        row.value = str(generation)
        row.updated_at = now
    session.flush()
    return generation


# --- small files written atomically ---------------------------------------------


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_json(path: Path, data: dict[str, Any]) -> None:
    """Write beside, flush, then rename: a crash leaves the old or the new file."""
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
