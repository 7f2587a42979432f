"""Frozen values that query and write functions hand back.

They carry no Session and no ORM object, so a background task can pass them to the
GUI thread safely.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.domain.vocabulary import Role


def case_label(
    official_no: str | None, provisional_no: str | None, case_id: str
) -> str:
    """The number people know a case by.

    The official number once the server has assigned one, else the workstation's
    provisional number, else the start of the id (a row whose case has not arrived).
    """
    return official_no or provisional_no or case_id[:8]


@dataclass(frozen=True)
class Actor:
    """Who is acting: the signed-in user and the role the rules check."""

    username: str
    role: Role


@dataclass(frozen=True)
class SavedCase:
    case_id: str
    provisional_no: str
    status: str
    mutation_id: str
    seq: int
    created_at: datetime


@dataclass(frozen=True)
class SavedChange:
    """The result of an edit; `mutation_id` is None when nothing actually changed."""

    case_id: str
    changed_fields: tuple[str, ...]
    mutation_id: str | None
    seq: int | None


@dataclass(frozen=True)
class CommandResult:
    case_id: str
    action: str
    from_status: str
    to_status: str
    mutation_id: str
    seq: int
    # The id of the appended record (note, contact, attempt), if the action adds one.
    record_id: str | None


@dataclass(frozen=True)
class DraftInfo:
    id: str
    owner: str
    case_id: str | None
    fields: dict[str, Any]
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class PendingMutation:
    id: str
    client_id: str
    seq: int
    kind: str
    entity_id: str
    base_version: int | None
    payload: dict[str, Any]
    created_at: datetime
    author: str
    attempts: int

    def to_wire(self) -> dict[str, Any]:
        """The mutation as the push request carries it (SYNC.md)."""
        return {
            "id": self.id,
            "client_id": self.client_id,
            "seq": self.seq,
            "kind": self.kind,
            "entity_id": self.entity_id,
            "base_version": self.base_version,
            "payload": self.payload,
            "created_at": self.created_at.isoformat(),
            "author": self.author,
        }


@dataclass(frozen=True)
class MarkSummary:
    """How many answers of each status were recorded; `unknown` ids were not ours."""

    counts: dict[str, int]
    unknown: tuple[str, ...]


@dataclass(frozen=True)
class CaseSummary:
    id: str
    provisional_no: str | None
    official_no: str | None
    status: str
    request_type: str
    category_code: str | None
    summary: str
    created_at: datetime
    due_at: datetime | None


@dataclass(frozen=True)
class CallerHistory:
    number: str
    earlier_cases: tuple[CaseSummary, ...]
    open_cases: tuple[CaseSummary, ...]
    calls_last_30_days: int
    cases_last_30_days: int


@dataclass(frozen=True)
class UnsentLine:
    """A mutation still in the outbox: waiting to be sent, or set aside (parked)."""

    mutation_id: str
    #: A case.command's action (dispatch, reply …), else the kind (case.create …).
    what: str
    #: The case's number, or "" when the mutation is about something else (a
    #: knowledge article's flag).
    case_number: str
    author: str
    created_at: datetime
    parked: bool
    attempts: int
    #: Why the last delivery failed, or why it was set aside (ids and codes only).
    last_error: str | None
