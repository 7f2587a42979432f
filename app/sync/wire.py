"""The sync wire schema shared by the workstation's sync engine and the server.

Everything here is pydantic v2 and strict on what a client sends: text refuses NUL
and control characters (PostgreSQL would refuse NUL later and turn it into a 500),
lengths are bounded, and unknown fields are an error. Answers from the server ignore
unknown fields so an older client keeps working against a newer server inside the
protocol window.

The contract itself is in SYNC.md and COMMON.md; the comments below say only what the
schema adds to it.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
)

from app.domain.fields import refused_character

PROTOCOL_VERSION = 1
# The window of protocol versions this code understands; the server answers 426 outside.
PROTOCOL_MIN = 1
PROTOCOL_MAX = 1
PROTOCOL_HEADER = "X-Hotline-Protocol"

MAX_BATCH = 500
MAX_PULL_LIMIT = 1000
MAX_PAYLOAD_TEXT = 100_000
MAX_PAYLOAD_DEPTH = 8
MAX_PAYLOAD_ITEMS = 2_000

MutationKind = Literal["case.create", "case.update", "case.command", "knowledge.flag"]
# The kinds every server of protocol version 1 understands.
BASE_KINDS = frozenset({"case.create", "case.update", "case.command"})
# Kinds added later inside version 1. Adding a kind is additive (an older client never
# sends it), so the version stays: raising it would make every older server answer 426
# to every request of a newer client. An older server refuses a batch holding a kind
# it does not know with 422 on the whole request, which the engine recognises and
# answers by parking that one mutation at once, so the queue behind it goes on.
#
# knowledge.flag: an operator flags a knowledge article as outdated. entity_id is the
# flag's own id, base_version the article version the operator saw; the payload holds
# "article_id" and, if the operator typed one, a short "reason".
ADDED_KINDS = frozenset({"knowledge.flag"})
MutationStatus = Literal["applied", "duplicate", "merged", "conflict", "rejected"]
ChangeOp = Literal["upsert", "remove"]


def bad_character(value: str, *, multiline: bool) -> str | None:
    """Return a description of the first refused character in value, or None.

    NUL and every control or surrogate character are refused; tab, newline and carriage
    return only in multi-line text.
    """
    index = refused_character(value, multiline=multiline)
    if index is None:
        return None
    return f"U+{ord(value[index]):04X} at position {index}"


def _single_line(value: str) -> str:
    problem = bad_character(value, multiline=False)
    if problem is not None:
        raise ValueError(f"control character refused: {problem}")
    return value


def _multi_line(value: str) -> str:
    problem = bad_character(value, multiline=True)
    if problem is not None:
        raise ValueError(f"control character refused: {problem}")
    return value


# Bounded text types. The bound is in characters; nothing is ever truncated.
Name = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_single_line)]
Line = Annotated[str, Field(max_length=200), AfterValidator(_single_line)]
Secret = Annotated[
    str, Field(min_length=1, max_length=256), AfterValidator(_single_line)
]
Token = Annotated[
    str, Field(min_length=16, max_length=256), AfterValidator(_single_line)
]
Reason = Annotated[
    str, Field(min_length=1, max_length=2000), AfterValidator(_multi_line)
]


def check_payload(value: Any, depth: int = 0) -> Any:
    """Refuse control characters, over-long strings and runaway nesting in a payload.

    Field-level rules (which fields exist, their limits) are the server's business; this
    only keeps hostile shapes out of the ledger and the database.
    """
    if depth > MAX_PAYLOAD_DEPTH:
        raise ValueError("payload nested too deeply")
    if isinstance(value, str):
        if len(value) > MAX_PAYLOAD_TEXT:
            raise ValueError(f"text longer than {MAX_PAYLOAD_TEXT} characters")
        problem = bad_character(value, multiline=True)
        if problem is not None:
            raise ValueError(f"control character refused: {problem}")
        return value
    if isinstance(value, dict):
        if len(value) > MAX_PAYLOAD_ITEMS:
            raise ValueError("too many keys")
        for key, item in value.items():
            if not isinstance(key, str) or len(key) > 64:
                raise ValueError("keys must be text of at most 64 characters")
            _single_line(key)
            check_payload(item, depth + 1)
        return value
    if isinstance(value, list):
        if len(value) > MAX_PAYLOAD_ITEMS:
            raise ValueError("too many items")
        for item in value:
            check_payload(item, depth + 1)
        return value
    if value is None or isinstance(value, bool | int | float):
        return value
    raise ValueError(f"unsupported value type {type(value).__name__}")


Payload = Annotated[dict[str, Any], AfterValidator(check_payload)]


class RequestModel(BaseModel):
    """Something a client sends: unknown fields are an error."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class ResponseModel(BaseModel):
    """Something the server answers: unknown fields are ignored (newer servers)."""

    model_config = ConfigDict(extra="ignore")


# --- authentication ---------------------------------------------------------------


class LoginRequest(RequestModel):
    username: Name
    password: Secret
    device_id: Name


class RefreshRequest(RequestModel):
    refresh_token: Token
    device_id: Name


class LogoutRequest(RequestModel):
    # Optional: without it only the access token of the request is revoked.
    refresh_token: Token | None = None


class UserInfo(ResponseModel):
    username: str
    role: str
    unit_code: str | None = None
    display_name: str | None = None


class TokenPair(ResponseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="seconds the access token stays valid")
    refresh_expires_in: int
    user: UserInfo


# --- registration ------------------------------------------------------------------


class RegisterRequest(RequestModel):
    client_id: uuid.UUID
    device_id: Name
    device_name: Line | None = None
    app_version: (
        Annotated[str, Field(max_length=40), AfterValidator(_single_line)] | None
    ) = None


class RegisterResponse(ResponseModel):
    client_id: uuid.UUID
    # The sequence number the server expects next from this client (1 for a new one).
    next_seq: int
    station_prefix: str
    server_time: datetime
    # The mutation kinds this server takes; servers before knowledge.flag leave it
    # out. A workstation queues again what it parked for a kind now listed here.
    mutation_kinds: list[str] | None = None


# --- push ----------------------------------------------------------------------------


class Mutation(RequestModel):
    id: uuid.UUID
    client_id: uuid.UUID
    seq: int = Field(ge=1, le=2**62)
    kind: MutationKind
    entity_id: uuid.UUID
    base_version: int | None = Field(default=None, ge=0, le=2**62)
    payload: Payload
    created_at: AwareDatetime
    author: Name


class PushRequest(RequestModel):
    client_id: uuid.UUID
    mutations: list[Mutation] = Field(max_length=MAX_BATCH)

    @field_validator("mutations")
    @classmethod
    def _same_client(cls, value: list[Mutation], info: Any) -> list[Mutation]:
        client_id = info.data.get("client_id")
        for mutation in value:
            if client_id is not None and mutation.client_id != client_id:
                raise ValueError("every mutation must carry the batch's client_id")
        return value


class FieldConflict(ResponseModel):
    conflict_id: uuid.UUID
    field: str
    base_value: Any = None
    server_value: Any = None
    client_value: Any = None


class MutationResult(ResponseModel):
    id: uuid.UUID
    status: MutationStatus
    reason_zh: str | None = None
    reason_en: str | None = None
    entity_version: int | None = None
    official_no: str | None = None
    conflicts: list[FieldConflict] | None = None


class PushResult(ResponseModel):
    # One result per mutation the server looked at, in the order sent. When a sequence
    # gap stops the batch, the mutations at and after the gap get no result here and
    # `expected_seq` names the sequence number to resend from.
    results: list[MutationResult]
    expected_seq: int | None = None
    gap: bool = False
    server_time: datetime


# --- pull --------------------------------------------------------------------------


class Change(ResponseModel):
    entity: str
    id: str
    version: int
    op: ChangeOp
    data: dict[str, Any] = Field(default_factory=dict)


class PullResponse(ResponseModel):
    cursor: str
    has_more: bool
    changes: list[Change]
    server_time: datetime | None = None


class SnapshotPage(ResponseModel):
    dataset: str
    items: list[dict[str, Any]]
    # Keyset position: pass it back as `after` to get the next page; None at the end.
    next_after: str | None
    has_more: bool
    # Change-feed cursor taken before the first page: pull from it after the snapshot so
    # nothing written during the download is missed.
    cursor: str
    total: int | None = None
    # Added later (additive): the existing records (history, notes, contact records,
    # callback attempts, checklist answers) of the page's cases, shaped like pulled
    # changes, so a first download brings each case's past and not only its row.
    records: list[Change] = Field(default_factory=list)


class StatusResponse(ResponseModel):
    server_time: datetime
    protocol_version: int
    protocol_min: int
    protocol_max: int
    retention_days: int
    retention_horizon: datetime
    database: str


class ErrorBody(ResponseModel):
    code: str
    message_zh: str
    message_en: str
    field: str | None = None
    request_id: str | None = None
    expected_seq: int | None = None


# --- audit -------------------------------------------------------------------------


class RevealRequest(RequestModel):
    field: Literal["caller_number", "callback_number"]
    reason: Reason
    device_id: Name | None = None


class RevealResponse(ResponseModel):
    case_id: uuid.UUID
    field: str
    value: str | None


class AuditEvent(ResponseModel):
    id: int
    at: datetime
    username: str
    action: str
    case_id: str | None = None
    device_id: str | None = None
    detail: str | None = None


class AuditPage(ResponseModel):
    events: list[AuditEvent]
    next_after: int | None
