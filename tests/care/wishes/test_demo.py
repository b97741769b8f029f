"""The demo's micro-wishes: about twenty in every state, mostly riders and drivers, loaded once."""

import io

import pytest
from django.core.management import call_command

from gonghui.care.models.wishes import WISH_FLOW, Wish
from gonghui.demo import care_wishes

pytestmark = pytest.mark.django_db


def test_the_wishes_are_loaded_once_in_every_state(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = io.StringIO()
    call_command("demo", "--no-serve", "--members", "400", stdout=out)
    assert "微心愿：20个" in out.getvalue()
    assert care_wishes.load() == []
    assert Wish.objects.count() == 20
    assert set(Wish.objects.values_list("state", flat=True)) == set(WISH_FLOW.states)
    assert Wish.objects.exclude(job_type="").count() >= 15
    mine = Wish.objects.get(wisher__phone=care_wishes.RIDER_PHONE)
    assert mine.state == "fulfilled" and mine.photo
    assert Wish.objects.filter(claimer__phone=care_wishes.VOLUNTEER_PHONE, state="claimed").exists()
    for wish in Wish.objects.filter(state__in=["claimed", "fulfilled", "confirmed"]):
        assert wish.claimer_id != wish.wisher_id
        assert hasattr(wish.claimer, "volunteer") or wish.claimer.phone == "13800000007"
