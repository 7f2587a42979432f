"""Work orders and what hangs off them: history, notes, contacts, callbacks, calls."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, JSONText

_ID = String(36)
_CODE = String(32)
_USER = String(64)


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[str] = mapped_column(_ID, primary_key=True)
    provisional_no: Mapped[str | None] = mapped_column(String(32), index=True)
    official_no: Mapped[str | None] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(_CODE)

    caller_number: Mapped[str | None] = mapped_column(_CODE)
    callback_number: Mapped[str | None] = mapped_column(_CODE)
    caller_name: Mapped[str | None] = mapped_column(Text)
    requester_type: Mapped[str] = mapped_column(String(16), default="person")
    enterprise_name: Mapped[str | None] = mapped_column(Text)
    credit_code: Mapped[str | None] = mapped_column(String(18))
    confidential: Mapped[bool] = mapped_column(default=False)

    request_type: Mapped[str] = mapped_column(String(16))
    category_code: Mapped[str | None] = mapped_column(_CODE)
    narrative: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str | None] = mapped_column(Text)
    area_code: Mapped[str | None] = mapped_column(_CODE)
    urgency: Mapped[str] = mapped_column(String(16), default="normal")
    tags: Mapped[list[str]] = mapped_column(JSONText, default=list)
    # Added in revision 0002: knowledge articles the operator answered from.
    cited_article_ids: Mapped[list[str]] = mapped_column(
        JSONText, default=list, server_default="[]"
    )

    handling_mode: Mapped[str | None] = mapped_column(_CODE)
    lead_unit_code: Mapped[str | None] = mapped_column(_CODE)
    co_unit_codes: Mapped[list[str]] = mapped_column(JSONText, default=list)
    accept_due_at: Mapped[datetime | None]
    due_at: Mapped[datetime | None]
    deadline_confirmed: Mapped[bool] = mapped_column(default=True)
    redo_count: Mapped[int] = mapped_column(default=0)
    key_issue: Mapped[bool] = mapped_column(default=False)
    overseeing_leader: Mapped[str | None] = mapped_column(Text)
    resolution: Mapped[str | None] = mapped_column(String(16))
    satisfaction: Mapped[str | None] = mapped_column(String(16))

    created_by: Mapped[str] = mapped_column(_USER)
    holder: Mapped[str | None] = mapped_column(_USER)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # None until the server has acknowledged the case; the base of later updates.
    server_version: Mapped[int | None]
    deleted: Mapped[bool] = mapped_column(default=False)

    # Queue indexes (revision 0002), sized for a million cached cases.
    __table_args__ = (
        Index("ix_cases_status_due_at", "status", "due_at"),
        Index("ix_cases_holder_status", "holder", "status"),
        Index("ix_cases_caller_number_created_at", "caller_number", "created_at"),
        Index(
            "ix_cases_category_area_created_at",
            "category_code",
            "area_code",
            "created_at",
        ),
        Index("ix_cases_updated_at", "updated_at"),
        # Keyset paging of the loop queues (revision 0003).
        Index("ix_cases_due_at_id", "due_at", "id"),
        Index("ix_cases_created_at_id", "created_at", "id"),
        Index("ix_cases_updated_at_id", "updated_at", "id"),
        Index("ix_cases_lead_unit_code_due_at_id", "lead_unit_code", "due_at", "id"),
        Index("ix_cases_key_issue_due_at_id", "key_issue", "due_at", "id"),
        # The dashboard's index-only scans of a period (revision 0004).
        Index(
            "ix_cases_dashboard_cover",
            "created_at",
            "deleted",
            "status",
            "request_type",
            "requester_type",
            "handling_mode",
            "satisfaction",
            "category_code",
            "area_code",
            "due_at",
            "id",
        ),
        # An operator's own cases, paged and counted (revision 0006).
        Index(
            "ix_cases_created_by_deleted_created_at_id",
            "created_by",
            "deleted",
            "created_at",
            "id",
        ),
    )


class Caller(Base):
    """What the cache knows about a number that has called."""

    __tablename__ = "callers"

    number: Mapped[str] = mapped_column(_CODE, primary_key=True)
    name: Mapped[str | None] = mapped_column(Text)
    requester_type: Mapped[str | None] = mapped_column(String(16))
    enterprise_name: Mapped[str | None] = mapped_column(Text)
    credit_code: Mapped[str | None] = mapped_column(String(18))
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]


class Call(Base):
    __tablename__ = "calls"

    id: Mapped[str] = mapped_column(_ID, primary_key=True)
    caller_number: Mapped[str] = mapped_column(_CODE)
    case_id: Mapped[str | None] = mapped_column(ForeignKey("cases.id"), index=True)
    direction: Mapped[str] = mapped_column(String(8), default="in")
    operator: Mapped[str] = mapped_column(_USER)
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]

    __table_args__ = (
        Index("ix_calls_caller_number_started_at", "caller_number", "started_at"),
    )


class CaseEvent(Base):
    """One line of a case's history: who did what, when, from which status to which."""

    __tablename__ = "case_events"

    id: Mapped[str] = mapped_column(_ID, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"))
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(_USER)
    action: Mapped[str] = mapped_column(_CODE)
    from_status: Mapped[str | None] = mapped_column(_CODE)
    to_status: Mapped[str | None] = mapped_column(_CODE)
    reason: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSONText, default=dict)
    server_version: Mapped[int | None]

    __table_args__ = (
        Index("ix_case_events_case_id_at", "case_id", "at"),
        # The dashboard's first reply per case, index-only (revision 0004).
        Index("ix_case_events_case_id_action_at", "case_id", "action", "at"),
    )


class Note(Base):
    __tablename__ = "notes"

    id: Mapped[str] = mapped_column(_ID, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    author: Mapped[str] = mapped_column(_USER)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    server_version: Mapped[int | None]


class ContactRecord(Base):
    """A handling unit's record of talking to the caller directly."""

    __tablename__ = "contact_records"

    id: Mapped[str] = mapped_column(_ID, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    unit_code: Mapped[str | None] = mapped_column(_CODE)
    contacted_at: Mapped[datetime]
    method: Mapped[str] = mapped_column(String(16))
    summary: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(_USER)
    server_version: Mapped[int | None]


class CallbackAttempt(Base):
    __tablename__ = "callback_attempts"

    id: Mapped[str] = mapped_column(_ID, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    attempted_at: Mapped[datetime]
    reached: Mapped[bool]
    agent: Mapped[str] = mapped_column(_USER)
    note: Mapped[str | None] = mapped_column(Text)
    server_version: Mapped[int | None]


class ChecklistAnswer(Base):
    __tablename__ = "checklist_answers"

    id: Mapped[str] = mapped_column(_ID, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    question_code: Mapped[str] = mapped_column(_CODE)
    answer: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[str] = mapped_column(_USER)
    answered_at: Mapped[datetime]
    server_version: Mapped[int | None]


class DashboardHour(Base):
    """Cases counted per UTC hour, request type and lane (revision 0005).

    Written only by the triggers on cases; app/models/dashboard.py reads it.
    """

    __tablename__ = "dashboard_hours"
    __table_args__ = ({"sqlite_with_rowid": False},)

    utc_hour: Mapped[str] = mapped_column(String(13), primary_key=True)
    request_type: Mapped[str] = mapped_column(String(16), primary_key=True)
    requester_type: Mapped[str] = mapped_column(String(16), primary_key=True)
    cases: Mapped[int]
    valid: Mapped[int]
    on_call: Mapped[int]
    finished: Mapped[int]
    answered: Mapped[int]
    pleased: Mapped[int]


class DashboardDay(Base):
    """Categorised cases counted per local day, category and lane (revision 0005).

    Written only by the triggers on cases; app/models/dashboard.py reads it.
    """

    __tablename__ = "dashboard_days"
    __table_args__ = ({"sqlite_with_rowid": False},)

    local_day: Mapped[str] = mapped_column(String(10), primary_key=True)
    category_code: Mapped[str] = mapped_column(_CODE, primary_key=True)
    requester_type: Mapped[str] = mapped_column(String(16), primary_key=True)
    cases: Mapped[int]


class DashboardOnTime(Base):
    """Finished dispatched cases and those replied to in time, per local day and lane.

    Revision 0005; written only by the triggers on cases and case_events.
    """

    __tablename__ = "dashboard_on_time"
    __table_args__ = ({"sqlite_with_rowid": False},)

    local_day: Mapped[str] = mapped_column(String(10), primary_key=True)
    requester_type: Mapped[str] = mapped_column(String(16), primary_key=True)
    finished: Mapped[int]
    on_time: Mapped[int]
