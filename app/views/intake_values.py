"""What the intake form holds, as a plain value, and its checks.

Qt-free so that drafts can be saved and restored on the database lane and the checks
tested without widgets. The rules themselves live in app.domain.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace

from app.domain.vocabulary import RequesterType, RequestType, Urgency

EMERGENCY_NUMBERS = ("110", "119", "120", "122")


@dataclass(frozen=True)
class IntakeValues:
    caller_number: str = ""
    callback_number: str = ""
    caller_name: str = ""
    requester_type: str = RequesterType.PERSON.value
    enterprise_name: str = ""
    credit_code: str = ""
    confidential: bool = False
    request_type: str = RequestType.CONSULTATION.value
    category_code: str = ""
    narrative: str = ""
    summary: str = ""
    address: str = ""
    area_code: str = ""
    urgency: str = Urgency.NORMAL.value
    tags: tuple[str, ...] = ()
    linked_case_id: str = ""
    cited_article_ids: tuple[str, ...] = field(default_factory=tuple)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> IntakeValues:
        raw = json.loads(text)
        known = {f.name for f in fields(cls)}
        values = cls(**{key: value for key, value in raw.items() if key in known})
        return replace(
            values,
            tags=tuple(values.tags),
            cited_article_ids=tuple(values.cited_article_ids),
        )

    def is_blank(self) -> bool:
        return self == IntakeValues(caller_number=self.caller_number)


@dataclass(frozen=True)
class Problem:
    """One field that cannot be saved as it is, in both languages."""

    field: str
    message_zh: str
    message_en: str

    def message(self, language: str) -> str:
        return self.message_zh if language == "zh" else self.message_en


_TEXT_FIELDS = {
    "caller_name": False,
    "enterprise_name": False,
    "narrative": True,
    "summary": True,
    "address": False,
}


def field_limit(name: str, fallback: int = 200) -> int:
    from app.domain.fields import FIELD_LIMITS

    return int(FIELD_LIMITS.get(name, fallback))


def _problem(name: str, error: Exception) -> Problem:
    zh = getattr(error, "message_zh", str(error))
    en = getattr(error, "message_en", str(error))
    return Problem(name, zh, en)


def check_intake(values: IntakeValues) -> list[Problem]:
    """Every problem that stops values from being saved, field by field."""
    from app.domain.credit_code import validate_credit_code
    from app.domain.errors import DomainError
    from app.domain.fields import check_text
    from app.domain.phone import normalize_phone

    problems: list[Problem] = []
    for name, required in _TEXT_FIELDS.items():
        try:
            check_text(name, getattr(values, name), required=required)
        except DomainError as error:
            problems.append(_problem(name, error))

    for name in ("caller_number", "callback_number"):
        raw = getattr(values, name).strip()
        if not raw and name == "callback_number":
            continue
        try:
            normalize_phone(raw)
        except DomainError as error:
            problems.append(_problem(name, error))

    if values.requester_type == RequesterType.ENTERPRISE.value:
        if not values.enterprise_name.strip():
            problems.append(
                Problem(
                    "enterprise_name", "请填写企业名称", "Enter the enterprise name"
                )
            )
        try:
            validate_credit_code(values.credit_code.strip())
        except DomainError as error:
            problems.append(_problem("credit_code", error))

    if not values.category_code:
        problems.append(Problem("category_code", "请选择事项分类", "Choose a category"))

    for tag in values.tags:
        try:
            check_text("tag", tag)
        except DomainError as error:
            problems.append(_problem("tags", error))
    return problems


def check_credit_code_as_typed(code: str) -> Problem | None:
    """A short code is still being typed; a full-length one must be valid."""
    from app.domain.credit_code import validate_credit_code
    from app.domain.errors import DomainError

    code = code.strip().upper()
    if len(code) < 18:
        return None
    try:
        validate_credit_code(code)
    except DomainError as error:
        return _problem("credit_code", error)
    return None
