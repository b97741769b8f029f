"""Volunteer personas on top of the desk world: registered volunteers and a task factory."""

import datetime

import pytest
from django.utils import timezone

from gonghui.volunteers import services
from gonghui.volunteers.models import Signup, VolunteerTask
from tests.factories import make_user


def make_volunteer(user, org):
    return services.volunteer_register(
        user=user, org=org, skills="法律咨询", availability="周末", consent=True, actor=user
    )


def make_task(
    org,
    *,
    leader,
    actor=None,
    starts_in=datetime.timedelta(days=2),
    hours=3,
    capacity=5,
    team=None,
    title="职工法律咨询志愿服务",
):
    starts = timezone.now() + starts_in
    return services.task_create(
        org=org,
        title=title,
        place="城关镇职工之家",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=hours),
        capacity=capacity,
        leader=leader,
        team=team,
        actor=actor or leader,
    )


def shift(task, *, starts_in: datetime.timedelta, hours: float = 3):
    """Move a task in time (after sign-ups): it now starts `starts_in` from now."""
    starts = timezone.now() + starts_in
    VolunteerTask.objects.filter(pk=task.pk).update(
        starts_at=starts, ends_at=starts + datetime.timedelta(hours=hours)
    )
    task.refresh_from_db()
    return task


@pytest.fixture
def vol(desk):
    """desk + volunteers: `volunteer` (何志愿, under the township), `member_volunteer` (张伟, the member),
    `far_volunteer` (of the other county), a township task led by the township cadre."""
    w = desk
    w.volunteer = make_volunteer(w.volunteer_user, w.township)
    w.member_volunteer = services.volunteer_register(
        user=w.member_user, org=None, consent=True, member=w.member, actor=w.member_user
    )
    w.far_user = make_user(name="远方")
    w.far_volunteer = make_volunteer(w.far_user, w.other_county)
    w.task = make_task(w.township, leader=w.township_cadre)
    return w


def signed(task, volunteer) -> Signup:
    return services.signup_create(task=task, volunteer=volunteer, actor=volunteer.user)
