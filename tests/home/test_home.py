"""The home at / (gonghui.home): each role's tiles, contributed by the apps' home.py."""

import pytest
from django.urls import reverse

from gonghui.members.models import Member, TransferRequest
from gonghui.members.selectors.join import workbench_todo_for
from gonghui.members.services.join import join_approve, join_submit
from tests.factories import make_id_number, make_member, make_mobile

pytestmark = pytest.mark.django_db


def apply(world, **kw):
    data = {
        "name": "王小明",
        "id_number": make_id_number(),
        "mobile": make_mobile(),
        "consent": True,
        "enterprise": world.enterprise,
    }
    data.update(kw)
    return join_submit(**data)


def transfer(world, member, *, to_org):
    return TransferRequest.objects.create(
        member=member,
        from_org=member.org,
        from_path=member.org_path,
        to_org=to_org,
        to_path=to_org.path,
        requested_by=world.county_cadre,
    )


def test_anonymous_sees_the_welcome_with_join_lookup_and_login(client, world):
    html = client.get(reverse("home")).content.decode()
    assert "一键入会" in html and "查询入会进度" in html
    assert reverse("members:join") in html and reverse("members:join_status_lookup") in html
    assert reverse("accounts:login") in html


def test_a_person_with_a_pending_application_sees_it(login, world):
    app = apply(world, mobile=world.worker.phone)
    html = login(world.worker).get(reverse("home")).content.decode()
    assert reverse("members:join_status", args=[app.uuid]) in html and "待审核" in html
    assert "一键入会" in html


def test_a_member_sees_a_summary_of_their_card(login, world):
    html = login(world.member_user).get(reverse("home")).content.decode()
    assert world.member.member_no in html and world.union.name in html
    assert reverse("members:card") in html and reverse("members:me") in html
    assert world.member.id_number_masked not in html


def test_a_member_who_left_gets_no_card_button(login, world):
    Member.objects.filter(pk=world.member.pk).update(status=Member.Status.LEFT)
    html = login(world.member_user).get(reverse("home")).content.decode()
    assert world.member.member_no in html and reverse("members:me") in html
    assert reverse("members:card") not in html


def test_an_approved_rider_sees_the_card_summary(login, world):
    app = apply(world, enterprise=None, job_type="delivery_rider", work_area=world.county)
    member = join_approve(application=app, actor=world.joint_cadre)
    html = login(member.user).get(reverse("home")).content.decode()
    assert member.member_no in html and world.joint.name in html


def test_the_workbench_counts_and_lists_the_oldest_first(login, world):
    a1 = apply(world, name="甲")
    apply(world, name="乙")
    apply(world, name="骑手丙", enterprise=None, job_type="delivery_rider", work_area=world.county)
    incoming = transfer(world, world.member, to_org=world.park_joint)
    client = login(world.county_cadre)
    html = client.get(reverse("home")).content.decode()
    assert "待审核入会申请" in html and "待接收转会" in html
    assert html.index(">甲<") < html.index(">乙<") < html.index(">骑手丙<")
    assert reverse("members:application_detail", args=[a1.uuid]) in html
    assert reverse("members:transfer_detail", args=[incoming.uuid]) in html
    for name in ("orgs:list", "members:roster", "members:roster_import"):  # the modules, on the home too
        assert reverse(name) in html
    todo = workbench_todo_for(world.county_cadre)
    assert todo["joins"]["count"] == 3 and todo["transfers"]["count"] == 1


def test_the_workbench_shows_only_the_scope(login, world):
    apply(world, name="甲")
    apply(world, name="骑手乙", enterprise=None, job_type="delivery_rider", work_area=world.county)
    transfer(world, world.member, to_org=world.park_joint)  # received by the park, not the township
    todo = workbench_todo_for(world.township_cadre)
    assert [a.name for a in todo["joins"]["oldest"]] == ["甲"]
    assert todo["transfers"]["count"] == 0
    outsider = workbench_todo_for(world.outsider)
    assert outsider["joins"]["count"] == 0 and outsider["transfers"]["count"] == 0
    joint = workbench_todo_for(world.joint_cadre)
    assert [a.name for a in joint["joins"]["oldest"]] == ["骑手乙"]
    html = login(world.outsider).get(reverse("home")).content.decode()
    assert "甲" not in html and "暂无待办事项" in html


def test_the_transfer_count_is_for_the_receiving_side(world):
    leaving = make_member(world.park_joint, name="吴敏")
    transfer(world, leaving, to_org=world.union)
    assert workbench_todo_for(world.enterprise_cadre)["transfers"]["count"] == 1
    assert workbench_todo_for(world.joint_cadre)["transfers"]["count"] == 0


def test_the_viewer_sees_the_to_do_list(login, world):
    apply(world, name="甲")
    html = login(world.viewer).get(reverse("home")).content.decode()
    assert ">甲<" in html


def test_the_cadre_home_uses_few_queries_whatever_the_work(
    login, world, django_assert_max_num_queries, django_assert_num_queries
):
    client = login(world.county_cadre)
    for _ in range(8):
        apply(world)
    client.get(reverse("home"))
    # session, user; membership; volunteer; to-dos: joins, transfers (rows, then the count when there
    # are more), duplicates, orders, problems, petitions, my orders and petitions; fitness: my
    # programmes, weigh-ins to confirm; lectures: my stops as a lecturer, lecture requests waiting;
    # activities: mine, waitlists; the glance tile; tournaments: my next match; care: files and
    # requests awaiting my level, my gifts, recuperation, honours; rights: contracts expiring, letters
    # awaiting a reply. Positions, the bell,
    # desk roles, the notices' unread count and the navigation come from core.facts. None per row.
    with django_assert_max_num_queries(32) as few:
        client.get(reverse("home"))
    for _ in range(8):
        apply(world)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("home"))


def test_the_member_home_uses_few_queries(login, world, django_assert_max_num_queries):
    client = login(world.member_user)
    client.get(reverse("home"))
    # session, user, membership; my orders and petitions; volunteering; tournaments, fitness,
    # lectures, activities; care: honours, recuperation (application, or what is open), gifts
    with django_assert_max_num_queries(14):
        client.get(reverse("home"))
