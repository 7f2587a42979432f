"""Cases on the server: scopes, numbering, what each role may see."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import Engine, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain.clock import CHINA_TIME
from app.domain.phone import mask_phone
from app.domain.vocabulary import Role, Status
from server.store import feed
from server.store.case_records import address_to_new_keys
from server.store.tables import Case, Counter

# Fields the operator owns: changed through case.update with a three-way merge.
OPERATOR_FIELDS = frozenset(
    {
        "caller_number",
        "callback_number",
        "caller_name",
        "requester_type",
        "enterprise_name",
        "credit_code",
        "confidential",
        "request_type",
        "category_code",
        "narrative",
        "summary",
        "address",
        "area_code",
        "urgency",
        "tags",
        "cited_article_ids",
        "lat",
        "long",
    }
)
# Fields a case.create may also carry (handling chosen at intake).
CREATE_FIELDS = OPERATOR_FIELDS | {
    "provisional_no",
    "status",
    "handling_mode",
    "lead_unit_code",
    "co_unit_codes",
    "dispatch_instruction",
}
PERSONAL_FIELDS = ("caller_number", "callback_number", "caller_name")
CLOSED_RECENT_DAYS = 30


class CaseLike(Protocol):
    """A case's stored columns: an ORM `Case` or a Core row of the cases table."""

    @property
    def id(self) -> str: ...
    @property
    def official_no(self) -> str: ...
    @property
    def provisional_no(self) -> str | None: ...
    @property
    def status(self) -> str: ...
    @property
    def channel(self) -> str: ...
    @property
    def created_by(self) -> str: ...
    @property
    def holder(self) -> str | None: ...
    @property
    def callback_assignee(self) -> str | None: ...
    @property
    def lead_unit_code(self) -> str | None: ...
    @property
    def co_unit_codes(self) -> list[str]: ...
    @property
    def confidential(self) -> bool: ...
    @property
    def fields(self) -> dict[str, Any]: ...
    @property
    def version(self) -> int: ...
    @property
    def deleted(self) -> bool: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def updated_at(self) -> datetime: ...


def scope_keys(case: CaseLike) -> set[str]:
    """Audience keys of a case as it is now (see ChangeLog.audience)."""
    return case_keys(
        case.created_by,
        case.holder,
        case.callback_assignee,
        case.lead_unit_code,
        case.co_unit_codes,
        case.status,
    )


def case_keys(
    created_by: str,
    holder: str | None,
    callback_assignee: str | None,
    lead_unit_code: str | None,
    co_unit_codes: list[str] | None,
    status: str,
) -> set[str]:
    """Audience keys of a case with these values (a case not yet built included)."""
    keys = {"sup", f"u:{created_by}"}
    if holder:
        keys.add(f"u:{holder}")
    if callback_assignee:
        keys.add(f"u:{callback_assignee}")
    if lead_unit_code and status not in (Status.REGISTERED, Status.DRAFT):
        keys.add(f"d:{lead_unit_code}")
        keys.update(f"d:{code}" for code in co_unit_codes or [])
    return keys


def reader_keys(role: str, username: str, unit_code: str | None) -> list[str]:
    """Audience keys a user reads: `all` (reference data) and their scope."""
    keys = ["all"]
    if role == Role.SUPERVISOR:
        keys.append("sup")
    elif role == Role.OPERATOR:
        keys.append(f"u:{username}")
    elif role == Role.HANDLER and unit_code:
        keys.append(f"d:{unit_code}")
    return keys


def in_scope(case: CaseLike, role: str, username: str, unit_code: str | None) -> bool:
    if case.deleted:
        return False
    if role == Role.SUPERVISOR:
        if case.status == Status.CLOSED:
            horizon = datetime.now(UTC) - timedelta(days=CLOSED_RECENT_DAYS)
            return case.updated_at >= horizon
        return True
    keys = scope_keys(case)
    if role == Role.OPERATOR:
        return f"u:{username}" in keys
    if role == Role.HANDLER:
        return unit_code is not None and f"d:{unit_code}" in keys
    return False


def to_wire(case: CaseLike, role: str) -> dict[str, Any]:
    """The case as the cache stores it; a confidential caller is masked for handlers."""
    data: dict[str, Any] = dict(case.fields or {})
    data.update(
        id=case.id,
        official_no=case.official_no,
        provisional_no=case.provisional_no,
        status=case.status,
        channel=case.channel,
        created_by=case.created_by,
        holder=case.holder,
        callback_assignee=case.callback_assignee,
        lead_unit_code=case.lead_unit_code,
        co_unit_codes=list(case.co_unit_codes or []),
        confidential=case.confidential,
        created_at=case.created_at.isoformat(),
        updated_at=case.updated_at.isoformat(),
        server_version=case.version,
        deleted=case.deleted,
    )
    if role == Role.HANDLER and case.confidential:
        for name in PERSONAL_FIELDS:
            if data.get(name):
                data[name] = mask(str(data[name]))
    return data


def mask(value: str) -> str:
    """The domain's masking rule (it never raises: bad text keeps its last 4 digits)."""
    return mask_phone(value)


def record_change(session: Session, case: Case, previous_keys: set[str]) -> None:
    """Log a case change for everyone who sees it now or saw it before."""
    feed.append(
        session,
        entity="case",
        entity_id=case.id,
        case_id=case.id,
        op="remove" if case.deleted else "upsert",
        keys=scope_keys(case) | previous_keys,
    )
    if previous_keys:
        # A case entering a scope brings its earlier records (case_records.py).
        address_to_new_keys(session, case, scope_keys(case) - previous_keys)


def next_number(session: Session, name: str, step: int = 1) -> int:
    """Increment a named counter inside the caller's transaction; the new value."""
    for _attempt in range(3):
        value = session.execute(
            update(Counter)
            .where(Counter.name == name)
            .values(value=Counter.value + step)
            .returning(Counter.value)
        ).scalar()
        if value is not None:
            return int(value)
        try:
            with session.begin_nested():
                session.add(Counter(name=name, value=0))
        except IntegrityError:
            pass  # another transaction created it first: increment theirs
    raise RuntimeError("counter could not be created")


def reserve_numbers(
    session: Session, prefix: str, now: datetime, count: int
) -> list[str]:
    """Official numbers for a batch's new cases, taken in one short transaction.

    Only on PostgreSQL (see `_number_outside`); elsewhere, and for no cases, none:
    the caller then numbers each case inside its own transaction.
    """
    if count <= 0 or session.get_bind().dialect.name != "postgresql":
        return []
    day = now.astimezone(CHINA_TIME).strftime("%Y%m%d")
    # One statement in one short transaction, without an ORM session: created at
    # the day's first intake, incremented by the batch's count after.
    take = (
        pg_insert(Counter)
        .values(name="case_no:" + day, value=count)
        .on_conflict_do_update(
            index_elements=[Counter.name], set_={"value": Counter.value + count}
        )
        .returning(Counter.value)
    )
    with _numbering_engine(session).begin() as connection:
        last = int(connection.execute(take).scalar_one())
    return [f"{prefix}{day}{n:06d}" for n in range(last - count + 1, last + 1)]


def _number_outside(session: Session, name: str) -> int:
    """Take the number in a short transaction of its own (PostgreSQL).

    Inside the push's transaction the day's counter row would stay locked until that
    commits, serializing every intake in the centre behind the slowest batch. The
    price: a push that rolls back leaves a gap in the day's numbers (never a repeat).
    """
    with Session(_numbering_engine(session)) as own, own.begin():
        return next_number(own, name)


_NUMBERING: dict[str, Engine] = {}
_NUMBERING_LOCK = threading.Lock()


def _numbering_engine(session: Session) -> Engine:
    """A small pool of its own for numbering transactions.

    The caller already holds a connection of the main pool; taking a second one from
    the same pool could wait forever once every connection is held by such callers.
    Numbering transactions never wait for another connection, so a separate pool
    cannot deadlock.
    """
    from server.store.db import make_engine

    url = session.get_bind().engine.url.render_as_string(hide_password=False)
    with _NUMBERING_LOCK:
        engine = _NUMBERING.get(url)
        if engine is None:
            engine = _NUMBERING[url] = make_engine(url, pool_size=2)
    return engine


def official_number(session: Session, prefix: str, now: datetime) -> str:
    day = now.astimezone(CHINA_TIME).strftime("%Y%m%d")
    name = "case_no:" + day
    if session.get_bind().dialect.name == "postgresql":
        number = _number_outside(session, name)
    else:
        # SQLite writes are serialized already; a second connection would wait for
        # this transaction's own lock.
        number = next_number(session, name)
    return f"{prefix}{day}{number:06d}"


def lock_case(session: Session, case_id: str) -> Case | None:
    query = select(Case).where(Case.id == case_id)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    return session.scalars(query).first()
