"""The disputes register: returns (退单) grouped by department pair and month.

A unit that disputes responsibility asks to return the case (request_return, with a
reason); the centre approves or refuses, and after an approval re-dispatches it. The
monthly inter-department meeting goes through these returns pair by pair; what it
decides ("from now on category X in area Y goes to unit Z") is recorded here and sent
to the server, where it becomes a rule of the dispatch catalogue.

Which unit returned a case is read from the history line when it carries it
(``unit_code`` on the return, ``returned_by`` on the approval, as the server writes
it); otherwise it is the case's lead unit while no re-dispatch has happened since. The
target is the lead unit of the re-dispatch after an approval.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.domain.errors import FieldError
from app.domain.fields import check_text
from app.models.base import to_utc_text
from app.models.dashboard import local_midnight
from app.models.journal import add_audit_event, utc_now
from app.models.outbox import enqueue
from app.models.results import Actor
from app.models.tables import Outbox

logger = logging.getLogger(__name__)

RULE_KIND = "catalogue.rule"
PENDING = "pending"
APPROVED = "approved"
REFUSED = "refused"
UNKNOWN_UNIT = ""

# One row per return request in the months asked for, with its decision and the
# re-dispatch that followed an approval (each found through the history index).
_RETURNS = text(
    """
    WITH returns AS (
        SELECT r.id, r.case_id, r.at, r.reason, r.data AS rdata,
            (SELECT d.id FROM case_events AS d
             WHERE d.case_id = r.case_id AND d.at >= r.at
               AND d.action IN ('approve_return', 'refuse_return')
             ORDER BY d.at LIMIT 1) AS decision_id
        FROM case_events AS r
        WHERE r.action = 'request_return' AND r.at >= :start AND r.at < :end
    ), decided AS (
        SELECT returns.*, d.action AS decision, d.reason AS decision_reason,
               d.data AS ddata, d.at AS decided_at,
            (SELECT x.id FROM case_events AS x
             WHERE x.case_id = returns.case_id AND d.action = 'approve_return'
               AND x.at >= d.at AND x.action IN ('dispatch', 'reassign')
             ORDER BY x.at LIMIT 1) AS redispatch_id
        FROM returns LEFT JOIN case_events AS d ON d.id = returns.decision_id
    )
    SELECT decided.id, decided.case_id,
           COALESCE(c.official_no, c.provisional_no, c.id) AS case_no,
           strftime('%Y-%m', substr(decided.at, 1, 19), '+8 hours') AS month,
           decided.at, decided.reason, decided.decision, decided.decision_reason,
           COALESCE(
               json_extract(decided.rdata, '$.unit_code'),
               json_extract(decided.ddata, '$.returned_by'),
               CASE WHEN decided.redispatch_id IS NULL THEN c.lead_unit_code END,
               ''
           ) AS from_unit,
           CASE
               WHEN decided.redispatch_id IS NOT NULL THEN COALESCE(
                   json_extract(x.data, '$.lead_unit_code'), c.lead_unit_code, '')
               ELSE COALESCE(json_extract(decided.rdata, '$.suggested_unit_code'), '')
           END AS to_unit,
           c.category_code, c.area_code
    FROM decided
    JOIN cases AS c ON c.id = decided.case_id
    LEFT JOIN case_events AS x ON x.id = decided.redispatch_id
    WHERE c.deleted = 0
    ORDER BY month, from_unit, to_unit, decided.at
    """
)


@dataclass(frozen=True)
class ReturnLine:
    event_id: str
    case_id: str
    case_no: str
    requested_at: datetime
    reason: str
    outcome: str  # pending / approved / refused
    decision_reason: str
    category_code: str
    area_code: str


@dataclass(frozen=True)
class DisputeGroup:
    """The returns between one pair of units in one local month."""

    month: str  # YYYY-MM
    from_unit: str  # "" when the history does not say
    from_name: str
    to_unit: str  # "" while the centre has not re-dispatched
    to_name: str
    returns: tuple[ReturnLine, ...]

    @property
    def key(self) -> str:
        return f"{self.month}|{self.from_unit}|{self.to_unit}"

    @property
    def count(self) -> int:
        return len(self.returns)

    def outcomes(self) -> dict[str, int]:
        counts = {APPROVED: 0, REFUSED: 0, PENDING: 0}
        for line in self.returns:
            counts[line.outcome] += 1
        return counts

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(sorted({r.category_code for r in self.returns if r.category_code}))

    @property
    def areas(self) -> tuple[str, ...]:
        return tuple(sorted({r.area_code for r in self.returns if r.area_code}))

    @property
    def reasons(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for line in self.returns:
            if line.reason:
                seen.setdefault(line.reason)
        return tuple(seen)


def _months_bounds(first_month: date, last_month: date) -> tuple[str, str]:
    start = local_midnight(first_month.replace(day=1))
    year, month = last_month.year, last_month.month + 1
    if month == 13:
        year, month = year + 1, 1
    return to_utc_text(start), to_utc_text(local_midnight(date(year, month, 1)))


def dispute_register(
    session: Session, first_month: date, last_month: date
) -> tuple[DisputeGroup, ...]:
    """Returns requested in the local months from first_month to last_month."""
    start, end = _months_bounds(first_month, last_month)
    names: dict[str, str] = {
        code: name
        for code, name in session.execute(text("SELECT code, name_zh FROM departments"))
    }
    groups: dict[tuple[str, str, str], list[ReturnLine]] = {}
    for row in session.execute(_RETURNS, {"start": start, "end": end}):
        outcome = {"approve_return": APPROVED, "refuse_return": REFUSED}.get(
            row.decision or "", PENDING
        )
        line = ReturnLine(
            event_id=row.id,
            case_id=row.case_id,
            case_no=row.case_no,
            requested_at=datetime.fromisoformat(row.at.replace("Z", "+00:00")),
            reason=row.reason or "",
            outcome=outcome,
            decision_reason=row.decision_reason or "",
            category_code=row.category_code or "",
            area_code=row.area_code or "",
        )
        groups.setdefault((row.month, row.from_unit, row.to_unit), []).append(line)
    return tuple(
        DisputeGroup(
            month=month,
            from_unit=from_unit,
            from_name=names.get(from_unit, from_unit),
            to_unit=to_unit,
            to_name=names.get(to_unit, to_unit),
            returns=tuple(lines),
        )
        for (month, from_unit, to_unit), lines in groups.items()
    )


# --- decisions that become dispatch catalogue rules ----------------------------------


@dataclass(frozen=True)
class RuleDecision:
    """A meeting's decision, as queued for the server's dispatch catalogue."""

    rule_id: str
    category_prefix: str
    area_prefix: str
    lead_unit_code: str
    co_unit_codes: tuple[str, ...]
    note: str
    dispute_key: str
    state: str
    decided_at: datetime
    author: str


def catalogue_client_id(client_id: str) -> str:
    """The outbox lane for catalogue decisions, apart from the case mutations.

    The sync engine pushes only its own client id's rows to the case push endpoint,
    which knows case mutations only; decisions are delivered by deliver_decisions.
    """
    return str(uuid.uuid5(uuid.UUID(client_id), "dispatch-catalogue"))


def _code(field: str, value: str, *, required: bool) -> str:
    cleaned = check_text("tag", value.strip(), required=required)
    if cleaned and not cleaned.replace("-", "").replace("_", "").isalnum():
        raise FieldError(field, "代码只能包含字母和数字", f"The {field} must be a code")
    return cleaned


def record_decision(
    session: Session,
    group: DisputeGroup,
    *,
    category_prefix: str,
    area_prefix: str,
    lead_unit_code: str,
    co_unit_codes: Sequence[str] = (),
    note: str = "",
    actor: Actor,
    client_id: str,
    now: datetime | None = None,
) -> RuleDecision:
    """Queue "category X in area Y goes to unit Z" for the dispatch catalogue."""
    category = _code("category_prefix", category_prefix, required=True)
    area = _code("area_prefix", area_prefix, required=False)
    lead = _code("lead_unit_code", lead_unit_code, required=True)
    co_units = tuple(_code("co_unit_codes", c, required=True) for c in co_unit_codes)
    checked_note = check_text("note", note)
    stamp = now or utc_now()
    rule_id = str(uuid.uuid4())

    payload = {
        "rule_id": rule_id,
        "category_prefix": category,
        "area_prefix": area,
        "lead_unit_code": lead,
        "co_unit_codes": list(co_units),
        "note": checked_note,
        "dispute": {
            "month": group.month,
            "from_unit": group.from_unit,
            "to_unit": group.to_unit,
            "returns": group.count,
            "case_ids": [line.case_id for line in group.returns],
        },
    }
    row = enqueue(
        session,
        client_id=catalogue_client_id(client_id),
        kind=RULE_KIND,
        entity_id=rule_id,
        base_version=None,
        payload=payload,
        author=actor.username,
        now=stamp,
    )
    add_audit_event(
        session,
        at=stamp,
        actor=actor.username,
        action="catalogue.decision",
        entity_type="dispatch_rule",
        entity_id=rule_id,
        detail={"dispute": group.key, "lead_unit_code": lead},
    )
    session.flush()
    logger.info("catalogue decision %s queued for dispute %s", rule_id, group.key)
    return _decision(row)


def _decision(row: Outbox) -> RuleDecision:
    payload = row.payload
    dispute = payload.get("dispute") or {}
    return RuleDecision(
        rule_id=str(payload["rule_id"]),
        category_prefix=str(payload["category_prefix"]),
        area_prefix=str(payload.get("area_prefix") or ""),
        lead_unit_code=str(payload["lead_unit_code"]),
        co_unit_codes=tuple(payload.get("co_unit_codes") or ()),
        note=str(payload.get("note") or ""),
        dispute_key=f"{dispute.get('month')}|{dispute.get('from_unit')}|"
        f"{dispute.get('to_unit')}",
        state=row.state,
        decided_at=row.created_at,
        author=row.author,
    )


def list_decisions(
    session: Session, *, pending_only: bool = False
) -> list[RuleDecision]:
    query = select(Outbox).where(Outbox.kind == RULE_KIND)
    if pending_only:
        query = query.where(Outbox.state == "pending")
    return [_decision(row) for row in session.scalars(query.order_by(Outbox.seq))]


Post = Callable[[Mapping[str, Any]], Mapping[str, Any]]


def deliver_decisions(
    read: Callable[[], Any], write: Callable[[], Any], post: Post
) -> int:
    """Send pending decisions with `post` (the rule's JSON; the server's answer back).

    `read` and `write` are the cache's session contexts; no transaction is held while
    the network call runs. An answer with an ``id`` is applied; one with an error
    ``code`` is recorded as rejected with both messages. Network errors propagate and
    leave the decision pending for the next try.
    """
    with read() as session:
        rows = [
            (row.id, dict(row.payload))
            for row in session.scalars(
                select(Outbox)
                .where(Outbox.kind == RULE_KIND, Outbox.state == "pending")
                .order_by(Outbox.seq)
            )
        ]
    sent = 0
    for mutation_id, payload in rows:
        answer = post(payload)
        with write() as session:
            row = session.get(Outbox, mutation_id)
            if row is None:
                continue
            row.answered_at = utc_now()
            if answer.get("id"):
                row.state = "applied"
            else:
                row.state = "rejected"
                row.last_error = (
                    f"{answer.get('code')}: {answer.get('message_zh')} / "
                    f"{answer.get('message_en')}"
                )
        sent += 1
    logger.info("catalogue decisions delivered: %d", sent)
    return sent
