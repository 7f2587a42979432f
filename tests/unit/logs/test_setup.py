"""The workstation's and the server's logging set-ups, writing real files."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from app.logs import LOG_FILE_NAME, RedactingFilter, setup_logging

ROOT = Path(__file__).resolve().parents[3]
PHONE = "13912345678"
TOKEN = "Zq3_kX9-mP2rT7vW1yB4nC6dF8gH0jLsAeUiOo5Rt2Y"


def _flush() -> None:
    for handler in logging.getLogger().handlers:
        handler.flush()


def test_workstation_log_file_is_redacted_at_the_set_level(
    clean_logging: logging.Logger, tmp_path: Path
) -> None:
    path = setup_logging("DEBUG", folder=tmp_path, console=False)
    logging.getLogger("app.sync.probe").debug("callback %s token %s", PHONE, TOKEN)
    logging.getLogger("sqlalchemy.engine.Engine").info("INSERT ... %s", PHONE)
    _flush()

    assert path == tmp_path / LOG_FILE_NAME
    text = path.read_text(encoding="utf-8")
    assert "app.sync.probe: callback [phone] token [token]" in text
    assert PHONE not in text and TOKEN not in text
    assert "INSERT" not in text  # SQLAlchemy's statements stay out even at DEBUG
    assert all(
        any(isinstance(f, RedactingFilter) for f in handler.filters)
        for handler in clean_logging.handlers
    )


def test_workstation_level_filters_debug(
    clean_logging: logging.Logger, tmp_path: Path
) -> None:
    path = setup_logging("WARNING", folder=tmp_path, console=False)
    logging.getLogger("app.probe").info("routine")
    logging.getLogger("app.probe").warning("degraded")
    _flush()

    text = path.read_text(encoding="utf-8")
    assert "degraded" in text and "routine" not in text


def test_uncaught_exception_is_logged_redacted_and_shown_without_data(
    clean_logging: logging.Logger,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    shown: list[str] = []
    path = setup_logging("INFO", folder=tmp_path, console=False, notify=shown.append)
    try:
        raise RuntimeError(f"caller {PHONE} could not be saved")
    except RuntimeError as error:
        sys.excepthook(type(error), error, error.__traceback__)
    _flush()

    text = path.read_text(encoding="utf-8")
    assert "uncaught RuntimeError" in text
    assert "RuntimeError: caller [phone] could not be saved" in text
    assert PHONE not in text
    err = capsys.readouterr().err
    assert "RuntimeError" in err and str(path) in err and PHONE not in err
    assert len(shown) == 1 and PHONE not in shown[0]


def test_uncaught_exception_in_a_thread_is_logged(
    clean_logging: logging.Logger, tmp_path: Path
) -> None:
    path = setup_logging("INFO", folder=tmp_path, console=False)

    def fail() -> None:
        raise KeyError(f"token {TOKEN}")

    worker = threading.Thread(target=fail)
    worker.start()
    worker.join()
    _flush()

    text = path.read_text(encoding="utf-8")
    assert "uncaught KeyError" in text and "[token]" in text
    assert TOKEN not in text


_SERVER_SCRIPT = """
import logging, sys
from server.logs import set_request_id, setup_logging
config = setup_logging("DEBUG", sys.argv[1])
set_request_id("req0123456789abc")
logging.getLogger("server.api.probe").info("pushed for %s", sys.argv[2])
logging.getLogger("uvicorn.access").info(
    '%s - "%s %s HTTP/%s" %d', "127.0.0.1:5", "GET", "/x?phone=" + sys.argv[2], "1.1",
    200,
)
set_request_id(None)
try:
    raise ValueError("token " + sys.argv[3])
except ValueError:
    logging.getLogger("server.api.probe").exception("push failed")
logging.getLogger("sqlalchemy.engine.Engine").info("SELECT %s", sys.argv[2])
"""


def test_server_writes_redacted_json_lines_with_request_id(tmp_path: Path) -> None:
    path = tmp_path / "logs" / "server.jsonl"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    subprocess.run(
        [sys.executable, "-c", _SERVER_SCRIPT, str(path), PHONE, TOKEN],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=60,
    )

    text = path.read_text(encoding="utf-8")
    assert PHONE not in text and TOKEN not in text
    lines = [json.loads(line) for line in text.splitlines()]
    by_message = {line["msg"]: line for line in lines}
    pushed = by_message["pushed for [phone]"]
    assert pushed["request_id"] == "req0123456789abc"
    assert pushed["level"] == "INFO" and pushed["logger"] == "server.api.probe"
    access = by_message['127.0.0.1:5 - "GET /x?phone=[phone] HTTP/1.1" 200']
    assert access["request_id"] == "req0123456789abc"
    failed = by_message["push failed"]
    assert failed["request_id"] is None
    assert "ValueError: token [token]" in failed["exc"]
    assert not any(line["logger"].startswith("sqlalchemy") for line in lines)


def test_unwritable_log_folder_falls_back_to_stderr(
    clean_logging: logging.Logger,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")

    setup_logging("INFO", folder=blocker / "logs", console=False)
    logging.getLogger("app.probe").warning("callback %s failed", PHONE)

    err = capsys.readouterr().err
    assert "cannot write the log file" in err
    assert "callback [phone] failed" in err and PHONE not in err


_WORKER_SCRIPT = """
import logging, sys, time
from server.logs import setup_logging
setup_logging("INFO", sys.argv[1], shared=True)
probe = logging.getLogger("server.api.probe")
for n in range(int(sys.argv[3])):
    probe.info("worker %s line %d", sys.argv[2], n)
    time.sleep(0.002)
"""


def test_workers_sharing_a_log_file_reopen_it_after_logrotate_moves_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "server.jsonl"
    moved = tmp_path / "server.jsonl.1"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    lines_each = 400
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER_SCRIPT, str(path), name, str(lines_each)],
            cwd=ROOT,
            env=env,
        )
        for name in ("a", "b")
    ]

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if path.exists() and path.read_text(encoding="utf-8").count("\n") >= 50:
            break
        time.sleep(0.01)
    path.rename(moved)  # what logrotate does, without copytruncate
    for worker in workers:
        assert worker.wait(timeout=60) == 0

    before = moved.read_text(encoding="utf-8").splitlines()
    after = path.read_text(encoding="utf-8").splitlines()
    assert len(before) >= 50 and after, "both workers write on into the new file"
    messages = [json.loads(line)["msg"] for line in before + after]
    expected = {f"worker {w} line {n}" for w in "ab" for n in range(lines_each)}
    assert sorted(messages) == sorted(expected)
