"""Validators for Chinese identifiers, with messages that say what is wrong (GB 11643, GB 32100)."""

import datetime
import re
from operator import mul

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import uscc as stdnum_uscc

_RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RIC_CHECK = "10X98765432"
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_MOBILE = re.compile(r"^1[3-9]\d{9}$")


_SEPARATORS = re.compile(r"[\s\-]")


def _clean(value: str) -> str:
    return _SEPARATORS.sub("", str(value or "")).upper()


def ric_check_digit(first17: str) -> str:
    # map() keeps this in C: a roster import checks up to 100,000 numbers in one loop.
    if len(first17) != 17:
        raise ValueError("ric_check_digit needs the first 17 digits")
    return _RIC_CHECK[sum(map(mul, map(int, first17), _RIC_WEIGHTS)) % 11]


def normalize_resident_id(value: str, *, today: datetime.date | None = None) -> str:
    """Return the 18-character resident ID number, or raise ValidationError saying what is wrong.

    15-digit legacy numbers (born 19xx, no check digit) are converted. The address code is not
    checked against a list: counties are merged and renamed, and old numbers stay valid.
    """
    number = _clean(value)
    if not number:
        raise ValidationError(_("请填写身份证号码。"), code="required")
    if len(number) == 15:
        if not number.isdigit():
            raise ValidationError(_("15位身份证号码应全部为数字。"), code="format")
        first17 = number[:6] + "19" + number[6:]
        number = first17 + ric_check_digit(first17)
    if len(number) != 18:
        raise ValidationError(
            _("身份证号码应为18位（或旧版15位），您输入了%(n)d位。") % {"n": len(number)}, code="length"
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(_("身份证号码前17位应为数字，最后一位为数字或X。"), code="format")
    if number[0] not in "12345678":
        raise ValidationError(_("身份证号码的地址码不正确。"), code="address")
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            _("身份证号码中的出生日期%(d)s不存在。") % {"d": number[6:14]}, code="birth_date"
        ) from None
    today = today or datetime.date.today()
    if birth > today or birth.year < 1900:
        raise ValidationError(
            _("身份证号码中的出生日期%(d)s不合理。") % {"d": number[6:14]}, code="birth_date"
        )
    if number[17] != ric_check_digit(number[:17]):
        raise ValidationError(_("身份证号码校验位不正确，请核对后重新输入。"), code="checksum")
    return number


def validate_resident_id(value: str) -> None:
    normalize_resident_id(value)


def resident_id_birth_date(number: str) -> datetime.date:
    return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def resident_id_gender(number: str) -> str:
    """'M' or 'F': the 17th digit is odd for men."""
    return "M" if int(number[16]) % 2 else "F"


def normalize_uscc(value: str) -> str:
    """Return the 18-character unified social credit code, or raise ValidationError."""
    code = _clean(value)
    if not code:
        raise ValidationError(_("请填写统一社会信用代码。"), code="required")
    if len(code) != 18:
        raise ValidationError(
            _("统一社会信用代码应为18位，您输入了%(n)d位。") % {"n": len(code)}, code="length"
        )
    bad = sorted({c for c in code if c not in _USCC_ALPHABET})
    if bad:
        raise ValidationError(
            _("统一社会信用代码含有不允许的字符：%(c)s（不使用I、O、S、V、Z）。") % {"c": "、".join(bad)},
            code="format",
        )
    if code[-1] != stdnum_uscc.calc_check_digit(code[:17]):
        raise ValidationError(_("统一社会信用代码校验位不正确，请核对后重新输入。"), code="checksum")
    return code


def validate_uscc(value: str) -> None:
    normalize_uscc(value)


def normalize_mobile(value: str) -> str:
    number = _clean(value)
    if number.startswith("+86"):
        number = number[3:]
    elif number.startswith("0086"):
        number = number[4:]
    if not number:
        raise ValidationError(_("请填写手机号码。"), code="required")
    if not _MOBILE.match(number):
        raise ValidationError(_("手机号码应为以1开头的11位数字。"), code="format")
    return number


def validate_mobile(value: str) -> None:
    normalize_mobile(value)
