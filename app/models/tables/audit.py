"""Who did what on this workstation; uploaded to the server's append-only log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, JSONText


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str | None] = mapped_column(String(36))
    # Ids and codes only: never names, numbers or narratives.
    detail: Mapped[dict[str, Any]] = mapped_column(JSONText, default=dict)
    uploaded_at: Mapped[datetime | None]

    __table_args__ = (
        Index("ix_audit_events_entity_id", "entity_id"),
        Index("ix_audit_events_uploaded_at_at", "uploaded_at", "at"),
    )
