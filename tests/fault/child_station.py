"""A workstation in a child process that stops at a named point, to be SIGKILLed there.

Run as ``python -m tests.fault.child_station FOLDER URL USER ROLE DEVICE CASES`` with
``HOTLINE_FAULT_PAUSE`` naming the point. At that point the child prints
``PAUSED <point>`` and sleeps; the test kills it with SIGKILL, so nothing after the
point runs (no commit, no clean-up). Points:

- ``before_upload``: the cases are committed locally, the push is about to go out;
- ``after_answer``: the server has answered the push, the outbox is not marked yet;
- ``mid_page``: page ``HOTLINE_FAULT_PAUSE_PAGE`` of a pull is applied inside its
  still-open write transaction (cursor not stored);
- ``mid_snapshot``: knowledge snapshot page ``HOTLINE_FAULT_PAUSE_PAGE`` has arrived
  and is not stored yet.

Every snapshot request is printed as ``SNAPSHOT <dataset> <after>``, so the test can
count the pages the server served.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import keyring

import app.sync.engine as engine_module
from tests.e2e.harness import Workstation
from tests.support.keyring_backend import MemoryKeyring


def pause(point: str) -> None:
    print(f"PAUSED {point}", flush=True)
    time.sleep(600)


def main() -> None:
    folder, url, username, role, device, cases = sys.argv[1:7]
    point = os.environ.get("HOTLINE_FAULT_PAUSE", "")
    pause_page = int(os.environ.get("HOTLINE_FAULT_PAUSE_PAGE", "2"))
    keyring.set_keyring(MemoryKeyring())
    station = Workstation(
        Path(folder),
        url,
        username,
        role=role,
        device_id=device,
        settings={"page_limit": 4, "snapshot_limit": 10, "batch_size": 50},
    )
    station.login()
    for number in range(int(cases)):
        station.new_case(f"child case {number}")
    print("SAVED", flush=True)

    transport = station.transport
    real_push = transport.push
    real_snapshot = transport.snapshot
    # The engine's own reference, wrapped so that the pause lands inside its write.
    real_apply = getattr(engine_module, "apply_changes")  # noqa: B009
    calls = {"apply": 0, "knowledge": 0}

    def push(request: Any) -> Any:
        if point == "before_upload":
            pause(point)
        answer = real_push(request)
        if point == "after_answer":
            pause(point)
        return answer

    def snapshot(dataset: str, after: str | None, *args: Any, **kwargs: Any) -> Any:
        print(f"SNAPSHOT {dataset} {after}", flush=True)
        page = real_snapshot(dataset, after, *args, **kwargs)
        if dataset == "knowledge":
            calls["knowledge"] += 1
            if point == "mid_snapshot" and calls["knowledge"] == pause_page:
                pause(point)
        return page

    def apply_changes(session: Any, changes: Any) -> Any:
        applied = real_apply(session, changes)
        calls["apply"] += 1
        if point == "mid_page" and calls["apply"] == pause_page:
            session.flush()
            pause(point)
        return applied

    transport.push = push  # type: ignore[method-assign]
    transport.snapshot = snapshot  # type: ignore[method-assign]
    setattr(engine_module, "apply_changes", apply_changes)  # noqa: B010
    report = station.engine.sync_once()
    print(f"DONE {report.status.value}", flush=True)
    station.close()


if __name__ == "__main__":
    main()
