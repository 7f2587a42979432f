"""What the log redaction removes, and the ids it must leave alone."""

from __future__ import annotations

import logging
import secrets
import uuid
from pathlib import Path

import pytest

from app.domain.credit_code import check_character, validate_credit_code
from app.logs import RedactingFilter, redact

TOKEN = secrets.token_urlsafe(32)


def _credit_code(first17: str) -> str:
    return first17 + check_character(first17)


SECRET_VALUES = [
    ("13800138000", "[phone]"),
    ("+86 138 0013 8000", "[phone]"),
    ("008613800138000", "[phone]"),
    ("028-87654321", "[phone]"),
    ("(028)87654321", "[phone]"),
    ("02887654321", "[phone]"),
    ("0839-1234567转123", "[phone]"),
    ("0839-1234567 ext 45", "[phone]"),
    (TOKEN, "[token]"),
    (secrets.token_urlsafe(24), "[token]"),
    (secrets.token_hex(32), "[token]"),
    (_credit_code("91510800MA62XBQ08"), "[credit-code]"),
    (_credit_code("12510800MB1234567"), "[credit-code]"),
    ("51080219900307123X", "[id-card]"),
    ("510802199003071234", "[id-card]"),
]

KEPT_VALUES = [
    str(uuid.uuid4()),
    uuid.uuid4().hex,
    "3f2a6c1e-1380-4138-8000-138001380001",
    "GY20261203000001",
    "GY01-000123",
    "TAB12-000042",
    "12345",
    "138****8000",
    "seq 42, 17 mutations pushed in 0.153 s",
    "2026-12-03 08:15:30,123 INFO app.sync.engine: sync run done",
    "test_no_personal_data_in_a_scripted_shift",
    "HTTPConnectionPool(host='127.0.0.1', port=50123)",
    "version 3, cursor 000000000000000000017",
]


@pytest.mark.parametrize(("secret", "marker"), SECRET_VALUES)
@pytest.mark.parametrize(
    "template",
    ["{}", "caller {} called", "来电{}，请回电", "(number={}, case=GY20261203000001)"],
)
def test_personal_values_are_redacted(secret: str, marker: str, template: str) -> None:
    line = template.format(secret)

    cleaned = redact(line)

    assert secret not in cleaned
    assert cleaned == template.format(marker)


def test_credit_codes_in_the_table_are_valid() -> None:
    for value, marker in SECRET_VALUES:
        if marker == "[credit-code]":
            assert validate_credit_code(value) == value


@pytest.mark.parametrize("kept", KEPT_VALUES)
def test_ids_and_ordinary_text_are_kept(kept: str) -> None:
    assert redact(kept) == kept
    assert redact(f"case {kept} saved") == f"case {kept} saved"


@pytest.mark.parametrize(
    ("line", "cleaned"),
    [
        ("Authorization: Bearer abc.def-ghi", "Authorization: Bearer [redacted]"),
        ("login password=hunter2 user op1", "login password=[redacted] user op1"),
        ('{"refresh_token": "short"}', '{"refresh_token": [redacted]}'),
        (
            "{'caller_name': '张三', 'id': 5}",
            "{'caller_name': [redacted], 'id': 5}",
        ),
        (
            "[type=value_error, input_value='朝阳路 8 号', input_type=str]",
            "[type=value_error, input_value=[redacted], input_type=str]",
        ),
        (
            "[SQL: INSERT INTO cases (caller_name) VALUES (?)]\n"
            "[parameters: ('张三', 'x]y')]\n"
            "(Background on this error at: https://sqlalche.me/e/20/gkpj)",
            "[SQL: INSERT INTO cases (caller_name) VALUES (?)]\n"
            "[parameters: [redacted]]\n"
            "(Background on this error at: https://sqlalche.me/e/20/gkpj)",
        ),
    ],
)
def test_secrets_named_by_their_key_are_redacted(line: str, cleaned: str) -> None:
    assert redact(line) == cleaned


def _file_logger(path: Path, name: str) -> tuple[logging.Logger, logging.Handler]:
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    handler.addFilter(RedactingFilter())
    parent = logging.getLogger(name)
    parent.addHandler(handler)
    parent.setLevel(logging.DEBUG)
    parent.propagate = False
    return parent, handler


def test_filter_redacts_arguments_and_tracebacks_of_child_loggers(
    tmp_path: Path,
) -> None:
    path = tmp_path / "out.log"
    parent, handler = _file_logger(path, "redaction_probe")
    child = logging.getLogger("redaction_probe.child")
    try:
        child.info("call from %s with token %s", "13800138000", TOKEN)
        try:
            raise ValueError(f"bad callback number 0839-1234567 for {TOKEN}")
        except ValueError:
            child.exception("saving case %s failed", "GY20261203000001")
        child.debug("stack here", stack_info=True)
    finally:
        parent.removeHandler(handler)
        handler.close()

    text = path.read_text(encoding="utf-8")
    assert "13800138000" not in text and "0839-1234567" not in text
    assert TOKEN not in text
    assert "call from [phone] with token [token]" in text
    assert "bad callback number [phone] for [token]" in text
    assert "Traceback (most recent call last)" in text
    assert "saving case GY20261203000001 failed" in text
    assert "Stack (most recent call last)" in text


def test_filter_keeps_a_record_whose_format_is_broken(tmp_path: Path) -> None:
    path = tmp_path / "out.log"
    parent, handler = _file_logger(path, "redaction_broken")
    try:
        parent.warning("two args %s %s", "13800138000")
    finally:
        parent.removeHandler(handler)
        handler.close()

    text = path.read_text(encoding="utf-8")
    assert "two args" in text and "[phone]" in text
    assert "13800138000" not in text
