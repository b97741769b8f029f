"""Where the welfare figures of the glance lead: the gifts to the batches, the condolences to the
requests they count."""

from django.urls import reverse

from gonghui.core import indicators
from gonghui.core.indicators import year_to_date


def test_each_welfare_figure_opens_the_list_it_counts():
    period = year_to_date()
    drills = {
        key: indicators.get(key).drill(None, period)
        for key in (
            "care.welfare.gifts_handed_out",
            "care.welfare.gift_value",
            "care.welfare.condolences",
            "care.welfare.condolence_amount",
        )
    }
    assert (
        drills["care.welfare.gifts_handed_out"]
        == drills["care.welfare.gift_value"]
        == reverse("care:welfare_batches")
    )
    assert (
        drills["care.welfare.condolences"]
        == drills["care.welfare.condolence_amount"]
        == reverse("care:welfare_requests")
    )
