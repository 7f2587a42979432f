"""Phone numbers as operators type them and as switches pass them."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import InvalidPhone
from app.domain.phone import PhoneKind, mask_phone, normalize_phone

M, L, SV = PhoneKind.MOBILE, PhoneKind.LANDLINE, PhoneKind.SERVICE

VALID = [
    # raw input, number, kind, extension
    ("13800138000", "13800138000", M, None),
    ("138 0013 8000", "13800138000", M, None),
    ("138-0013-8000", "13800138000", M, None),
    ("１３８００１３８０００", "13800138000", M, None),
    ("１３８　００１３　８０００", "13800138000", M, None),
    ("+86 138 0013 8000", "13800138000", M, None),
    ("+8613800138000", "13800138000", M, None),
    ("0086 13800138000", "13800138000", M, None),
    ("8613800138000", "13800138000", M, None),
    ("＋８６　１３９８１２３４５６７", "13981234567", M, None),
    (" 19912345678 ", "19912345678", M, None),
    ("166.1234.5678", "16612345678", M, None),
    ("(028)87654321", "02887654321", L, None),
    ("（028）8765-4321", "02887654321", L, None),
    ("028-87654321", "02887654321", L, None),
    ("028 8765 4321", "02887654321", L, None),
    ("010-12345678", "01012345678", L, None),
    ("0839-3212345", "08393212345", L, None),
    ("0816-2345678", "08162345678", L, None),
    ("+86 28 8765 4321", "02887654321", L, None),
    ("+86 (0)28 8765 4321", "02887654321", L, None),
    ("0086-28-87654321", "02887654321", L, None),
    ("028-87654321转123", "02887654321", L, "123"),
    ("028-87654321 转 8001", "02887654321", L, "8001"),
    ("028-87654321分机66", "02887654321", L, "66"),
    ("028-87654321转分机66", "02887654321", L, "66"),
    ("028-87654321 ext. 45", "02887654321", L, "45"),
    ("028-87654321 EXT 45", "02887654321", L, "45"),
    ("028-87654321x45", "02887654321", L, "45"),
    ("028-87654321#808", "02887654321", L, "808"),
    ("12345", "12345", SV, None),
    ("１２３４５", "12345", SV, None),
    ("110", "110", SV, None),
    ("119", "119", SV, None),
    ("120", "120", SV, None),
    ("122", "122", SV, None),
    ("12315", "12315", SV, None),
    ("12333", "12333", SV, None),
    ("12320", "12320", SV, None),
    ("12369", "12369", SV, None),
    ("95598", "95598", SV, None),
    ("400-812-3123", "4008123123", SV, None),
    ("400 812 3123 转 2", "4008123123", SV, "2"),
]

INVALID = [
    # raw input, error code
    ("", "phone_empty"),
    ("   ", "phone_empty"),
    ("abc", "phone_bad_character"),
    ("138001380OO", "phone_bad_character"),
    ("1380013800a", "phone_bad_character"),
    ("13800138000!", "phone_bad_character"),
    ("13800", "phone_mobile_length"),
    ("1380013800", "phone_mobile_length"),
    ("138001380001", "phone_mobile_length"),
    ("14012345678", "phone_mobile_range"),
    ("10012345678", "phone_mobile_range"),
    ("138 0013 8000 转 1", "phone_mobile_extension"),
    ("0755-2345678", "phone_landline_invalid"),
    ("028-87654321-123", "phone_landline_invalid"),
    ("028-123", "phone_landline_invalid"),
    ("0", "phone_landline_invalid"),
    ("87654321", "phone_no_area_code"),
    ("8765432", "phone_no_area_code"),
    ("99999", "phone_unknown_short"),
    ("123", "phone_mobile_length"),
    ("911", "phone_unknown_short"),
    ("+1 415 555 0100", "phone_foreign"),
    ("001 415 555 0100", "phone_foreign"),
    ("+44 20 7946 0000", "phone_foreign"),
    ("12345转1", "phone_service_extension"),
    ("028-87654321转1234567", "phone_extension_too_long"),
    ("1" * 41, "phone_too_long"),
    ("+", "phone_no_digits"),
    ("---", "phone_no_digits"),
    ("+86", "phone_short"),
    ("138\x0000138000", "phone_bad_character"),
    ("9876543210123", "phone_unrecognised"),
]


@pytest.mark.parametrize(("raw", "number", "kind", "extension"), VALID)
def test_valid(raw: str, number: str, kind: PhoneKind, extension: str | None) -> None:
    phone = normalize_phone(raw)
    assert (phone.number, phone.kind, phone.extension) == (number, kind, extension)
    # The display form reads back to the same number.
    assert normalize_phone(phone.display) == phone
    assert normalize_phone(phone.with_extension) == phone


@pytest.mark.parametrize(("raw", "code"), INVALID)
def test_invalid(raw: str, code: str) -> None:
    with pytest.raises(InvalidPhone) as refused:
        normalize_phone(raw)
    assert refused.value.code == code
    assert refused.value.message_zh.startswith("电话号码无效")
    assert refused.value.message_en.startswith("Invalid phone number")


def test_at_least_forty_inputs() -> None:
    assert len(VALID) + len(INVALID) >= 40


def test_local_number_takes_the_given_area_code() -> None:
    phone = normalize_phone("8765 4321", default_area_code="028")
    assert phone.number == "02887654321"
    assert phone.area_code == "028"


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("13800138000", "138****8000"),
        ("+86 139 8123 4567", "139****4567"),
        ("028-87654321", "028****4321"),
        ("0839-3212345 转 12", "0839****2345"),
        ("010-12345678", "010****5678"),
        ("12345", "12345"),
        ("not a number 98765", "****8765"),
        ("12", "****"),
    ],
)
def test_mask(raw: str, masked: str) -> None:
    assert mask_phone(raw) == masked


mobile_digits = st.from_regex(r"1(3[0-9]|5[0-35-9]|8[0-9]|99)[0-9]{8}", fullmatch=True)
separators = st.sampled_from(["", " ", "-", "　", "－"])


@given(mobile_digits, separators, st.booleans(), st.booleans())
def test_mobile_forms_agree(digits: str, sep: str, plus: bool, wide: bool) -> None:
    text = f"{digits[:3]}{sep}{digits[3:7]}{sep}{digits[7:]}"
    if plus:
        text = "+86 " + text
    if wide:
        text = text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789+"})
    phone = normalize_phone(text)
    assert phone.number == digits
    assert normalize_phone(phone.display) == phone


@given(st.text(alphabet="0123456789 -+()转xX#分机ext８６", max_size=24))
def test_normalise_is_idempotent_and_keeps_every_digit(raw: str) -> None:
    try:
        phone = normalize_phone(raw)
    except InvalidPhone:
        return
    assert normalize_phone(phone.display) == phone
    assert normalize_phone(phone.with_extension) == phone

    # Every digit typed is in the number or the extension, apart from a country
    # code 86 and a trunk 0 that international form leaves out.
    typed = "".join(c for c in raw if c.isdigit())
    typed = typed.translate({ord("８"): "8", ord("６"): "6"})
    kept = phone.number + (phone.extension or "")
    assert (
        typed.lstrip("0")
        in {
            kept.lstrip("0"),
            "86" + kept.lstrip("0"),
            "86" + kept,
        }
        or typed == kept
    )
