"""Every table of the local cache; import tables from here."""

from app.models.tables.audit import AuditEvent
from app.models.tables.cases import (
    Call,
    CallbackAttempt,
    Caller,
    Case,
    CaseEvent,
    ChecklistAnswer,
    ContactRecord,
    Note,
)
from app.models.tables.reference import (
    Area,
    CalendarYear,
    Category,
    ChecklistTemplate,
    DeadlineRule,
    Department,
    DispatchRule,
    KnowledgeArticle,
)
from app.models.tables.sync import Conflict, Draft, Outbox, Rejection, SyncState

__all__ = [
    "Area",
    "AuditEvent",
    "CalendarYear",
    "Call",
    "CallbackAttempt",
    "Caller",
    "Case",
    "CaseEvent",
    "Category",
    "ChecklistAnswer",
    "ChecklistTemplate",
    "Conflict",
    "ContactRecord",
    "DeadlineRule",
    "Department",
    "DispatchRule",
    "Draft",
    "KnowledgeArticle",
    "Note",
    "Outbox",
    "Rejection",
    "SyncState",
]
