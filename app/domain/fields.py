"""Limits and checks for what people type, and for timestamps.

Every text field has an explicit maximum length in characters (code points), so a 10 MB
paste gets a clear answer instead of being cut silently (a Qt line edit would cut at
32,767 characters). NUL and other control characters are refused because PostgreSQL
rejects NUL and nobody types them on purpose; tab and newline are allowed only in the
fields that are written as paragraphs. Values are never truncated or rewritten: rare
characters (GB 18030-2022), emoji and direction marks come back byte for byte.

Timestamps must be timezone-aware (everything is stored in UTC) and plausible.
"""

import re
from datetime import UTC, datetime, timedelta

from app.domain.errors import FieldError

#: Maximum length in characters of each text field.
FIELD_LIMITS: dict[str, int] = {
    "narrative": 4000,
    "summary": 200,
    "caller_name": 50,
    "address": 300,
    "enterprise_name": 200,
    "credit_code": 18,
    "phone": 40,
    "note": 2000,
    "reason": 1000,
    "flag_reason": 200,
    "reply": 4000,
    "tag": 30,
    "article_title": 200,
    "article_body": 50000,
    "answer_script": 4000,
    "keyword": 50,
    "synonym": 50,
    "instruction": 2000,
    "dispatch_instruction": 1000,
    "contact_summary": 2000,
    "checklist_answer": 500,
    "overseeing_leader": 50,
    "username": 64,
    "display_name": 50,
    "department_name": 100,
    "search_query": 100,
}

#: Fields written as paragraphs: tab and line breaks are allowed there.
MULTILINE_FIELDS: frozenset[str] = frozenset(
    {
        "narrative",
        "note",
        "reason",
        "reply",
        "article_body",
        "answer_script",
        "instruction",
        "dispatch_instruction",
        "contact_summary",
        "checklist_answer",
    }
)

FIELD_LABELS: dict[str, tuple[str, str]] = {
    "narrative": ("诉求内容", "narrative"),
    "summary": ("诉求摘要", "summary"),
    "caller_name": ("来电人姓名", "caller name"),
    "address": ("事发地址", "address"),
    "enterprise_name": ("企业名称", "enterprise name"),
    "credit_code": ("统一社会信用代码", "unified social credit code"),
    "phone": ("电话号码", "phone number"),
    "note": ("备注", "note"),
    "reason": ("理由", "reason"),
    "flag_reason": ("过时原因", "reason for the flag"),
    "reply": ("办理答复", "reply"),
    "tag": ("标签", "tag"),
    "article_title": ("知识标题", "article title"),
    "article_body": ("知识正文", "article body"),
    "answer_script": ("答复口径", "answer script"),
    "keyword": ("关键词", "keyword"),
    "synonym": ("同义词", "synonym"),
    "instruction": ("领导批示", "instruction"),
    "dispatch_instruction": ("派单意见", "dispatch instruction"),
    "contact_summary": ("联系情况", "contact summary"),
    "checklist_answer": ("回访答案", "checklist answer"),
    "overseeing_leader": ("包案领导", "overseeing leader"),
    "username": ("用户名", "username"),
    "display_name": ("显示名称", "display name"),
    "department_name": ("单位名称", "department name"),
    "search_query": ("搜索词", "search text"),
}

# What unicodedata.category calls Cc (C0 controls, DEL, C1 controls) and Cs (lone
# surrogates), as one character class: a regular expression scans a narrative in C,
# where a loop over unicodedata.category costs microseconds per character. Tab,
# newline and carriage return are allowed in multi-line text.
_REFUSED = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_REFUSED_MULTILINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def refused_character(value: str, *, multiline: bool) -> int | None:
    """The index of the first control character or lone surrogate, or None."""
    found = (_REFUSED_MULTILINE if multiline else _REFUSED).search(value)
    return None if found is None else found.start()


#: Before this nothing in the hotline's data can have happened.
EARLIEST_TIMESTAMP = datetime(2000, 1, 1, tzinfo=UTC)
#: How far ahead of the checking clock a timestamp may be (clock drift).
DEFAULT_MAX_AHEAD = timedelta(days=1)


def field_label(field: str) -> tuple[str, str]:
    """The field's Chinese and English names (the code itself if it has none)."""
    return FIELD_LABELS.get(field, (field, field))


def check_text(field: str, value: str, *, required: bool = False) -> str:
    """Return ``value`` unchanged if it is acceptable for ``field``; raise FieldError.

    Refused: values longer than ``FIELD_LIMITS[field]`` characters, NUL and control
    characters (tab, newline and carriage return are allowed in multi-line fields
    only), unpaired surrogates (they cannot be stored as UTF-8), and, when
    ``required``, a value that is empty or only white space.
    """
    if field not in FIELD_LIMITS:
        raise KeyError(f"unknown text field {field!r}")
    name_zh, name_en = field_label(field)

    if required and not value.strip():
        raise FieldError(
            field,
            f"“{name_zh}”不能为空",
            f"The {name_en} is required",
            "field_required",
        )

    limit = FIELD_LIMITS[field]
    if len(value) > limit:
        raise FieldError(
            field,
            f"“{name_zh}”最多{limit}个字，当前{len(value)}个字，请删减后再保存",
            f"The {name_en} may have at most {limit} characters; it has {len(value)}."
            " Shorten it before saving",
            "field_too_long",
        )

    index = refused_character(value, multiline=field in MULTILINE_FIELDS)
    if index is None:
        return value
    position, code = index + 1, ord(value[index])
    if 0xD800 <= code <= 0xDFFF:
        raise FieldError(
            field,
            f"“{name_zh}”第{position}个字符无法保存（不成对的代理码位）",
            f"The {name_en} has an unstorable character (lone surrogate)"
            f" at position {position}",
            "field_bad_character",
        )
    raise FieldError(
        field,
        f"“{name_zh}”第{position}个字符是控制字符（U+{code:04X}），不能保存",
        f"The {name_en} has a control character (U+{code:04X})"
        f" at position {position}; it cannot be saved",
        "field_control_character",
    )


def check_timestamp(
    field: str,
    value: datetime | str,
    *,
    now: datetime | None = None,
    max_ahead: timedelta = DEFAULT_MAX_AHEAD,
) -> datetime:
    """Return ``value`` as an aware UTC datetime, or raise FieldError.

    Strings are read as ISO 8601. Refused: impossible dates (2026-02-30), timestamps
    without a time zone (they would be read in whatever zone the machine is in),
    anything before 2000 and anything more than ``max_ahead`` after ``now`` (a wrong
    workstation clock). ``now`` defaults to the current time.
    """
    name_zh, name_en = field_label(field)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            raise FieldError(
                field,
                f"“{name_zh}”不是有效的日期时间：{value[:40]!r}",
                f"The {name_en} is not a possible date and time: {value[:40]!r}",
                "timestamp_impossible",
            ) from None
    else:
        parsed = value

    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise FieldError(
            field,
            f"“{name_zh}”缺少时区，无法确定时间",
            f"The {name_en} has no time zone, so the moment is ambiguous",
            "timestamp_naive",
        )
    parsed = parsed.astimezone(UTC)

    current = now if now is not None else datetime.now(UTC)
    if parsed < EARLIEST_TIMESTAMP or parsed > current + max_ahead:
        raise FieldError(
            field,
            f"“{name_zh}”的时间{parsed.isoformat()}不合理，请检查本机时钟",
            f"The {name_en} {parsed.isoformat()} is implausible;"
            " check this computer's clock",
            "timestamp_implausible",
        )
    return parsed
