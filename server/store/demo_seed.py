"""`hotline-server demo seed`: reference data, demo accounts, articles and cases.

The cases come from `server.demo` (deterministic by seed) with their whole history:
times, deadlines, statuses, units, callbacks, and the events, notes, callback
attempts and contact records stored as the server's own `case_records` rows, each
published on the change feed after its case, so a workstation pulling from the
start receives full histories.

Accounts: the generator's people are demo accounts. op1..op8 register the cases
(op1 and op2 an eighth each), op1, op2, op5 and op6 do the callbacks, sup1 and sup2
supervise. h1 is bound to the unit that leads the most open dispatched cases and
stands for that unit's handler; every other lead unit gets a handler account
`hd.<unit code>`. All share the demo password (one Argon2 hash: hashing is slow by
design and these accounts guard fictitious data only).

Cases and records go in with multi-row Core INSERTs in chunks, their feed rows through
`feed.append` with one flush per chunk: the ORM row-by-row path for cases and records
took minutes.
"""

from __future__ import annotations

import logging
from collections import Counter as Tally
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from app.domain.clock import CHINA_TIME
from app.domain.vocabulary import Status
from server.settings import Settings
from server.store import feed
from server.store.accounts import add_user
from server.store.cases import scope_keys
from server.store.knowledge import save_article
from server.store.reference import import_reference
from server.store.tables import Case, Counter, User

log = logging.getLogger(__name__)
DEMO_PASSWORD = "hotline-demo-2026"
HANDLER = "h1"
# The accounts `./run demo` names; the generator's other people are added to them.
DEMO_USERS = [
    ("op1", "operator"),
    ("op2", "operator"),
    (HANDLER, "handler"),
    ("sup1", "supervisor"),
    ("admin", "admin"),
    ("auditor", "auditor"),
]
CHUNK = 2000

# Case keys of the generator that are table columns (the rest goes to `fields`).
_COLUMNS = (
    "id",
    "provisional_no",
    "status",
    "created_by",
    "holder",
    "callback_assignee",
    "lead_unit_code",
    "co_unit_codes",
    "confidential",
    "created_at",
    "updated_at",
)
_RECORD_LISTS = ("events", "notes", "callback_attempts", "contact_records")
# Generator keys the server does not keep (numbering is the server's own).
_NOT_STORED = frozenset({"official_no", "server_version", "deleted"})
# Statuses of a case a unit is working on (dispatched and not yet back at the centre).
_UNIT_OPEN = frozenset(
    {
        Status.DISPATCHED,
        Status.ACCEPTED,
        Status.RETURN_REQUESTED,
        Status.EXTENSION_REQUESTED,
        Status.REDO,
    }
)


def seed(
    session: Session, settings: Settings, *, cases: int, articles: int, seed: int
) -> str:
    from server import demo

    reference = import_reference(session)

    made_articles = 0
    for row in demo.generate_articles(articles, seed=seed):
        save_article(session, row)
        made_articles += 1

    # Drafts live only in a workstation's cache: the server never holds one.
    stream = demo.iter_cases(
        seed, cases, now=datetime.now(UTC), with_contact_records=True
    )
    generated = [c for c in stream if c["status"] != Status.DRAFT]
    unit = handler_unit(generated)
    _rename_handler(generated, demo.handler_name(unit) if unit else None)
    users = _add_users(session, generated, unit)

    made_cases, made_records = _store_cases(session, settings, generated)
    log.info(
        "demo seed: %d articles, %d cases, %d records, h1 unit %s",
        made_articles,
        made_cases,
        made_records,
        unit,
    )
    return (
        f"{reference} reference rows, {users} demo users (password {DEMO_PASSWORD!r}; "
        f"h1 handles unit {unit}), {made_articles} articles, {made_cases} cases, "
        f"{made_records} case records"
    )


def handler_unit(cases: Iterable[dict[str, Any]]) -> str | None:
    """The unit leading the most open dispatched cases (ties: the smaller code)."""
    counts = Tally(
        str(c["lead_unit_code"])
        for c in cases
        if c["lead_unit_code"] and c["status"] in _UNIT_OPEN
    )
    if not counts:
        return None
    return min(counts, key=lambda code: (-counts[code], code))


def _rename_handler(cases: list[dict[str, Any]], generated_name: str | None) -> None:
    """The chosen unit's generated handler becomes h1 in cases and histories."""
    if generated_name is None:
        return
    for case in cases:
        if case["holder"] == generated_name:
            case["holder"] = HANDLER
        for event in case["events"]:
            if event["actor"] == generated_name:
                event["actor"] = HANDLER
        for record in case.get("contact_records", ()):
            if record["created_by"] == generated_name:
                record["created_by"] = HANDLER


def _add_users(session: Session, cases: list[dict[str, Any]], unit: str | None) -> int:
    from server import demo

    wanted: dict[str, tuple[str, str | None]] = {
        name: (role, unit if role == "handler" else None) for name, role in DEMO_USERS
    }
    words = demo.inputs().words
    for name in [*words["operators"], *words["callback_agents"]]:
        wanted.setdefault(name, ("operator", None))
    for name in words["supervisors"]:
        wanted.setdefault(name, ("supervisor", None))
    for lead in sorted(
        {str(c["lead_unit_code"]) for c in cases if c["lead_unit_code"]}
    ):
        if lead != unit:
            wanted.setdefault(demo.handler_name(lead), ("handler", lead))
    if unit is None:
        # No dispatched case at all (a tiny seed): h1 still needs a unit to log in.
        wanted[HANDLER] = ("handler", "DEMO-UNIT")

    existing = set(session.scalars(select(User.username)))
    missing = [name for name in wanted if name not in existing]
    if not missing:
        return 0
    first = missing[0]
    role, user_unit = wanted[first]
    password_hash = add_user(
        session, first, DEMO_PASSWORD, role, user_unit
    ).password_hash
    session.execute(
        insert(User),
        [
            {
                "username": name,
                "password_hash": password_hash,
                "role": wanted[name][0],
                "unit_code": wanted[name][1],
                "disabled": False,
            }
            for name in missing[1:]
        ],
    )
    return len(missing)


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _case_row(case: dict[str, Any], official_no: str) -> dict[str, Any]:
    fields = {
        key: _iso(value)
        for key, value in case.items()
        if key not in _COLUMNS and key not in _RECORD_LISTS and key not in _NOT_STORED
    }
    # The server counts deadlines from the received time, which a call's start is.
    fields["received_at"] = case["created_at"].isoformat()
    row = {name: case[name] for name in _COLUMNS}
    row.update(
        official_no=official_no,
        channel="phone",
        co_unit_codes=list(case["co_unit_codes"] or []),
        confidential=bool(case["confidential"]),
        fields=fields,
        version=1,
        deleted=False,
    )
    return row


def _records(case: dict[str, Any]) -> list[dict[str, Any]]:
    """The case's history as `case_records` rows, in time order."""
    case_id = case["id"]
    rows: list[dict[str, Any]] = []
    for event in case["events"]:
        data = {
            "action": event["action"],
            "from_status": event["from_status"],
            "to_status": event["to_status"],
            "actor": event["actor"],
            "at": event["at"].isoformat(),
            **event["data"],
        }
        if event["reason"] is not None:
            data["reason"] = event["reason"]
        rows.append(_record(event["id"], case_id, "case_event", data))
    for note in case["notes"]:
        data = {
            "text": note["body"],
            "author": note["author"],
            "at": note["created_at"].isoformat(),
        }
        rows.append(_record(note["id"], case_id, "note", data))
    for attempt in case["callback_attempts"]:
        data = {
            "text": attempt["note"],
            "reached": attempt["reached"],
            "agent": attempt["agent"],
            "author": attempt["agent"],
            "at": attempt["attempted_at"].isoformat(),
        }
        rows.append(_record(attempt["id"], case_id, "callback_attempt", data))
    for contact in case.get("contact_records", ()):
        data = {
            "text": contact["summary"],
            "method": contact["method"],
            "unit_code": contact["unit_code"],
            "contacted_at": contact["contacted_at"].isoformat(),
            "author": contact["created_by"],
            "at": contact["contacted_at"].isoformat(),
        }
        rows.append(_record(contact["id"], case_id, "contact_record", data))
    rows.sort(key=lambda r: r["created_at"])
    return rows


def _record(
    record_id: str,
    case_id: str,
    kind: str,
    data: dict[str, Any],
) -> dict[str, Any]:
    return {
        "id": record_id,
        "case_id": case_id,
        "kind": kind,
        "data": data,
        "created_by": str(data.get("actor") or data["author"]),
        "created_at": datetime.fromisoformat(str(data["at"])),
    }


def _store_cases(
    session: Session, settings: Settings, generated: list[dict[str, Any]]
) -> tuple[int, int]:
    """Insert new cases, their records and feed rows; the counts inserted."""
    known: set[str] = set()
    ids = [c["id"] for c in generated]
    for start in range(0, len(ids), 500):
        known.update(
            session.scalars(
                select(Case.id).where(Case.id.in_(ids[start : start + 500]))
            )
        )
    fresh = sorted(
        (c for c in generated if c["id"] not in known), key=lambda c: c["created_at"]
    )
    numbers = _official_numbers(session, settings.case_prefix, fresh)

    made_records = 0
    for start in range(0, len(fresh), CHUNK):
        chunk = fresh[start : start + CHUNK]
        case_rows = [_case_row(c, numbers[c["id"]]) for c in chunk]
        record_rows = [_records(case) for case in chunk]
        session.execute(insert(_table("cases")), case_rows)
        flat = [record for records in record_rows for record in records]
        if flat:
            session.execute(insert(_table("case_records")), flat)

        # Through feed.append, so the feed's own bookkeeping (audience rows) is
        # written as for any change; appended in order, each case reaches a reader
        # before its records.
        for row, records in zip(case_rows, record_rows, strict=True):
            keys = scope_keys(_scope_view(row))
            _publish(session, "case", row["id"], row["id"], keys)
            for record in records:
                _publish(session, record["kind"], record["id"], row["id"], keys)
        session.flush()
        made_records += len(flat)
    return len(fresh), made_records


def _scope_view(row: dict[str, Any]) -> Case:
    """A transient Case with what `scope_keys` reads (never added to the session)."""
    return Case(
        created_by=row["created_by"],
        holder=row["holder"],
        callback_assignee=row["callback_assignee"],
        lead_unit_code=row["lead_unit_code"],
        co_unit_codes=row["co_unit_codes"],
        status=row["status"],
    )


def _publish(
    session: Session, entity: str, entity_id: str, case_id: str, keys: set[str]
) -> None:
    feed.append(
        session,
        entity=entity,
        entity_id=entity_id,
        case_id=case_id,
        op="upsert",
        keys=keys,
    )


def _official_numbers(
    session: Session, prefix: str, cases: list[dict[str, Any]]
) -> dict[str, str]:
    """Numbers by local day of receipt, continuing and advancing the day counters.

    Intake later the same day takes the next number from the same counter, so a
    seeded number is never handed out again.
    """
    by_day: dict[str, list[str]] = {}
    for case in cases:
        day = case["created_at"].astimezone(CHINA_TIME).strftime("%Y%m%d")
        by_day.setdefault(day, []).append(case["id"])
    numbers: dict[str, str] = {}
    for day, ids in by_day.items():
        name = "case_no:" + day
        counter = session.get(Counter, name)
        if counter is None:
            counter = Counter(name=name, value=0)
            session.add(counter)
        first = counter.value + 1
        counter.value += len(ids)
        for offset, case_id in enumerate(ids):
            numbers[case_id] = f"{prefix}{day}{first + offset:06d}"
    session.flush()
    return numbers


def _table(name: str) -> Table:
    # Core INSERTs skip the ORM's per-object bookkeeping (the bulk path).
    return Case.metadata.tables[name]
