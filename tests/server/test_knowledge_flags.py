"""Outdated-article flags through push, the owners' API and `kb flags`, on SQLite and
PostgreSQL: recorded once, refused clearly, resolved by a newer version."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import httpx
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from server.store.db import make_engine
from server.store.tables import Base
from tests.server.conftest import PASSWORD, ROOT, Server, mutation, new_client, push


def _cli(
    server: Server, *args: str, given: str | None = None
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "server.cli",
            "--database-url",
            server.database_url,
            *args,
        ],
        cwd=ROOT,
        input=given,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return done


def _import(server: Server, folder: Path, article_id: str, title: str) -> str:
    path = folder / f"{uuid.uuid4().hex}.jsonl"
    row = {"id": article_id, "title": title, "body": "正文", "keywords": ["补办"]}
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    return _cli(server, "kb", "import", str(path)).stdout


def _flag(
    client_id: str,
    seq: int,
    author: str,
    article_id: str,
    version: int | None,
    reason: str | None = None,
) -> dict[str, Any]:
    payload: dict[str, Any] = {"article_id": article_id}
    if reason is not None:
        payload["reason"] = reason
    return mutation(
        client_id,
        seq,
        "knowledge.flag",
        str(uuid.uuid4()),
        payload,
        author,
        base_version=version,
    )


def _owners_view(http: httpx.Client, article_id: str, **params: Any) -> Any:
    answer = http.get("/api/v1/knowledge/flags", params=params)
    assert answer.status_code == 200, answer.text
    found = [a for a in answer.json()["articles"] if a["article_id"] == article_id]
    return found[0] if found else None


def test_flags_count_once_refusals_are_clear_and_owners_see_them(
    server: Server, tmp_path: Path
) -> None:
    article_id = f"kb-flag-{uuid.uuid4().hex[:12]}"
    _import(server, tmp_path, article_id, "社保卡补办流程")

    with server.as_user("op1") as http:
        client_id = new_client(http)
        first = _flag(client_id, 1, "op1", article_id, 1, "收费标准已调整")
        applied = push(http, client_id, [first])["results"][0]
        # The same mutation again (its answer lost) and a second flag of the same
        # version by the same operator: both count once.
        resent = push(http, client_id, [first])["results"][0]
        again = push(
            http, client_id, [_flag(client_id, 2, "op1", article_id, 1, "再次标记")]
        )["results"][0]
        refused = push(
            http,
            client_id,
            [
                _flag(client_id, 3, "op1", "kb-no-such-article", 1),
                _flag(client_id, 4, "op1", article_id, 7),
                _flag(client_id, 5, "op1", article_id, 1, "长" * 201),
                _flag(client_id, 6, "op1", article_id, None),
            ],
        )["results"]
    with server.as_user("op2") as http:
        client_id = new_client(http)
        other = push(http, client_id, [_flag(client_id, 1, "op2", article_id, 1)])

    assert applied["status"] == "applied"
    assert resent["status"] == "duplicate"
    assert again["status"] == "duplicate"
    assert other["results"][0]["status"] == "applied"
    assert [r["status"] for r in refused] == ["rejected"] * 4
    assert "no knowledge article 'kb-no-such-article'" in refused[0]["reason_en"]
    assert "知识库中没有这条知识" in refused[0]["reason_zh"]
    assert "no version 7" in refused[1]["reason_en"]
    assert "at most 200 characters" in refused[2]["reason_en"]
    assert "which version" in refused[3]["reason_en"]

    with server.as_user("sup1") as http:
        seen = _owners_view(http, article_id)
    assert seen["open_count"] == 2 and seen["flag_count"] == 2
    assert seen["title"] == "社保卡补办流程" and seen["current_version"] == 1
    by_user = {f["flagged_by"]: f for f in seen["flags"]}
    assert set(by_user) == {"op1", "op2"}
    assert by_user["op1"]["reason"] == "收费标准已调整"  # the first flag's reason
    assert by_user["op1"]["device_id"] == "dev-1"
    assert by_user["op1"]["article_version"] == 1
    assert by_user["op1"]["flagged_at"].startswith("2026-03-02T08:00:00")
    assert by_user["op2"]["reason"] is None

    listed = _cli(server, "kb", "flags", "--open", "--format", "csv").stdout
    rows = [
        r for r in csv.DictReader(io.StringIO(listed)) if r["article_id"] == article_id
    ]
    assert sorted(r["flagged_by"] for r in rows) == ["op1", "op2"]
    assert {r["open_count"] for r in rows} == {"2"}
    text = _cli(server, "kb", "flags", "--open").stdout
    assert f"{article_id}  社保卡补办流程  (version 1)  open flags: 2 of 2" in text
    assert "reason: 收费标准已调整" in text

    # A newer version resolves the earlier flags, in the import's transaction.
    imported = _import(server, tmp_path, article_id, "社保卡补办流程（2026年版）")
    assert "2 outdated-article flags resolved" in imported
    with server.as_user("sup1") as http:
        gone = _owners_view(http, article_id)
        history = _owners_view(http, article_id, open="false")
    assert gone is None
    assert history["open_count"] == 0 and history["current_version"] == 2
    assert {f["resolved_version"] for f in history["flags"]} == {2}

    # A flag of the old version that arrives late (an offline shift) is kept, and
    # resolved at once; one of the new version is open.
    with server.as_user("sup1") as http:
        client_id = new_client(http)
        late = push(
            http,
            client_id,
            [
                _flag(client_id, 1, "sup1", article_id, 1, "旧版本"),
                _flag(client_id, 2, "sup1", article_id, 2, "新版本也过时"),
            ],
        )["results"]
        now_open = _owners_view(http, article_id)
    assert [r["status"] for r in late] == ["applied", "applied"]
    assert now_open["open_count"] == 1
    assert [f["reason"] for f in now_open["flags"]] == ["新版本也过时"]


def test_only_knowledge_owners_may_list_flags(server: Server) -> None:
    # An admin of its own: another module locks adm1 on this shared server.
    admin = f"kbadm{uuid.uuid4().hex[:8]}"
    _cli(server, "user", "add", admin, "--role", "admin", given=PASSWORD + "\n")
    answers = {}
    for user in ("op1", "h1", "aud1", "sup1", admin):
        with server.as_user(user) as http:
            answers[user] = http.get("/api/v1/knowledge/flags").status_code
    with server.client() as http:
        anonymous = http.get("/api/v1/knowledge/flags").status_code

    assert answers == {"op1": 403, "h1": 403, "aud1": 403, "sup1": 200, admin: 200}
    assert anonymous == 401


def test_migrations_give_the_tables_the_store_declares(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            difference = compare_metadata(
                MigrationContext.configure(connection), Base.metadata
            )
    finally:
        engine.dispose()
    assert difference == []
