"""Unified social credit codes: published ones, made-up ones, corrupted ones."""

import random

import pytest

from app.domain.credit_code import (
    ALPHABET,
    check_character,
    is_valid_credit_code,
    validate_credit_code,
)
from app.domain.errors import InvalidCreditCode

# Codes printed on published business licences and registry pages.
PUBLISHED = [
    "91350100M000100Y43",
    "91110000600037341L",
    "914403001922038216",
    "91310000775785552L",
]


def test_alphabet_has_31_characters_without_ambiguous_letters() -> None:
    assert len(ALPHABET) == len(set(ALPHABET)) == 31
    assert not set("IOZSV") & set(ALPHABET)


@pytest.mark.parametrize("code", PUBLISHED)
def test_published_codes_are_valid(code: str) -> None:
    assert validate_credit_code(code) == code


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("91350100m000100y43", "91350100M000100Y43"),
        (" 9135 0100 M000 100Y 43 ", "91350100M000100Y43"),
        ("９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43"),
    ],
)
def test_typing_variants_are_accepted(typed: str, canonical: str) -> None:
    assert validate_credit_code(typed) == canonical


def test_generated_codes_round_trip() -> None:
    rng = random.Random(20260930)
    for _ in range(300):
        body = (
            rng.choice("123456789ANY")
            + rng.choice("1239")
            + "".join(rng.choice("0123456789") for _ in range(6))
            + "".join(rng.choice(ALPHABET) for _ in range(9))
        )
        code = body + check_character(body)
        assert validate_credit_code(code) == code


def test_every_single_character_corruption_is_caught() -> None:
    code = PUBLISHED[0]
    for position in range(18):
        for replacement in ALPHABET:
            if replacement == code[position]:
                continue
            corrupted = code[:position] + replacement + code[position + 1 :]
            assert not is_valid_credit_code(corrupted), corrupted


def test_adjacent_swaps_are_caught() -> None:
    for code in PUBLISHED:
        for i in range(17):
            swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
            if swapped != code:
                assert not is_valid_credit_code(swapped), swapped


@pytest.mark.parametrize(
    ("code", "error_code", "in_message"),
    [
        ("", "credit_code_length", "当前为0位"),
        ("91350100M000100Y4", "credit_code_length", "当前为17位"),
        ("91350100M000100Y433", "credit_code_length", "当前为19位"),
        ("91350100M000100I43", "credit_code_character", "第16位"),
        ("91350100O000100Y43", "credit_code_character", "I、O、Z、S、V"),
        ("9135010-M000100Y43", "credit_code_character", "第8位"),
        ("913A0100M000100Y43", "credit_code_area", "行政区划"),
        ("91350100M000100Y44", "credit_code_check", "校验位不正确"),
        ("91110000600037341K", "credit_code_check", "校验位不正确"),
    ],
)
def test_errors_explain(code: str, error_code: str, in_message: str) -> None:
    with pytest.raises(InvalidCreditCode) as refused:
        validate_credit_code(code)
    assert refused.value.code == error_code
    assert in_message in refused.value.message_zh
    assert refused.value.message_en


def test_wrong_check_character_is_not_revealed() -> None:
    good = PUBLISHED[1]
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(InvalidCreditCode) as refused:
        validate_credit_code(wrong)
    assert good[17] not in str(refused.value).replace(wrong, "")
