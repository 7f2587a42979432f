"""The shipped reference data loads; the dispatch suggestion picks the right rule."""

import sys
from pathlib import Path

import pytest

from app.domain.errors import ReferenceDataError
from app.domain.reference import (
    DispatchRule,
    load_areas,
    load_calendar_overrides,
    load_categories,
    load_checklists,
    load_deadline_rules,
    load_departments,
    load_dispatch_catalogue,
    resources_dir,
    suggest_lead_unit,
)
from app.domain.vocabulary import RequestType, Urgency


def test_resources_dir_in_checkout_and_bundle(monkeypatch: pytest.MonkeyPatch) -> None:
    assert (resources_dir() / "reference").is_dir()
    monkeypatch.setattr(sys, "_MEIPASS", "/bundle", raising=False)
    assert resources_dir() == Path("/bundle/resources")


def test_shipped_files_load_and_agree() -> None:
    categories = {c.code: c for c in load_categories()}
    areas = {a.code: a for a in load_areas()}
    departments = {d.code: d for d in load_departments()}
    catalogue = load_dispatch_catalogue()
    assert categories and areas and departments and catalogue
    for category in categories.values():
        assert category.parent_code is None or category.parent_code in categories
    for rule in catalogue:
        assert rule.lead_unit_code in departments, rule
        assert all(code in departments for code in rule.co_unit_codes), rule
    leaves = [c for c in categories.values() if c.default_request_type is not None]
    for leaf in leaves:
        assert suggest_lead_unit(leaf.code, None, catalogue) is not None, leaf.code
    assert set(load_checklists()) == set(RequestType)


def test_shipped_deadline_rules_cover_every_type_and_urgency() -> None:
    place = load_deadline_rules().locality()
    assert place.code == "sichuan-2025"
    for request_type in RequestType:
        for urgency in Urgency:
            for stage in ("accept", "finish"):
                assert place.find(stage, request_type, urgency) is not None
    expected = {
        RequestType.CONSULTATION: 3,
        RequestType.HELP: 7,
        RequestType.SUGGESTION: 7,
        RequestType.COMPLAINT: 15,
        RequestType.REPORT: 15,
        RequestType.PRAISE: 3,
    }
    for request_type, days in expected.items():
        rule = place.find("finish", request_type, Urgency.NORMAL)
        assert rule is not None and rule.working_days == days


def test_shipped_2026_calendar_is_confirmed() -> None:
    overrides = load_calendar_overrides()
    assert overrides[2026].confirmed
    assert len(overrides[2026].workdays) == 6


CATALOGUE = [
    DispatchRule("05", "", "CITY-ZJJ", (), "city-wide"),
    DispatchRule("05", "510802", "LZ-ZJJ", (), "district"),
    DispatchRule("0503", "", "CITY-CGJ", ("CITY-GDJ",), "street lights"),
    DispatchRule("0503", "510802001", "DB-GOV", (), "township"),
    DispatchRule("050301", "", "CITY-LD", (), "lamps"),
]


@pytest.mark.parametrize(
    ("category", "area", "lead"),
    [
        ("050301", "510802001001", "CITY-LD"),  # longest category prefix first
        ("050302", "510802001001", "DB-GOV"),  # then the longest area prefix
        ("050302", "510811001001", "CITY-CGJ"),
        ("050401", "510802003001", "LZ-ZJJ"),
        ("050401", None, "CITY-ZJJ"),
        ("990101", "510802001001", None),
    ],
)
def test_suggest_lead_unit(category: str, area: str | None, lead: str | None) -> None:
    suggestion = suggest_lead_unit(category, area, CATALOGUE)
    assert (suggestion.lead_unit_code if suggestion else None) == lead


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ReferenceDataError) as missing:
        load_categories(tmp_path / "categories.csv")
    assert "categories.csv" in missing.value.message_zh


def test_missing_column_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "areas.csv"
    path.write_text("code,name_zh\n510802,利州区\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError) as bad:
        load_areas(path)
    assert "parent_code" in bad.value.message_en


def test_bad_deadline_rule_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deadline_rules.json"
    path.write_text(
        '{"default_locality": "x", "localities": {"x": {"name_zh": "x",'
        ' "name_en": "x", "day_end": "17:30", "rules": [{"stage": "finish",'
        ' "urgency": "normal", "working_days": 3, "hours": 2}]}}}',
        encoding="utf-8",
    )
    with pytest.raises(ReferenceDataError):
        load_deadline_rules(path)
