"""Racing: two computations of one batch, two sign-offs of one gift, two requests under one cap
(PostgreSQL: real row locks and real concurrency)."""

import datetime
import threading

import pytest
from django.db import connection, connections

from gonghui.care.models import CondolenceRequest, WelfareBatch, WelfareGift
from gonghui.care.services import welfare as svc
from tests.care.welfare.conftest import make_batch, make_members, rule
from tests.factories import make_world

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks and real concurrency"
    ),
]


def _race(n, action) -> list[str]:
    barrier = threading.Barrier(n)
    results: list[str] = []
    lock = threading.Lock()

    def run(i):
        try:
            barrier.wait()
            outcome = action(i)
        except Exception as e:  # noqa: BLE001 - the outcome is what the test asserts
            outcome = f"{type(e).__name__}: {e}"
        finally:
            connections.close_all()
        with lock:
            results.append(str(outcome))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.fixture
def w():
    world = make_world()
    rule(world.county, "festival", world.county_cadre, cap_per_year="2200")
    rule(world.county, "birthday", world.county_cadre, cap_per_occasion="500", times_per_year=1)
    make_members(world.union, 30)
    return world


def test_two_computations_of_one_batch_give_nobody_two(w):
    batch = make_batch(w)
    _race(2, lambda i: svc.batch_compute(batch=WelfareBatch.objects.get(pk=batch.pk)))
    assert WelfareGift.objects.filter(batch=batch).count() == 31


def test_two_sign_offs_of_one_gift_sign_once(w):
    batch = make_batch(w)
    svc.batch_compute(batch=batch)
    gift_id = WelfareGift.objects.get(batch=batch, member=w.member).pk

    def sign(i):
        gift = WelfareGift.objects.select_related("batch", "member").get(pk=gift_id)
        if i == 0:
            return svc.gift_sign(gift=gift, actor=w.member_user).state
        return svc.gift_confirm(gift=gift, actor=w.enterprise_cadre).state

    results = _race(2, sign)
    assert sorted(r.startswith("ValidationError") for r in results) == [False, True]


def test_two_requests_under_a_once_a_year_cap_make_one(w):
    def propose(i):
        return svc.condolence_request_create(
            member=w.member,
            occasion="birthday",
            event_date=datetime.date.today() - datetime.timedelta(days=i),
            amount="300",
            form="goods",
            actor=w.enterprise_cadre,
        ).state

    results = _race(2, propose)
    assert CondolenceRequest.objects.count() == 1, results
