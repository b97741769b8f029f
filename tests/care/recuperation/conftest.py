import datetime

from django.utils import timezone

from gonghui.care.models.recuperation import RecuperationProgramme
from gonghui.care.services import recuperation as services
from tests.factories import make_member, make_user


def make_programme(
    org, *, actor, capacities=(2,), priority_groups=("front_line", "model_worker", "new_form"), **extra
):
    today = timezone.localdate()
    trips = [
        {
            "starts_on": today + datetime.timedelta(days=30 + 7 * i),
            "ends_on": today + datetime.timedelta(days=34 + 7 * i),
            "capacity": c,
        }
        for i, c in enumerate(capacities)
    ]
    if trips[-1]["starts_on"].year != trips[0]["starts_on"].year:
        for t in trips:
            t["starts_on"] = t["ends_on"] = trips[0]["starts_on"]
    fields = dict(
        org=org,
        title="职工疗休养（千岛湖）",
        destination="淳安县千岛湖职工疗休养基地",
        price_cap="450.00",
        opens_at=timezone.now() - datetime.timedelta(hours=1),
        closes_at=timezone.now() + datetime.timedelta(days=3),
        priority_groups=priority_groups,
        trips=trips,
        actor=actor,
    )
    fields.update(extra)
    return services.programme_create(**fields)


def close_window(programme):
    """The window closed an hour ago (the trips stay after it)."""
    now = timezone.now()
    RecuperationProgramme.objects.filter(pk=programme.pk).update(
        opens_at=now - datetime.timedelta(days=2), closes_at=now - datetime.timedelta(hours=1)
    )
    programme.refresh_from_db()
    return programme


def make_workers(org, n, *, prefix="职工", job_type=""):
    users = []
    for i in range(n):
        user = make_user(name=f"{prefix}{i}")
        make_member(org, name=f"{prefix}{i}", user=user, mobile=user.phone, job_type=job_type)
        users.append(user)
    return users
