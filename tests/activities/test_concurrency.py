"""Racing for the last places (PostgreSQL: real row locks and real concurrency)."""

import threading

import pytest
from django.db import connection, connections

from gonghui.activities import services
from gonghui.activities.models import Activity, Registration
from tests.activities.conftest import make_activity
from tests.factories import make_user, make_world

pytestmark = pytest.mark.django_db(transaction=True)

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locks and real concurrency"
)


def _race(activity, users, action) -> list[str]:
    barrier = threading.Barrier(len(users))
    results: list[str] = []
    lock = threading.Lock()

    def run(user):
        try:
            barrier.wait()
            outcome = action(Activity.objects.get(pk=activity.pk), user)
        except Exception as e:  # noqa: BLE001 - the outcome is what the test asserts
            outcome = f"{type(e).__name__}: {e}"
        finally:
            connections.close_all()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@needs_postgresql
def test_eight_workers_race_for_the_last_place():
    w = make_world()
    activity = make_activity(w.county, actor=w.county_cadre, capacity=3, members_only=False)
    for n in range(2):
        services.registration_create(activity=activity, actor=make_user(name=f"先到{n}"))
    racers = [make_user(name=f"抢报{n}") for n in range(8)]
    results = _race(activity, racers, lambda a, u: services.registration_create(activity=a, actor=u).state)
    activity.refresh_from_db()
    assert sorted(results) == ["registered"] + ["waitlisted"] * 7, results
    assert activity.taken == 3 == Registration.objects.filter(activity=activity, state="registered").count()
    positions = sorted(
        services.waitlist_position(r)
        for r in Registration.objects.filter(activity=activity, state="waitlisted")
    )
    assert positions == list(range(1, 8))


@needs_postgresql
def test_a_family_and_singles_race_for_two_places():
    w = make_world()
    activity = make_activity(w.county, actor=w.county_cadre, capacity=2, family_max=2, members_only=False)
    racers = [make_user(name=f"家庭{n}") for n in range(6)]

    def register(a, u):
        family = 1 if u.name.endswith(("0", "1", "2")) else 0
        return services.registration_create(activity=a, family_count=family, actor=u).state

    _race(activity, racers, register)
    activity.refresh_from_db()
    held = sum(
        Registration.objects.filter(activity=activity, state="registered").values_list("places", flat=True)
    )
    assert activity.taken == held <= 2


@needs_postgresql
def test_a_double_tap_makes_one_registration():
    w = make_world()
    activity = make_activity(w.county, actor=w.county_cadre, capacity=5, members_only=False)
    user = make_user(name="双击")
    results = _race(
        activity, [user] * 4, lambda a, u: services.registration_create(activity=a, actor=u).state
    )
    assert results.count("registered") == 1, results
    assert Registration.objects.filter(activity=activity).count() == 1
    activity.refresh_from_db()
    assert activity.taken == 1
