"""Each role's tiles (core.homes.tiles_for): counts right, another org's items absent, and a person
without a thing gets no tile for it."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from gonghui.core.homes import tiles_for
from gonghui.servicedesk.models import Problem, ServiceOrder
from gonghui.servicedesk.services import orders as order_svc
from gonghui.servicedesk.services import problems as problem_svc
from gonghui.volunteers import services as vol_svc
from gonghui.volunteers.models import Signup
from tests.servicedesk.test_orders import delivered_order, place_order, soon
from tests.volunteers.conftest import make_task, make_volunteer, shift

pytestmark = pytest.mark.django_db


def tiles(user) -> dict:
    return {t.title: t for t in tiles_for(user)}


def test_anonymous_offers_lead_to_registration_then_back():
    found = tiles(AnonymousUser())
    menu = found["服务点单"]
    assert menu.url == reverse("accounts:register") + "?next=" + reverse("servicedesk:menu").replace(
        "/", "%2F"
    )
    assert found["志愿服务"].url.startswith(reverse("accounts:register") + "?next=")
    assert found["网上信访"].url.startswith(reverse("accounts:register") + "?next=")
    assert "一键入会" not in found  # the page opens with the join pitch for a visitor


def test_a_member_has_their_card_and_a_non_member_is_offered_joining(world):
    card = tiles(world.member_user)["电子会员证"]
    assert card.url == reverse("members:card") and world.member.member_no in card.detail
    assert "一键入会" not in tiles(world.member_user)
    worker = tiles(world.worker)
    assert "一键入会" in worker and "电子会员证" not in worker


def test_the_service_team_leader_sees_upcoming_jobs_with_dates_and_places(desk):
    order = place_order(desk)
    order_svc.order_accept(order=order, actor=desk.county_cadre)
    order_svc.order_dispatch(
        order=order,
        team=desk.legal_team,
        service_date=soon(3),
        service_place="华宇三楼",
        actor=desk.county_cadre,
    )
    jobs = tiles(desk.team_leader)["服务队任务"]
    assert jobs.url == reverse("servicedesk:team_jobs") and jobs.count == 1
    (item,) = jobs.items
    assert "华宇三楼" in item.note and str(soon(3).day) in item.note and item.url == order.get_absolute_url()
    assert "服务队任务" not in tiles(desk.member_user)  # not on a team: no tile
    assert tiles(desk.health_team.leader)["服务队任务"].count == 0  # a team without jobs says so


def test_the_enterprise_contact_sees_orders_to_rate_and_problems_to_confirm(desk):
    delivered_order(desk, place="一楼")
    delivered_order(desk, place="二楼")
    place_order(desk, place="三楼")
    problem = problem_svc.problem_raise(
        enterprise=desk.enterprise,
        reporter=desk.enterprise_contact,
        category="permits",
        title="办证难",
        description="d",
    )
    problem_svc.problem_assign(problem=problem, unit=desk.market_unit, actor=desk.county_cadre)
    problem_svc.problem_answer(problem=problem, answer="已协调办理", actor=desk.unit_contact)
    found = tiles(desk.enterprise_contact)
    assert found["待评价的点单"].count == 2 and len(found["待评价的点单"].items) == 2
    assert "办理中 1 单，共 3 单" in found["我的点单"].detail
    assert found["待确认的问题答复"].count == 1 and found["待确认的问题答复"].items[0].label == "办证难"
    # A member without orders or an enterprise gets none of these.
    assert not {"待评价的点单", "我的点单", "待确认的问题答复", "企业问题反映"} & set(tiles(desk.member_user))


def test_the_unit_contact_sees_the_units_problems_overdue_first(desk):
    def assigned(title, due):
        p = problem_svc.problem_raise(
            enterprise=desk.enterprise,
            reporter=desk.enterprise_contact,
            category="permits",
            title=title,
            description="d",
        )
        problem_svc.problem_assign(problem=p, unit=desk.market_unit, actor=desk.county_cadre)
        Problem.objects.filter(pk=p.pk).update(due_date=due)
        return p

    today = timezone.localdate()
    assigned("下周到期", today + datetime.timedelta(days=7))
    assigned("已逾期", today - datetime.timedelta(days=14))  # past any weekend or holiday
    assigned("明天到期", today + datetime.timedelta(days=1))
    inbox = tiles(desk.unit_contact)["交办给本单位的问题"]
    assert inbox.url == reverse("servicedesk:problem_inbox") and inbox.count == 3 and inbox.urgent
    assert [i.label for i in inbox.items] == ["已逾期", "明天到期", "下周到期"]
    assert inbox.items[0].urgent and "逾期" in inbox.items[0].note
    assert "交办给本单位的问题" not in tiles(desk.enterprise_contact)


def test_the_volunteer_sees_hours_this_year_and_sign_ups(desk):
    volunteer = make_volunteer(desk.volunteer_user, desk.township)
    task = make_task(desk.township, leader=desk.township_cadre, title="周末法律咨询")
    vol_svc.signup_create(task=task, volunteer=volunteer, actor=desk.volunteer_user)
    done = make_task(desk.township, leader=desk.township_cadre, title="上周的服务")
    signup = vol_svc.signup_create(task=done, volunteer=volunteer, actor=desk.volunteer_user)
    shift(done, starts_in=-datetime.timedelta(hours=5))
    vol_svc.hours_confirm(
        signup=Signup.objects.get(pk=signup.pk), actor=desk.township_cadre, hours=Decimal("2.5")
    )
    card = tiles(desk.volunteer_user)["我的志愿服务"]
    assert "2.5" in card.detail and str(timezone.localdate().year) in card.detail
    assert [i.label for i in card.items] == ["周末法律咨询"]
    assert "我的志愿服务" not in tiles(desk.member_user) and "志愿服务" in tiles(desk.member_user)


def test_the_grassroots_and_county_cadres_to_dos(desk):
    place_order(desk, place="一楼")  # to accept, for the county
    accepted = place_order(desk, place="二楼")
    order_svc.order_accept(order=accepted, actor=desk.county_cadre)
    ServiceOrder.objects.filter(pk=accepted.pk).update(
        dispatch_due=timezone.localdate() - datetime.timedelta(days=14)  # past any weekend or holiday
    )
    county = tiles(desk.county_cadre)
    assert county["待受理点单"].count == 1 and county["待派单点单"].count == 1
    assert county["待派单点单"].url == reverse("servicedesk:board") + "?state=accepted"
    assert "待服务点单" not in county  # nothing dispatched: no tile
    assert county["逾期点单"].count == 1 and county["逾期点单"].urgent
    assert county["逾期点单"].url.endswith("?state=overdue")
    # The enterprise union's chair runs no dispatch board; another county sees none of these.
    for user in (desk.enterprise_cadre, desk.outsider):
        assert not {"待受理点单", "待派单点单", "逾期点单"} & set(tiles(user))


def test_to_dos_come_first_urgent_ones_before(desk):
    accepted = place_order(desk)
    order_svc.order_accept(order=accepted, actor=desk.county_cadre)
    ServiceOrder.objects.filter(pk=accepted.pk).update(
        dispatch_due=timezone.localdate() - datetime.timedelta(days=14)  # past any weekend or holiday
    )
    kinds = [t.kind for t in tiles_for(desk.county_cadre)]
    assert kinds == sorted(kinds, key=["todo", "card", "shortcut"].index)
    assert tiles_for(desk.county_cadre)[0].urgent
