import datetime

import pytest
from django.core.exceptions import ValidationError

from gonghui.core.validators import normalize_mobile, normalize_resident_id, normalize_uscc


class TestResidentId:
    def test_accepts_the_standards_example(self):
        assert normalize_resident_id("11010519491231002X") == "11010519491231002X"

    def test_accepts_lower_case_x_and_upper_cases_it(self):
        assert normalize_resident_id("11010519491231002x") == "11010519491231002X"

    def test_strips_spaces(self):
        assert normalize_resident_id(" 110105 19491231 002X ") == "11010519491231002X"

    def test_converts_a_15_digit_legacy_number(self):
        # 15-digit form of the example: no century, no check digit.
        assert normalize_resident_id("110105491231002") == "11010519491231002X"

    def test_rejects_a_wrong_check_digit_in_chinese(self):
        with pytest.raises(ValidationError) as e:
            normalize_resident_id("110105194912310021")
        assert "校验位不正确" in e.value.messages[0]

    def test_rejects_an_impossible_date(self):
        with pytest.raises(ValidationError) as e:
            normalize_resident_id("110105194902301234")
        assert "出生日期19490230不存在" in e.value.messages[0]

    def test_rejects_a_birth_date_in_the_future(self):
        with pytest.raises(ValidationError) as e:
            normalize_resident_id("11010520990101002X", today=datetime.date(2026, 11, 23))
        assert "不合理" in e.value.messages[0]

    def test_rejects_wrong_length_saying_how_many(self):
        with pytest.raises(ValidationError) as e:
            normalize_resident_id("1101051949")
        assert "10位" in e.value.messages[0]

    def test_rejects_letters_in_the_body(self):
        with pytest.raises(ValidationError) as e:
            normalize_resident_id("1101051949123100AX")
        assert "前17位应为数字" in e.value.messages[0]

    def test_keeps_an_address_code_of_a_county_that_no_longer_exists(self):
        # 110102 (西城区) is current; 110104 (宣武区) was merged in 2010 but old cards stay valid.
        from gonghui.core.validators import ric_check_digit

        number = "11010419800101001"
        assert normalize_resident_id(number + ric_check_digit(number)).startswith("110104")

    def test_rejects_empty(self):
        with pytest.raises(ValidationError) as e:
            normalize_resident_id("  ")
        assert e.value.messages == ["请填写身份证号码。"]


class TestUscc:
    def test_accepts_the_standards_example(self):
        assert normalize_uscc("91350100M000100Y43") == "91350100M000100Y43"

    def test_upper_cases(self):
        assert normalize_uscc("91350100m000100y43") == "91350100M000100Y43"

    def test_rejects_a_wrong_check_character(self):
        with pytest.raises(ValidationError) as e:
            normalize_uscc("91350100M000100Y44")
        assert "校验位不正确" in e.value.messages[0]

    def test_rejects_forbidden_letters_naming_them(self):
        with pytest.raises(ValidationError) as e:
            normalize_uscc("91350100M0001O0Y43")
        assert "O" in e.value.messages[0] and "不允许" in e.value.messages[0]

    def test_rejects_wrong_length(self):
        with pytest.raises(ValidationError) as e:
            normalize_uscc("91350100M")
        assert "9位" in e.value.messages[0]


class TestMobile:
    @pytest.mark.parametrize("raw", ["13912345678", "139 1234 5678", "+8613912345678", "139-1234-5678"])
    def test_accepts_common_writings(self, raw):
        assert normalize_mobile(raw) == "13912345678"

    @pytest.mark.parametrize("raw", ["12912345678", "1391234567", "0571-88888888", "abc"])
    def test_rejects_non_mobile_numbers(self, raw):
        with pytest.raises(ValidationError) as e:
            normalize_mobile(raw)
        assert "11位" in e.value.messages[0]


FW = str.maketrans("0123456789Xx", "０１２３４５６７８９Ｘｘ")  # full-width forms, as an IME types them


class TestIdentityInput:
    """What keyboards, phones, WeChat and Excel put into a number is folded once, before any check."""

    def test_full_width_digits_and_x_are_the_ascii_ones(self):
        assert normalize_resident_id("11010519491231002X".translate(FW)) == "11010519491231002X"
        assert normalize_resident_id("11010519491231002x".translate(FW)) == "11010519491231002X"
        assert normalize_mobile("13912345678".translate(FW)) == "13912345678"
        assert normalize_uscc("91350100M000100Y43".translate(FW)) == "91350100M000100Y43"

    def test_a_mix_of_full_width_and_ascii_digits(self):
        assert normalize_resident_id("1１0１05１9491２31００2Ｘ") == "11010519491231002X"

    @pytest.mark.parametrize(
        "noise",
        [
            "\u00a0",  # NBSP
            "\u3000",  # ideographic space (full-width space)
            "\t",
            "\u200b",  # zero-width space
            "\u200c",
            "\u200d",
            "\u2060",  # word joiner
            "\ufeff",  # BOM / zero-width no-break space (Excel, Notepad)
            "\u00ad",  # soft hyphen
            "\u202d",  # left-to-right override: iOS wraps a copied phone number in U+202D … U+202C
            "\u202c",
            "\u2066",  # left-to-right isolate: Android does the same
            "\u2069",
            "\u200e",  # left-to-right mark
            "\u2005",  # four-per-em space
            "\u2013",  # en dash, a word processor's hyphen
            "\uff0d",  # full-width hyphen
        ],
    )
    def test_invisible_characters_and_separators_are_removed(self, noise):
        assert (
            normalize_resident_id(f"{noise}110105{noise}19491231{noise}002X{noise}") == "11010519491231002X"
        )
        assert normalize_mobile(f"{noise}139{noise}1234{noise}5678{noise}") == "13912345678"

    def test_a_phone_number_copied_from_an_iphone(self):
        assert normalize_mobile("\u202d+86 139 1234 5678\u202c") == "13912345678"
        assert normalize_mobile("＋８６ １３９１２３４５６７８") == "13912345678"

    @pytest.mark.parametrize(
        "digit",
        [
            "٣",
            "۳",
            "३",
            "৩",
            "๓",
            "၃",
            "߃",
            "໓",
        ],  # Arabic-Indic, Persian, Devanagari, Bengali, Thai, Myanmar, N'Ko, Lao
    )
    def test_other_scripts_digits_are_refused_naming_the_character_and_position(self, digit):
        with pytest.raises(ValidationError) as e:
            normalize_resident_id(f"1101{digit}519491231002X")
        assert e.value.code == "non_ascii"
        assert e.value.messages == [f"第5位的字符“{digit}”不是数字0–9，请切换为半角（英文）输入后重新输入。"]
        with pytest.raises(ValidationError) as e:
            normalize_mobile(f"139{digit}2345678")
        assert "第4位" in e.value.messages[0] and digit in e.value.messages[0]

    def test_the_position_is_counted_without_the_spaces_and_invisible_characters(self):
        with pytest.raises(ValidationError) as e:
            normalize_resident_id("\u202d110 105 ١949 1231 002X")
        assert e.value.messages[0].startswith("第7位的字符“١”")

    @pytest.mark.parametrize("char", ["²", "₂", "①"])
    def test_superscripts_subscripts_and_circled_digits_are_refused_not_read_as_digits(self, char):
        # NFKC would read ² as 2: a footnote mark or an exponent would become a digit of another number.
        with pytest.raises(ValidationError) as e:
            normalize_resident_id(f"11010519491231002{char}")
        assert e.value.code == "non_ascii"
        assert f"第18位的字符“{char}”是上标、下标或带圈的字符" in e.value.messages[0]

    def test_a_cyrillic_letter_that_looks_like_x_is_refused(self):
        with pytest.raises(ValidationError) as e:
            normalize_resident_id("11010519491231002Х")  # U+0425
        assert e.value.messages[0].startswith("第18位的字符“Х”不是数字或英文字母")

    def test_chinese_text_is_refused_at_its_position(self):
        with pytest.raises(ValidationError) as e:
            normalize_mobile("电话13912345678")
        assert e.value.messages[0].startswith("第1位的字符“电”")

    def test_an_invisible_character_left_is_named_by_its_code_point(self):
        with pytest.raises(ValidationError) as e:
            normalize_mobile("139\u200a1234\U000e0041")  # a tag character, which nothing should insert
        assert "U+E0041" in e.value.messages[0] and "看不见的字符" in e.value.messages[0]

    def test_a_character_folding_to_several_is_refused_where_it_was_typed(self):
        with pytest.raises(ValidationError) as e:
            normalize_mobile("⒈3912345678")  # U+2488 DIGIT ONE FULL STOP: NFKC makes "1."
        assert e.value.messages[0].startswith("第1位的字符“⒈”")

    def test_ascii_non_digits_are_named_by_position(self):
        with pytest.raises(ValidationError) as e:
            normalize_resident_id("1101051949123100AX")
        assert "第17位是“A”" in e.value.messages[0]
        with pytest.raises(ValidationError) as e:
            normalize_mobile("1391234567a")
        assert "第11位“A”不是数字" in e.value.messages[0]
        with pytest.raises(ValidationError) as e:
            normalize_mobile("1391234567\x00")
        assert "U+0000" in e.value.messages[0]

    def test_only_invisible_characters_is_empty(self):
        with pytest.raises(ValidationError) as e:
            normalize_mobile("\u200b\u3000\ufeff")
        assert e.value.messages == ["请填写手机号码。"]

    def test_the_check_digit_needs_ascii_digits(self):
        from gonghui.core.validators import ric_check_digit

        with pytest.raises(ValueError):
            ric_check_digit("1101٠51949123100٢")  # int() would read these as digits

    def test_fold_never_raises_and_keeps_other_text(self):
        from gonghui.core.validators import fold_identity_input

        assert fold_identity_input(None) == ""
        assert fold_identity_input(" 张三 ") == "张三"
        assert fold_identity_input("ı") == "ı"  # not upper-cased into an ASCII I
        assert fold_identity_input("１３９ １２３４ ５６７８") == "13912345678"
