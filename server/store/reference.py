"""Centre-owned reference data: import into reference_items and publish to everyone."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from server.store import feed
from server.store.tables import ReferenceItem

_CSV_KINDS = {
    "categories.csv": ("category", "code"),
    "departments.csv": ("department", "code"),
    "areas.csv": ("area", "code"),
}


def reference_dir() -> Path:
    try:
        from app.domain.reference import resources_dir

        return Path(resources_dir()) / "reference"
    except ImportError:
        return Path(__file__).resolve().parents[2] / "resources" / "reference"


def upsert(session: Session, kind: str, code: str, data: dict[str, Any]) -> None:
    item = session.get(ReferenceItem, (kind, code))
    now = datetime.now(UTC)
    if item is None:
        session.add(
            ReferenceItem(kind=kind, code=code, data=data, version=1, updated_at=now)
        )
    elif item.data != data or item.deleted:
        item.data, item.deleted, item.updated_at = data, False, now
        item.version += 1
    else:
        return
    feed.append(session, entity=kind, entity_id=code, op="upsert", keys={"all"})


def import_reference(session: Session, folder: Path | None = None) -> int:
    folder = folder or reference_dir()
    count = 0
    for name, (kind, key) in _CSV_KINDS.items():
        path = folder / name
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                upsert(session, kind, row[key], dict(row))
                count += 1
    calendar = folder / "calendar"
    if calendar.is_dir():
        for path in sorted(calendar.glob("*.json")):
            count += import_calendar(session, path)
    return count


def import_calendar(session: Session, path: Path) -> int:
    """A year's holidays and swapped workdays (JSON: "holidays", "workdays" lists).

    Entries may be dates ("2026-10-01") or objects with a "date" key.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    count = 0
    for key, is_workday in (
        ("holidays", False),
        ("workdays", True),
        ("swapped_workdays", True),
    ):
        for entry in data.get(key, []):
            day = entry if isinstance(entry, str) else entry.get("date")
            datetime.strptime(day, "%Y-%m-%d")  # refuses impossible dates
            payload = {"date": day, "is_workday": is_workday}
            if isinstance(entry, dict) and entry.get("name"):
                payload["name"] = str(entry["name"])[:100]
            upsert(session, "calendar_day", day, payload)
            count += 1
    return count
