"""Validators for Chinese identifiers, with messages that say what is wrong (GB 11643, GB 32100).

Every identity number and mobile goes through `fold_identity_input` before it is checked, stored
or looked up: what a phone keyboard, an IME in full-width mode, WeChat or Excel puts around or
inside a number is folded to the ASCII characters it stands for, and anything else that is not
ASCII is refused with its position. Digit checks below are ASCII-only: str.isdigit(), int() and
a regex \\d accept any Unicode digit (٣, ३, ３), which is how one person once got two memberships.
"""

import datetime
import re
import unicodedata
from operator import mul

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import uscc as stdnum_uscc

_RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RIC_CHECK = "10X98765432"
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_RIC_BODY = re.compile(r"[0-9]{17}[0-9X]")
_ASCII_DIGIT = frozenset("0123456789")

# Separators removed from what was typed: whitespace (ASCII and Unicode: NBSP, U+3000 ideographic
# space, the thin and narrow spaces iOS puts into a copied phone number, line separators), and
# hyphens and dashes (138-0013-8000, or the en/em dash and minus sign a word processor or a
# Chinese IME's "——" turns them into).
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")

# Invisible characters that copying inserts: zero-width space/joiners (U+200B–U+200D), word
# joiner and invisible operators (U+2060–U+2064), BOM / zero-width no-break space (U+FEFF, Excel
# and Notepad), soft hyphen (U+00AD, Word and Excel), Mongolian vowel separator (U+180E, once a
# space), direction marks and embeddings (U+200E/F, U+061C, U+202A–U+202E, U+2066–U+2069: iOS and
# Android wrap a copied phone number in them, WeChat keeps them) and variation selectors
# (U+FE00–U+FE0F, emoji keycaps). They carry no character of the number.
_INVISIBLE = frozenset(
    "\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff" + "".join(map(chr, range(0xFE00, 0xFE10)))
)

# NFKC folds full-width digits and letters (３, Ｘ: an IME in full-width mode types them for the
# same keys) and other width or font variants to ASCII; those are the digits the person meant.
# It also turns superscripts, subscripts and circled digits (², ₂, ①) into plain digits. Those
# are refused instead: no keyboard types them in place of a digit; they come from formatted text
# (a footnote mark after a number, an exponent such as Excel's 1.2×10¹⁷, a list marker ①), and
# reading them as digits would quietly make another, possibly checksum-valid, number.
_NOT_FOLDED = ("<super>", "<sub>", "<circle>")


def _fold_char(c: str) -> str:
    if unicodedata.decomposition(c).startswith(_NOT_FOLDED):
        return c
    folded = unicodedata.normalize("NFKC", c)
    # A character that folds to several (⒈ → "1.", ⑴ → "(1)", Ⅻ → "XII") is kept as itself, so
    # that it is refused at the position where it was typed.
    return folded if len(folded) == 1 else c


def fold_identity_input(value) -> str:
    """What was typed into an identity number or mobile field, as the characters it stands for.

    NFKC per character (full-width ３ → 3, Ｘ → X; not superscripts: see _NOT_FOLDED), then
    whitespace, dashes and invisible characters removed and ASCII letters upper-cased. Never
    raises: the result may still hold characters that are not ASCII (a name typed into a search
    box, or Arabic-Indic digits), which `identity_input` refuses. Idempotent.
    """
    text = "" if value is None else str(value)
    if text.isascii():
        # The fast path: a roster import folds 100,000 numbers in one loop.
        if text.isalnum():
            return text.upper()
        return _SEPARATORS.sub("", text).upper()
    text = _SEPARATORS.sub(
        "", "".join(c if c < "\x80" else _fold_char(c) for c in text if c not in _INVISIBLE)
    )
    if text.isascii():
        return text.upper()
    return "".join(c.upper() if c < "\x80" else c for c in text)


def _describe(c: str) -> str:
    """A character as a message can show it: itself, or its code point when it cannot be seen."""
    if unicodedata.category(c)[0] in "CZM":
        return f"U+{ord(c):04X}"
    return c


def _refuse_character(c: str, position: int) -> ValidationError:
    params = {"pos": position, "char": _describe(c)}
    if unicodedata.category(c)[0] in "CZM":
        message = _("第%(pos)d位有一个看不见的字符（%(char)s），请删除后重新输入。")
    elif unicodedata.decomposition(c).startswith(_NOT_FOLDED):
        message = _("第%(pos)d位的字符“%(char)s”是上标、下标或带圈的字符，不是普通数字，请改为0–9的数字。")
    elif unicodedata.category(c) == "Nd" or unicodedata.numeric(c, None) is not None:
        message = _("第%(pos)d位的字符“%(char)s”不是数字0–9，请切换为半角（英文）输入后重新输入。")
    elif unicodedata.category(c)[0] == "L":
        message = _("第%(pos)d位的字符“%(char)s”不是数字或英文字母，请切换为英文输入后重新输入。")
    else:
        message = _("第%(pos)d位的字符“%(char)s”不能出现在号码中，请删除后重新输入。")
    return ValidationError(message % params, code="non_ascii", params=params)


def identity_input(value) -> str:
    """`fold_identity_input`, refusing what is still not ASCII with the character and its 1-based
    position in the number (after spaces and invisible characters are removed)."""
    text = fold_identity_input(value)
    if not text.isascii():
        position, c = next((i, c) for i, c in enumerate(text, 1) if c >= "\x80")
        raise _refuse_character(c, position)
    return text


def _first_not(allowed, text: str, start: int = 0) -> tuple[int, str] | None:
    """(1-based position, character) of the first character of `text[start:]` not in `allowed`."""
    for i in range(start, len(text)):
        if text[i] not in allowed:
            return i + 1, text[i]
    return None


def ric_check_digit(first17: str) -> str:
    # map() keeps this in C: a roster import checks up to 100,000 numbers in one loop. int() would
    # take any Unicode digit, so the digits are checked to be ASCII first.
    if len(first17) != 17 or not (first17.isascii() and first17.isdigit()):
        raise ValueError("ric_check_digit needs the first 17 digits, ASCII")
    return _RIC_CHECK[sum(map(mul, map(int, first17), _RIC_WEIGHTS)) % 11]


def normalize_resident_id(value: str, *, today: datetime.date | None = None) -> str:
    """Return the 18-character resident ID number, or raise ValidationError saying what is wrong.

    15-digit legacy numbers (born 19xx, no check digit) are converted. The address code is not
    checked against a list: counties are merged and renamed, and old numbers stay valid.
    """
    number = identity_input(value)
    if not number:
        raise ValidationError(_("请填写身份证号码。"), code="required")
    if len(number) == 15:
        bad = _first_not(_ASCII_DIGIT, number)
        if bad:
            raise ValidationError(
                _("15位身份证号码应全部为数字，第%(pos)d位是“%(char)s”。")
                % {"pos": bad[0], "char": _describe(bad[1])},
                code="format",
            )
        first17 = number[:6] + "19" + number[6:]
        number = first17 + ric_check_digit(first17)
    if len(number) != 18:
        raise ValidationError(
            _("身份证号码应为18位（或旧版15位），您输入了%(n)d位。") % {"n": len(number)}, code="length"
        )
    if not _RIC_BODY.fullmatch(number):
        bad = _first_not(_ASCII_DIGIT, number[:17]) or (18, number[17])
        raise ValidationError(
            _("身份证号码前17位应为数字，最后一位为数字或X；第%(pos)d位是“%(char)s”。")
            % {"pos": bad[0], "char": _describe(bad[1])},
            code="format",
        )
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
    code = identity_input(value)
    if not code:
        raise ValidationError(_("请填写统一社会信用代码。"), code="required")
    if len(code) != 18:
        raise ValidationError(
            _("统一社会信用代码应为18位，您输入了%(n)d位。") % {"n": len(code)}, code="length"
        )
    bad = sorted({_describe(c) for c in code if c not in _USCC_ALPHABET})
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
    number = identity_input(value)
    prefix = 3 if number.startswith("+86") else 4 if number.startswith("0086") else 0
    number = number[prefix:]
    if not number:
        raise ValidationError(_("请填写手机号码。"), code="required")
    if not _MOBILE.fullmatch(number):
        if len(number) != 11:
            raise ValidationError(_("手机号码应为以1开头的11位数字。"), code="format")
        bad = _first_not(_ASCII_DIGIT, number)
        if bad:
            raise ValidationError(
                _("手机号码应为以1开头的11位数字，第%(pos)d位“%(char)s”不是数字。")
                % {"pos": bad[0] + prefix, "char": _describe(bad[1])},
                code="format",
            )
        raise ValidationError(_("手机号码应为以1开头的11位数字。"), code="format")
    return number


def validate_mobile(value: str) -> None:
    normalize_mobile(value)


_MEASUREMENT = re.compile(r"[0-9]+(\.[0-9]+)?")


def normalize_measurement(value, *, label: str, low, high, unit: str, example: str, places: int = 1):
    """A measurement typed on a phone (a weight in kg, a height in cm) as a Decimal of `places`
    decimals, within [low, high].

    Folded as identity input is (full-width ６５．５ → 65.5, spaces and invisible characters
    removed), and the ideographic full stop a Chinese IME types for "." (65。5) read as the point.
    More decimals than `places` are rounded half up (65.55 → 65.6): scales show one decimal.
    """
    from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

    text = "" if value is None else str(value)
    text = "".join(_fold_char(c) for c in text if c not in _INVISIBLE and not c.isspace())
    text = text.replace("\u3002", ".")
    if not text.isascii() or not _MEASUREMENT.fullmatch(text):
        raise ValidationError(
            _("%(label)s请填写数字，例如 %(example)s。") % {"label": label, "example": example},
            code="invalid",
        )
    try:
        number = Decimal(text).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise ValidationError(_("%(label)s的数值过大。") % {"label": label}, code="invalid") from None
    if not Decimal(low) <= number <= Decimal(high):
        raise ValidationError(
            _("%(label)s应在%(low)s–%(high)s%(unit)s之间，请检查后重新填写。")
            % {"label": label, "low": low, "high": high, "unit": unit},
            code="out_of_range",
        )
    return number
