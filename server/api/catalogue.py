"""The dispatch catalogue's rules: supervisors add the disputes meeting's decisions."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, ConfigDict, Field

from app.domain.vocabulary import Role
from app.sync.wire import ErrorBody
from server.api.deps import CurrentUser, DbSession, Protocol, require
from server.store import catalogue
from server.store.principal import Principal

router = APIRouter(prefix="/api/v1/catalogue", tags=["catalogue"])
_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody},
    403: {"model": ErrorBody},
    422: {"model": ErrorBody},
    426: {"model": ErrorBody},
}
_CODE = r"^[A-Za-z0-9_-]*$"
Code = Annotated[str, Field(min_length=1, max_length=32, pattern=_CODE)]


class DisputeRef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    month: Annotated[str, Field(pattern=r"^\d{4}-\d{2}$")]
    from_unit: Annotated[str, Field(max_length=32, pattern=_CODE)] = ""
    to_unit: Annotated[str, Field(max_length=32, pattern=_CODE)] = ""
    returns: Annotated[int, Field(ge=0, le=100_000)] = 0
    case_ids: Annotated[list[uuid.UUID], Field(max_length=1000)] = []


class RuleIn(BaseModel):
    """A rule of the dispatch catalogue, as the disputes register sends it."""

    model_config = ConfigDict(extra="forbid")

    rule_id: uuid.UUID
    category_prefix: Code
    area_prefix: Annotated[str, Field(max_length=32, pattern=_CODE)] = ""
    lead_unit_code: Code
    co_unit_codes: Annotated[list[Code], Field(max_length=20)] = []
    note: Annotated[str, Field(max_length=2000)] = ""
    dispute: DisputeRef | None = None


class RuleOut(RuleIn):
    model_config = ConfigDict(extra="ignore")

    id: uuid.UUID
    decided_by: str
    decided_at: str


class RuleList(BaseModel):
    rules: list[RuleOut]


Deciding = Annotated[Principal, Depends(require(Role.SUPERVISOR, Role.ADMIN))]


@router.post("/rules", response_model=RuleOut, status_code=201, responses=_ERRORS)
def add_rule(
    body: RuleIn,
    user: Deciding,
    _p: Protocol,
    session: DbSession,
    response: Response,
) -> RuleOut:
    stored, created = catalogue.save_rule(
        session, body.model_dump(mode="json"), decided_by=user.username
    )
    if not created:
        response.status_code = 200
    return RuleOut.model_validate({**stored, "id": stored["rule_id"]})


@router.get("/rules", response_model=RuleList, responses=_ERRORS)
def rules(user: CurrentUser, _p: Protocol, session: DbSession) -> RuleList:
    return RuleList(
        rules=[
            RuleOut.model_validate({**rule, "id": rule["rule_id"]})
            for rule in catalogue.list_rules(session)
        ]
    )
