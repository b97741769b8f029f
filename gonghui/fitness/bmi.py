"""BMI and the Chinese adult weight categories (WS/T 428-2013).

The standard's bands are written with one decimal (正常 18.5–23.9, 超重 24.0–27.9), so the BMI is
rounded to one decimal first and the rounded value is categorised: 23.95 rounds to 24.0, 超重;
23.94 rounds to 23.9, 正常. Categorising the unrounded value would put a person whose BMI is shown
as 24.0 under 正常.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

TENTH = Decimal("0.1")

UNDERWEIGHT, NORMAL, OVERWEIGHT, OBESE = "underweight", "normal", "overweight", "obese"
CATEGORY_LABELS = {
    UNDERWEIGHT: _("偏瘦"),
    NORMAL: _("正常"),
    OVERWEIGHT: _("超重"),
    OBESE: _("肥胖"),
}
# Lower bounds of the bands above 偏瘦, on the rounded BMI.
_BANDS = ((Decimal("28.0"), OBESE), (Decimal("24.0"), OVERWEIGHT), (Decimal("18.5"), NORMAL))


def bmi(weight_kg: Decimal, height_cm: Decimal) -> Decimal:
    """kg / m², rounded half up to one decimal."""
    metres = Decimal(height_cm) / 100
    return (Decimal(weight_kg) / (metres * metres)).quantize(TENTH, rounding=ROUND_HALF_UP)


def category(value: Decimal) -> str:
    """The category of a BMI (rounded to one decimal here too, whatever the caller passed)."""
    rounded = Decimal(value).quantize(TENTH, rounding=ROUND_HALF_UP)
    for low, name in _BANDS:
        if rounded >= low:
            return name
    return UNDERWEIGHT


def category_label(value: Decimal) -> str:
    return str(CATEGORY_LABELS[category(value)])


def loss_percent(baseline: Decimal, latest: Decimal) -> Decimal:
    """Percentage of the baseline weight lost (negative when gained), two decimals."""
    return ((Decimal(baseline) - Decimal(latest)) * 100 / Decimal(baseline)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
