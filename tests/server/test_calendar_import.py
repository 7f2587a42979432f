"""An imported calendar year takes effect in the server's own deadlines.

Friday 5 March 2027, 16:00 in Shanghai: a consultation accepts within 1 working day
and finishes within 3. On the plain week that is Monday 8 March and Wednesday 10
March. The imported year makes Saturday 6 March a swapped workday and Monday 8 and
Tuesday 9 March days off: Saturday 6 and Thursday 11 March instead.
"""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.server.conftest import (
    ROOT,
    Server,
    mutation,
    new_client,
    prepare_database,
    pull_all,
    push,
    start_server,
    stop_server,
)

RECEIVED = "2027-03-05T08:00:00+00:00"
CN_2027 = {
    "year": 2027,
    "source": "测试用安排",
    "holidays": [
        {"date": "2027-03-08", "name_zh": "测试假日", "name_en": "Test holiday"},
        {"date": "2027-03-09", "name_zh": "测试假日", "name_en": "Test holiday"},
    ],
    "workdays": ["2027-03-06"],
}


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def calendar_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    # A database of its own: the imported 2027 must not reach the shared server.
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('cal') / 'server.db'}"
    else:
        url = request.getfixturevalue("postgres_cluster").create_database("srv_cal")
    prepare_database(url)
    running = start_server(url)
    yield running
    stop_server(running)


def _dispatched_case(server: Server, seq: int) -> dict[str, Any]:
    """A consultation created dispatched, received on RECEIVED; its pulled fields."""
    case_id = str(uuid.uuid4())
    create = {
        "provisional_no": f"W1-{seq:06d}",
        "status": "dispatched",
        "lead_unit_code": "U1",
        "caller_number": "13800138000",
        "request_type": "consultation",
        "urgency": "normal",
        "narrative": "咨询办事地点。",
    }
    with server.as_user("op1") as op:
        client_id = new_client(op, f"dev-cal-{seq}")
        sent = mutation(client_id, 1, "case.create", case_id, create, "op1")
        result = push(op, client_id, [{**sent, "created_at": RECEIVED}])
        changes, _ = pull_all(op)
    assert result["results"][0]["status"] == "applied", result
    found = [c for c in changes if c["entity"] == "case" and c["id"] == case_id]
    data: dict[str, Any] = found[-1]["data"]
    return data


def test_an_imported_year_sets_the_servers_deadlines(
    calendar_server: Server, tmp_path: Path
) -> None:
    before = _dispatched_case(calendar_server, 1)
    path = tmp_path / "CN-2027.json"
    path.write_text(json.dumps(CN_2027, ensure_ascii=False), encoding="utf-8")
    imported = subprocess.run(
        [
            sys.executable,
            "-m",
            "server.cli",
            "--database-url",
            calendar_server.database_url,
            "calendar",
            "import",
            str(path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    after = _dispatched_case(calendar_server, 2)

    assert imported.returncode == 0, imported.stderr
    # Before the import: the plain week (the calendar the process built first).
    assert before["accept_due_at"] == "2027-03-08T09:30:00+00:00"
    assert before["due_at"] == "2027-03-10T09:30:00+00:00"
    # After it: the same running process counts with the imported days.
    assert after["accept_due_at"] == "2027-03-06T09:30:00+00:00"
    assert after["due_at"] == "2027-03-11T09:30:00+00:00"
    assert after["deadline_confirmed"] is True
