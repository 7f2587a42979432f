"""The sync engine: push the outbox, pull the feed, download large datasets.

Qt-free: the views run ``sync_once`` off the GUI thread and turn the listener's
callbacks into signals. Everything written to the cache goes through one write
transaction per step, so a crash at any point leaves either the old state or the new
one: an answered batch and its marks, or a page and its cursor, commit together.

Shared seats: each user has their own client id (the server binds a client id to one
user), and only the signed-in user's outbox rows are pushed, under their token.
Others' work waits in the outbox for its author.
"""

from __future__ import annotations

import enum
import logging
import threading
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from pydantic import RootModel, ValidationError
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.models import outbox
from app.models.db import CacheDatabase
from app.models.tables import Outbox, SyncState
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
from app.sync.state import get_state, set_state
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


class ArticleIndex(Protocol):
    """The knowledge search index (app.models.search.KnowledgeIndex)."""

    def index_articles(
        self, articles: Any, *, generation: int | None = None
    ) -> int: ...

    def remove_articles(self, ids: Any, *, generation: int | None = None) -> int: ...


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


# --- small state in sync_state ------------------------------------------------------


def client_id_for(session: Session, username: str) -> str:
    """This workstation's client id for a user, made on first use (write session)."""
    key = f"client_id:{username}"
    value = get_state(session, key)
    if value is None:
        value = str(uuid.uuid4())
        set_state(session, key, value)
    return value


class CacheState:
    """The credentials module's StateStore over the cache's sync_state."""

    def __init__(self, cache: CacheDatabase) -> None:
        self.cache = cache

    def get_state(self, key: str) -> str | None:
        with self.cache.read() as session:
            return get_state(session, key)

    def set_state(self, key: str, value: str | None) -> None:
        with self.cache.write() as session:
            set_state(session, key, value)


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
        self.park_after = park_after
        self.status = SyncStatus.OFFLINE
        self.last_sync: datetime | None = None
        self.stopped: SyncMessage | None = None
        self._registered: str | None = None
        self._run_lock = threading.Lock()
        self._reference_landed = False
        with cache.write() as session:
            self.client_id = client_id_for(session, user.username)

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
        except (Unreachable, SequenceGap) as exc:
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
        self._align_sequence(answer.next_seq)

    # --- push -----------------------------------------------------------------

    def _batch(self, session: Session, limit: int) -> list[Outbox]:
        return list(
            session.scalars(
                select(Outbox)
                .where(
                    Outbox.state == outbox.PENDING,
                    Outbox.client_id == self.client_id,
                    Outbox.author == self.user.username,
                )
                .order_by(Outbox.seq)
                .limit(limit)
            )
        )

    def push(self) -> tuple[int, int]:
        """Send the signed-in user's pending mutations; (answered, parked)."""
        answered = parked = 0
        limit = self.batch_size
        while True:
            with self.cache.read() as session:
                rows = self._batch(session, limit)
            mutations, unsendable = _to_wire_all(rows)
            if unsendable:
                # A row the protocol cannot carry never becomes sendable: set it
                # aside at once (reported as parked) and let the queue go on.
                with self.cache.write() as session:
                    for row_id, reason in unsendable:
                        self._park(session, row_id, reason)
                parked += len(unsendable)
                continue
            if not mutations:
                return answered, parked
            try:
                result = self.transport.push(
                    wire.PushRequest(
                        client_id=uuid.UUID(self.client_id), mutations=mutations
                    )
                )
            except SequenceGap as gap:
                self._resend_from(gap.expected_seq)
                continue
            except TransportError as exc:
                if not _blames_the_batch(exc):
                    raise
                if len(mutations) > 1:
                    # Find the one the server fails on: send them one at a time.
                    limit = 1
                    continue
                if self._park_unknown_kind(mutations[0], exc) or self._count_failure(
                    rows[0].id, exc
                ):
                    parked += 1
                    limit = self.batch_size
                    continue
                raise

            answered += self._record(result, mutations)
            if result.gap and result.expected_seq is not None:
                self._resend_from(result.expected_seq)
            elif not result.results:
                raise TransportError(
                    "服务器没有处理任何操作",
                    "the server answered none of the mutations",
                    code="empty_push",
                    retryable=True,
                )
            limit = self.batch_size
            self.listener.pending_changed(self.pending_count())
            self.listener.progress("push", answered, None)

    def _record(self, result: wire.PushResult, sent: Sequence[wire.Mutation]) -> int:
        sent_ids = {m.id for m in sent}
        answers = [r for r in result.results if r.id in sent_ids]
        with self.cache.write() as session:
            outbox.mark_mutations(session, [r.model_dump(mode="json") for r in answers])
        return len(answers)

    def _count_failure(self, mutation_id: str, exc: TransportError) -> bool:
        """Count one failed delivery; park the mutation after too many. True: parked."""
        reason = f"{exc.status or ''} {exc.code or ''}: {exc.message_en}".strip()
        with self.cache.write() as session:
            attempts = outbox.record_failed_attempt(session, mutation_id, reason)
            if attempts < self.park_after:
                return False
            self._park(session, mutation_id, reason)
        return True

    def _park_unknown_kind(self, mutation: wire.Mutation, exc: TransportError) -> bool:
        """Park at once a mutation of a kind the server predates. True: parked.

        A server older than a kind in wire.ADDED_KINDS refuses any request holding
        it with 422, and always will: counting attempts would stop every sync run
        (and every pull) behind it until the count ran out.
        """
        if exc.status != 422 or mutation.kind not in wire.ADDED_KINDS:
            return False
        log.warning("server does not know mutation kind %s: parked", mutation.kind)
        reason = f"422 {exc.code or ''}: the server does not know {mutation.kind}"
        with self.cache.write() as session:
            self._park(session, str(mutation.id), reason)
        return True

    def _park(self, session: Session, mutation_id: str, reason: str) -> None:
        """Set the mutation aside and close the hole its sequence number leaves.

        The server accepts a sequence number at or below the one it expects, and its
        ledger is keyed by mutation id, so renumbering unsent mutations is safe.
        """
        row = session.get(Outbox, mutation_id)
        if row is None:
            return
        outbox.park_mutation(session, mutation_id, reason)
        freed = row.seq
        row.seq = -abs(row.seq)
        session.flush()
        later = session.scalars(
            select(Outbox)
            .where(Outbox.client_id == self.client_id, Outbox.seq > freed)
            .order_by(Outbox.seq)
        )
        for item in later:
            item.seq -= 1
            session.flush()
        counter = session.get(SyncState, outbox.seq_key(self.client_id))
        if counter is not None:
            counter.value = str(int(counter.value) - 1)

    def _resend_from(self, expected_seq: int) -> None:
        """The server expects an earlier sequence: send again from there."""
        with self.cache.write() as session:
            lowest = session.scalar(
                select(func.min(Outbox.seq)).where(
                    Outbox.client_id == self.client_id,
                    Outbox.state == outbox.PENDING,
                )
            )
            answered = list(
                session.scalars(
                    select(Outbox).where(
                        Outbox.client_id == self.client_id,
                        Outbox.seq >= expected_seq,
                        Outbox.state.in_(outbox.ANSWER_STATES),
                    )
                )
            )
            for row in answered:
                # The server lost what it had answered (restored from a backup):
                # its ledger will tell duplicates apart.
                row.state = outbox.PENDING
            if answered or lowest is None or lowest <= expected_seq:
                log.warning("sequence gap: resending from %d", expected_seq)
                return
            shift = lowest - expected_seq
            log.warning("sequence hole before %d: renumbering by %d", lowest, shift)
            rows = session.scalars(
                select(Outbox)
                .where(Outbox.client_id == self.client_id, Outbox.seq >= lowest)
                .order_by(Outbox.seq)
            )
            for row in rows:
                row.seq -= shift
                session.flush()
            counter = session.get(SyncState, outbox.seq_key(self.client_id))
            if counter is not None:
                counter.value = str(int(counter.value) - shift)

    def _align_sequence(self, next_seq: int) -> None:
        with self.cache.read() as session:
            lowest = session.scalar(
                select(func.min(Outbox.seq)).where(
                    Outbox.client_id == self.client_id,
                    Outbox.state == outbox.PENDING,
                )
            )
        if lowest is not None and lowest > next_seq:
            self._resend_from(next_seq)

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


def _to_wire_all(
    rows: Sequence[Outbox],
) -> tuple[list[wire.Mutation], list[tuple[str, str]]]:
    """The rows as wire mutations, and (id, reason) of those the schema refuses."""
    mutations: list[wire.Mutation] = []
    refused: list[tuple[str, str]] = []
    for row in rows:
        try:
            mutations.append(_to_wire(row))
        except ValidationError as error:
            log.warning("outbox mutation %s cannot be sent; parked", row.id)
            refused.append((row.id, f"invalid mutation: {error.error_count()} errors"))
    return mutations, refused


def _to_wire(row: Outbox) -> wire.Mutation:
    return wire.Mutation(
        id=uuid.UUID(row.id),
        client_id=uuid.UUID(row.client_id),
        seq=row.seq,
        kind=row.kind,
        entity_id=uuid.UUID(row.entity_id),
        base_version=row.base_version,
        payload=row.payload,
        created_at=row.created_at
        if row.created_at.tzinfo
        else row.created_at.replace(tzinfo=UTC),
        author=row.author,
    )


def _blames_the_batch(exc: TransportError) -> bool:
    """A server answer (not a network failure) that one mutation may be causing."""
    return exc.status in (400, 413, 422, 500) or exc.code == "empty_push"
