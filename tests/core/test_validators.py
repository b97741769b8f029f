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
