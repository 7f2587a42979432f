"""Which pulled pages change the reference data, and that those changes land.

The workstation reloads its lists only after a run whose pages held reference
entities; every entity the engine counts as reference must be one the apply step
stores, or a change would be announced and never shown.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from app.domain.reference import Department as DepartmentRecord
from app.models.db import CacheDatabase
from app.models.reference_queries import cached_calendar_years, cached_reference
from app.models.tables import Area, Category, Department, DispatchRule
from app.sync import credentials, wire
from app.sync.engine import REFERENCE_ENTITIES, SyncEngine, changes_reference
from app.sync.transport import Transport, TransportSettings

RULE_ID = str(uuid.uuid4())
REFERENCE_CHANGES: dict[str, tuple[str, dict[str, Any]]] = {
    "department": (
        "510802-NEW",
        {
            "code": "510802-NEW",
            "name_zh": "利州区新设局",
            "kind": "bureau",
            "area_code": "510802",
            "parent_code": "",
            "is_enterprise_desk": "false",
        },
    ),
    "category": (
        "0199",
        {
            "code": "0199",
            "parent_code": "01",
            "level": "2",
            "name_zh": "新增事项",
            "name_en": "New matter",
            "default_request_type": "",
            "pinyin_initials": "xzsx",
        },
    ),
    "area": (
        "510802999",
        {
            "code": "510802999",
            "parent_code": "510802",
            "level": "township",
            "name_zh": "新设街道",
        },
    ),
    "dispatch_rule": (
        RULE_ID,
        {
            "rule_id": RULE_ID,
            "category_prefix": "0199",
            "area_prefix": "510802",
            "lead_unit_code": "510802-NEW",
            "co_unit_codes": [],
            "note": "联席会议裁定",
        },
    ),
    "calendar_year": (
        "2027",
        {
            "year": 2027,
            "confirmed": True,
            "source": "国务院办公厅通知",
            "holidays": [
                {"date": "2027-10-01", "name_zh": "国庆节", "name_en": "National Day"}
            ],
            "workdays": [{"date": "2027-09-25", "name_zh": "", "name_en": ""}],
        },
    ),
}


def _change(entity: str, key: str, data: dict[str, Any]) -> wire.Change:
    return wire.Change(entity=entity, id=key, version=1, op="upsert", data=data)


def _page(changes: list[wire.Change], cursor: str = "c1") -> wire.PullResponse:
    return wire.PullResponse(cursor=cursor, has_more=False, changes=changes)


def _note_change() -> wire.Change:
    return _change(
        "note",
        str(uuid.uuid4()),
        {"case_id": str(uuid.uuid4()), "text": "回访未接通", "author": "op1"},
    )


@pytest.fixture
def engine(db: CacheDatabase) -> Iterator[SyncEngine]:
    # Applying a page needs no network: the transport points at a closed port.
    transport = Transport(TransportSettings("http://127.0.0.1:9"))
    engine = SyncEngine(db, transport, credentials.Session("op1", "dev-unit"))
    yield engine
    transport.close()


@pytest.mark.parametrize("entity", sorted(REFERENCE_CHANGES))
def test_a_page_with_a_reference_entity_changes_reference(entity: str) -> None:
    key, data = REFERENCE_CHANGES[entity]
    page = _page([_note_change(), _change(entity, key, data)])
    assert changes_reference(page.changes)


def test_a_page_without_reference_entities_does_not() -> None:
    case_id = str(uuid.uuid4())
    page = _page(
        [
            _note_change(),
            _change("case", case_id, {"id": case_id, "status": "registered"}),
            _change("knowledge_article", "a-1", {"id": "a-1", "title": "停水"}),
            _change("conflict", str(uuid.uuid4()), {"case_id": case_id}),
        ]
    )
    assert not changes_reference(page.changes)
    assert not changes_reference([])


def test_every_reference_entity_lands_in_the_cache(engine: SyncEngine) -> None:
    assert set(REFERENCE_CHANGES) == REFERENCE_ENTITIES
    changes = [
        _change(entity, key, data) for entity, (key, data) in REFERENCE_CHANGES.items()
    ]

    applied = engine.apply_page(_page(changes))

    assert applied.applied == len(changes)
    with engine.cache.read() as session:
        department = session.get(Department, "510802-NEW")
        category = session.get(Category, "0199")
        area = session.get(Area, "510802999")
        rules = list(session.scalars(select(DispatchRule)))
        listed = cached_reference(session)
        years = cached_calendar_years(session)
    assert department is not None and department.name_zh == "利州区新设局"
    assert category is not None and category.level == 2
    assert area is not None and area.parent_code == "510802"
    assert [r.lead_unit_code for r in rules] == ["510802-NEW"]
    assert engine.cursor() == "c1"
    # What the workstation's lists are read from (app.views.reference_data).
    assert listed.departments == (
        DepartmentRecord("510802-NEW", "利州区新设局", "bureau", "510802", None, False),
    )
    assert [c.code for c in listed.categories] == ["0199"]
    assert [a.code for a in listed.areas] == ["510802999"]
    assert [d.day.isoformat() for d in years[2027].workdays] == ["2027-09-25"]
    assert years[2027].holidays[0].name_zh == "国庆节" and years[2027].confirmed
