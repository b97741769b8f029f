"""Racing submits (PostgreSQL: real row locks and real concurrency)."""

import threading

import pytest
from django.db import connection, connections

from gonghui.care.models.recuperation import RecuperationApplication, RecuperationProgramme
from gonghui.care.services import recuperation as services
from tests.care.recuperation.conftest import make_programme, make_workers
from tests.factories import make_world

pytestmark = pytest.mark.django_db(transaction=True)

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locks and real concurrency"
)


def _race(jobs) -> list[str]:
    barrier = threading.Barrier(len(jobs))
    results: list[str] = []
    lock = threading.Lock()

    def run(job):
        try:
            barrier.wait()
            outcome = job()
        except Exception as e:  # noqa: BLE001 - the outcome is what the test asserts
            outcome = f"{type(e).__name__}: {e}"
        finally:
            connections.close_all()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(j,)) for j in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _submit(programme_pk, user):
    def job():
        programme = RecuperationProgramme.objects.get(pk=programme_pk)
        return services.application_submit(
            programme=programme, trip=programme.trips.first(), actor=user
        ).state

    return job


@needs_postgresql
def test_a_member_submitting_two_programmes_at_once_gets_one_application():
    w = make_world()
    p = make_programme(w.township, actor=w.township_cadre)
    q = make_programme(w.county, actor=w.county_cadre, title="职工疗休养（莫干山）")
    results = _race([_submit(p.pk, w.member_user), _submit(q.pk, w.member_user)] * 2)
    assert results.count("applied") == 1, results
    assert all("每位会员每年只能参加一个" in r or "您已申请" in r for r in results if r != "applied")
    assert RecuperationApplication.objects.filter(member=w.member).count() == 1


@needs_postgresql
def test_many_members_applying_at_once_get_distinct_numbers():
    w = make_world()
    p = make_programme(w.county, actor=w.county_cadre)
    users = make_workers(w.union, 8)
    results = _race([_submit(p.pk, u) for u in users])
    assert results == ["applied"] * 8, results
    numbers = sorted(RecuperationApplication.objects.filter(programme=p).values_list("number", flat=True))
    assert numbers == list(range(1, 9))
