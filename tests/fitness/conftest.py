import datetime

import pytest
from django.utils import timezone

from gonghui.fitness import services


def make_programme(w, *, org=None, actor=None, **kwargs):
    today = timezone.localdate()
    fields = {
        "title": "2026年职工减重大赛",
        "enrol_opens": today - datetime.timedelta(days=30),
        "enrol_closes": today + datetime.timedelta(days=10),
        "starts_on": today - datetime.timedelta(days=60),
        "ends_on": today + datetime.timedelta(days=30),
        **kwargs,
    }
    return services.programme_create(org=org or w.township, actor=actor or w.township_cadre, **fields)


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


@pytest.fixture
def fit(world):
    """make_world plus a programme of the township (reaching the member's enterprise union), the
    member enrolled at 170 cm."""
    w = world
    w.programme = make_programme(w)
    w.enrolment = services.enrol(programme=w.programme, user=w.member_user, height="170", actor=w.member_user)
    return w
