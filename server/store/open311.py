"""Open311 GeoReport v2 on top of the case store: services, requests, updates, keys.

The service list is the leaves of the category taxonomy; a service request is a case
with channel `open311`; the servicerequestupdates extension lists case history events.
GeoReport has no fields for the hotline's request type, urgency, official number,
callback result or satisfaction: they travel in `extended_attributes`.
The address is kept as the one string it arrived as (never split or reordered).
"""

from __future__ import annotations

import logging
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.errors import FieldError
from app.domain.vocabulary import RequestType, Status, Urgency
from app.domain.workflow import Action
from server.store.accounts import hash_token
from server.store.case_records import add_case_record
from server.store.cases import official_number, record_change, scope_keys
from server.store.tables import Case, CaseRecord, Open311Key, ReferenceItem
from server.store.validate import check_code, check_value

log = logging.getLogger(__name__)
CHANNEL = "open311"
DEFAULT_DAYS = 90
MAX_RESULTS = 1000
_CLOSED = {
    Status.CLOSED,
    Status.ANSWERED_ON_CALL,
    Status.EMERGENCY_TRANSFERRED,
    Status.INVALID,
}
# Hotline attributes a client may send as attribute[code] (service definition).
ATTRIBUTES: list[dict[str, Any]] = [
    {
        "code": "request_type",
        "enum": RequestType,
        "description": "诉求类型 / Request type",
    },
    {"code": "urgency", "enum": Urgency, "description": "紧急程度 / Urgency"},
]


class Open311Refused(Exception):
    """Answered as a GeoReport error list: [{code, description}]."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status, self.description = status, description


@dataclass(frozen=True)
class Service:
    code: str
    name: str
    description: str
    group: str
    keywords: str
    default_request_type: str | None


def spec_status(status: str) -> str:
    return "closed" if status in _CLOSED else "open"


# --- keys --------------------------------------------------------------------------


def add_key(session: Session, name: str) -> str:
    """A new key for the named application, shown once; only its hash is stored."""
    check_code("name", name, 64)
    if session.get(Open311Key, name) is not None:
        raise ValueError(f"an Open311 key named {name} exists")
    key = secrets.token_urlsafe(24)
    session.add(Open311Key(name=name, key_hash=hash_token(key), created_at=_now()))
    return key


def revoke_key(session: Session, name: str) -> bool:
    row = session.get(Open311Key, name)
    if row is None:
        return False
    row.revoked_at = _now()
    return True


def key_owner(session: Session, key: str | None) -> str | None:
    if not key or len(key) > 200:
        return None
    row = session.scalars(
        select(Open311Key).where(Open311Key.key_hash == hash_token(key))
    ).first()
    if row is None or row.revoked_at is not None:
        return None
    return row.name


def _now() -> datetime:
    return datetime.now(UTC)


# --- services ----------------------------------------------------------------------


def services(session: Session) -> list[Service]:
    """Leaves of the taxonomy (from the database, else the shipped reference file)."""
    rows = [
        dict(item.data)
        for item in session.scalars(
            select(ReferenceItem).where(
                ReferenceItem.kind == "category", ReferenceItem.deleted.is_(False)
            )
        )
    ]
    if not rows:
        from app.domain.reference import load_categories

        rows = [
            {
                "code": c.code,
                "parent_code": c.parent_code or "",
                "name_zh": c.name_zh,
                "name_en": c.name_en,
                "default_request_type": c.default_request_type or "",
                "pinyin_initials": c.pinyin_initials,
            }
            for c in load_categories()
        ]
    by_code = {str(r["code"]): r for r in rows}
    parents = {str(r.get("parent_code") or "") for r in rows}
    result = []
    for code in sorted(by_code):
        if code in parents:
            continue
        row = by_code[code]
        parent = by_code.get(str(row.get("parent_code") or ""))
        top = parent
        while top is not None and top.get("parent_code"):
            top = by_code.get(str(top["parent_code"]))
        path = " / ".join(
            str(r["name_zh"]) for r in (top, parent) if r is not None and r != row
        )
        result.append(
            Service(
                code=code,
                name=str(row["name_zh"]),
                description=f"{row['name_zh']} ({row.get('name_en') or ''})"
                + (f"，{path}" if path else ""),
                group=str(top["name_zh"]) if top is not None else str(row["name_zh"]),
                keywords=",".join(
                    k
                    for k in (str(row.get("name_en") or ""), row.get("pinyin_initials"))
                    if k
                ),
                default_request_type=str(row.get("default_request_type") or "") or None,
            )
        )
    return result


def service(session: Session, code: str) -> Service | None:
    return next((s for s in services(session) if s.code == code), None)


def definition(found: Service) -> dict[str, Any]:
    attributes = []
    for order, spec in enumerate(ATTRIBUTES, start=1):
        attributes.append(
            {
                "variable": True,
                "code": spec["code"],
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": None,
                "order": order,
                "description": spec["description"],
                "values": [
                    {"key": str(v), "name": f"{v.label_zh} / {v.label_en}"}
                    for v in spec["enum"]
                ],
            }
        )
    return {"service_code": found.code, "attributes": attributes}


# --- requests ----------------------------------------------------------------------


def _text(name: str, value: str | None, limit_field: str) -> str | None:
    from app.domain.fields import check_text

    if value is None or value == "":
        return None
    try:
        return check_text(limit_field, value)
    except FieldError as error:
        raise Open311Refused(400, f"{name}: {error.message_en}") from None


def _number(name: str, value: str | None) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except ValueError:
        raise Open311Refused(400, f"{name} must be a number") from None
    try:
        checked: float = check_value(name, number)
    except FieldError:
        raise Open311Refused(400, f"{name} is out of range") from None
    return checked


def create_request(
    session: Session,
    form: dict[str, str | None],
    attributes: dict[str, str],
    key_name: str,
    case_prefix: str,
) -> Case:
    """A case in status registered from a GeoReport POST (validated field by field)."""
    code = form.get("service_code")
    if not code:
        raise Open311Refused(400, "service_code is required")
    found = service(session, code) if len(code) <= 40 else None
    if found is None:
        raise Open311Refused(404, f"service_code {code[:40]} not found")
    lat, long = _number("lat", form.get("lat")), _number("long", form.get("long"))
    address = _text("address_string", form.get("address_string"), "address")
    address_id = _text("address_id", form.get("address_id"), "summary")
    if (lat is None or long is None) and not address and not address_id:
        raise Open311Refused(
            400, "a location is required: lat and long, address_string or address_id"
        )

    fields: dict[str, Any] = {
        "category_code": found.code,
        "narrative": _text("description", form.get("description"), "narrative"),
        "address": address,
        "lat": lat,
        "long": long,
        "request_type": found.default_request_type or RequestType.HELP.value,
        "urgency": Urgency.NORMAL.value,
    }
    names = [_text(n, form.get(n), "caller_name") for n in ("first_name", "last_name")]
    if any(names):
        fields["caller_name"] = " ".join(n for n in names if n)
    phone = _text("phone", form.get("phone"), "phone")
    if phone:
        fields["caller_number"] = fields["callback_number"] = phone
    # GeoReport fields the hotline has no column for, kept under their own names.
    for name in ("email", "device_id", "account_id", "media_url"):
        value = _text(name, form.get(name), "summary")
        if value:
            fields["open311_" + name] = value
    if address_id:
        fields["open311_address_id"] = address_id
    for name, value in attributes.items():
        spec = next((a for a in ATTRIBUTES if a["code"] == name), None)
        if spec is None:
            raise Open311Refused(400, f"attribute[{name[:40]}] is not defined")
        try:
            fields[name] = str(spec["enum"](value))
        except ValueError:
            raise Open311Refused(400, f"attribute[{name}] value not allowed") from None

    now = _now()
    fields = {k: v for k, v in fields.items() if v is not None}
    fields["received_at"] = now.isoformat()
    case = Case(
        id=str(uuid.uuid4()),
        official_no=official_number(session, case_prefix, now),
        status=Status.REGISTERED.value,
        channel=CHANNEL,
        created_by=f"open311:{key_name}",
        holder=None,
        lead_unit_code=None,
        co_unit_codes=[],
        confidential=False,
        fields=fields,
        version=1,
        created_at=now,
        updated_at=now,
    )
    session.add(case)
    session.flush()
    add_case_record(
        session,
        case,
        "case_event",
        {
            "action": Action.REGISTER.value,
            "from_status": Status.DRAFT.value,
            "to_status": Status.REGISTERED.value,
            "actor": case.created_by,
            "role": "system",
            "at": now.isoformat(),
            "channel": CHANNEL,
        },
        by=case.created_by,
        at=now,
        keys=scope_keys(case),
    )
    record_change(session, case, set())
    log.info("open311 request created case_id=%s key=%s", case.id, key_name)
    return case


def _window(
    start: datetime | None, end: datetime | None, now: datetime
) -> tuple[datetime, datetime]:
    for name, value in (("start_date", start), ("end_date", end)):
        if value is not None and value.tzinfo is None:
            raise Open311Refused(400, f"{name} needs a time zone (W3C format)")
    if start is None and end is None:
        return now - timedelta(days=DEFAULT_DAYS), now
    if start is None:
        assert end is not None
        return end - timedelta(days=DEFAULT_DAYS), end
    if end is None:
        return start, start + timedelta(days=DEFAULT_DAYS)
    if end < start:
        raise Open311Refused(400, "end_date is before start_date")
    return start, end


def query_requests(
    session: Session,
    *,
    ids: list[str] | None = None,
    service_code: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    status: str | None = None,
) -> list[Case]:
    """The spec's filters; without ids, a 90-day window and at most 1,000 results."""
    query = select(Case).where(Case.deleted.is_(False), Case.confidential.is_(False))
    if ids:
        # service_request_id overrides every other filter (GeoReport v2).
        return list(
            session.scalars(
                query.where(Case.official_no.in_(ids[:MAX_RESULTS])).order_by(
                    Case.created_at.desc()
                )
            )
        )
    low, high = _window(start, end, _now())
    query = query.where(Case.created_at >= low, Case.created_at <= high)
    if status is not None:
        if status not in ("open", "closed"):
            raise Open311Refused(400, "status must be open or closed")
        closed = [s.value for s in _CLOSED]
        query = query.where(
            Case.status.in_(closed)
            if status == "closed"
            else Case.status.not_in(closed)
        )
    rows = list(
        session.scalars(query.order_by(Case.created_at.desc()).limit(MAX_RESULTS * 2))
    )
    if service_code:
        codes = {c for c in service_code.split(",") if c}
        rows = [c for c in rows if (c.fields or {}).get("category_code") in codes]
    return rows[:MAX_RESULTS]


def request_by_token(session: Session, token: str) -> Case | None:
    try:
        case_id = str(uuid.UUID(token))
    except ValueError:
        return None
    case = session.get(Case, case_id)
    if case is None or case.deleted or case.channel != CHANNEL:
        return None
    return case


def to_request(case: Case, names: dict[str, str]) -> dict[str, Any]:
    """A case as a GeoReport service request (no caller identity, ever)."""
    fields = case.fields or {}
    code = fields.get("category_code")
    description = fields.get("summary") or (
        fields.get("narrative") if case.channel == CHANNEL else None
    )
    return {
        "service_request_id": case.official_no,
        "status": spec_status(case.status),
        "status_notes": fields.get("reply"),
        "service_name": names.get(str(code)) if code else None,
        "service_code": code,
        "description": description,
        "agency_responsible": case.lead_unit_code,
        "service_notice": None,
        "requested_datetime": case.created_at.isoformat(),
        "updated_datetime": case.updated_at.isoformat(),
        "expected_datetime": fields.get("due_at"),
        "address": fields.get("address"),
        "address_id": fields.get("open311_address_id"),
        "zipcode": None,
        "lat": fields.get("lat"),
        "long": fields.get("long"),
        "media_url": fields.get("open311_media_url"),
        "extended_attributes": {
            "official_no": case.official_no,
            "hotline_status": case.status,
            "channel": case.channel,
            "request_type": fields.get("request_type"),
            "urgency": fields.get("urgency"),
            "callback_result": fields.get("resolution"),
            "satisfaction": fields.get("satisfaction"),
        },
    }


def updates(
    session: Session, start: datetime | None, end: datetime | None
) -> list[dict[str, Any]]:
    """Case history events as servicerequestupdates (oldest first, at most 1,000)."""
    low, high = _window(start, end, _now())
    rows = session.execute(
        select(CaseRecord, Case)
        .join(Case, Case.id == CaseRecord.case_id)
        .where(
            CaseRecord.kind == "case_event",
            CaseRecord.created_at >= low,
            CaseRecord.created_at <= high,
            Case.deleted.is_(False),
            Case.confidential.is_(False),
        )
        .order_by(CaseRecord.created_at, CaseRecord.id)
        .limit(MAX_RESULTS)
    ).all()
    result = []
    for record, case in rows:
        data = record.data or {}
        to_status = str(data.get("to_status") or case.status)
        try:
            action = Action(str(data.get("action")))
            text = f"{action.label_zh} / {action.label_en}"
        except ValueError:
            text = str(data.get("action") or "update")
        result.append(
            {
                "update_id": record.id,
                "service_request_id": case.official_no,
                "status": spec_status(to_status),
                "updated_datetime": record.created_at.isoformat(),
                "description": text,
                "media_url": None,
                "extended_attributes": {"hotline_status": to_status},
            }
        )
    return result
