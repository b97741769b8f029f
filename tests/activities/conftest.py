import datetime

from django.utils import timezone

from gonghui.activities import services
from tests.factories import make_member, make_user


def make_activity(org, *, actor, capacity=10, family_max=0, days=7, members_only=True, **extra):
    starts = timezone.now() + datetime.timedelta(days=days)
    fields = dict(
        org=org,
        kind="sports",
        title="职工龙舟赛",
        place="安平湖",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        capacity=capacity,
        family_max=family_max,
        members_only=members_only,
        actor=actor,
    )
    fields.update(extra)
    return services.activity_publish(**fields)


def make_workers(org, n, *, prefix="职工"):
    users = []
    for i in range(n):
        user = make_user(name=f"{prefix}{i}")
        make_member(org, name=f"{prefix}{i}", user=user, mobile=user.phone)
        users.append(user)
    return users
