"""The knowledge index's fields, and what passes through them in each direction.

An article becomes one engine document: token text per field and the display text
stored beside it. What the operator typed becomes one engine query, with field boosts,
synonyms, pinyin initials and the category, department and validity filters. A stored
document comes back as a `SearchHit` with the spans to emphasise. Both directions live
here because they must agree on the field names and the stored text. The tokenising,
pinyin and span rules are in `search_text`; the index folder, its writer, searches and
staleness guard in `search`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import tantivy

from app.domain.clock import CHINA_TIME
from app.models import search_text as st
from app.models.tables import KnowledgeArticle

# Bump when the fields or the tokenisation change: an older index is then rebuilt.
SCHEMA_VERSION = 1

_WS = "ws"
_NO_START = 0
_NO_END = 99_991_231

# The index's text fields: t title, kx keywords whole, k keywords as tokens,
# s synonyms, a answer script, b body (pk and pt: pinyin initials of keywords and
# title). A title match outranks keywords, then synonyms, answer script, body.
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
SNIPPET_CHARS = 80

Span = st.Span


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
class QueryPlan:
    """The engine query for what the operator typed, and the strings to highlight."""

    query: Any  # tantivy.Query (the stubs do not type-check under mypy strict)
    needles: tuple[str, ...]
    pinyin: tuple[str, ...]


def _as_datetime(value: object) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=CHINA_TIME)
    parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _local_day(value: datetime | None, default: int) -> int:
    if value is None:
        return default
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return day_number(value.astimezone(CHINA_TIME).date())


def day_number(day: date) -> int:
    """A local day as the validity fields hold it (20260314)."""
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


_SCHEMA = _build_schema()


def open_engine(folder: Path) -> Any:
    """The engine's index in `folder` (made if empty), with this schema and the
    whitespace tokenizer its text fields name."""
    index = tantivy.Index(_SCHEMA, path=str(folder), reuse=True)
    index.register_tokenizer(_WS, _whitespace_analyzer())
    return index


def to_document(article: ArticleDoc) -> Any:
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


def _text_clauses(variant: str, weight: float) -> list[Any]:
    """One spelling of a query segment matched in each text field, with field boosts."""
    terms = st.query_terms(variant)
    clauses = [_all_of("t", terms, BOOSTS["t"] * weight)]
    clauses.append(_all_of("kx", [variant], BOOSTS["kx"] * weight))
    if len(variant) == 1 and st.is_han(variant):
        return clauses  # single characters are indexed for titles only
    clauses.extend(_all_of(name, terms, BOOSTS[name] * weight) for name in "ksab")
    return clauses


def plan_query(text: str, tables: st.TermTables) -> QueryPlan | None:
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
    return QueryPlan(query, tuple(dict.fromkeys(needles)), tuple(pinyin))


def with_filters(
    query: Any,
    category: str | None,
    department: str | None,
    include_expired: bool,
    day: int,
) -> Any:
    """The query restricted to a category (and its subcategories), a department and,
    unless expired articles are wanted, those valid on `day`; filters do not score."""
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


def read_hit(document: Any, score: float, expired: bool, plan: QueryPlan) -> SearchHit:
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
