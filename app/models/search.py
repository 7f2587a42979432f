"""Knowledge search over the cached articles: a Tantivy index beside the SQLite cache.

Why Tantivy: over 100,000 articles split into character pairs it answered two-character
queries at p95 0.4 ms where SQLite FTS5 over the same pairs took 22 ms (PERFORMANCE.md,
and bench/search_latency.py here). The index is derived data: it is rebuilt from the
`knowledge_articles` table whenever it cannot prove it is current.

Staleness guard: a generation number is written to the cache (`sync_state`) in the
same transaction as the articles (`bump_cache_generation`), and to the index folder
after the index commit. If a crash falls between the two, they differ at the next
`open(..., session)` and the index is rebuilt from the cache.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import tantivy
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import search_text as st
from app.models.tables import KnowledgeArticle, SyncState

log = logging.getLogger(__name__)

LOCAL_ZONE = ZoneInfo("Asia/Shanghai")

# Bump when the fields or the tokenisation change: an older index is then rebuilt.
SCHEMA_VERSION = 1
GENERATION_KEY = "knowledge_index.generation"

_META = "meta.json"
_TERMS = "terms.json"
_ENGINE_DIR = "tantivy"
_WS = "ws"
_NO_START = 0
_NO_END = 99_991_231

# Field boosts: a title match outranks keywords, then synonyms, answer script, body.
BOOSTS: dict[str, float] = {
    "t": 8.0,
    "kx": 6.0,
    "k": 4.0,
    "s": 3.0,
    "a": 2.0,
    "b": 1.0,
}
# Pinyin: a keyword's initials (a known term) outrank raw initials inside a title.
KNOWN_PINYIN_BOOST = 12.0
RAW_PINYIN_BOOST = 3.0
SYNONYM_WEIGHT = 0.6
KNOWN_TERM_WEIGHT = 0.7
EXPIRED_FACTOR = 0.4
SNIPPET_CHARS = 80

FIELD_NAMES = {
    "t": "title",
    "kx": "keywords",
    "k": "keywords",
    "s": "synonyms",
    "a": "answer_script",
    "b": "body",
}

Span = tuple[int, int]


@dataclass(frozen=True)
class ArticleDoc:
    """One knowledge article as the cache holds it (columns of `knowledge_articles`)."""

    id: str
    version: int
    title: str
    body: str
    answer_script: str | None = None
    category_code: str | None = None
    department_code: str | None = None
    keywords: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    valid_from: datetime | None = None
    valid_to: datetime | None = None
    updated_at: datetime | None = None
    deleted: bool = False

    @classmethod
    def from_row(cls, row: KnowledgeArticle) -> ArticleDoc:
        return cls(
            id=row.id,
            version=row.version,
            title=row.title,
            body=row.body,
            answer_script=row.answer_script,
            category_code=row.category_code,
            department_code=row.department_code,
            keywords=tuple(row.keywords or ()),
            synonyms=tuple(row.synonyms or ()),
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            updated_at=row.updated_at,
            deleted=row.deleted,
        )

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> ArticleDoc:
        """From a dict with the table's column names (a pull change's `data`, a demo
        article); times may be aware datetimes or ISO-8601 text."""
        return cls(
            id=str(data["id"]),
            version=int(data.get("version") or 1),
            title=str(data["title"]),
            body=str(data.get("body") or ""),
            answer_script=data.get("answer_script"),
            category_code=data.get("category_code"),
            department_code=data.get("department_code"),
            keywords=tuple(data.get("keywords") or ()),
            synonyms=tuple(data.get("synonyms") or ()),
            valid_from=_as_datetime(data.get("valid_from")),
            valid_to=_as_datetime(data.get("valid_to")),
            updated_at=_as_datetime(data.get("updated_at")),
            deleted=bool(data.get("deleted", False)),
        )


@dataclass(frozen=True)
class SearchHit:
    """One result row: plain text with (start, end) character spans to emphasise.

    Spans index Python strings (code points); nothing is escaped, so the view decides
    how to render (see `search_text.highlight_html`).
    """

    article_id: str
    title: str
    snippet: str
    title_spans: tuple[Span, ...]
    snippet_spans: tuple[Span, ...]
    score: float
    expired: bool
    matched_fields: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class _Plan:
    query: Any  # tantivy.Query (the stubs do not type-check under mypy strict)
    needles: tuple[str, ...]
    pinyin: tuple[str, ...]


def _as_datetime(value: object) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=LOCAL_ZONE)
    parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _local_day(value: datetime | None, default: int) -> int:
    if value is None:
        return default
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    day = value.astimezone(LOCAL_ZONE).date()
    return day.year * 10_000 + day.month * 100 + day.day


def _day_number(day: date) -> int:
    return day.year * 10_000 + day.month * 100 + day.day


def _category_prefixes(code: str | None) -> str:
    if not code:
        return ""
    return " ".join(code[:n] for n in range(1, len(code) + 1))


def _build_schema() -> Any:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field(
        "id", stored=True, tokenizer_name="raw", index_option="basic"
    )
    for name in ("t", "kx", "k", "s", "a", "b", "pk", "pt"):
        builder.add_text_field(name, tokenizer_name=_WS, index_option="freq")
    builder.add_text_field("cat", tokenizer_name=_WS, index_option="basic")
    builder.add_text_field("dept", tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("vf", indexed=True, fast=True)
    builder.add_integer_field("vt", indexed=True, fast=True)
    builder.add_bytes_field("doc", stored=True)
    return builder.build()


def _whitespace_analyzer() -> Any:
    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()


def _to_document(article: ArticleDoc) -> Any:
    """The engine's document: token text per field, and the display text stored."""
    keywords = [k for k in article.keywords if k.strip()]
    answer = article.answer_script or ""
    doc = tantivy.Document()
    doc.add_text("id", article.id)
    doc.add_text("t", st.token_text(article.title, singles=True))
    doc.add_text("kx", " ".join(st.normalize(k).replace(" ", "") for k in keywords))
    doc.add_text("k", st.token_text(" ".join(keywords)))
    doc.add_text("s", st.token_text(" ".join(article.synonyms)))
    doc.add_text("a", st.token_text(answer))
    doc.add_text("b", st.token_text(article.body))
    codes = [c for c in (st.whole_initials(st.normalize(k)) for k in keywords) if c]
    doc.add_text("pk", " ".join(codes))
    doc.add_text("pt", " ".join(st.initials_grams(article.title)))
    doc.add_text("cat", _category_prefixes(article.category_code))
    doc.add_text("dept", article.department_code or "")
    doc.add_integer("vf", _local_day(article.valid_from, _NO_START))
    doc.add_integer("vt", _local_day(article.valid_to, _NO_END))
    shown = {
        "title": article.title,
        "tp": st.han_initials(article.title),
        "answer": answer,
        "body": article.body,
        "keywords": keywords,
        "kp": codes,
        "synonyms": list(article.synonyms),
    }
    doc.add_bytes("doc", json.dumps(shown, ensure_ascii=False).encode())
    return doc


def _term(name: str, value: str) -> Any:
    return tantivy.Query.term_query(_SCHEMA, name, value, index_option="freq")


def _all_of(name: str, terms: Sequence[str], boost: float) -> Any:
    if len(terms) == 1:
        query = _term(name, terms[0])
    else:
        query = tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, _term(name, t)) for t in terms]
        )
    return tantivy.Query.boost_query(query, boost)


_SCHEMA = _build_schema()


def _text_clauses(variant: str, weight: float) -> list[Any]:
    """One spelling of a query segment matched in each text field, with field boosts."""
    terms = st.query_terms(variant)
    clauses = [_all_of("t", terms, BOOSTS["t"] * weight)]
    clauses.append(_all_of("kx", [variant], BOOSTS["kx"] * weight))
    if len(variant) == 1 and st.is_han(variant):
        return clauses  # single characters are indexed for titles only
    clauses.extend(_all_of(name, terms, BOOSTS[name] * weight) for name in "ksab")
    return clauses


def plan_query(text: str, tables: st.TermTables) -> _Plan | None:
    """Parse what the operator typed into one engine query and the strings to highlight.

    Every segment (a run of Chinese, or of Latin letters and digits) must match; each
    matches through its own spelling, its synonyms, and (Latin letters only) as pinyin
    initials of a keyword or of a title.
    """
    segs = list(dict.fromkeys(st.segments(text)))
    if not segs:
        return None

    needles: list[str] = []
    pinyin: list[str] = []
    musts: list[Any] = []
    for seg in segs:
        clauses = _text_clauses(seg, 1.0)
        needles.append(seg)
        for other in tables.expand(seg):
            clauses.extend(_text_clauses(other, SYNONYM_WEIGHT))
            needles.append(other)
        if seg.isascii() and seg.isalpha() and 2 <= len(seg) <= 8:
            pinyin.append(seg)
            clauses.append(
                tantivy.Query.boost_query(_term("pk", seg), KNOWN_PINYIN_BOOST)
            )
            clauses.append(
                tantivy.Query.boost_query(_term("pt", seg), RAW_PINYIN_BOOST)
            )
            for known in tables.known_terms(seg):
                clauses.extend(_text_clauses(known, KNOWN_TERM_WEIGHT))
                needles.append(known)
        musts.append(
            tantivy.Query.boolean_query([(tantivy.Occur.Should, c) for c in clauses])
        )

    query = (
        musts[0]
        if len(musts) == 1
        else tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in musts])
    )
    return _Plan(query, tuple(dict.fromkeys(needles)), tuple(pinyin))


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
        index = tantivy.Index(_SCHEMA, path=str(engine_dir), reuse=True)
        index.register_tokenizer(_WS, _whitespace_analyzer())
        opened = cls(root, index, meta)
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
                    writer.add_document(_to_document(article))
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
                writer.add_document(_to_document(article))
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
        day = _day_number(today or datetime.now(LOCAL_ZONE).date())
        engine_query = self._filtered(
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
            _hit(searcher.doc(address), score, expired, plan)
            for score, expired, address in ranked
        ]

    def plan(self, query: str) -> _Plan | None:
        """The parsed engine query for `query` (None when nothing is searchable)."""
        return plan_query(query, self._tables)

    def engine_search(self, plan: _Plan, limit: int = 20) -> list[tuple[float, Any]]:
        """The engine alone on a parsed query (scores and addresses, no text): the
        benchmark's reference line for what `search()` adds on top."""
        hits = self._index.searcher().search(plan.query, limit=limit, count=False).hits
        return [(float(score), address) for score, address in hits]

    def _filtered(
        self,
        query: Any,
        category: str | None,
        department: str | None,
        include_expired: bool,
        day: int,
    ) -> Any:
        filters: list[Any] = []
        if category:
            filters.append(tantivy.Query.term_query(_SCHEMA, "cat", category))
        if department:
            filters.append(tantivy.Query.term_query(_SCHEMA, "dept", department))
        if not include_expired:
            filters.append(_int_range("vt", day, None))
            filters.append(_int_range("vf", None, day))
        if not filters:
            return query
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, query)]
            + [
                (tantivy.Occur.Must, tantivy.Query.const_score_query(f, 0.0))
                for f in filters
            ]
        )


def _int_range(name: str, low: int | None, high: int | None) -> Any:
    return tantivy.Query.range_query(
        _SCHEMA, name, tantivy.FieldType.Integer, lower_bound=low, upper_bound=high
    )


def _hit(document: Any, score: float, expired: bool, plan: _Plan) -> SearchHit:
    """Title and snippet with spans: where the query's spellings occur, else (pinyin)
    where the initials line up with the title."""
    shown = json.loads(bytes(document.get_first("doc")).decode())
    title: str = shown["title"]
    matched: list[str] = []

    title_spans = st.find_spans(title, plan.needles)
    pinyin_spans: list[Span] = []
    for code in plan.pinyin:
        pinyin_spans.extend(st.find_spans(shown["tp"], [code]))
    if title_spans:
        matched.append("title")
    if pinyin_spans:
        matched.append("pinyin")
    title_spans = st.merge_spans([*title_spans, *pinyin_spans])
    keywords = " ".join(shown["keywords"])
    if st.find_spans(keywords, plan.needles) or set(shown["kp"]) & set(plan.pinyin):
        matched.append("keywords")
    if st.find_spans(" ".join(shown["synonyms"]), plan.needles):
        matched.append("synonyms")

    snippet, spans = "", list[Span]()
    for name, text in (("answer_script", shown["answer"]), ("body", shown["body"])):
        found = st.find_spans(text, plan.needles)
        if found:
            matched.append(name)
            if not spans:
                snippet, spans = st.window(text, found, SNIPPET_CHARS)
    if not snippet:
        snippet, spans = st.window(shown["answer"] or shown["body"], [], SNIPPET_CHARS)

    return SearchHit(
        article_id=document.get_first("id"),
        title=title,
        snippet=snippet,
        title_spans=tuple(title_spans),
        snippet_spans=tuple(spans),
        score=score,
        expired=expired,
        matched_fields=tuple(matched),
    )


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
