"""Which case fields an operator may set, and how each value is checked.

Values are checked, never rewritten: a refused value raises FieldError naming the
field, with a message in Chinese and English.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any

from app.domain.errors import FieldError
from app.domain.fields import check_text, field_label
from app.domain.vocabulary import HandlingMode, RequesterType, RequestType, Urgency

_CODE_LIMIT = 32

# Names for the fields that app.domain.fields does not label (it labels text fields).
_LABELS = {
    "caller_number": ("来电号码", "caller number"),
    "callback_number": ("联系电话", "callback number"),
    "requester_type": ("诉求人类型", "requester type"),
    "confidential": ("保密", "confidential flag"),
    "request_type": ("诉求类型", "request type"),
    "category_code": ("事项分类", "category"),
    "area_code": ("所属区域", "area"),
    "urgency": ("紧急程度", "urgency"),
    "tags": ("标签", "tags"),
    "cited_article_ids": ("引用知识", "cited articles"),
    "handling_mode": ("办理方式", "handling mode"),
    "lead_unit_code": ("主办单位", "lead unit"),
    "co_unit_codes": ("协办单位", "co-units"),
    "accept_due_at": ("签收时限", "accept deadline"),
    "due_at": ("办结时限", "finish deadline"),
    "deadline_confirmed": ("时限已确认", "deadline confirmed flag"),
}


def _refuse(field: str, zh: str, en: str, code: str = "field_invalid") -> FieldError:
    name_zh, name_en = _LABELS.get(field) or field_label(field)
    return FieldError(field, zh.format(name_zh), en.format(name_en), code)


def _text(name: str, *, required: bool = False) -> Callable[[str, Any], Any]:
    def check(field: str, value: Any) -> Any:
        if value is None and not required:
            return None
        return check_text(name, _string(field, value), required=required)

    return check


def _choice(
    codes: type[StrEnum], *, required: bool = False
) -> Callable[[str, Any], Any]:
    def check(field: str, value: Any) -> Any:
        if value is None and not required:
            return None
        try:
            return codes(value).value
        except ValueError:
            raise _refuse(
                field, "“{}”的取值无效", "The {} value is not allowed"
            ) from None

    return check


def _code(field: str, value: Any) -> Any:
    if value is None:
        return None
    text = _string(field, value)
    if len(text) > _CODE_LIMIT or any(
        unicodedata.category(char)[0] in "CZ" for char in text
    ):
        raise _refuse(field, "“{}”编码无效", "The {} code is not valid")
    return text


def _codes(field: str, value: Any) -> Any:
    return [_code(field, item) for item in _list(field, value)]


def _tags(field: str, value: Any) -> Any:
    return [
        check_text("tag", _string(field, item), required=True)
        for item in _list(field, value)
    ]


def _flag(field: str, value: Any) -> Any:
    if not isinstance(value, bool):
        raise _refuse(field, "“{}”应为是或否", "The {} must be yes or no")
    return value


def _moment(field: str, value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise _refuse(
            field,
            "“{}”须为带时区的时间",
            "The {} must be a time with a time zone",
            "timestamp_naive",
        )
    return value


def _string(field: str, value: Any) -> str:
    if not isinstance(value, str):
        raise _refuse(field, "“{}”应为文字", "The {} must be text")
    return value


def _list(field: str, value: Any) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise _refuse(field, "“{}”应为列表", "The {} must be a list")
    return list(value)


# Fields the operator owns: editable after saving, merged field by field on the server.
OPERATOR_FIELDS: dict[str, Callable[[str, Any], Any]] = {
    "caller_number": _text("phone"),
    "callback_number": _text("phone"),
    "caller_name": _text("caller_name"),
    "requester_type": _choice(RequesterType, required=True),
    "enterprise_name": _text("enterprise_name"),
    "credit_code": _text("credit_code"),
    "confidential": _flag,
    "request_type": _choice(RequestType, required=True),
    "category_code": _code,
    "narrative": _text("narrative", required=True),
    "summary": _text("summary"),
    "address": _text("address"),
    "area_code": _code,
    "urgency": _choice(Urgency, required=True),
    "tags": _tags,
    "cited_article_ids": _codes,
}

# Set once when the case is saved; later changed only through workflow commands.
HANDLING_FIELDS: dict[str, Callable[[str, Any], Any]] = {
    "handling_mode": _choice(HandlingMode),
    "lead_unit_code": _code,
    "co_unit_codes": _codes,
    "accept_due_at": _moment,
    "due_at": _moment,
    "deadline_confirmed": _flag,
}

CREATE_FIELDS = {**OPERATOR_FIELDS, **HANDLING_FIELDS}
# Kept in the local row for display but never sent: the server computes the
# authoritative deadlines when it dispatches (app.domain.deadlines) and they come
# back on pull.
SERVER_COMPUTED = frozenset({"accept_due_at", "due_at", "deadline_confirmed"})
# What a new case holds for a field the operator left out.
CREATE_DEFAULTS: dict[str, Any] = {
    "requester_type": "person",
    "confidential": False,
    "summary": "",
    "urgency": "normal",
    "tags": [],
    "cited_article_ids": [],
    "co_unit_codes": [],
    "deadline_confirmed": True,
}
REQUIRED_ON_CREATE = ("request_type", "narrative")


def check_fields(
    values: Mapping[str, Any], allowed: Mapping[str, Callable[[str, Any], Any]]
) -> dict[str, Any]:
    """Check every value; unknown field names are refused too."""
    checked = {}
    for field, value in values.items():
        checker = allowed.get(field)
        if checker is None:
            raise FieldError(
                field,
                f"字段“{field}”不能在此修改",
                f"The field {field!r} cannot be set here",
                "field_not_editable",
            )
        checked[field] = checker(field, value)
    return checked
