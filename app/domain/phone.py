"""Phone numbers as callers say them and as the hotline stores them.

``normalize_phone`` turns what an operator types or what the phone system passes
(full-width digits, spaces, dashes, brackets, ``+86`` or ``0086``, area codes, an
extension written 转, 分机, ext, x or #) into one canonical form:

- mobile: the 11 digits, ``13800138000``;
- landline: trunk 0, area code and subscriber number, ``02887654321``, with the
  extension kept apart in ``extension``;
- service: a public short number from the allow-list (12345, 110, 95598 …) or a
  400/800 company hotline.

Anything it cannot read with certainty raises ``InvalidPhone`` with the reason in
Chinese and English. It never drops a digit: every digit typed ends up in the number or
the extension, except a country code it recognised (86).
``phonenumbers`` knows which mobile ranges are assigned and how long each city's area
code and subscriber numbers are; it is used for that check.
"""

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

import phonenumbers

from app.domain.errors import InvalidPhone


class PhoneKind(StrEnum):
    MOBILE = "mobile"
    LANDLINE = "landline"
    SERVICE = "service"


#: Public service numbers a caller may give or call from, with what they are.
SERVICE_NUMBERS: dict[str, str] = {
    "110": "公安报警",
    "119": "火警",
    "120": "医疗急救",
    "122": "交通事故报警",
    "12110": "短信报警",
    "12315": "市场监管投诉举报",
    "12319": "城市管理服务",
    "12320": "卫生健康",
    "12328": "交通运输服务监督",
    "12329": "住房公积金",
    "12333": "人力资源和社会保障",
    "12336": "自然资源违法举报",
    "12338": "妇女维权",
    "12345": "政务服务便民热线",
    "12348": "公共法律服务",
    "12351": "职工维权",
    "12355": "青少年服务",
    "12358": "价格举报",
    "12365": "质量监督",
    "12366": "纳税服务",
    "12369": "环保举报",
    "12380": "组织工作举报",
    "12388": "纪检监察举报",
    "10000": "中国电信客服",
    "10010": "中国联通客服",
    "10086": "中国移动客服",
    "95598": "国家电网供电服务",
    "95588": "工商银行客服",
    "95599": "农业银行客服",
    "95566": "中国银行客服",
    "95533": "建设银行客服",
    "95580": "邮储银行客服",
}

MAX_RAW_LENGTH = 40
MAX_EXTENSION_DIGITS = 6

_EXTENSION = re.compile(
    r"^(?P<main>.*?)\s*(?:转分机|分机号|分机|转|ext\.?|extension|x|#)\s*"
    r"(?P<ext>\d+)\s*#?$",
    re.IGNORECASE,
)
_SEPARATORS = frozenset(" -‐‑–—.()/")


@dataclass(frozen=True)
class PhoneNumber:
    """A normalised phone number."""

    number: str
    kind: PhoneKind
    extension: str | None
    display: str
    area_code: str | None = None

    @property
    def with_extension(self) -> str:
        """The number with its extension, e.g. ``02887654321转123`` (re-readable)."""
        return (
            self.number
            if self.extension is None
            else f"{self.number}转{self.extension}"
        )


def _refuse(reason_zh: str, reason_en: str, code: str) -> InvalidPhone:
    return InvalidPhone(
        f"电话号码无效：{reason_zh}", f"Invalid phone number: {reason_en}", code
    )


def _split_extension(text: str) -> tuple[str, str | None]:
    match = _EXTENSION.match(text)
    if match is None:
        return text, None
    extension = match.group("ext")
    if len(extension) > MAX_EXTENSION_DIGITS:
        raise _refuse(
            f"分机号“{extension}”超过{MAX_EXTENSION_DIGITS}位",
            f"the extension {extension} has more than {MAX_EXTENSION_DIGITS} digits",
            "phone_extension_too_long",
        )
    return match.group("main"), extension


def _digits_of(main: str) -> tuple[str, bool]:
    """The digits of the main part, and whether it began with ``+``."""
    stripped = main.strip()
    plus = stripped.startswith("+")
    if plus:
        stripped = stripped[1:]
    digits = []
    for char in stripped:
        if char.isdigit() and char.isascii():
            digits.append(char)
        elif char not in _SEPARATORS:
            raise _refuse(
                f"含有不能识别的字符“{char}”",
                f"it contains a character that is not part of a number: {char!r}",
                "phone_bad_character",
            )
    return "".join(digits), plus


def _strip_country_code(digits: str, plus: bool) -> tuple[str, bool]:
    """Remove a Chinese country code; return the rest and whether one was removed."""
    if plus:
        if not digits.startswith("86"):
            raise _refuse(
                "仅支持中国大陆号码（+86）",
                "only mainland China numbers (+86) are supported",
                "phone_foreign",
            )
        return digits[2:], True
    if digits.startswith("0086"):
        return digits[4:], True
    if digits.startswith("00"):
        raise _refuse(
            "仅支持中国大陆号码（0086）",
            "only mainland China numbers (0086) are supported",
            "phone_foreign",
        )
    # Switches often pass a mobile caller as 86 followed by the 11 digits.
    if len(digits) == 13 and digits.startswith("861"):
        return digits[2:], True
    return digits, False


def _mobile(digits: str, extension: str | None) -> PhoneNumber:
    if len(digits) != 11:
        raise _refuse(
            f"手机号码应为11位，当前为{len(digits)}位",
            f"a mobile number has 11 digits; this one has {len(digits)}",
            "phone_mobile_length",
        )
    parsed = _parse_cn(digits)
    mobile_types = (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )
    if (
        parsed is None
        or not phonenumbers.is_valid_number(parsed)
        or phonenumbers.number_type(parsed) not in mobile_types
    ):
        raise _refuse(
            f"“{digits[:3]}”号段不是已分配的手机号段",
            f"{digits[:3]} is not an assigned mobile number range",
            "phone_mobile_range",
        )
    if extension is not None:
        raise _refuse(
            "手机号码不能带分机号",
            "a mobile number cannot have an extension",
            "phone_mobile_extension",
        )
    display = f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    return PhoneNumber(digits, PhoneKind.MOBILE, None, display)


def _parse_cn(digits: str) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(digits, "CN")
    except phonenumbers.NumberParseException:
        return None


def _landline(digits: str, extension: str | None) -> PhoneNumber:
    parsed = _parse_cn(digits)
    area_length = (
        0 if parsed is None else phonenumbers.length_of_geographical_area_code(parsed)
    )
    subscriber_length = len(digits) - 1 - area_length
    if (
        parsed is None
        or not phonenumbers.is_valid_number(parsed)
        or phonenumbers.number_type(parsed) != phonenumbers.PhoneNumberType.FIXED_LINE
        or area_length == 0
        or subscriber_length not in (7, 8)
    ):
        hint_zh = hint_en = ""
        if len(digits) > 12:
            hint_zh = "；如有分机号，请写作“转”加分机号"
            hint_en = "; write an extension after 转 or ext"
        raise _refuse(
            f"“{digits}”不是有效的固定电话（区号加7至8位号码）{hint_zh}",
            f"{digits} is not a valid landline (area code and 7 or 8 digits){hint_en}",
            "phone_landline_invalid",
        )
    area_code = digits[: area_length + 1]
    display = f"{area_code}-{digits[area_length + 1 :]}"
    if extension is not None:
        display += f" 转{extension}"
    return PhoneNumber(digits, PhoneKind.LANDLINE, extension, display, area_code)


def _service(digits: str, extension: str | None) -> PhoneNumber:
    if digits in SERVICE_NUMBERS:
        if extension is not None:
            raise _refuse(
                "服务短号不能带分机号",
                "a short service number cannot have an extension",
                "phone_service_extension",
            )
        return PhoneNumber(digits, PhoneKind.SERVICE, None, digits)
    display = f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    if extension is not None:
        display += f" 转{extension}"
    return PhoneNumber(digits, PhoneKind.SERVICE, extension, display)


def normalize_phone(raw: str, *, default_area_code: str | None = None) -> PhoneNumber:
    """Read a phone number; raise InvalidPhone with the reason if it is not one.

    ``default_area_code`` (e.g. ``"028"``) is put in front of a 7- or 8-digit local
    number only when given; without it such a number is refused as ambiguous.
    """
    if len(raw) > MAX_RAW_LENGTH:
        raise _refuse(
            f"输入超过{MAX_RAW_LENGTH}个字符",
            f"the input is longer than {MAX_RAW_LENGTH} characters",
            "phone_too_long",
        )
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text:
        raise _refuse("号码为空", "the number is empty", "phone_empty")

    main, extension = _split_extension(text)
    digits, plus = _digits_of(main)
    if not digits:
        raise _refuse("没有数字", "it has no digits", "phone_no_digits")
    digits, international = _strip_country_code(digits, plus)

    if international:
        if not digits:
            raise _refuse("国家代码后没有号码", "nothing follows +86", "phone_short")
        # In international form the landline trunk 0 is left out: put it back.
        if not digits.startswith(("1", "0")):
            digits = "0" + digits
    elif digits in SERVICE_NUMBERS:
        return _service(digits, extension)

    if digits.startswith("1"):
        return _mobile(digits, extension)
    if digits.startswith("0"):
        return _landline(digits, extension)
    if len(digits) == 10 and digits.startswith(("400", "800")):
        return _service(digits, extension)
    if len(digits) in (7, 8):
        if default_area_code is None:
            raise _refuse(
                "固定电话缺少区号，请加上区号（如028）",
                "the landline has no area code; add it (e.g. 028)",
                "phone_no_area_code",
            )
        return _landline(default_area_code + digits, extension)
    if len(digits) <= 6:
        raise _refuse(
            f"“{digits}”不是已登记的服务短号",
            f"{digits} is not a known short service number",
            "phone_unknown_short",
        )
    raise _refuse(
        f"无法识别的号码（{len(digits)}位）",
        f"not a recognisable number ({len(digits)} digits)",
        "phone_unrecognised",
    )


def mask_phone(number: str) -> str:
    """Hide the middle of a number for lists and for roles that need not see it.

    Mobiles keep the first 3 and last 4 digits (``138****8000``); landlines keep the
    area code and the last 4 digits (``028****4321``); public service numbers are shown
    as they are. Text that is not a valid number shows only its last 4 digits.
    """
    try:
        phone = normalize_phone(number)
    except InvalidPhone:
        digits = "".join(
            c for c in unicodedata.normalize("NFKC", number) if c.isdigit()
        )
        return "****" + digits[-4:] if len(digits) > 4 else "****"
    if phone.kind is PhoneKind.MOBILE:
        return f"{phone.number[:3]}****{phone.number[-4:]}"
    if phone.kind is PhoneKind.LANDLINE and phone.area_code is not None:
        return f"{phone.area_code}****{phone.number[-4:]}"
    return phone.number
