"""The sync engine: push the outbox, pull the feed, download large datasets.

Qt-free: the views run ``sync_once`` off the GUI thread and turn the listener's
callbacks into signals. Everything written to the cache goes through one write
transaction per step, so a crash at any point leaves either the old state or the new
one: an answered batch and its marks, or a page and its cursor, commit together.

Shared seats: each user has their own client id (the server binds a client id to one
user), and only the signed-in user's outbox rows are pushed, under their token.
Others' work waits in the outbox for its author.

The push itself is app.sync.push; what a run reports is app.sync.status.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, Protocol

from pydantic import RootModel
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.models import outbox
from app.models.db import CacheDatabase
from app.sync import wire
from app.sync.apply import Applied, apply_changes
from app.sync.credentials import Session as UserSession
from app.sync.download import (
    FetchedPage,
    defer_for_first_download,
    fetch_pages,
    restore_after_download,
    store_page,
)
from app.sync.push import OutboxPusher
from app.sync.state import client_id_for, get_state, set_state
from app.sync.status import (
    QuietListener,
    SyncListener,
    SyncMessage,
    SyncReport,
    SyncStatus,
)
from app.sync.transport import (
    AuthExpired,
    CursorExpired,
    ProtocolTooOld,
    SequenceGap,
    Transport,
    TransportError,
    Unreachable,
)

log = logging.getLogger(__name__)

SNAPSHOT_DATASETS = ("reference", "cases", "knowledge")

# The centre's reference entities that the apply step stores in the cache (categories,
# areas, departments, decided dispatch rules, imported calendar years). A page holding
# one of them changes what the workstation's lists, dispatch suggestions and deadlines
# are made from.
REFERENCE_ENTITIES = frozenset(
    {"category", "department", "area", "dispatch_rule", "calendar_year"}
)


def changes_reference(changes: Iterable[wire.Change]) -> bool:
    """True when a page of changes holds any reference entity."""
    return any(change.entity in REFERENCE_ENTITIES for change in changes)


class ArticleIndex(Protocol):
    """The knowledge search index (app.models.search.KnowledgeIndex)."""

    def index_articles(
        self, articles: Any, *, generation: int | None = None
    ) -> int: ...

    def remove_articles(self, ids: Any, *, generation: int | None = None) -> int: ...


def _message(error: TransportError) -> SyncMessage:
    return SyncMessage(error.code or "error", error.message_zh, error.message_en)


_LOCAL_TROUBLE = SyncMessage(
    "local_db",
    "本地数据库暂时无法写入（磁盘已满或被占用），已保存的工作不受影响",
    "the local database cannot be written right now (disk full or locked); saved "
    "work is safe",
)


class SyncEngine:
    """Push, pull and download for the signed-in user of one workstation."""

    def __init__(
        self,
        cache: CacheDatabase,
        transport: Transport,
        user: UserSession,
        *,
        listener: SyncListener | None = None,
        knowledge_index: ArticleIndex | None = None,
        device_name: str | None = None,
        batch_size: int = 200,
        page_limit: int = 500,
        snapshot_limit: int = 1000,
        park_after: int = 5,
    ) -> None:
        self.cache = cache
        self.transport = transport
        self.user = user
        self.listener: SyncListener = listener or QuietListener()
        self.knowledge_index = knowledge_index
        self.device_name = device_name
        self.batch_size = min(batch_size, wire.MAX_BATCH)
        self.page_limit = min(page_limit, wire.MAX_PULL_LIMIT)
        self.snapshot_limit = snapshot_limit
        self.status = SyncStatus.OFFLINE
        self.last_sync: datetime | None = None
        self.stopped: SyncMessage | None = None
        self._registered: str | None = None
        self._run_lock = threading.Lock()
        self._reference_landed = False
        with cache.write() as session:
            self.client_id = client_id_for(session, user.username)
        self.pusher = OutboxPusher(
            cache,
            transport,
            client_id=self.client_id,
            author=user.username,
            batch_size=self.batch_size,
            park_after=park_after,
            on_progress=self._pushed,
        )

    # --- keys -----------------------------------------------------------------

    @property
    def _cursor_key(self) -> str:
        return f"pull_cursor:{self.user.username}"

    def _snapshot_key(self, part: str) -> str:
        return f"snapshot:{self.user.username}:{part}"

    def cursor(self) -> str | None:
        with self.cache.read() as session:
            return get_state(session, self._cursor_key)

    def pending_count(self) -> int:
        with self.cache.read() as session:
            return outbox.pending_count(session)

    def requeue(self, mutation_id: str) -> int:
        """Queue a parked mutation of this user again, last; its new sequence number.

        For a mutation the server failed on until it was set aside, once the cause is
        gone (the server upgraded, the data corrected on the server). Raises
        app.models.errors.NotParked when it is not parked or not this user's.
        """
        with self.cache.write() as session:
            seq = outbox.requeue_parked(
                session,
                mutation_id,
                client_id=self.client_id,
                author=self.user.username,
                now=datetime.now(UTC),
            )
        self.listener.pending_changed(self.pending_count())
        return seq

    # --- the whole run --------------------------------------------------------

    def sync_once(self) -> SyncReport:
        """Push, (re)download if needed, pull; report the outcome, never raise."""
        if self.stopped is not None:
            return SyncReport(SyncStatus.ERROR, message=self.stopped)
        with self._run_lock:
            return self._run()

    def _run(self) -> SyncReport:
        report = SyncReport(SyncStatus.SYNCING)
        self._set_status(SyncStatus.SYNCING, None)
        try:
            self._sync(report)
        except ProtocolTooOld as exc:
            self.stopped = _message(exc)
            return self._finish(report, SyncStatus.ERROR, self.stopped)
        except Unreachable as exc:
            # The server may come back upgraded or restored: register again then.
            self._registered = None
            return self._finish(report, SyncStatus.OFFLINE, _message(exc))
        except SequenceGap as exc:
            return self._finish(report, SyncStatus.OFFLINE, _message(exc))
        except AuthExpired as exc:
            return self._finish(report, SyncStatus.ERROR, _message(exc))
        except TransportError as exc:
            status = SyncStatus.OFFLINE if exc.retryable else SyncStatus.ERROR
            return self._finish(report, status, _message(exc))
        except OperationalError:
            log.warning("local cache could not be written during sync", exc_info=True)
            return self._finish(report, SyncStatus.ERROR, _LOCAL_TROUBLE)
        self.last_sync = datetime.now(UTC)
        return self._finish(report, SyncStatus.ONLINE, None)

    def _sync(self, report: SyncReport) -> None:
        self.register()
        report.pushed, report.parked = self.push()
        self.deliver_decisions()
        try:
            if not self._snapshots_done():
                report.downloaded = self.download_snapshots()
            report.pulled = self.pull(report.new_conflicts)
        except CursorExpired:
            # Offline past retention: download the scopes again. The outbox is not
            # touched, so unsent work is still pushed afterwards.
            log.warning("pull cursor expired; downloading the scopes again")
            self.reset_download()
            report.downloaded = self.download_snapshots()
            report.pulled = self.pull(report.new_conflicts)
            report.pushed += self.push()[0]

    def _finish(
        self, report: SyncReport, status: SyncStatus, message: SyncMessage | None
    ) -> SyncReport:
        report.status = status
        report.message = message
        # Taken here and cleared: a run that raised past _run hands it to the next.
        report.reference_changed, self._reference_landed = self._reference_landed, False
        self._set_status(status, message)
        try:
            self.listener.pending_changed(self.pending_count())
        except OperationalError:
            log.warning("pending count unavailable: local cache busy")
        if report.new_conflicts:
            self.listener.conflicts_arrived(list(report.new_conflicts))
        log.info(
            "sync %s: pushed %d, pulled %d, downloaded %d, parked %d%s",
            status.value,
            report.pushed,
            report.pulled,
            report.downloaded,
            report.parked,
            ", reference data changed" if report.reference_changed else "",
        )
        return report

    def _set_status(self, status: SyncStatus, message: SyncMessage | None) -> None:
        self.status = status
        self.listener.state_changed(status, message)

    # --- registration ---------------------------------------------------------

    def register(self) -> None:
        if self._registered == self.client_id:
            return
        answer = self.transport.register(
            wire.RegisterRequest(
                client_id=uuid.UUID(self.client_id),
                device_id=self.user.device_id,
                device_name=self.device_name,
            )
        )
        self._registered = self.client_id
        log.info("client registered; server expects seq %d", answer.next_seq)
        self.pusher.align_sequence(answer.next_seq)
        if answer.mutation_kinds:
            self.pusher.requeue_known_kinds(answer.mutation_kinds)

    # --- push -----------------------------------------------------------------

    def push(self) -> tuple[int, int]:
        """Send the signed-in user's pending mutations; (answered, parked)."""
        return self.pusher.push()

    def _pushed(self, answered: int) -> None:
        self.listener.pending_changed(self.pending_count())
        self.listener.progress("push", answered, None)

    # --- disputes meeting decisions ------------------------------------------

    def deliver_decisions(self) -> int:
        """Post the queued catalogue decisions (app/models/disputes.py)."""
        from app.models.disputes import deliver_decisions

        return deliver_decisions(self.cache.read, self.cache.write, self._post_rule)

    def _post_rule(self, rule: Any) -> dict[str, Any]:
        """One decision to /catalogue/rules; a refusal comes back as its error."""
        try:
            answer = self.transport.post_catalogue_rule(_JsonBody(dict(rule)))
        except TransportError as exc:
            if exc.retryable or exc.status not in (400, 403, 404, 409, 422):
                raise
            return {
                "code": exc.code,
                "message_zh": exc.message_zh,
                "message_en": exc.message_en,
            }
        return dict(answer) if isinstance(answer, dict) else {}

    # --- pull -----------------------------------------------------------------

    def pull(self, new_conflicts: list[str] | None = None) -> int:
        """Pull pages until the server has no more; each page lands with its cursor."""
        total = 0
        while True:
            cursor = self.cursor()
            page = self.transport.pull(cursor, self.page_limit)
            applied = self.apply_page(page)
            total += len(page.changes)
            if new_conflicts is not None:
                new_conflicts.extend(applied.new_conflicts)
            self.listener.progress("pull", total, None)
            if not page.has_more:
                return total

    def apply_page(self, page: wire.PullResponse) -> Applied:
        """Apply a page and move the cursor in one transaction; index articles after.

        A page holding reference entities marks the run's report (reference_changed)
        once its transaction has committed.
        """
        with self.cache.write() as session:
            applied = apply_changes(session, page.changes)
            generation = self._bump_generation(session, applied)
            set_state(session, self._cursor_key, page.cursor)
        if changes_reference(page.changes):
            self._reference_landed = True
        self._index(applied, generation)
        return applied

    def _bump_generation(self, session: Session, applied: Applied) -> int | None:
        if not (applied.articles or applied.removed_articles):
            return None
        from app.models.search import bump_cache_generation

        return bump_cache_generation(session)

    def _index(self, applied: Applied, generation: int | None) -> None:
        if self.knowledge_index is None or generation is None:
            return
        from app.models.search import ArticleDoc
        from app.models.tables import KnowledgeArticle

        if applied.articles:
            docs = [
                ArticleDoc.from_row(KnowledgeArticle(**values))
                for values in applied.articles
            ]
            self.knowledge_index.index_articles(docs, generation=generation)
        if applied.removed_articles:
            self.knowledge_index.remove_articles(
                applied.removed_articles, generation=generation
            )

    # --- snapshots ------------------------------------------------------------

    def _snapshots_done(self) -> bool:
        with self.cache.read() as session:
            return get_state(session, self._snapshot_key("done")) == "1"

    def reset_download(self) -> None:
        with self.cache.write() as session:
            for part in ("done", "start", *(f"{d}:after" for d in SNAPSHOT_DATASETS)):
                set_state(session, self._snapshot_key(part), None)
            set_state(session, self._snapshot_key("cases:finished"), None)
            set_state(session, self._snapshot_key("knowledge:finished"), None)
            set_state(session, self._cursor_key, None)

    def download_snapshots(self) -> int:
        """Download cases and knowledge in resumable pages, then pull from the start.

        Each page lands in one transaction together with its resume position, so an
        interruption redoes at most one page. Memory stays bounded by one page.
        """
        total = 0
        for dataset in SNAPSHOT_DATASETS:
            total += self._download(dataset)
        with self.cache.write() as session:
            # Also after a crash between the last page and here, or a reset (410).
            restore_after_download(session)
            start = get_state(session, self._snapshot_key("start"))
            if start is not None and get_state(session, self._cursor_key) is None:
                set_state(session, self._cursor_key, start)
            set_state(session, self._snapshot_key("done"), "1")
        return total

    def _download(self, dataset: str) -> int:
        """One dataset's pages, each written with its resume point as it arrives."""
        with self.cache.read() as session:
            if get_state(session, self._snapshot_key(f"{dataset}:finished")):
                return 0
            after = get_state(session, self._snapshot_key(f"{dataset}:after"))
            start = get_state(session, self._snapshot_key("start"))

        def fetch(after: str | None, cursor: str | None) -> wire.SnapshotPage:
            return self.transport.snapshot(
                dataset, after, self.snapshot_limit, cursor=cursor
            )

        total = 0
        for fetched in fetch_pages(fetch, after, start):
            self._store(dataset, fetched, first_start=start is None)
            start = start or fetched.page.cursor
            total += len(fetched.page.items)
            self.listener.progress(dataset, total, fetched.page.total)
        return total

    def _store(self, dataset: str, fetched: FetchedPage, *, first_start: bool) -> None:
        page = fetched.page
        applied = Applied()
        with self.cache.write() as session:
            if dataset == "cases" and fetched.after is None:
                defer_for_first_download(session)
            store_page(session, dataset, fetched, applied)
            generation = self._bump_generation(session, applied)
            if first_start:
                set_state(session, self._snapshot_key("start"), page.cursor)
            set_state(session, self._snapshot_key(f"{dataset}:after"), page.next_after)
            if fetched.last:
                set_state(session, self._snapshot_key(f"{dataset}:finished"), "1")
                if dataset == "cases":
                    restore_after_download(session)
        if dataset == "reference" and page.items:
            self._reference_landed = True
        self._index(applied, generation)


class _JsonBody(RootModel[dict[str, Any]]):
    """A plain JSON object as a request body."""
