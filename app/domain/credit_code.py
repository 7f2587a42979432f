"""The 18-character unified social credit code (统一社会信用代码), GB 32100-2015.

Layout: registration authority (1 character), organisation kind (1), administrative
division code (6 digits), organisation code (9), check character (1). Characters come
from a 31-character alphabet: the digits and the capital letters without I, O, Z, S, V
(they look like 1, 0, 2, 5, U). The check character is ``31 - (sum of value * weight)
mod 31`` (31 becomes 0), with weights ``3**i mod 31`` for positions 0 … 16.

A wrong check character is reported as wrong without saying which one was expected:
the error must not turn the checker into a generator of plausible codes.
"""

import unicodedata

from app.domain.errors import InvalidCreditCode

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
LENGTH = 18
_VALUES = {char: value for value, char in enumerate(ALPHABET)}


def check_character(first17: str) -> str:
    """The check character for the first 17 characters (already valid alphabet)."""
    total = sum(_VALUES[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(code: str) -> str:
    """Return the code in canonical form (upper case, no spaces) or raise.

    Full-width characters and lower-case letters are accepted and converted; spaces
    around or inside the code are removed (people copy it from licences in groups).
    """
    cleaned = unicodedata.normalize("NFKC", code)
    cleaned = "".join(cleaned.split()).upper()

    if len(cleaned) != LENGTH:
        raise InvalidCreditCode(
            f"统一社会信用代码应为18位，当前为{len(cleaned)}位",
            f"A unified social credit code has 18 characters; this one has"
            f" {len(cleaned)}",
            "credit_code_length",
        )

    for position, char in enumerate(cleaned, start=1):
        if char not in _VALUES:
            hint_zh = hint_en = ""
            if char in "IOZSV":
                hint_zh = "（代码不使用字母I、O、Z、S、V）"
                hint_en = " (the code never uses the letters I, O, Z, S, V)"
            raise InvalidCreditCode(
                f"统一社会信用代码第{position}位“{char}”不是允许的字符{hint_zh}",
                f"Character {position} of the credit code, '{char}', is not allowed"
                f"{hint_en}",
                "credit_code_character",
            )

    if not cleaned[2:8].isdigit():
        raise InvalidCreditCode(
            "统一社会信用代码第3至8位应为行政区划代码（6位数字）",
            "Characters 3 to 8 of the credit code must be the 6-digit administrative"
            " division code",
            "credit_code_area",
        )

    if check_character(cleaned[:17]) != cleaned[17]:
        raise InvalidCreditCode(
            "统一社会信用代码校验位不正确，请核对后重新输入",
            "The check character of the credit code is wrong; please check the code",
            "credit_code_check",
        )
    return cleaned


def is_valid_credit_code(code: str) -> bool:
    """Whether ``validate_credit_code`` accepts ``code``."""
    try:
        validate_credit_code(code)
    except InvalidCreditCode:
        return False
    return True
