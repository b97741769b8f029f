"""Five volunteers race for the last place: exactly one gets it (PostgreSQL: real row locks)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from gonghui.volunteers import services
from gonghui.volunteers.models import Signup, VolunteerTask
from tests.factories import make_desk_world, make_user, make_world
from tests.volunteers.conftest import make_task, make_volunteer, signed

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locks and real concurrency"
)
def test_five_volunteers_race_for_the_last_place():
    w = make_desk_world(make_world())
    task = make_task(w.township, leader=w.township_cadre, capacity=3)
    for n in range(2):
        signed(task, make_volunteer(make_user(name=f"先到{n}"), w.township))
    racers = [make_volunteer(make_user(name=f"抢报{n}"), w.township) for n in range(5)]
    barrier = threading.Barrier(len(racers))
    results: list[str] = []
    lock = threading.Lock()

    def race(volunteer):
        try:
            barrier.wait()
            services.signup_create(
                task=VolunteerTask.objects.get(pk=task.pk), volunteer=volunteer, actor=volunteer.user
            )
            outcome = "ok"
        except ValidationError as e:
            outcome = e.messages[0]
        finally:
            connections.close_all()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=race, args=(v,)) for v in racers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    task.refresh_from_db()
    assert results.count("ok") == 1, results
    assert sorted(r for r in results if r != "ok") == ["名额已满。"] * 4
    assert task.signed_up == 3 == Signup.objects.filter(task=task, state="signed_up").count()
