"""Refresh rotation, the login rate limit, knowledge and calendar imports, snapshots.

One SQLite server of its own with a small login rate limit, so exhausting it does not
disturb the shared server of the other modules.
"""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.server.conftest import (
    HEADERS,
    PASSWORD,
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

RATE_LIMIT = 6


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    url = f"sqlite:///{tmp_path_factory.mktemp('acc') / 'server.db'}"
    prepare_database(url)
    running = start_server(
        url,
        {
            "HOTLINE_LOGIN_RATE_LIMIT": str(RATE_LIMIT),
            "HOTLINE_LOGIN_RATE_WINDOW_SECONDS": "600",
        },
    )
    yield running
    stop_server(running)


def _cli(server: Server, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "server.cli",
            "--database-url",
            server.database_url,
            *args,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def _login(http: httpx.Client, username: str, device: str) -> httpx.Response:
    return http.post(
        "/api/v1/auth/login",
        json={"username": username, "password": PASSWORD, "device_id": device},
    )


def test_refresh_rotates_and_a_spent_token_is_refused(own_server: Server) -> None:
    with own_server.client() as http:
        pair = _login(http, "op2", "laptop-7").json()
        old = pair["refresh_token"]
        other_device = http.post(
            "/api/v1/auth/refresh",
            json={"refresh_token": old, "device_id": "laptop-8"},
        )
        rotated = http.post(
            "/api/v1/auth/refresh",
            json={"refresh_token": old, "device_id": "laptop-7"},
        )
        replayed = http.post(
            "/api/v1/auth/refresh",
            json={"refresh_token": old, "device_id": "laptop-7"},
        )
        new = rotated.json()
        status = http.get(
            "/api/v1/audit",
            headers={"Authorization": f"Bearer {new['access_token']}"},
        )
        again = http.post(
            "/api/v1/auth/refresh",
            json={"refresh_token": new["refresh_token"], "device_id": "laptop-7"},
        )

    assert other_device.status_code == 401
    assert rotated.status_code == 200
    assert new["refresh_token"] != old and new["access_token"] != pair["access_token"]
    assert new["user"]["username"] == "op2"
    assert replayed.status_code == 401
    assert status.status_code == 403  # authenticated, but not an auditor
    assert again.status_code == 200


def test_kb_import_reports_bad_rows_and_snapshot_pages_resume(
    own_server: Server, tmp_path: Path
) -> None:
    jsonl = tmp_path / "kb.jsonl"
    rows = [
        {"id": "kb-a", "title": "社保卡补办", "body": "携带身份证到社保大厅。"},
        {"id": "kb-b", "title": "坏\x00标题"},
        {"id": "kb-c", "title": "公积金提取", "keywords": ["公积金", "提取"]},
    ]
    jsonl.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n{not json\n",
        encoding="utf-8",
    )
    table = tmp_path / "kb.csv"
    table.write_text(
        "id,title,body,category_code\n"
        "kb-d,路灯报修,拨打12345,040501\n"
        f"kb-e,{'长' * 5000},太长,\n"
        "kb-f,户口迁移,带上户口本,\n",
        encoding="utf-8",
    )
    folder = tmp_path / "md"
    folder.mkdir()
    (folder / "good.md").write_text(
        "id: kb-g\ntitle: 居住证办理\n---\n到派出所办理。\n", encoding="utf-8"
    )
    (folder / "bad.md").write_text("no header here\n", encoding="utf-8")

    from_jsonl = _cli(own_server, "kb", "import", str(jsonl))
    from_csv = _cli(own_server, "kb", "import", str(table))
    from_md = _cli(own_server, "kb", "import", str(folder))

    pages = []
    with own_server.as_user("op1") as http:
        after = None
        while True:
            params = {"limit": 2} | ({"after": after} if after else {})
            page = http.get("/api/v1/sync/snapshot/knowledge", params=params).json()
            pages.append(page)
            if not page["has_more"]:
                break
            after = page["next_after"]
        # Resuming after an interruption: the same `after` gives the same next page.
        resumed = http.get(
            "/api/v1/sync/snapshot/knowledge",
            params={"limit": 2, "after": pages[0]["next_after"]},
        ).json()
        unknown = http.get("/api/v1/sync/snapshot/nothing")

    assert "kb.jsonl:2" in from_jsonl.stderr and "kb.jsonl:4" in from_jsonl.stderr
    assert "2 articles imported, 2 rows skipped" in from_jsonl.stdout
    assert "kb.csv:3" in from_csv.stderr and "kb.csv:2" not in from_csv.stderr
    assert "2 articles imported, 1 rows skipped" in from_csv.stdout
    assert "bad.md" in from_md.stderr and "1 articles imported" in from_md.stdout
    ids = [item["id"] for page in pages for item in page["items"]]
    assert ids == ["kb-a", "kb-c", "kb-d", "kb-f", "kb-g"]
    assert all(len(page["items"]) <= 2 for page in pages)
    assert resumed["items"] == pages[1]["items"]
    assert {page["cursor"] for page in pages} == {pages[0]["cursor"]}
    assert unknown.status_code == 404


def test_calendar_import_reaches_workstations(
    own_server: Server, tmp_path: Path
) -> None:
    good = tmp_path / "CN-2027.json"
    good.write_text(
        json.dumps(
            {
                "holidays": [{"date": "2027-10-01", "name": "国庆节"}, "2027-10-04"],
                "workdays": ["2027-09-26"],
            }
        ),
        encoding="utf-8",
    )
    bad = tmp_path / "CN-2028.json"
    bad.write_text(json.dumps({"holidays": ["2028-02-30"]}), encoding="utf-8")

    imported = _cli(own_server, "calendar", "import", str(good))
    refused = _cli(own_server, "calendar", "import", str(bad))
    with own_server.as_user("op1") as http:
        changes, _ = pull_all(http)

    years = {c["id"]: c["data"] for c in changes if c["entity"] == "calendar_year"}
    assert "3 calendar days imported" in imported.stdout
    assert not [c for c in changes if c["entity"] == "calendar_day"]
    # One row for the year, in the shipped files' shape; an import is confirmed.
    assert years["2027"]["year"] == 2027 and years["2027"]["confirmed"] is True
    assert years["2027"]["holidays"] == [
        {"date": "2027-10-01", "name_zh": "国庆节", "name_en": ""},
        {"date": "2027-10-04", "name_zh": "", "name_en": ""},
    ]
    assert years["2027"]["workdays"] == [
        {"date": "2027-09-26", "name_zh": "", "name_en": ""}
    ]
    assert refused.returncode == 1 and "CN-2028.json" in refused.stderr
    assert "2028" not in years


def test_command_refusals_name_the_right_field(own_server: Server) -> None:
    case_id = str(uuid.uuid4())
    create = {
        "status": "registered",
        "narrative": "噪音扰民",
        "request_type": "complaint",
    }
    attempt = {
        "action": "add_note",
        "args": {"record_id": "r-9", "text": "已联系", "method": "phone" * 20},
    }
    note = {"action": "add_note", "args": {"record_id": "x" * 80, "text": "备注"}}
    with own_server.as_user("op1") as http:
        client_id = new_client(http)
        answers = push(
            http,
            client_id,
            [
                mutation(client_id, 1, "case.create", case_id, create, "op1"),
                mutation(client_id, 2, "case.command", case_id, note, "op1"),
                mutation(client_id, 3, "case.command", case_id, attempt, "op1"),
            ],
        )["results"]

    assert answers[0]["status"] == "applied"
    assert answers[1]["status"] == "rejected"
    assert answers[1]["reason_en"].startswith("record_id")
    assert answers[2]["status"] == "rejected"
    assert answers[2]["reason_en"].startswith("method")


def test_login_rate_limit_answers_429_with_retry_after(own_server: Server) -> None:
    # Runs last in this module: it spends the address's login allowance.
    codes = []
    with httpx.Client(base_url=own_server.url, headers=HEADERS, timeout=30) as http:
        for _ in range(RATE_LIMIT + 1):
            answer = http.post(
                "/api/v1/auth/login",
                json={"username": "nobody", "password": "x" * 8, "device_id": "d"},
            )
            codes.append(answer.status_code)
            if answer.status_code == 429:
                break
        correct = _login(http, "sup1", "d")

    assert codes[-1] == 429
    assert set(codes[:-1]) == {401}
    assert int(answer.headers["Retry-After"]) > 0
    assert answer.json()["code"] == "rate_limited"
    # Even the right password waits: the limit is per address, not per account.
    assert correct.status_code == 429
