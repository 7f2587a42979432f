"""Checks of case field values arriving in mutations and Open311 requests."""

from __future__ import annotations

from typing import Any

from app.domain.errors import FieldError
from app.domain.fields import check_text
from app.domain.vocabulary import (
    HandlingMode,
    RequesterType,
    RequestType,
    Resolution,
    Satisfaction,
    Status,
    Urgency,
)
from app.sync.wire import bad_character

# Case field -> the FIELD_LIMITS entry that bounds it.
_TEXT_LIMIT = {
    "caller_number": "phone",
    "callback_number": "phone",
    "caller_name": "caller_name",
    "enterprise_name": "enterprise_name",
    "narrative": "narrative",
    "summary": "summary",
    "address": "address",
    "dispatch_instruction": "dispatch_instruction",
    "overseeing_leader": "overseeing_leader",
    "reply": "reply",
}
_CODES = {"category_code", "area_code", "lead_unit_code", "credit_code"}
_ENUMS: dict[str, type[Any]] = {
    "requester_type": RequesterType,
    "request_type": RequestType,
    "urgency": Urgency,
    "handling_mode": HandlingMode,
    "status": Status,
    "resolution": Resolution,
    "satisfaction": Satisfaction,
}


def _refuse(field: str, zh: str, en: str) -> FieldError:
    return FieldError(field, f"{field}：{zh}", f"{field}: {en}")


def check_code(field: str, value: Any, limit: int = 40) -> str:
    if not isinstance(value, str) or not value or len(value) > limit:
        raise _refuse(
            field,
            f"须为不超过{limit}个字符的代码",
            f"must be a code of 1-{limit} characters",
        )
    if bad_character(value, multiline=False) or not value.isprintable():
        raise _refuse(field, "含有控制字符", "contains control characters")
    return value


def check_value(field: str, value: Any) -> Any:
    """The value if acceptable for the field, else FieldError naming the field."""
    if value is None:
        return None
    if field in _TEXT_LIMIT:
        if not isinstance(value, str):
            raise _refuse(field, "须为文本", "must be text")
        return check_text(_TEXT_LIMIT[field], value)
    if field in _CODES:
        return check_code(field, value)
    if field in _ENUMS:
        try:
            return str(_ENUMS[field](value))
        except ValueError:
            raise _refuse(field, "取值无效", "value not allowed") from None
    if field in ("confidential", "key_issue"):
        if not isinstance(value, bool):
            raise _refuse(field, "须为是或否", "must be true or false")
        return value
    if field in ("tags", "co_unit_codes", "cited_article_ids"):
        if not isinstance(value, list) or len(value) > 50:
            raise _refuse(field, "须为不超过50项的列表", "must be a list of at most 50")
        if field == "tags":
            return [
                check_text("tag", v) if isinstance(v, str) else _bad(field)
                for v in value
            ]
        return [check_code(field, v, 64) for v in value]
    if field in ("lat", "long"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _refuse(field, "须为数字", "must be a number")
        bound = 90 if field == "lat" else 180
        if not -bound <= float(value) <= bound:
            raise _refuse(field, "超出范围", "out of range")
        return float(value)
    if field == "provisional_no":
        return check_code(field, value)
    raise _refuse(field, "未知字段", "unknown field")


def _bad(field: str) -> str:
    raise _refuse(field, "须为文本", "must be text")


def check_fields(values: dict[str, Any], allowed: frozenset[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name not in allowed:
            raise _refuse(name, "不可在此修改", "cannot be set here")
        out[name] = check_value(name, value)
    return out
