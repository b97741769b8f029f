"""BMI is rounded to one decimal, then categorised (WS/T 428): the band a person sees on the
page is the band their shown BMI falls in, also at 23.95, 18.45 and 27.95."""

from decimal import Decimal as D

import pytest

from gonghui.core.validators import normalize_measurement
from gonghui.fitness import bmi
from gonghui.fitness.services import height_value, weight_value


@pytest.mark.parametrize(
    ("value", "shown", "category"),
    [
        ("18.44", "18.4", bmi.UNDERWEIGHT),
        ("18.45", "18.5", bmi.NORMAL),
        ("18.5", "18.5", bmi.NORMAL),
        ("23.9", "23.9", bmi.NORMAL),
        ("23.94", "23.9", bmi.NORMAL),
        ("23.95", "24.0", bmi.OVERWEIGHT),
        ("24.0", "24.0", bmi.OVERWEIGHT),
        ("27.94", "27.9", bmi.OVERWEIGHT),
        ("27.95", "28.0", bmi.OBESE),
        ("28.0", "28.0", bmi.OBESE),
        ("40", "40.0", bmi.OBESE),
    ],
)
def test_bmi_is_rounded_then_categorised(value, shown, category):
    # a height of 100 cm makes the BMI equal to the weight
    result = bmi.bmi(D(value), D("100"))
    assert result == D(shown)
    assert bmi.category(result) == category
    assert bmi.category(D(value)) == category  # an unrounded value is rounded first as well


def test_a_real_person_on_either_side_of_24():
    # 170 cm: 69.2 kg is BMI 23.94… (正常), 69.3 kg is 23.97… which is shown as 24.0 (超重)
    assert (bmi.bmi(D("69.2"), D("170")), bmi.category_label(bmi.bmi(D("69.2"), D("170")))) == (
        D("23.9"),
        "正常",
    )
    assert (bmi.bmi(D("69.3"), D("170")), bmi.category_label(bmi.bmi(D("69.3"), D("170")))) == (
        D("24.0"),
        "超重",
    )


def test_loss_percent():
    assert bmi.loss_percent(D("80.0"), D("76.0")) == D("5.00")
    assert bmi.loss_percent(D("80.0"), D("81.0")) == D("-1.25")  # a gain is a negative loss
    assert bmi.loss_percent(D("70.0"), D("69.3")) == D("1.00")


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("65.5", D("65.5")),
        ("６５．５", D("65.5")),
        ("６５.５", D("65.5")),
        ("65。5", D("65.5")),
        (" 65.5 ", D("65.5")),
        ("65.55", D("65.6")),
        ("70", D("70.0")),
    ],
)
def test_weights_as_typed_on_a_phone_are_normalised(typed, value):
    assert weight_value(typed) == value


@pytest.mark.parametrize("typed", ["0", "500", "19.9", "300.1", "-60", "六十五", "65,5", "", "1e2", "٦٥"])
def test_impossible_or_unreadable_weights_are_refused_in_chinese(typed):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as e:
        weight_value(typed)
    assert "体重" in e.value.messages[0]


def test_height_range():
    from django.core.exceptions import ValidationError

    assert height_value("１７２") == D("172.0")
    with pytest.raises(ValidationError):
        height_value("17.2")  # metres typed into a centimetre field
    with pytest.raises(ValidationError):
        normalize_measurement("999", label="身高", low=100, high=250, unit="cm", example="170")
