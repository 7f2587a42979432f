"""Knowledge search over a few hand-written articles: what each feature promises."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from app.models.search import ArticleDoc, KnowledgeIndex, SearchHit
from app.models.search_text import highlight_html, initials

TODAY = date(2026, 5, 20)


def _article(
    article_id: str, title: str, body: str = "", **extra: object
) -> ArticleDoc:
    fields: dict[str, object] = {"id": article_id, "version": 1, "title": title}
    fields["body"] = body or f"{title}的办理说明。"
    fields.update(extra)
    return ArticleDoc(**fields)  # type: ignore[arg-type]


ARTICLES = [
    _article(
        "gjj",
        "住房公积金提取指南",
        "职工购房、租房可以提取住房公积金。",
        answer_script="您好，公积金提取可在手机APP办理，也可到柜台办理。",
        category_code="0301",
        department_code="GJJZX",
        keywords=("公积金", "提取"),
        synonyms=("住房公积金",),
    ),
    _article(
        "bus",
        "公交缴纳月票说明",
        "公交月票缴纳与办理方式。",
        category_code="0502",
        department_code="JTJ",
    ),
    _article(
        "sb-old",
        "社会保险参保登记（2019版）",
        "参保登记旧流程。",
        category_code="0201",
        department_code="RSJ",
        keywords=("社保",),
        valid_to=datetime(2020, 1, 1, tzinfo=UTC),
    ),
    _article(
        "sb-new",
        "社会保险参保登记",
        "参保登记新流程，社保卡同步办理。",
        category_code="0201",
        department_code="RSJ",
        keywords=("社保", "参保"),
        synonyms=("社会保险",),
        valid_from=datetime(2025, 1, 1, tzinfo=UTC),
    ),
    _article(
        "water",
        "长宁区计划停水通知",
        "因管网检修，长宁区部分小区停水。",
        category_code="0701",
        department_code="SWJ",
        keywords=("停水",),
    ),
    _article(
        "etc",
        "ETC卡办理与注销",
        "高速公路ETC卡可在银行网点办理，<注销>需带身份证&行驶证。",
        category_code="0503",
        department_code="JTJ",
        keywords=("ETC",),
    ),
    _article(
        "body-only",
        "窗口服务时间",
        "各窗口周一至周五办理业务，公积金业务另行通知。",
        category_code="0301",
        department_code="ZWFW",
    ),
]


@pytest.fixture
def index(tmp_path: Path) -> KnowledgeIndex:
    opened = KnowledgeIndex.open(tmp_path / "search")
    opened.index_articles(ARTICLES, generation=1)
    return opened


def _ids(hits: list[SearchHit]) -> list[str]:
    return [hit.article_id for hit in hits]


def _marked(text: str, spans: tuple[tuple[int, int], ...]) -> list[str]:
    return [text[start:end] for start, end in spans]


def test_title_match_ranks_above_keyword_answer_and_body(index: KnowledgeIndex) -> None:
    hits = index.search("公积金", today=TODAY)

    assert _ids(hits)[0] == "gjj"
    assert "body-only" in _ids(hits)
    assert hits[0].score > hits[-1].score
    assert "title" in hits[0].matched_fields


def test_single_character_finds_titles(index: KnowledgeIndex) -> None:
    hits = index.search("停", today=TODAY)

    assert _ids(hits) == ["water"]
    assert _marked(hits[0].title, hits[0].title_spans) == ["停"]


def test_pinyin_initials_prefer_known_terms_over_raw_title_initials(
    index: KnowledgeIndex,
) -> None:
    ids = _ids(index.search("gjj", today=TODAY))

    # 公交缴纳 also reads gjj (TRAPS.md); the article whose keyword is 公积金 wins.
    assert ids[0] == "gjj"
    assert "bus" in ids
    assert ids.index("gjj") < ids.index("bus")


def test_place_name_initials_are_corrected() -> None:
    assert initials("长宁区") == "cnq"
    assert initials("重庆") == "cq"
    assert initials("住房公积金") == "zfgjj"


def test_corrected_place_initials_find_the_article(index: KnowledgeIndex) -> None:
    hits = index.search("cnq", today=TODAY)

    assert _ids(hits) == ["water"]
    assert _marked(hits[0].title, hits[0].title_spans) == ["长宁区"]
    assert "pinyin" in hits[0].matched_fields


def test_mixed_latin_and_chinese_query(index: KnowledgeIndex) -> None:
    for query in ("ETC办理", "etc 办理", "ＥＴＣ办理"):
        hits = index.search(query, today=TODAY)
        assert _ids(hits)[0] == "etc", query

    hit = index.search("etc", today=TODAY)[0]
    assert _marked(hit.title, hit.title_spans) == ["ETC"]


def test_latin_words_are_whole_tokens(index: KnowledgeIndex) -> None:
    assert _ids(index.search("et", today=TODAY)) == []
    assert _ids(index.search("app", today=TODAY)) == ["gjj"]


def test_synonyms_expand_both_ways(index: KnowledgeIndex) -> None:
    by_short = _ids(index.search("社保", today=TODAY))
    by_long = _ids(index.search("社会保险", today=TODAY))

    assert by_short[0] == "sb-new"
    assert set(by_short) >= {"sb-new", "sb-old"}
    assert by_long[0] == "sb-new"


def test_expired_articles_rank_lower_and_are_flagged(index: KnowledgeIndex) -> None:
    hits = index.search("参保登记", today=TODAY)

    assert _ids(hits) == ["sb-new", "sb-old"]
    assert [hit.expired for hit in hits] == [False, True]
    assert _ids(index.search("参保登记", today=TODAY, include_expired=False)) == [
        "sb-new"
    ]
    # In 2019 the old one was valid and the new one had not begun.
    past = index.search("参保登记", today=date(2019, 6, 1), include_expired=False)
    assert _ids(past) == ["sb-old"]


def test_filters_by_category_prefix_and_department(index: KnowledgeIndex) -> None:
    assert set(_ids(index.search("办理", category="05", today=TODAY))) == {"bus", "etc"}
    assert _ids(index.search("办理", category="0503", today=TODAY)) == ["etc"]
    assert _ids(index.search("公积金", department="ZWFW", today=TODAY)) == ["body-only"]
    assert _ids(index.search("公积金", category="09", today=TODAY)) == []


def test_spans_mark_exactly_the_matched_text(index: KnowledgeIndex) -> None:
    hit = index.search("公积金", today=TODAY)[0]

    # 住房公积金 is a declared synonym, so the whole of it is marked in the title.
    assert _marked(hit.title, hit.title_spans) == ["住房公积金"]
    assert _marked(hit.snippet, hit.snippet_spans) == ["公积金"]
    assert hit.title_spans == ((0, 5),)
    assert hit.snippet.startswith("您好")


def test_snippet_of_a_long_body_is_a_window_around_the_match(
    index: KnowledgeIndex,
) -> None:
    long_body = "前言" * 200 + "申请低保需要户籍证明。" + "附录" * 200
    index.index_articles([_article("long", "救助申请", long_body)])

    hit = index.search("户籍", today=TODAY)[0]

    assert len(hit.snippet) <= 90
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert _marked(hit.snippet, hit.snippet_spans) == ["户籍"]


def test_markup_in_articles_stays_text_until_rendered(index: KnowledgeIndex) -> None:
    hit = index.search("注销", today=TODAY)[0]
    html = highlight_html(hit.snippet, hit.snippet_spans)

    assert "<注销>" in hit.snippet
    assert "&lt;<b>注销</b>&gt;" in html
    assert "&amp;" in html


def test_incremental_update_and_removal(index: KnowledgeIndex) -> None:
    index.index_articles(
        [_article("water", "长宁区停水已恢复", "供水恢复。", keywords=("停水",))],
        generation=2,
    )
    assert [h.title for h in index.search("停水", today=TODAY)] == ["长宁区停水已恢复"]
    assert index.generation == 2

    index.remove_articles(["water"], generation=3)
    assert index.search("停水", today=TODAY) == []
    assert index.generation == 3

    deleted = _article("etc", "ETC卡办理与注销", deleted=True)
    index.index_articles([deleted], generation=4)
    assert "etc" not in _ids(index.search("ETC", today=TODAY))


def test_reopened_index_keeps_articles_and_term_tables(
    index: KnowledgeIndex, tmp_path: Path
) -> None:
    index.close()
    reopened = KnowledgeIndex.open(tmp_path / "search")

    assert reopened.generation == 1
    assert len(reopened) == len(ARTICLES)
    assert _ids(reopened.search("gjj", today=TODAY))[0] == "gjj"


def test_empty_and_punctuation_queries_return_nothing(index: KnowledgeIndex) -> None:
    assert index.search("", today=TODAY) == []
    assert index.search("，。！ ", today=TODAY) == []
    assert index.search("公积金", limit=0, today=TODAY) == []
