"""Centre-owned reference data: import into reference_items and publish to everyone."""

from __future__ import annotations

import csv
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.calendar import WorkCalendar, calendar_with
from app.domain.reference import (
    calendar_file_year,
    calendar_override_data,
    parse_calendar_override,
)
from server.store import feed
from server.store.tables import ReferenceItem

log = logging.getLogger(__name__)

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


CALENDAR_KIND = "calendar_year"


def import_calendar(session: Session, path: Path) -> int:
    """A year's days off and swapped workdays, stored as one ``calendar_year`` row.

    The file has the shipped overrides' shape (``resources/reference/calendar``) or the
    older plain ``holidays`` / ``workdays`` date lists; an import counts as confirmed
    unless it says ``"confirmed": false``. Raises ReferenceDataError (a ValueError)
    for anything malformed, so nothing of the file is kept. Returns the days listed.
    """
    data = json.loads(path.read_text(encoding="utf-8"))  # its errors are ValueErrors
    year = calendar_file_year(path.name)  # else the file's own "year"
    override = parse_calendar_override(data, path.name, year=year, confirmed=True)
    upsert(session, CALENDAR_KIND, str(override.year), calendar_override_data(override))
    log.info("calendar %d imported", override.year)
    return len(override.holidays) + len(override.workdays)


@dataclass(frozen=True)
class _CalendarInForce:
    key: tuple[Any, ...]
    calendar: WorkCalendar


_in_force: _CalendarInForce | None = None


def calendar_in_force(session: Session) -> WorkCalendar:
    """The shipped calendar updated with the imported years, built once per process.

    One aggregate over the few ``calendar_year`` rows tells whether they changed (an
    upsert raises a row's version and its time); only then is the calendar built again.
    """
    global _in_force
    key = tuple(
        session.execute(
            select(
                func.count(),
                func.sum(ReferenceItem.version),
                func.max(ReferenceItem.updated_at),
            ).where(
                ReferenceItem.kind == CALENDAR_KIND, ReferenceItem.deleted.is_(False)
            )
        ).one()
    )
    known = _in_force
    if known is not None and known.key == key:
        return known.calendar

    imported = {}
    rows = session.scalars(
        select(ReferenceItem).where(
            ReferenceItem.kind == CALENDAR_KIND, ReferenceItem.deleted.is_(False)
        )
    )
    for row in rows:
        try:
            override = parse_calendar_override(row.data, f"calendar_year {row.code}")
        except ValueError as error:
            log.error("calendar_year %s left out: %s", row.code, error)
            continue
        imported[override.year] = override
    calendar = calendar_with(imported)
    _in_force = _CalendarInForce(key, calendar)
    log.info("deadline calendar built with imported years %s", sorted(imported))
    return calendar
