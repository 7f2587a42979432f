"""The reference files: taxonomy shape, areas, units, dispatch coverage, checklists."""

import csv
import json
from pathlib import Path

import pytest
from pypinyin import Style, lazy_pinyin, load_phrases_dict

from app.domain.vocabulary import RequestType

REFERENCE = Path(__file__).resolve().parents[3] / "resources" / "reference"


def _rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def categories() -> list[dict[str, str]]:
    return _rows("categories.csv")


@pytest.fixture(scope="module")
def departments() -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in _rows("departments.csv")}


def test_headers_are_the_contract() -> None:
    expected = {
        "categories.csv": "code,parent_code,level,name_zh,name_en,"
        "default_request_type,pinyin_initials",
        "areas.csv": "code,parent_code,level,name_zh",
        "departments.csv": "code,name_zh,kind,area_code,parent_code,is_enterprise_desk",
        "dispatch_catalogue.csv": "category_code,area_code,lead_unit_code,"
        "co_unit_codes,note",
    }
    for name, header in expected.items():
        first = (REFERENCE / name).read_text(encoding="utf-8").splitlines()[0]
        assert first == header, name


def test_taxonomy_has_three_levels_and_150_leaves(categories):
    codes = {row["code"]: row for row in categories}
    assert len(codes) == len(categories), "duplicate category codes"
    parents = {row["parent_code"] for row in categories if row["parent_code"]}
    leaves = [row for row in categories if row["code"] not in parents]

    assert len(leaves) >= 150
    assert {row["level"] for row in categories} == {"1", "2", "3"}
    for row in categories:
        level = int(row["level"])
        assert len(row["code"]) == 2 * level, row
        if level > 1:
            assert row["parent_code"] == row["code"][:-2]
            assert row["parent_code"] in codes
        assert row["name_zh"] and row["name_en"]
    for leaf in leaves:
        assert leaf["level"] == "3", leaf
        assert RequestType(leaf["default_request_type"])


def test_taxonomy_covers_what_12345_lines_receive(categories):
    names = {row["name_zh"] for row in categories}
    for name in (
        "社会保障",
        "住房公积金",
        "物业管理",
        "停水",
        "停电",
        "燃气报修",
        "网约车",
        "噪音扰民",
        "餐饮油烟",
        "预付卡退费",
        "拖欠工资",
        "新生儿落户",
        "居住证办理",
        "低保申请",
        "企业诉求",
        "占道经营",
        "违章建筑",
        "个人所得税",
        "5G基站",
        "ETC办理",
    ):
        assert name in names, name


def test_pinyin_initials_match_pypinyin_with_phrase_corrections(categories):
    phrases = json.loads((REFERENCE / "pinyin_phrases.json").read_text("utf-8"))
    load_phrases_dict(
        {k: [[s] for s in v.split()] for k, v in phrases["phrases"].items()}
    )
    for row in categories:
        tokens = lazy_pinyin(row["name_zh"], style=Style.FIRST_LETTER)
        expected = "".join(c for t in tokens for c in t.lower() if c.isalnum())
        assert row["pinyin_initials"] == expected, row
    by_name = {row["name_zh"]: row["pinyin_initials"] for row in categories}
    assert by_name["重复检查"] == "cfjc"  # 重 read chong, not zhong
    assert by_name["5G基站"] == "5gjz"


def test_areas_are_guangyuan_districts_with_townships_and_communities():
    areas = {row["code"]: row for row in _rows("areas.csv")}
    districts = {r["name_zh"] for r in areas.values() if r["level"] == "district"}
    assert districts == {
        "利州区",
        "昭化区",
        "朝天区",
        "旺苍县",
        "青川县",
        "剑阁县",
        "苍溪县",
    }
    for row in areas.values():
        if row["level"] == "district":
            assert row["parent_code"] == ""
            continue
        parent = areas[row["parent_code"]]
        expected = {"township": "district", "community": "township"}[row["level"]]
        assert parent["level"] == expected, row
        assert row["code"].startswith(parent["code"])
    townships = [r for r in areas.values() if r["level"] == "township"]
    assert len(townships) >= 7 * 5
    assert all(r["name_zh"][-1] in "道镇乡" for r in townships)


def test_departments_form_a_tree_with_an_enterprise_desk(departments):
    areas = {row["code"] for row in _rows("areas.csv")}
    for row in departments.values():
        if row["parent_code"]:
            assert row["parent_code"] in departments, row
        if row["area_code"]:
            assert row["area_code"] in areas, row
        assert row["is_enterprise_desk"] in {"true", "false"}
    desks = [r for r in departments.values() if r["is_enterprise_desk"] == "true"]
    assert any(r["area_code"] == "" for r in desks)
    names = " ".join(r["name_zh"] for r in departments.values())
    for unit in (
        "人力资源和社会保障局",
        "住房公积金管理中心",
        "供电",
        "天然气",
        "12345",
    ):
        assert unit in names


def test_every_leaf_has_a_dispatch_route_to_existing_units(categories, departments):
    rules = _rows("dispatch_catalogue.csv")
    areas = [row["code"] for row in _rows("areas.csv")]
    for rule in rules:
        assert rule["lead_unit_code"] in departments, rule
        for co in filter(None, rule["co_unit_codes"].split(";")):
            assert co in departments, rule

    parents = {row["parent_code"] for row in categories}
    for leaf in (r["code"] for r in categories if r["code"] not in parents):
        city_wide = [
            r
            for r in rules
            if leaf.startswith(r["category_code"]) and not r["area_code"]
        ]
        assert city_wide, leaf
    # County rules send local matters to the county's own unit.
    local = [
        r for r in rules if r["area_code"] == "510821" and r["category_code"] == "16"
    ]
    assert local and local[0]["lead_unit_code"].startswith("510821-")
    assert all(any(a.startswith(r["area_code"]) for a in areas) for r in rules)


def test_checklists_per_request_type_with_retry_schedule():
    doc = json.loads((REFERENCE / "checklists.json").read_text(encoding="utf-8"))
    assert set(doc["templates"]) == {rt.value for rt in RequestType}
    for name, template in doc["templates"].items():
        keys = [q["key"] for q in template["questions"]]
        assert keys[0] == "reached", name
        assert len(keys) == len(set(keys))
        attempts = template["attempts"]
        assert attempts["max_attempts"] >= 1 and attempts["interval_hours"] > 0
        for q in template["questions"]:
            assert q["text_zh"] and q["text_en"]
            for depends in q.get("when", {}):
                assert depends in keys[: keys.index(q["key"])]
        assert set(template["redo_when"]) <= set(keys)
    consultation = doc["templates"]["consultation"]
    assert consultation["attempts"]["max_attempts"] == 3
    satisfaction = next(
        q for q in consultation["questions"] if q["key"] == "satisfaction"
    )
    assert [c["label_zh"] for c in satisfaction["choices"]] == [
        "满意",
        "基本满意",
        "不满意",
        "未表态",
    ]
    complaint = doc["templates"]["complaint"]["questions"]
    assert len(complaint) > len(consultation["questions"])
