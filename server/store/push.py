"""Applying a pushed batch: client lock, ledger, sequence check, one mutation at a time.

Each mutation's ledger row and its effect are written in the batch's one transaction
(updates and commands in a savepoint of it, so a refused one leaves nothing behind),
so a repeat (same client, same mutation id) finds the stored result and changes
nothing, even when two copies of the batch arrive at the same time: the client row is
locked first, which serializes pushes of one client. New cases, their first history
events, feed entries and the ledger rows are collected as plain rows and written with
one INSERT per table (`server.store.bulk`), before any later mutation reads them.
What each mutation does to a case is in `server.store.push_cases` (create, update)
and `server.store.push_commands` (workflow commands).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.domain.calendar import WorkCalendar
from app.domain.errors import DomainError
from app.domain.vocabulary import Role
from app.sync.wire import Mutation, MutationResult, PushResult
from server.store import feed
from server.store.bulk import insert_rows, listed
from server.store.cases import reserve_numbers
from server.store.knowledge_flags import record_flag
from server.store.principal import Principal
from server.store.push_cases import Rejected, create_case, update_case
from server.store.push_commands import run_command
from server.store.tables import Base, Case, LedgerEntry, SyncClient

log = logging.getLogger(__name__)


class UnknownClient(Exception):
    """The client id was never registered by this user (answered with 409)."""


@dataclass
class PushContext:
    principal: Principal
    case_prefix: str
    now: datetime
    # Official numbers reserved for this batch's new cases (PostgreSQL).
    numbers: list[str] = field(default_factory=list)
    # Ids of cases that exist, among those this batch creates.
    existing: set[str] = field(default_factory=set)
    role: Role | None = None
    # Rows waiting for their multi-row INSERTs (see `_write_pending`).
    pending: _Pending = field(default_factory=lambda: _Pending())
    # The deadline calendar, imported years included (`batch_calendar`).
    calendar: WorkCalendar | None = None


@dataclass
class _Pending:
    """New cases, their history events, change-feed entries and ledger rows as plain
    rows: a batch of creates is written with one INSERT per table, not one ORM
    object per row."""

    cases: list[dict[str, Any]] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    ledger: list[dict[str, Any]] = field(default_factory=list)


def _write_pending(session: Session, ctx: PushContext) -> None:
    """Insert the waiting rows, parents before children (cases before events).

    Rows the ORM holds (from updates and commands) go first, so the feed keeps the
    order of the batch's mutations.
    """
    session.flush()
    pending = ctx.pending
    tables = Base.metadata.tables
    insert_rows(session, tables["cases"], pending.cases)
    insert_rows(session, tables["case_records"], pending.records)
    feed.append_many(session, pending.changes)
    insert_rows(session, tables["mutation_ledger"], pending.ledger)
    ctx.pending = _Pending()


def push(
    session: Session, ctx: PushContext, client_id: str, mutations: list[Mutation]
) -> PushResult:
    client = session.scalars(
        _for_update(
            session, select(SyncClient).where(SyncClient.client_id == client_id)
        )
    ).first()
    if client is None or client.user_id != ctx.principal.user_id:
        raise UnknownClient(client_id)

    # One query for the whole batch's ledger rows instead of one per mutation.
    ids = [str(m.id) for m in mutations]
    ledger: dict[str, dict[str, Any]] = {
        mutation_id: result
        for mutation_id, result in session.execute(
            select(LedgerEntry.mutation_id, LedgerEntry.result).where(
                LedgerEntry.client_id == client_id,
                LedgerEntry.mutation_id.in_(listed(session, ids)),
            )
        )
    }
    fresh_creates = sum(
        1
        for m, mutation_id in zip(mutations, ids, strict=True)
        if m.kind == "case.create" and mutation_id not in ledger
    )
    ctx.numbers = reserve_numbers(session, ctx.case_prefix, ctx.now, fresh_creates)
    create_ids = [str(m.entity_id) for m in mutations if m.kind == "case.create"]
    if create_ids:
        ctx.existing = set(
            session.scalars(
                select(Case.id).where(Case.id.in_(listed(session, create_ids)))
            )
        )

    results: list[MutationResult] = []
    for mutation, mutation_id in zip(mutations, ids, strict=True):
        stored = ledger.get(mutation_id)
        if stored is not None:
            results.append(_repeat(stored))
            continue
        if mutation.seq > client.next_seq:
            log.info(
                "client %s gap: expected seq %d got %d",
                client_id,
                client.next_seq,
                mutation.seq,
            )
            _write_pending(session, ctx)
            session.flush()
            return PushResult(
                results=results,
                expected_seq=client.next_seq,
                gap=True,
                server_time=ctx.now,
            )

        if mutation.kind != "case.create":
            # Updates and commands read the cases table: earlier creates first.
            _write_pending(session, ctx)
        result = _apply_one(session, ctx, mutation)
        stored_result = result.model_dump(mode="json")
        ctx.pending.ledger.append(
            {
                "client_id": client_id,
                "mutation_id": mutation_id,
                "seq": mutation.seq,
                "kind": mutation.kind,
                "entity_id": str(mutation.entity_id),
                "author": ctx.principal.username,
                "result": stored_result,
                "received_at": ctx.now,
            }
        )
        ledger[mutation_id] = stored_result  # the same id twice in one batch
        if mutation.seq == client.next_seq:
            client.next_seq += 1
        results.append(result)
    _write_pending(session, ctx)
    session.flush()
    return PushResult(
        results=results, expected_seq=client.next_seq, server_time=ctx.now
    )


def _for_update(session: Session, query: Any) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return query.with_for_update()
    return query


def _repeat(stored: dict[str, Any]) -> MutationResult:
    result = MutationResult.model_validate(stored)
    # A rejection stays a rejection so the client keeps showing its reason.
    if result.status != "rejected":
        result.status = "duplicate"
    return result


def _apply_one(
    session: Session, ctx: PushContext, mutation: Mutation
) -> MutationResult:
    try:
        if mutation.kind == "case.create":
            # Every check of a create runs before anything is added to the session,
            # so a refusal leaves nothing behind without a savepoint; the rows of all
            # creates of a batch then go to the database in a few multi-row INSERTs.
            return create_case(session, ctx, mutation)
        with session.begin_nested():
            if mutation.kind == "case.update":
                return update_case(session, ctx, mutation)
            if mutation.kind == "knowledge.flag":
                return record_flag(session, ctx.principal, mutation, ctx.now)
            return run_command(session, ctx, mutation)
    except Rejected as refusal:
        return _rejected(mutation, refusal.zh, refusal.en)
    except DomainError as error:
        return _rejected(mutation, error.message_zh, error.message_en)
    except DBAPIError:
        raise  # the database is in trouble: the whole batch is retried by the client
    except (KeyError, TypeError, ValueError) as error:
        log.warning("mutation %s refused: %s", mutation.id, type(error).__name__)
        return _rejected(
            mutation, "变更内容格式错误", "the mutation's payload is malformed"
        )


def _rejected(mutation: Mutation, zh: str, en: str) -> MutationResult:
    return MutationResult(id=mutation.id, status="rejected", reason_zh=zh, reason_en=en)
