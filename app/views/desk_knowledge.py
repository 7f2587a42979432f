"""The knowledge half of the desk's store: search, suggestions, articles.

Runs on the database lane like the rest of DeskStore, which mixes this in; the
values it returns are imported there too (see desk_store).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.views.desk_values import Article, ArticleLine

log = logging.getLogger(__name__)

SUGGEST_TERMS = 8  # key terms of a narrative searched for suggestions
SUGGEST_SHOWN = 5
MAX_TERM_CHARS = 12


class KnowledgeQueries:
    """Needs db, username and client_id from DeskStore; keeps the index and the
    term cache."""

    db: Any
    username: str
    client_id: str
    _index: Any = None
    _terms: tuple[int, frozenset[str], int] | None = None

    @property
    def index(self) -> Any:
        if self._index is None:
            from app.models.search import KnowledgeIndex

            folder = self.db.path.with_name(self.db.path.name + ".search")
            with self.db.read() as session:
                self._index = KnowledgeIndex.open(folder, session)
        return self._index

    def search(
        self,
        query: str,
        category: str = "",
        department: str = "",
        valid_only: bool = False,
        limit: int = 30,
    ) -> tuple[ArticleLine, ...]:
        hits = self.index.search(
            query,
            limit=limit,
            category=category or None,
            department=department or None,
            include_expired=not valid_only,
        )
        return tuple(_article_line(hit) for hit in hits)

    def suggest_articles(
        self, text: str, category_name: str = ""
    ) -> tuple[ArticleLine, ...]:
        """Articles for what the caller said, best first.

        A narrative is far too long to be one search (every character pair of it
        would have to be in one article), so its key terms are searched instead:
        the knowledge base's own keywords and synonyms found in the text, and the
        chosen category's name. Each term's hits count with their rank under that
        term; an article found by several terms comes first.
        """
        terms = self.key_terms(text)
        if category_name:
            terms.append(category_name)
        if not terms:
            return self._suggest_by_clauses(text)

        scores: dict[str, float] = {}
        lines: dict[str, ArticleLine] = {}
        for term in terms[:SUGGEST_TERMS]:
            hits = self.search(term, limit=SUGGEST_SHOWN * 2)
            if not hits:
                continue
            top = hits[0].score or 1.0
            # Longer terms say more about the call than two-character ones.
            weight = 1.0 + 0.25 * min(len(term) - 2, 4)
            for hit in hits:
                if hit.expired:
                    continue
                scores[hit.article_id] = scores.get(hit.article_id, 0.0) + weight * (
                    hit.score / top
                )
                lines.setdefault(hit.article_id, hit)
        ranked = sorted(scores, key=lambda article_id: -scores[article_id])
        return tuple(lines[article_id] for article_id in ranked[:SUGGEST_SHOWN])

    def _suggest_by_clauses(self, text: str) -> tuple[ArticleLine, ...]:
        """No known term in the text: its short clauses, as an operator would type."""
        import re

        for clause in re.split(r"[，。、；,.;！？\s]+", text):
            if len(clause) >= 2:
                hits = self.search(clause[:6], limit=SUGGEST_SHOWN)
                if hits:
                    return hits
        return ()

    def key_terms(self, text: str) -> list[str]:
        """The knowledge base's keywords and synonyms that occur in the text,
        longest first, without terms inside a longer one found already."""
        vocabulary, longest = self._vocabulary()
        found: list[str] = []
        for size in range(min(longest, len(text)), 1, -1):
            for start in range(len(text) - size + 1):
                piece = text[start : start + size]
                if piece in vocabulary and not any(piece in t for t in found):
                    found.append(piece)
        return found

    def _vocabulary(self) -> tuple[frozenset[str], int]:
        """Live articles' keywords and synonyms, read again when sync changed them."""
        from app.models.knowledge_queries import article_terms
        from app.models.search import read_cache_generation

        with self.db.read() as session:
            generation = read_cache_generation(session)
            if self._terms is not None and self._terms[0] == generation:
                return self._terms[1], self._terms[2]
            vocabulary = article_terms(session, MAX_TERM_CHARS)
        longest = max((len(w) for w in vocabulary), default=0)
        self._terms = (generation, vocabulary, longest)
        return vocabulary, longest

    def article(self, article_id: str) -> Article:
        from app.models.tables import KnowledgeArticle
        from app.views.desk_values import Article

        with self.db.read() as session:
            row = session.get(KnowledgeArticle, article_id)
            if row is None:
                raise KeyError(article_id)
            now = datetime.now(UTC)
            return Article(
                article_id=row.id,
                version=row.version,
                title=row.title,
                body=row.body,
                answer_script=row.answer_script or "",
                category_code=row.category_code or "",
                department_code=row.department_code or "",
                valid_from=row.valid_from,
                valid_to=row.valid_to,
                expired=row.valid_to is not None and row.valid_to < now,
            )

    def flag_outdated(self, article_id: str, reason: str = "") -> None:
        """Flag the article as outdated for the knowledge owners (database lane).

        The flag, its audit line and its outbox mutation commit together; the sync
        engine pushes it with the rest. A refused reason raises FieldError.
        """
        from app.models.knowledge_flags import flag_outdated

        client_id = self.client_id  # made on first use, in a write of its own
        with self.db.write() as session:
            flag_outdated(
                session,
                article_id,
                reason=reason,
                author=self.username or "operator",
                client_id=client_id,
            )


def _article_line(hit: Any) -> ArticleLine:
    from app.views.desk_values import ArticleLine, Span

    return ArticleLine(
        article_id=hit.article_id,
        title=hit.title,
        title_spans=tuple(Span(s, e) for s, e in hit.title_spans),
        snippet=hit.snippet,
        snippet_spans=tuple(Span(s, e) for s, e in hit.snippet_spans),
        category_code="",
        department_code="",
        expired=hit.expired,
        score=hit.score,
    )
