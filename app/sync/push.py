"""Pushing the outbox: batches in sequence order, the answers recorded, failures parked.

The server accepts a client's mutations in sequence order and keeps a ledger keyed by
mutation id, so a batch can always be sent again. A batch the server fails on is
narrowed to one mutation at a time to find the one to blame; that one is counted and
set aside (parked) after ``park_after`` failures, or at once when the server predates
its kind, so the queue behind it goes on. Parking closes the hole its sequence number
leaves; one parked for its kind goes back in line once a later registration lists
the kind (``requeue_known_kinds``). A sequence gap (the server lost answers, or a hole
opened) is answered by sending again from the number the server expects.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Collection, Sequence
from datetime import UTC, datetime

from pydantic import ValidationError
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.models import outbox
from app.models.db import CacheDatabase
from app.models.errors import NotParked
from app.models.tables import Outbox, SyncState
from app.sync import wire
from app.sync.transport import SequenceGap, Transport, TransportError

log = logging.getLogger(__name__)

# How a mutation parked for its kind says so; requeue_known_kinds looks for it.
_UNKNOWN_KIND = "the server does not know "


class OutboxPusher:
    """Sends one user's pending mutations on one client id."""

    def __init__(
        self,
        cache: CacheDatabase,
        transport: Transport,
        *,
        client_id: str,
        author: str,
        batch_size: int,
        park_after: int,
        on_progress: Callable[[int], None],
    ) -> None:
        """``on_progress`` gets the number answered so far after each batch."""
        self.cache = cache
        self.transport = transport
        self.client_id = client_id
        self.author = author
        self.batch_size = batch_size
        self.park_after = park_after
        self.on_progress = on_progress

    def _batch(self, session: Session, limit: int) -> list[Outbox]:
        return list(
            session.scalars(
                select(Outbox)
                .where(
                    Outbox.state == outbox.PENDING,
                    Outbox.client_id == self.client_id,
                    Outbox.author == self.author,
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
            self.on_progress(answered)

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
        reason = f"422 {exc.code or ''}: {_UNKNOWN_KIND}{mutation.kind}"
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
        self._lower_counter(session, 1)

    def _resend_from(self, expected_seq: int) -> None:
        """The server expects an earlier sequence: send again from there."""
        with self.cache.write() as session:
            lowest = self._lowest_pending(session)
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
            self._lower_counter(session, shift)

    def requeue_known_kinds(self, kinds: Collection[str]) -> int:
        """Queue again what was parked because the server did not know its kind.

        For when the server, since upgraded, lists the kind among those it takes.
        Returns how many went back in line (last, oldest first).
        """
        known = sorted(wire.ADDED_KINDS & set(kinds))
        if not known:
            return 0
        with self.cache.read() as session:
            parked = session.scalars(
                select(Outbox.id)
                .where(
                    Outbox.client_id == self.client_id,
                    Outbox.author == self.author,
                    Outbox.state == outbox.PARKED,
                    or_(
                        *(
                            (Outbox.kind == kind)
                            & Outbox.last_error.endswith(_UNKNOWN_KIND + kind)
                            for kind in known
                        )
                    ),
                )
                .order_by(Outbox.created_at, Outbox.id)
            ).all()
        if not parked:
            return 0

        now = datetime.now(UTC)
        requeued = 0
        with self.cache.write() as session:
            for mutation_id in parked:
                try:
                    outbox.requeue_parked(
                        session,
                        mutation_id,
                        client_id=self.client_id,
                        author=self.author,
                        now=now,
                    )
                except NotParked:
                    continue  # its author sent it again by hand in the meantime
                requeued += 1
        log.info("server now takes %s: %d parked sent again", known, requeued)
        return requeued

    def _lowest_pending(self, session: Session) -> int | None:
        return session.scalar(
            select(func.min(Outbox.seq)).where(
                Outbox.client_id == self.client_id,
                Outbox.state == outbox.PENDING,
            )
        )

    def _lower_counter(self, session: Session, by: int) -> None:
        """The client's sequence counter after ``by`` numbers were given back."""
        counter = session.get(SyncState, outbox.seq_key(self.client_id))
        if counter is not None:
            counter.value = str(int(counter.value) - by)

    def align_sequence(self, next_seq: int) -> None:
        """After registering: close a hole below the server's expected number."""
        with self.cache.read() as session:
            lowest = self._lowest_pending(session)
        if lowest is not None and lowest > next_seq:
            self._resend_from(next_seq)


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
