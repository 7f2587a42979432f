"""What the centre publishes for the desk to read: reference lists, rules, articles.

Owns categories, departments, areas and imported calendar years (`_apply_reference`,
the centre's CSV text or JSON turned into typed values), the dispatch catalogue's
decided rules (`RULE_ENTITY`, `rule_row_id`, `_apply_rule`) and knowledge articles
(`apply_article`, `prefetch_articles`). They are few next to the cases, so they go
through the ORM.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.base import Base
from app.models.tables import (
    Area,
    CalendarYear,
    Category,
    Department,
    DispatchRule,
    KnowledgeArticle,
)
from app.sync import wire
from app.sync.apply_base import Applied, _fill_required, _is_time, _parse_time

_REFERENCE: dict[str, type[Base]] = {
    "category": Category,
    "department": Department,
    "area": Area,
    # One year of the official calendar, in the shipped override files' shape.
    "calendar_year": CalendarYear,
}


def _row_values(model: type[Base], data: dict[str, Any]) -> dict[str, Any]:
    """Column values for `model` out of the server's data, with times parsed."""
    columns = model.__table__.columns
    values: dict[str, Any] = {}
    for column in columns:
        name = column.key
        if name not in data:
            continue
        raw = data[name]
        if _is_time(column.type):
            raw = _parse_time(raw)
        elif isinstance(raw, str):
            raw = _from_text(column, raw)
        values[name] = raw
    return values


def _from_text(column: Any, raw: str) -> Any:
    """Reference rows travel as the centre's CSV text: "true", "3", "" for none."""
    try:
        kind = column.type.python_type
    except NotImplementedError:  # JSON and custom types keep what was sent
        return raw
    if kind is bool:
        return raw.strip().lower() in {"1", "true", "yes", "y"}
    if kind is int:
        return int(raw) if raw.strip() else None
    return raw


def prefetch_articles(session: Session, ids: list[str]) -> None:
    """Load articles into the session's identity map so session.get costs no query."""
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        list(
            session.scalars(
                select(KnowledgeArticle).where(KnowledgeArticle.id.in_(chunk))
            )
        )


def apply_article(
    session: Session,
    data: dict[str, Any],
    version: int,
    op: str,
    outcome: Applied,
) -> None:
    """Store one knowledge article if newer; remember it for the search index."""
    article_id = str(data.get("id"))
    row = session.get(KnowledgeArticle, article_id)
    if row is not None and version <= row.version:
        outcome.ignored += 1
        return
    values = _row_values(KnowledgeArticle, data)
    values["id"] = article_id
    values["version"] = version
    if op == "remove":
        values["deleted"] = True
    if row is None:
        _fill_required(KnowledgeArticle, values)
        session.add(KnowledgeArticle(**values))
    else:
        for name, value in values.items():
            setattr(row, name, value)
    if values.get("deleted"):
        outcome.removed_articles.append(article_id)
    else:
        outcome.articles.append(values)
    outcome.applied += 1


def _apply_reference(
    session: Session, model: type[Base], change: wire.Change, outcome: Applied
) -> None:
    values = _row_values(model, change.data)
    keys = [c.key for c in model.__table__.columns if c.primary_key]
    if len(keys) == 1 and keys[0] not in values:
        values[keys[0]] = change.id
    if any(k not in values for k in keys):
        outcome.ignored += 1
        return
    identity = tuple(values[k] for k in keys)
    row = session.get(model, identity if len(identity) > 1 else identity[0])
    if change.op == "remove":
        if row is not None:
            session.delete(row)
            outcome.removed += 1
        return
    if row is None:
        _fill_required(model, values)
        session.add(model(**values))
    else:
        for name, value in values.items():
            setattr(row, name, value)
    outcome.applied += 1


# --- dispatch catalogue rules from the disputes meeting ------------------------------

RULE_ENTITY = "dispatch_rule"


def rule_row_id(rule_id: str) -> int:
    """The dispatch_rules row id of a server rule: its UUID folded to 63 bits.

    The cache's rows from the resource file have small ids; a UUID's low 63 bits
    do not collide with them in practice, and the same rule always gets the same row.
    """
    try:
        number = uuid.UUID(rule_id).int
    except ValueError:
        number = int.from_bytes(rule_id.encode("utf-8")[-8:].rjust(8, b"\0"), "big")
    return (number & ((1 << 63) - 1)) or 1


def _apply_rule(session: Session, change: wire.Change, outcome: Applied) -> None:
    """A decided rule (server/store/catalogue.py) lands in the dispatch_rules table."""
    row_id = rule_row_id(str(change.data.get("rule_id") or change.id))
    row = session.get(DispatchRule, row_id)
    if change.op == "remove":
        if row is not None:
            session.delete(row)
            outcome.removed += 1
        return
    data = change.data
    category = str(data.get("category_prefix") or "")
    lead = str(data.get("lead_unit_code") or "")
    if not category or not lead:
        outcome.ignored += 1
        return
    values = {
        "category_prefix": category,
        "area_prefix": str(data.get("area_prefix") or ""),
        "lead_unit_code": lead,
        "co_unit_codes": [str(c) for c in data.get("co_unit_codes") or []],
        "note": str(data.get("note") or "") or None,
    }
    if row is None:
        session.add(DispatchRule(id=row_id, **values))
    else:
        for name, value in values.items():
            setattr(row, name, value)
    outcome.applied += 1
