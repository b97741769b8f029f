"""Service orders: placing, every ORDER_FLOW transition and every forbidden one, overdue across
a public holiday, notifications, and the order pages with every persona."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gonghui.core.models import CalendarDay, Notification, TransitionLog
from gonghui.servicedesk.models import DeskSettings, ServiceOrder, ServiceTeam, ServiceTeamMember
from gonghui.servicedesk.selectors.orders import overdue_q
from gonghui.servicedesk.services import orders as svc
from tests.factories import make_user, on_day


def soon(days: int = 7) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def place_order(desk, *, item=None, place="华宇公司会议室", people=60, wished=None, **kwargs) -> ServiceOrder:
    """The enterprise contact orders the legal lecture for the enterprise."""
    return svc.order_place(
        item=item or desk.lecture,
        orderer=desk.enterprise_contact,
        orderer_kind="enterprise",
        enterprise=desk.enterprise,
        place=place,
        wished_date=wished or soon(),
        expected_people=people,
        **kwargs,
    )


def worker_order(desk, *, place="车间") -> ServiceOrder:
    """A member orders the legal lecture for themself, as a worker."""
    return svc.order_place(
        item=desk.lecture,
        orderer=desk.member_user,
        orderer_kind="worker",
        place=place,
        wished_date=soon(),
        expected_people=1,
    )


def union_order(desk, *, place="职工之家") -> ServiceOrder:
    """The enterprise union's chair orders the legal lecture for the union."""
    return svc.order_place(
        item=desk.lecture,
        orderer=desk.enterprise_cadre,
        orderer_kind="union",
        ordering_union=desk.union,
        place=place,
        wished_date=soon(),
        expected_people=30,
    )


def delivered_order(desk, *, people=60, **kwargs) -> ServiceOrder:
    order = place_order(desk, **kwargs)
    svc.order_accept(order=order, actor=desk.county_cadre)
    svc.order_dispatch(
        order=order,
        team=desk.legal_team,
        service_date=timezone.localdate(),  # served today: delivered and rated on the day
        service_place="华宇公司三楼",
        actor=desk.county_cadre,
    )
    svc.order_deliver(order=order, actor=desk.team_leader, people_served=people, report="讲解劳动合同法")
    return order


# ---------------------------------------------------------------- placing


def test_an_enterprise_contact_places_an_order_and_the_federation_is_told(desk):
    order = place_order(desk, note="重点讲加班费")
    order.refresh_from_db()
    assert order.state == "ordered" and order.org == desk.county and order.category == "legal"
    assert order.enterprise == desk.enterprise and order.orderer_kind == "enterprise"
    assert order.org_path == desk.county.path
    assert Notification.objects.filter(recipient=desk.county_cadre, url=order.get_absolute_url()).exists()


def test_a_member_orders_as_a_worker_and_a_union_cadre_for_the_union(desk):
    by_worker, by_union = worker_order(desk), union_order(desk)
    assert by_worker.enterprise is None and by_worker.orderer_kind == "worker"
    assert by_union.ordering_union == desk.union


@pytest.mark.parametrize(
    "who, kind, extra, message",
    [
        ("worker", "worker", {}, "只有工会会员"),
        ("member_user", "enterprise", {"enterprise": "enterprise"}, "不是该企业的联络人"),
        ("enterprise_contact", "union", {"ordering_union": "union"}, "不是该工会的负责人"),
        ("outsider", "union", {"ordering_union": "other_union"}, "不属于该工会的上级工会"),
    ],
)
def test_who_may_order_as_what(desk, who, kind, extra, message):
    extra = {k: getattr(desk, v) for k, v in extra.items()}
    with pytest.raises(ValidationError) as e:
        svc.order_place(
            item=desk.lecture,
            orderer=getattr(desk, who),
            orderer_kind=kind,
            place="会议室",
            wished_date=soon(),
            expected_people=5,
            **extra,
        )
    assert message in " ".join(e.value.messages)
    assert ServiceOrder.objects.count() == 0


def test_workers_cannot_order_an_item_not_for_workers(desk):
    with pytest.raises(ValidationError, match="不接受职工个人点单"):
        svc.order_place(
            item=desk.checkup,
            orderer=desk.member_user,
            orderer_kind="worker",
            place="车间",
            wished_date=soon(),
            expected_people=1,
        )


def test_bad_dates_and_people_are_refused_in_chinese(desk):
    with pytest.raises(ValidationError) as e:
        place_order(desk, wished=timezone.localdate() - datetime.timedelta(days=1), people=0, place=" ")
    errors = e.value.message_dict
    assert errors["wished_date"] == ["期望日期不能早于今天。"]
    assert errors["expected_people"] == ["预计人数至少为1人。"]
    assert errors["place"] == ["请填写服务地点。"]
    with pytest.raises(ValidationError, match="期望截止日期不能早于期望日期"):
        place_order(desk, wished_until=timezone.localdate())
    assert ServiceOrder.objects.count() == 0


def test_an_unpublished_item_cannot_be_ordered(desk):
    desk.lecture.is_active = False
    desk.lecture.save()
    with pytest.raises(ValidationError, match="已下架"):
        place_order(desk)


def test_a_double_submit_gives_one_order(desk):
    first = place_order(desk)
    second = place_order(desk)
    assert first.pk == second.pk and ServiceOrder.objects.count() == 1
    other_place = place_order(desk, place="二号车间")
    assert other_place.pk != first.pk and ServiceOrder.objects.count() == 2


# ---------------------------------------------------------------- the whole flow


def test_accept_dispatch_deliver_rate_with_log_and_notifications(desk):
    member = make_user(name="队员小林")
    ServiceTeamMember.objects.create(team=desk.legal_team, user=member)
    order = place_order(desk)

    svc.order_accept(order=order, actor=desk.county_cadre)
    order.refresh_from_db()
    assert order.state == "accepted" and order.accepted_at and order.dispatch_due > timezone.localdate()
    assert Notification.objects.filter(recipient=desk.enterprise_contact, title__contains="已受理").exists()

    svc.order_dispatch(
        order=order,
        team=desk.legal_team,
        service_date=soon(3),
        service_place="华宇公司三楼",
        actor=desk.county_cadre,
    )
    order.refresh_from_db()
    assert (order.state, order.team, order.service_date, order.service_place) == (
        "dispatched",
        desk.legal_team,
        soon(3),
        "华宇公司三楼",
    )
    for user in (desk.team_leader, member):
        assert Notification.objects.filter(recipient=user, title__contains="服务派单").exists()
    assert Notification.objects.filter(recipient=desk.enterprise_contact, title__contains="已派单").exists()

    with on_day(soon(3)):  # the service day
        svc.order_deliver(order=order, actor=desk.team_leader, people_served=60, report="讲解劳动合同法")
    order.refresh_from_db()
    assert order.state == "delivered" and order.people_served == 60 and order.delivered_at
    assert Notification.objects.filter(recipient=desk.enterprise_contact, title__contains="请评价").exists()

    with on_day(soon(4)):
        svc.order_rate(order=order, actor=desk.enterprise_contact, rating=5, comment="讲得很实用")
    order.refresh_from_db()
    assert order.state == "rated" and order.rating == 5 and order.rating_comment == "讲得很实用"
    assert Notification.objects.filter(recipient=desk.team_leader, title__contains="5分").exists()

    log = list(
        TransitionLog.objects.filter(object_id=order.pk).values_list("transition", "from_state", "to_state")
    )
    assert log == [
        ("accept", "ordered", "accepted"),
        ("dispatch", "accepted", "dispatched"),
        ("deliver", "dispatched", "delivered"),
        ("rate", "delivered", "rated"),
    ]


def test_decline_needs_a_reason_and_tells_the_orderer(desk):
    order = place_order(desk)
    with pytest.raises(ValidationError) as e:
        svc.order_decline(order=order, actor=desk.county_cadre, reason=" ")
    assert e.value.message_dict == {"reason": ["请填写不予受理的理由。"]}
    svc.order_decline(order=order, actor=desk.county_cadre, reason="当月讲座已排满")
    order.refresh_from_db()
    assert order.state == "declined" and order.decline_reason == "当月讲座已排满"
    assert Notification.objects.filter(recipient=desk.enterprise_contact, body="当月讲座已排满").exists()


def test_redispatch_to_another_team_tells_both(desk):
    order = place_order(desk)
    svc.order_accept(order=order, actor=desk.county_cadre)
    svc.order_dispatch(
        order=order,
        team=desk.legal_team,
        service_date=soon(),
        service_place="会议室",
        actor=desk.county_cadre,
    )
    svc.order_dispatch(
        order=order,
        team=desk.health_team,
        service_date=soon(9),
        service_place="会议室",
        actor=desk.county_cadre,
    )
    order.refresh_from_db()
    assert order.team == desk.health_team and order.service_date == soon(9)
    assert Notification.objects.filter(recipient=desk.team_leader, title__contains="改派").exists()


def test_the_orderer_cancels_a_dispatched_order_and_the_team_hears(desk):
    order = place_order(desk)
    svc.order_accept(order=order, actor=desk.county_cadre)
    svc.order_dispatch(
        order=order,
        team=desk.legal_team,
        service_date=soon(),
        service_place="会议室",
        actor=desk.county_cadre,
    )
    svc.order_cancel(order=order, actor=desk.enterprise_contact, reason="企业停产检修")
    order.refresh_from_db()
    assert order.state == "cancelled"
    assert Notification.objects.filter(recipient=desk.team_leader, title__contains="已取消").exists()
    assert Notification.objects.filter(recipient=desk.county_cadre, title__contains="已取消").exists()


def test_dispatch_refuses_a_team_from_elsewhere_and_a_past_date(desk):
    order = place_order(desk)
    svc.order_accept(order=order, actor=desk.county_cadre)
    elsewhere = ServiceTeam.objects.create(org=desk.other_county, name="外县服务队")
    with pytest.raises(ValidationError) as e:
        svc.order_dispatch(
            order=order,
            team=elsewhere,
            service_date=timezone.localdate() - datetime.timedelta(days=1),
            service_place="",
            actor=desk.county_cadre,
        )
    assert set(e.value.message_dict) == {"team", "service_date", "service_place"}
    order.refresh_from_db()
    assert order.state == "accepted" and order.team is None


def test_a_team_of_a_child_org_may_be_dispatched(desk):
    township_team = ServiceTeam.objects.create(org=desk.township, name="城关文艺队")
    order = place_order(desk)
    svc.order_accept(order=order, actor=desk.county_cadre)
    svc.order_dispatch(
        order=order, team=township_team, service_date=soon(), service_place="会议室", actor=desk.county_cadre
    )
    assert ServiceOrder.objects.get(pk=order.pk).team == township_team


# ---------------------------------------------------------------- forbidden transitions


def test_rate_before_delivery_is_refused(desk):
    order = place_order(desk)
    with pytest.raises(ValidationError, match="当前状态为“待受理”，不能执行“评价”"):
        svc.order_rate(order=order, actor=desk.enterprise_contact, rating=5)
    assert ServiceOrder.objects.get(pk=order.pk).rating is None


def test_deliver_by_a_team_member_who_is_not_the_leader_is_forbidden(desk):
    member = make_user(name="队员小林")
    ServiceTeamMember.objects.create(team=desk.legal_team, user=member)
    order = place_order(desk)
    svc.order_accept(order=order, actor=desk.county_cadre)
    svc.order_dispatch(
        order=order,
        team=desk.legal_team,
        service_date=soon(),
        service_place="会议室",
        actor=desk.county_cadre,
    )
    with pytest.raises(PermissionDenied):
        svc.order_deliver(order=order, actor=member, people_served=10)
    assert ServiceOrder.objects.get(pk=order.pk).state == "dispatched"


def test_dispatch_after_cancel_is_refused(desk):
    order = place_order(desk)
    svc.order_cancel(order=order, actor=desk.enterprise_contact, reason="时间冲突")
    with pytest.raises(ValidationError, match="已取消"):
        svc.order_dispatch(
            order=order,
            team=desk.legal_team,
            service_date=soon(),
            service_place="会议室",
            actor=desk.county_cadre,
        )


@pytest.mark.parametrize(
    "actor", ["viewer", "township_cadre", "enterprise_contact", "outsider", "team_leader"]
)
def test_only_the_federation_accepts(desk, actor):
    order = place_order(desk)
    with pytest.raises(PermissionDenied):
        svc.order_accept(order=order, actor=getattr(desk, actor))
    assert ServiceOrder.objects.get(pk=order.pk).state == "ordered"


def test_only_the_orderer_rates_and_only_from_1_to_5(desk):
    order = delivered_order(desk)
    with pytest.raises(PermissionDenied):
        svc.order_rate(order=order, actor=desk.county_cadre, rating=5)
    with pytest.raises(ValidationError, match="请选择1到5分的评分"):
        svc.order_rate(order=order, actor=desk.enterprise_contact, rating=6)
    assert ServiceOrder.objects.get(pk=order.pk).state == "delivered"


def test_cancel_after_delivery_and_accept_twice_are_refused(desk):
    order = delivered_order(desk)
    with pytest.raises(ValidationError):
        svc.order_cancel(order=order, actor=desk.enterprise_contact, reason="不需要了")
    with pytest.raises(ValidationError):
        svc.order_accept(order=order, actor=desk.county_cadre)
    with pytest.raises(ValidationError, match="服务人数至少为1人"):
        svc.order_deliver(order=order, actor=desk.team_leader, people_served=0)


def test_someone_else_cannot_cancel(desk):
    order = place_order(desk)
    with pytest.raises(PermissionDenied):
        svc.order_cancel(order=order, actor=desk.member_user, reason="捣乱")


# ---------------------------------------------------------------- deadlines and overdue


def test_dispatch_due_skips_national_day_and_counts_the_make_up_saturday(desk):
    order = place_order(desk)
    svc.order_accept(order=order, actor=desk.county_cadre, today=datetime.date(2026, 9, 30))
    order.refresh_from_db()
    # 5 working days after 9-30: 10-8, 10-9, 10-10 (make-up Saturday), 10-12, 10-13.
    assert order.dispatch_due == datetime.date(2026, 10, 13)
    in_time = ServiceOrder.objects.filter(overdue_q(datetime.date(2026, 10, 13)), pk=order.pk)
    late = ServiceOrder.objects.filter(overdue_q(datetime.date(2026, 10, 14)), pk=order.pk)
    assert not in_time.exists() and late.exists()


def test_a_calendar_override_and_the_federation_setting_change_the_due_date(desk):
    CalendarDay.objects.create(date=datetime.date(2026, 10, 9), is_working_day=False, name="临时调整")
    order = place_order(desk)
    svc.order_accept(order=order, actor=desk.county_cadre, today=datetime.date(2026, 9, 30))
    assert ServiceOrder.objects.get(pk=order.pk).dispatch_due == datetime.date(2026, 10, 14)

    DeskSettings.objects.create(org=desk.county, dispatch_within_days=2)
    second = place_order(desk, place="另一个车间")
    svc.order_accept(order=second, actor=desk.county_cadre, today=datetime.date(2026, 9, 30))
    assert ServiceOrder.objects.get(pk=second.pk).dispatch_due == datetime.date(2026, 10, 10)


def test_a_dispatched_order_past_its_date_is_overdue_until_delivered(desk):
    from gonghui.core.workdays import calendar_for

    # A service date on a working day (one on a rest day is due the next working day).
    service_date = soon(2)
    while not calendar_for(None).is_working_day(service_date):
        service_date += datetime.timedelta(days=1)
    day_after = service_date + datetime.timedelta(days=1)
    order = place_order(desk)
    svc.order_accept(order=order, actor=desk.county_cadre)
    svc.order_dispatch(
        order=order,
        team=desk.legal_team,
        service_date=service_date,
        service_place="会议室",
        actor=desk.county_cadre,
    )
    assert not ServiceOrder.objects.filter(overdue_q(service_date), pk=order.pk).exists()
    assert ServiceOrder.objects.filter(overdue_q(day_after), pk=order.pk).exists()
    with on_day(day_after):  # delivered a day late
        svc.order_deliver(order=order, actor=desk.team_leader, people_served=5)
    assert not ServiceOrder.objects.filter(overdue_q(day_after), pk=order.pk).exists()
