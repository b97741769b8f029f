"""Two cadres approve the same application at the same moment: one member, one refusal (PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from gonghui.members.models import JoinApplication, Member, MembershipEvent
from gonghui.members.services.join import join_approve, join_submit
from tests.factories import make_cadre, make_id_number, make_mobile, make_world

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL"),
]


def test_two_concurrent_approvals_make_one_member():
    world = make_world()
    second_cadre = make_cadre(world.union, name="郑凯")
    app = join_submit(
        name="马骁",
        id_number=make_id_number(),
        mobile=make_mobile(),
        consent=True,
        enterprise=world.enterprise,
    )
    barrier = threading.Barrier(2)
    results: list[object] = []
    lock = threading.Lock()

    def approve(actor):
        try:
            application = JoinApplication.objects.get(pk=app.pk)
            barrier.wait(timeout=10)
            outcome = join_approve(application=application, actor=actor)
        except ValidationError as e:
            outcome = e
        except Exception as e:  # noqa: BLE001 - anything else is a failure the assertions report
            outcome = e
        finally:
            connections.close_all()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=approve, args=(a,)) for a in (world.enterprise_cadre, second_cadre)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    members = [r for r in results if isinstance(r, Member)]
    refusals = [r for r in results if isinstance(r, ValidationError)]
    assert len(results) == 2, results
    assert len(members) == 1 and len(refusals) == 1, results
    assert "不能执行" in refusals[0].messages[0]
    assert Member.objects.filter(id_number_hash=app.id_number_hash).count() == 1
    assert MembershipEvent.objects.filter(member=members[0]).count() == 1
    app.refresh_from_db()
    assert app.state == "approved" and app.member_id == members[0].pk
