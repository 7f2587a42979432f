"""A calendar year imported on the server reaches a workstation and its deadlines.

The workstation has synced once; then the centre imports 2027 with Saturday 6 March a
swapped workday and Monday 8 March a day off. The next run pulls the one
``calendar_year`` row into the cache, and once the calendar is installed from it, a
case received on Friday 5 March is due for acceptance on that Saturday.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app.domain.calendar import calendar_with, install_calendar
from app.domain.deadlines import compute_deadlines
from app.domain.vocabulary import RequestType, Urgency
from app.models.reference_queries import cached_calendar_years
from app.models.tables import CalendarYear
from app.sync.status import SyncStatus
from tests.e2e.harness import ServerProcess, Workstation, python_env

ROOT = Path(__file__).resolve().parents[2]
SHANGHAI = ZoneInfo("Asia/Shanghai")
RECEIVED = datetime(2027, 3, 5, 16, 0, tzinfo=SHANGHAI)  # a Friday


@pytest.fixture
def restore_calendar() -> Iterator[None]:
    yield
    install_calendar(None)


def _accept_due() -> datetime:
    due = compute_deadlines(RECEIVED, RequestType.CONSULTATION, Urgency.NORMAL)
    return due.accept_due_at.astimezone(SHANGHAI)


def test_an_imported_year_is_pulled_and_counts_once_installed(
    server: ServerProcess,
    workstation: Callable[..., Workstation],
    tmp_path: Path,
    restore_calendar: None,
) -> None:
    station = workstation("op1")
    first = station.engine.sync_once()
    path = tmp_path / "CN-2027.json"
    path.write_text(
        json.dumps({"holidays": ["2027-03-08"], "workdays": ["2027-03-06"]}),
        encoding="utf-8",
    )
    imported = subprocess.run(
        [
            sys.executable,
            "-m",
            "server.cli",
            "--database-url",
            server.database_url,
            "calendar",
            "import",
            str(path),
        ],
        cwd=ROOT,
        env=python_env(),
        capture_output=True,
        text=True,
    )
    assert imported.returncode == 0, imported.stderr

    before = _accept_due()
    report = station.engine.sync_once()
    with station.cache.read() as session:
        rows = list(session.scalars(select(CalendarYear)))
        install_calendar(calendar_with(cached_calendar_years(session)))
    after = _accept_due()

    assert first.status == report.status == SyncStatus.ONLINE, report.message
    assert report.reference_changed
    assert [(r.year, r.confirmed) for r in rows] == [(2027, True)]
    assert rows[0].workdays == [{"date": "2027-03-06", "name_zh": "", "name_en": ""}]
    # Monday 8 March on the shipped calendar; the swapped Saturday once installed.
    assert before.date().isoformat() == "2027-03-08"
    assert after.date().isoformat() == "2027-03-06"
