"""Autosaved drafts: whatever is typed survives a crash or a forced re-login."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.models.journal import new_id, utc_now
from app.models.results import DraftInfo
from app.models.tables import Draft


def save_draft(
    session: Session,
    *,
    owner: str,
    fields: dict[str, Any],
    draft_id: str | None = None,
    case_id: str | None = None,
    now: datetime | None = None,
) -> DraftInfo:
    """Create or overwrite a draft; values are kept exactly as typed, unchecked."""
    stamp = now or utc_now()
    draft = session.get(Draft, draft_id) if draft_id else None
    if draft is None:
        draft = Draft(
            id=draft_id or new_id(), owner=owner, case_id=case_id, created_at=stamp
        )
        session.add(draft)
    draft.fields = dict(fields)
    draft.updated_at = stamp
    session.flush()
    return _info(draft)


def load_drafts(session: Session, owner: str) -> list[DraftInfo]:
    """The owner's drafts, most recently touched first."""
    rows = session.scalars(
        select(Draft).where(Draft.owner == owner).order_by(Draft.updated_at.desc())
    )
    return [_info(row) for row in rows]


def discard_draft(session: Session, draft_id: str) -> bool:
    result = session.execute(delete(Draft).where(Draft.id == draft_id))
    return bool(getattr(result, "rowcount", 0))


def _info(draft: Draft) -> DraftInfo:
    return DraftInfo(
        id=draft.id,
        owner=draft.owner,
        case_id=draft.case_id,
        fields=dict(draft.fields),
        created_at=draft.created_at,
        updated_at=draft.updated_at,
    )
