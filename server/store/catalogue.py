"""Dispatch catalogue rules decided at the disputes meeting.

A rule is a reference item of kind ``dispatch_rule`` keyed by its id, so it reaches
every workstation through the change feed like the other centre-owned data, where it
lands in the cache's dispatch_rules table ahead of the shipped catalogue's lines.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.store import reference
from server.store.tables import ReferenceItem

log = logging.getLogger(__name__)

RULE_KIND = "dispatch_rule"


def save_rule(
    session: Session, rule: dict[str, Any], *, decided_by: str
) -> tuple[dict[str, Any], bool]:
    """Store the rule; (stored data, created). A repeat of the same id is harmless."""
    rule_id = str(rule["rule_id"])
    existing = session.get(ReferenceItem, (RULE_KIND, rule_id))
    if existing is not None and not existing.deleted:
        return dict(existing.data), False
    data = {
        **rule,
        "rule_id": rule_id,
        "decided_by": decided_by,
        "decided_at": datetime.now(UTC).isoformat(),
    }
    reference.upsert(session, RULE_KIND, rule_id, data)
    log.info("dispatch rule %s added by a supervisor", rule_id)
    return data, True


def list_rules(session: Session) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(ReferenceItem)
        .where(ReferenceItem.kind == RULE_KIND, ReferenceItem.deleted.is_(False))
        .order_by(ReferenceItem.updated_at, ReferenceItem.code)
    )
    return [dict(row.data) for row in rows]
