"""What a sync run reports: its state, a message for the operator, the counts.

The engine (app.sync.engine) calls a SyncListener as a run goes; the views turn the
calls into Qt signals. Qt-free.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol


class SyncStatus(enum.StrEnum):
    ONLINE = "online"
    OFFLINE = "offline"
    SYNCING = "syncing"
    ERROR = "error"


@dataclass(frozen=True)
class SyncMessage:
    code: str
    message_zh: str
    message_en: str


class SyncListener(Protocol):
    """What the engine reports; the views wrap these as Qt signals."""

    def state_changed(
        self, status: SyncStatus, message: SyncMessage | None
    ) -> None: ...

    def pending_changed(self, count: int) -> None: ...

    def progress(self, what: str, done: int, total: int | None) -> None: ...

    def conflicts_arrived(self, conflict_ids: Sequence[str]) -> None: ...


class QuietListener:
    """A listener that ignores everything (command line, tests that do not watch)."""

    def state_changed(self, status: SyncStatus, message: SyncMessage | None) -> None:
        pass

    def pending_changed(self, count: int) -> None:
        pass

    def progress(self, what: str, done: int, total: int | None) -> None:
        pass

    def conflicts_arrived(self, conflict_ids: Sequence[str]) -> None:
        pass


@dataclass
class SyncReport:
    status: SyncStatus
    pushed: int = 0
    pulled: int = 0
    downloaded: int = 0
    parked: int = 0
    new_conflicts: list[str] = field(default_factory=list)
    message: SyncMessage | None = None
    # Reference data landed in the cache during the run (also when it then failed:
    # the pages applied before the failure are committed).
    reference_changed: bool = False
