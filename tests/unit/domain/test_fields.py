"""Text limits, control characters and timestamps."""

import sys
import unicodedata
from datetime import UTC, datetime, timedelta, timezone

import pytest

from app.domain.errors import FieldError
from app.domain.fields import (
    FIELD_LIMITS,
    check_text,
    check_timestamp,
    refused_character,
)

NOW = datetime(2026, 9, 30, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("caller_name", "𠮷野家"),  # outside the BMP, GB 18030-2022
        ("caller_name", "䶮"),
        ("caller_name", "王\u200f小明"),  # right-to-left mark kept
        ("summary", "路灯不亮 💡👨‍👩‍👧"),
        ("narrative", "第一行\n第二行\r\n\t缩进"),
        ("summary", "x" * FIELD_LIMITS["summary"]),
        ("note", ""),
    ],
)
def test_accepted_values_come_back_unchanged(field: str, value: str) -> None:
    assert check_text(field, value) is value


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("summary", "x" * (FIELD_LIMITS["summary"] + 1), "field_too_long"),
        ("narrative", "长" * 10_000_000, "field_too_long"),
        ("narrative", "a\x00b", "field_control_character"),
        ("summary", "a\nb", "field_control_character"),
        ("caller_name", "a\tb", "field_control_character"),
        ("address", "\x1b[31m", "field_control_character"),
        ("note", "\x7f", "field_control_character"),
        ("summary", "bad \ud800 surrogate", "field_bad_character"),
        ("caller_name", "   ", "field_required"),
    ],
)
def test_refused_values_name_the_field(field: str, value: str, code: str) -> None:
    with pytest.raises(FieldError) as refused:
        check_text(field, value, required=True)
    assert refused.value.code == code
    assert refused.value.field == field


def test_too_long_message_gives_limit_and_length() -> None:
    with pytest.raises(FieldError) as refused:
        check_text("summary", "字" * 250)
    assert "200" in refused.value.message_zh and "250" in refused.value.message_zh
    assert "摘要" in refused.value.message_zh


def test_unknown_field_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        check_text("no_such_field", "x")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-09-30T07:59:00+00:00", datetime(2026, 9, 30, 7, 59, tzinfo=UTC)),
        ("2026-09-30T15:59:00+08:00", datetime(2026, 9, 30, 7, 59, tzinfo=UTC)),
        (
            datetime(2026, 9, 30, 15, 0, tzinfo=timezone(timedelta(hours=8))),
            datetime(2026, 9, 30, 7, 0, tzinfo=UTC),
        ),
    ],
)
def test_timestamps_become_utc(value: str | datetime, expected: datetime) -> None:
    result = check_timestamp("received_at", value, now=NOW)
    assert result == expected
    assert result.tzinfo is UTC


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("2026-02-30T10:00:00+08:00", "timestamp_impossible"),
        ("2026-13-01T10:00:00+08:00", "timestamp_impossible"),
        ("2026-09-30T25:00:00+08:00", "timestamp_impossible"),
        ("yesterday", "timestamp_impossible"),
        ("2026-09-30T10:00:00", "timestamp_naive"),
        (datetime(2026, 9, 30, 10, 0), "timestamp_naive"),
        ("1970-01-01T00:00:00+00:00", "timestamp_implausible"),
        ("2026-10-02T08:00:01+00:00", "timestamp_implausible"),
    ],
)
def test_bad_timestamps_are_refused(value: str | datetime, code: str) -> None:
    with pytest.raises(FieldError) as refused:
        check_timestamp("received_at", value, now=NOW)
    assert refused.value.code == code


@pytest.mark.parametrize("multiline", [False, True])
def test_refused_characters_are_exactly_unicode_controls_and_surrogates(
    multiline: bool,
) -> None:
    # The fast character class must refuse what unicodedata calls Cc or Cs, every
    # code point checked, with tab, newline and carriage return allowed in
    # multi-line text only.
    allowed_controls = {"\t", "\n", "\r"} if multiline else set()
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        expected = (
            unicodedata.category(char) in ("Cc", "Cs") and char not in allowed_controls
        )
        found = refused_character(f"ab{char}", multiline=multiline)
        assert (found == 2) is expected, f"U+{code:04X}"
