"""The workstation's sync history: a short account of sync runs for the operator.

Kept apart from the debug log (which is for IT and holds ids and codes): it says, in
the operator's terms, when the desk synced, what went and came, and what went wrong.
Runs that changed nothing and did not change the state are left out, so a timer
firing every few seconds does not bury the one run that mattered. In memory, for the
running session; the log file keeps the long record.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from app.sync.status import SyncReport, SyncStatus

HISTORY_SIZE = 200


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    status: SyncStatus
    pushed: int
    pulled: int
    downloaded: int
    parked: int
    conflicts: int
    message_zh: str
    message_en: str

    @property
    def quiet(self) -> bool:
        """Nothing went or came, and nothing was set aside."""
        moved = (self.pushed, self.pulled, self.downloaded, self.parked, self.conflicts)
        return not any(moved)


class SyncHistory:
    """The latest notable runs, newest first, at most ``size``."""

    def __init__(self, size: int = HISTORY_SIZE) -> None:
        self._entries: deque[HistoryEntry] = deque(maxlen=size)
        self._last_seen: HistoryEntry | None = None

    def record(self, report: SyncReport, at: datetime) -> HistoryEntry | None:
        """Add a finished run; the entry, or None when it was not worth showing."""
        message = report.message
        entry = HistoryEntry(
            at=at,
            status=report.status,
            pushed=report.pushed,
            pulled=report.pulled,
            downloaded=report.downloaded,
            parked=report.parked,
            conflicts=len(report.new_conflicts),
            message_zh=message.message_zh if message else "",
            message_en=message.message_en if message else "",
        )

        previous, self._last_seen = self._last_seen, entry
        unchanged = previous is not None and (
            (previous.status, previous.message_en) == (entry.status, entry.message_en)
        )
        if entry.quiet and unchanged:
            return None
        self._entries.appendleft(entry)
        return entry

    def __iter__(self) -> Iterator[HistoryEntry]:
        return iter(tuple(self._entries))

    def __len__(self) -> int:
        return len(self._entries)
