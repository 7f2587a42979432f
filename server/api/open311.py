"""Open311 GeoReport v2 under /open311/v2, in JSON and XML.

Reads are public as the spec intends (no caller identity is ever published; cases
marked confidential are left out); creating a request needs an api_key issued with
`hotline-server open311 key add NAME`.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Annotated, Any, Literal
from xml.etree import ElementTree

from fastapi import APIRouter, Depends, Form, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict

from server.api.deps import Config, DbSession
from server.store import open311
from server.store.open311 import Open311Refused

log = logging.getLogger(__name__)
router = APIRouter(prefix="/open311/v2", tags=["open311"])
Format = Literal["json", "xml"]
_MEDIA = {"json": "application/json", "xml": "text/xml"}
# Element names of list items in the XML form (GeoReport v2).
_ITEM = {
    "services": "service",
    "service_requests": "request",
    "service_request_updates": "request_update",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}
SPEC_URL = "http://wiki.open311.org/GeoReport_v2"


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ServiceOut(_Out):
    service_code: str
    service_name: str
    description: str
    metadata: bool
    type: Literal["realtime", "batch", "blackbox"]
    keywords: str
    group: str


class ValueOut(_Out):
    key: str
    name: str


class AttributeOut(_Out):
    variable: bool
    code: str
    datatype: str
    required: bool
    datatype_description: str | None
    order: int
    description: str
    values: list[ValueOut]


class DefinitionOut(_Out):
    service_code: str
    attributes: list[AttributeOut]


class CreatedOut(_Out):
    service_request_id: str
    token: str
    service_notice: str | None
    account_id: str | None


class ExtendedOut(_Out):
    official_no: str
    hotline_status: str
    channel: str
    request_type: str | None
    urgency: str | None
    callback_result: str | None
    satisfaction: str | None


class RequestOut(_Out):
    service_request_id: str
    status: Literal["open", "closed"]
    status_notes: str | None
    service_name: str | None
    service_code: str | None
    description: str | None
    agency_responsible: str | None
    service_notice: str | None
    requested_datetime: str
    updated_datetime: str
    expected_datetime: str | None
    address: str | None
    address_id: str | None
    zipcode: str | None
    lat: float | None
    long: float | None
    media_url: str | None
    extended_attributes: ExtendedOut


class TokenOut(_Out):
    service_request_id: str
    token: str


class UpdateExtOut(_Out):
    hotline_status: str


class UpdateOut(_Out):
    update_id: str
    service_request_id: str
    status: Literal["open", "closed"]
    updated_datetime: str
    description: str
    media_url: str | None
    extended_attributes: UpdateExtOut


class EndpointOut(_Out):
    specification: str
    url: str
    changeset: str
    type: str
    formats: list[str]


class DiscoveryOut(_Out):
    changeset: str
    contact: str
    key_service: str
    endpoints: list[EndpointOut]


class ErrorOut(_Out):
    code: int
    description: str


def _doc(model: Any) -> dict[int | str, dict[str, Any]]:
    """OpenAPI answers: the JSON model, the XML form, GeoReport error lists."""
    errors = {"model": list[ErrorOut]}
    return {
        200: {
            "model": model,
            "content": {"text/xml": {"schema": {"type": "string"}}},
        },
        400: errors,
        403: errors,
        404: errors,
    }


def _xml_into(parent: ElementTree.Element, name: str, value: Any) -> None:
    node = ElementTree.SubElement(parent, name)
    if isinstance(value, dict):
        for key, item in value.items():
            _xml_into(node, key, item)
    elif isinstance(value, list):
        for item in value:
            _xml_into(node, _ITEM.get(name, "item"), item)
    elif isinstance(value, bool):
        node.text = "true" if value else "false"
    elif value is not None:
        node.text = str(value)


def render(fmt: str, root: str, value: Any, status: int = 200) -> Response:
    if fmt == "xml":
        element = ElementTree.Element(root)
        if isinstance(value, list):
            for item in value:
                _xml_into(element, _ITEM.get(root, "item"), item)
        else:
            for key, item in value.items():
                _xml_into(element, key, item)
        body = b'<?xml version="1.0" encoding="utf-8"?>' + ElementTree.tostring(
            element, encoding="utf-8", xml_declaration=False
        )
        return Response(body, status_code=status, media_type=_MEDIA["xml"])
    return Response(
        json.dumps(value, ensure_ascii=False).encode(),
        status_code=status,
        media_type=_MEDIA["json"],
    )


def error_response(fmt: str, status: int, description: str) -> Response:
    return render(fmt, "errors", [{"code": status, "description": description}], status)


@router.get("/discovery.{fmt}", responses=_doc(DiscoveryOut))
def discovery(request: Request, fmt: Format, config: Config) -> Response:
    base = str(request.base_url).rstrip("/") + router.prefix
    return render(
        fmt,
        "discovery",
        {
            "changeset": "2026-12-03T00:00:00+08:00",
            "contact": f"12345 hotline ({config.open311_jurisdiction})",
            "key_service": "Ask the hotline centre's IT for an api_key",
            "endpoints": [
                {
                    "specification": SPEC_URL,
                    "url": base,
                    "changeset": "2026-12-03T00:00:00+08:00",
                    "type": "production",
                    "formats": [_MEDIA["json"], _MEDIA["xml"]],
                }
            ],
        },
    )


def _service(item: open311.Service) -> dict[str, Any]:
    return {
        "service_code": item.code,
        "service_name": item.name,
        "description": item.description,
        "metadata": True,
        "type": "realtime",
        "keywords": item.keywords,
        "group": item.group,
    }


@router.get("/services.{fmt}", responses=_doc(list[ServiceOut]))
def services(fmt: Format, session: DbSession) -> Response:
    return render(fmt, "services", [_service(s) for s in open311.services(session)])


@router.get("/services/{service_code}.{fmt}", responses=_doc(DefinitionOut))
def service_definition(
    service_code: Annotated[str, Path(max_length=40)], fmt: Format, session: DbSession
) -> Response:
    found = open311.service(session, service_code)
    if found is None:
        raise Open311Refused(404, f"service_code {service_code} not found")
    return render(fmt, "service_definition", open311.definition(found))


async def _attributes(request: Request) -> dict[str, str]:
    """attribute[code]=value pairs of the form (names the schema cannot list)."""
    form = await request.form()
    found: dict[str, str] = {}
    for key, value in form.multi_items():
        if (
            key.startswith("attribute[")
            and key.endswith("]")
            and isinstance(value, str)
        ):
            found[key[len("attribute[") : -1]] = value
    return found


_Text = Annotated[str | None, Form(max_length=10000)]


@router.post("/requests.{fmt}", responses=_doc(list[CreatedOut]))
def create_request(
    fmt: Format,
    session: DbSession,
    config: Config,
    attributes: Annotated[dict[str, str], Depends(_attributes)],
    api_key: _Text = None,
    jurisdiction_id: _Text = None,
    service_code: _Text = None,
    lat: _Text = None,
    long: _Text = None,
    address_string: _Text = None,
    address_id: _Text = None,
    email: _Text = None,
    device_id: _Text = None,
    account_id: _Text = None,
    first_name: _Text = None,
    last_name: _Text = None,
    phone: _Text = None,
    description: _Text = None,
    media_url: _Text = None,
) -> Response:
    owner = open311.key_owner(session, api_key)
    if owner is None:
        raise Open311Refused(403, "api_key is missing or not valid")
    if jurisdiction_id and jurisdiction_id != config.open311_jurisdiction:
        raise Open311Refused(404, "jurisdiction_id not served here")
    form = {
        "service_code": service_code,
        "lat": lat,
        "long": long,
        "address_string": address_string,
        "address_id": address_id,
        "email": email,
        "device_id": device_id,
        "account_id": account_id,
        "first_name": first_name,
        "last_name": last_name,
        "phone": phone,
        "description": description,
        "media_url": media_url,
    }
    case = open311.create_request(session, form, attributes, owner, config.case_prefix)
    return render(
        fmt,
        "service_requests",
        [
            {
                "service_request_id": case.official_no,
                "token": case.id,
                "service_notice": "已受理，将按时限办理 / Registered; it will be "
                "handled within the hotline's deadlines",
                "account_id": account_id,
            }
        ],
    )


def _names(session: DbSession) -> dict[str, str]:
    return {s.code: s.name for s in open311.services(session)}


_Stamp = Annotated[datetime | None, Query()]


@router.get("/requests.{fmt}", responses=_doc(list[RequestOut]))
def list_requests(
    fmt: Format,
    session: DbSession,
    service_request_id: Annotated[str | None, Query(max_length=4000)] = None,
    service_code: Annotated[str | None, Query(max_length=4000)] = None,
    start_date: _Stamp = None,
    end_date: _Stamp = None,
    status: Annotated[Literal["open", "closed"] | None, Query()] = None,
    jurisdiction_id: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    ids = [i for i in (service_request_id or "").split(",") if i][:1000]
    rows = open311.query_requests(
        session,
        ids=ids or None,
        service_code=service_code,
        start=start_date,
        end=end_date,
        status=status,
    )
    names = _names(session)
    return render(fmt, "service_requests", [open311.to_request(c, names) for c in rows])


@router.get("/requests/{service_request_id}.{fmt}", responses=_doc(list[RequestOut]))
def one_request(
    service_request_id: Annotated[str, Path(max_length=40)],
    fmt: Format,
    session: DbSession,
) -> Response:
    rows = open311.query_requests(session, ids=[service_request_id])
    if not rows:
        raise Open311Refused(404, f"service_request_id {service_request_id} not found")
    names = _names(session)
    return render(fmt, "service_requests", [open311.to_request(rows[0], names)])


@router.get("/tokens/{token}.{fmt}", responses=_doc(list[TokenOut]))
def token(
    token: Annotated[str, Path(max_length=64)], fmt: Format, session: DbSession
) -> Response:
    case = open311.request_by_token(session, token)
    if case is None:
        raise Open311Refused(404, "token not found")
    return render(
        fmt,
        "service_requests",
        [{"service_request_id": case.official_no, "token": case.id}],
    )


@router.get("/servicerequestupdates.{fmt}", responses=_doc(list[UpdateOut]))
def request_updates(
    fmt: Format,
    session: DbSession,
    start_date: _Stamp = None,
    end_date: _Stamp = None,
) -> Response:
    return render(
        fmt, "service_request_updates", open311.updates(session, start_date, end_date)
    )
