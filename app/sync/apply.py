"""Apply the server's changes to the local cache, idempotently by version.

A change whose version is not newer than the stored one is ignored, so the same page
applied twice (a lost answer, a crash mid-page) changes nothing. A case with unsent
local edits keeps showing them: after the server's row lands, the pending
``case.update`` changes are laid on top again (the server will merge them on push).
Callers run these functions inside the write transaction that also stores the cursor.

This module dispatches a page by entity and applies the server's conflict notices;
the entities live beside it: apply_cases.py (cases, the first download's indexes),
apply_records.py (a case's records, and those waiting for their case),
apply_reference.py (reference lists, dispatch rules, knowledge articles), and
apply_base.py (the `Applied` outcome, stored forms). Callers import the public names
from here.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from app.models.tables import Conflict
from app.sync import wire
from app.sync.apply_base import Applied, _parse_time
from app.sync.apply_cases import (
    CaseChange,
    _apply_cases,
    apply_case_rows,
    defer_case_indexes,
    restore_case_indexes,
)
from app.sync.apply_records import (
    _RECORDS,
    PENDING_RECORD,
    _apply_record,
    apply_snapshot_records,
)
from app.sync.apply_reference import (
    _REFERENCE,
    RULE_ENTITY,
    _apply_reference,
    _apply_rule,
    apply_article,
    prefetch_articles,
    rule_row_id,
)

__all__ = [
    "PENDING_RECORD",
    "RULE_ENTITY",
    "Applied",
    "CaseChange",
    "apply_article",
    "apply_case_rows",
    "apply_changes",
    "apply_snapshot_records",
    "defer_case_indexes",
    "prefetch_articles",
    "restore_case_indexes",
    "rule_row_id",
]

log = logging.getLogger(__name__)


def apply_changes(session: Session, changes: Iterable[wire.Change]) -> Applied:
    """Apply one page of changes; the caller commits it together with the cursor.

    Cases, the bulk of a first sync, go through one Core upsert per page (row-by-row
    ORM work is ten times slower); the other records are few and use the ORM.
    """
    outcome = Applied()
    page = list(changes)
    with session.no_autoflush:
        cases = [
            CaseChange(c.id, c.version, c.op, c.data)
            for c in page
            if c.entity == "case"
        ]
        _apply_cases(session, cases, outcome)
        articles = [c.id for c in page if c.entity == "knowledge_article"]
        prefetch_articles(session, articles)
        for change in page:
            if change.entity == "case":
                continue
            if change.entity in _RECORDS:
                _apply_record(
                    session,
                    change.entity,
                    change.id,
                    change.version,
                    change.op,
                    change.data,
                    outcome,
                )
            elif change.entity == "conflict":
                _apply_conflict(session, change, outcome)
            elif change.entity == "knowledge_article":
                apply_article(session, change.data, change.version, change.op, outcome)
            elif change.entity in _REFERENCE:
                _apply_reference(session, _REFERENCE[change.entity], change, outcome)
            elif change.entity == RULE_ENTITY:
                _apply_rule(session, change, outcome)
            else:
                log.debug("ignoring change of unknown entity %s", change.entity)
                outcome.ignored += 1
    session.flush()
    return outcome


def _apply_conflict(session: Session, change: wire.Change, outcome: Applied) -> None:
    data = change.data
    row = session.get(Conflict, change.id)
    resolved = bool(data.get("resolved"))
    if row is None:
        session.add(
            Conflict(
                id=change.id,
                case_id=data.get("case_id"),
                mutation_id=data.get("mutation_id"),
                field=str(data.get("field") or ""),
                base_value=data.get("base_value"),
                local_value=data.get("client_value"),
                server_value=data.get("server_value"),
                created_at=_parse_time(data.get("created_at")) or datetime.now(UTC),
                resolved_at=datetime.now(UTC) if resolved else None,
                server_version=change.version,
            )
        )
        outcome.new_conflicts.append(change.id)
    elif resolved and row.resolved_at is None:
        row.resolved_at = datetime.now(UTC)
    outcome.applied += 1
