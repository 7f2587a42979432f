"""The one way to run work off the GUI thread.

Two lanes: the database lane is a single worker thread, because SQLite allows one
writer and ordered writes keep drafts and saves in the order the operator made them;
the network lane is a small pool. Every result comes back to the GUI thread through
one queued signal and is handed to the callback the caller gave, as a frozen value.
Errors are reported through the same signal, never swallowed.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)

DB_LANE = "db"
NET_LANE = "net"


@dataclass(frozen=True)
class TaskOutcome:
    """What a finished task hands back to the GUI thread."""

    task_id: int
    lane: str
    name: str
    result: Any = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


_Job = tuple[int, str, Callable[[], Any]]
_STOP = None


class TaskRunner(QObject):
    """Runs callables on the database lane or the network lane.

    Signals:
        finished(TaskOutcome): every task, on the GUI thread, success or failure.
        failed(TaskOutcome): only the failed ones, for the status bar.
    """

    finished = Signal(object)
    failed = Signal(object)
    _delivered = Signal(object)

    def __init__(self, network_workers: int = 2, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._callbacks: dict[int, tuple[Callable[[Any], None] | None, Any]] = {}
        self._lock = threading.Lock()
        self._queues: dict[str, queue.Queue[_Job | None]] = {
            DB_LANE: queue.Queue(),
            NET_LANE: queue.Queue(),
        }
        self._threads: list[threading.Thread] = []
        self._stopped = False
        self._pending = 0
        self._idle = threading.Condition(self._lock)

        # Only the workers emit it, so Qt's automatic connection queues every
        # delivery to the GUI thread. (Naming QueuedConnection would build PySide's
        # whole Qt namespace, ~35 ms, before the first window.)
        self._delivered.connect(self._on_delivered)

        self._start_worker(DB_LANE, 0)
        for index in range(network_workers):
            self._start_worker(NET_LANE, index)

    def _start_worker(self, lane: str, index: int) -> None:
        thread = threading.Thread(
            target=self._work, args=(lane,), name=f"tasks-{lane}-{index}", daemon=True
        )
        thread.start()
        self._threads.append(thread)

    def submit(
        self,
        name: str,
        func: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        *,
        lane: str = DB_LANE,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> int:
        """Queue func on a lane; on_done(result) later runs on the GUI thread."""
        if self._stopped:
            raise RuntimeError("task runner is stopped")
        task_id = next(self._ids)
        with self._lock:
            self._callbacks[task_id] = (on_done, on_error)
            self._pending += 1
        self._queues[lane].put((task_id, name, func))
        return task_id

    def _work(self, lane: str) -> None:
        jobs = self._queues[lane]
        while True:
            job = jobs.get()
            if job is _STOP:
                return
            task_id, name, func = job
            try:
                outcome = TaskOutcome(task_id, lane, name, result=func())
            except Exception as exc:  # reported to the GUI thread, not swallowed
                log.exception("task %s (%s) failed", task_id, name)
                outcome = TaskOutcome(task_id, lane, name, error=exc)
            self._delivered.emit(outcome)

    @Slot(object)
    def _on_delivered(self, outcome: TaskOutcome) -> None:
        with self._lock:
            on_done, on_error = self._callbacks.pop(outcome.task_id, (None, None))
        try:
            if outcome.ok and on_done is not None:
                on_done(outcome.result)
            elif not outcome.ok:
                if on_error is not None:
                    on_error(outcome.error)  # type: ignore[arg-type]
                self.failed.emit(outcome)
            self.finished.emit(outcome)
        finally:
            with self._lock:
                self._pending -= 1
                self._idle.notify_all()

    @property
    def stopped(self) -> bool:
        return self._stopped

    def pending(self) -> int:
        with self._lock:
            return self._pending

    def stop(self, timeout: float = 5.0) -> None:
        """Let queued work finish, then join every worker thread."""
        if self._stopped:
            return
        self._stopped = True
        for lane, jobs in self._queues.items():
            workers = sum(
                1 for t in self._threads if t.name.startswith(f"tasks-{lane}")
            )
            for _ in range(workers):
                jobs.put(_STOP)
        for thread in self._threads:
            thread.join(timeout)
            if thread.is_alive():
                log.error("worker %s did not stop within %.1f s", thread.name, timeout)
        self._threads.clear()
