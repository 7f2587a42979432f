"""The index beside a real SQLite cache: a crash between the cache commit and the index
commit is noticed at the next open and the index catches up."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from app.models.db import CacheDatabase, open_cache
from app.models.search import (
    ArticleDoc,
    KnowledgeIndex,
    bump_cache_generation,
    read_cache_generation,
)
from app.models.tables import KnowledgeArticle


def _row(article_id: str, title: str, *, deleted: bool = False) -> KnowledgeArticle:
    return KnowledgeArticle(
        id=article_id,
        version=1,
        title=title,
        body=f"{title}：请携带身份证到窗口办理。",
        answer_script=None,
        category_code="0101",
        department_code="RSJ",
        keywords=[],
        synonyms=[],
        valid_from=None,
        valid_to=None,
        updated_at=datetime.now(UTC),
        deleted=deleted,
    )


def _store(
    db: CacheDatabase, rows: list[KnowledgeArticle]
) -> tuple[list[ArticleDoc], int]:
    """What sync does with a page: rows and generation in one transaction."""
    with db.write() as session:
        for row in rows:
            session.merge(row)
        generation = bump_cache_generation(session)
        docs = [ArticleDoc.from_row(row) for row in rows]
    return docs, generation


def _titles(index: KnowledgeIndex, query: str) -> list[str]:
    return [hit.title for hit in index.search(query)]


def test_crash_after_cache_commit_is_caught_up_on_open(tmp_path: Path) -> None:
    db = open_cache(tmp_path / "cache.sqlite3")
    folder = tmp_path / "cache.search"
    index = KnowledgeIndex.open(folder)
    docs, generation = _store(db, [_row("a1", "社保卡补办"), _row("a2", "公积金提取")])
    index.index_articles(docs, generation=generation)

    # The next page reaches the cache, then the process dies before indexing it.
    _store(db, [_row("a3", "社保卡激活"), _row("a2", "公积金提取", deleted=True)])
    index.close()
    del index

    with db.read() as session:
        assert read_cache_generation(session) == generation + 1
        reopened = KnowledgeIndex.open(folder, session)

    assert reopened.generation == generation + 1
    assert sorted(_titles(reopened, "社保卡")) == ["社保卡激活", "社保卡补办"]
    assert _titles(reopened, "公积金") == []
    db.close()


def test_crash_after_index_commit_before_marker_is_rebuilt(tmp_path: Path) -> None:
    db = open_cache(tmp_path / "cache.sqlite3")
    folder = tmp_path / "cache.search"
    index = KnowledgeIndex.open(folder)
    docs, generation = _store(db, [_row("a1", "停水通知")])
    index.index_articles(docs, generation=generation)

    # The engine committed but the marker was never written: the index cannot prove
    # it holds this page, so it must not claim to be current.
    docs, _ = _store(db, [_row("a4", "停电通知")])
    index.index_articles(docs)
    assert index.generation == generation
    index.close()

    with db.read() as session:
        reopened = KnowledgeIndex.open(folder, session)
        assert not reopened.ensure_current(session)

    assert reopened.generation == generation + 1
    assert _titles(reopened, "停电") == ["停电通知"]
    db.close()


def test_current_index_is_not_rebuilt(tmp_path: Path) -> None:
    db = open_cache(tmp_path / "cache.sqlite3")
    folder = tmp_path / "cache.search"
    index = KnowledgeIndex.open(folder)
    docs, generation = _store(db, [_row("a1", "燃气报修")])
    index.index_articles(docs, generation=generation)

    with db.read() as session:
        assert not index.ensure_current(session)
    db.close()


def test_missing_index_is_built_from_the_cache(tmp_path: Path) -> None:
    db = open_cache(tmp_path / "cache.sqlite3")
    _store(db, [_row("a1", "燃气报修"), _row("a2", "路灯报修")])

    with db.read() as session:
        index = KnowledgeIndex.open(tmp_path / "cache.search", session)

    assert sorted(_titles(index, "报修")) == ["燃气报修", "路灯报修"]
    assert len(index) == 2
    db.close()


def test_damaged_marker_forces_a_rebuild(tmp_path: Path) -> None:
    db = open_cache(tmp_path / "cache.sqlite3")
    folder = tmp_path / "cache.search"
    index = KnowledgeIndex.open(folder)
    docs, generation = _store(db, [_row("a1", "燃气报修")])
    index.index_articles(docs, generation=generation)
    index.close()
    (folder / "meta.json").write_text("{not json", encoding="utf-8")

    with db.read() as session:
        reopened = KnowledgeIndex.open(folder, session)

    assert reopened.generation == generation
    assert _titles(reopened, "燃气") == ["燃气报修"]
    db.close()
