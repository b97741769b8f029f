"""Rules found by trying the orders (issue #10): no preselected score, no delivery before the
service date, no re-dispatch that changes nothing, and errors from the server beside the fields."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gonghui.core.models import Notification, TransitionLog
from gonghui.servicedesk.models import ServiceOrder
from gonghui.servicedesk.services import orders as svc
from tests.factories import on_day
from tests.servicedesk.test_orders import delivered_order, place_order, soon

pytestmark = pytest.mark.django_db


def _action(order, name):
    return reverse("servicedesk:order_action", args=[order.uuid, name])


def dispatched_order(desk, *, day=None):
    order = place_order(desk)
    svc.order_accept(order=order, actor=desk.county_cadre)
    svc.order_dispatch(
        order=order,
        team=desk.legal_team,
        service_date=day or soon(7),
        service_place="华宇公司三楼",
        actor=desk.county_cadre,
    )
    order.refresh_from_db()
    return order


# ---------------------------------------------------------------- rating: nothing preselected


def test_the_rating_form_preselects_no_score(login, desk):
    order = delivered_order(desk)
    html = login(desk.enterprise_contact).get(order.get_absolute_url()).content.decode()
    select = html[html.index('name="rating"') : html.index("</select>", html.index('name="rating"'))]
    assert "selected" not in select.replace('value="" selected', "")  # only the empty prompt
    assert "请选择评分" in select


def test_rating_without_choosing_is_refused_beside_the_field(login, desk):
    order = delivered_order(desk)
    response = login(desk.enterprise_contact).post(_action(order, "rate"), {"rating": "", "comment": "好"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_rating-error">请选择评分。' in html
    order.refresh_from_db()
    assert order.state == "delivered" and order.rating is None


# ---------------------------------------------------------------- never delivered before its day


def test_delivering_before_the_service_date_is_refused_on_the_page(login, desk):
    order = dispatched_order(desk)
    response = login(desk.team_leader).post(_action(order, "deliver"), {"people_served": "60"}, follow=True)
    assert "还没到服务日期（" in response.content.decode()
    order.refresh_from_db()
    assert order.state == "dispatched" and order.people_served is None and order.delivered_at is None
    assert not TransitionLog.objects.filter(object_id=order.pk, transition="deliver").exists()


def test_delivering_a_week_early_is_refused_by_the_service_and_allowed_on_the_day(desk):
    order = dispatched_order(desk)
    with pytest.raises(ValidationError, match="还没到服务日期"):
        svc.order_deliver(order=order, actor=desk.team_leader, people_served=60)
    assert ServiceOrder.objects.get(pk=order.pk).state == "dispatched"
    with on_day(order.service_date):
        svc.order_deliver(
            order=ServiceOrder.objects.get(pk=order.pk), actor=desk.team_leader, people_served=60
        )
    assert ServiceOrder.objects.get(pk=order.pk).state == "delivered"


def test_an_early_delivery_already_recorded_cannot_be_rated_before_the_day(desk):
    order = delivered_order(desk)
    ServiceOrder.objects.filter(pk=order.pk).update(service_date=soon(3))  # recorded before this rule
    with pytest.raises(ValidationError, match="还没到服务日期"):
        svc.order_rate(order=ServiceOrder.objects.get(pk=order.pk), actor=desk.enterprise_contact, rating=5)
    assert ServiceOrder.objects.get(pk=order.pk).rating is None


def test_a_stranger_delivering_early_still_gets_403(login, desk):
    order = dispatched_order(desk)
    assert (
        login(desk.enterprise_contact).post(_action(order, "deliver"), {"people_served": "6"}).status_code
        == 403
    )


# ---------------------------------------------------------------- re-dispatch that changes nothing


def test_redispatching_with_nothing_changed_is_refused_and_nobody_is_told_again(desk):
    order = dispatched_order(desk)
    logs, notes = TransitionLog.objects.count(), Notification.objects.count()
    with pytest.raises(ValidationError, match="无需改派"):
        svc.order_dispatch(
            order=order,
            team=desk.legal_team,
            service_date=order.service_date,
            service_place=" 华宇公司三楼 ",
            actor=desk.county_cadre,
        )
    assert (TransitionLog.objects.count(), Notification.objects.count()) == (logs, notes)


def test_redispatching_with_a_new_date_is_accepted(desk):
    order = dispatched_order(desk)
    svc.order_dispatch(
        order=order,
        team=desk.legal_team,
        service_date=order.service_date + datetime.timedelta(days=1),
        service_place="华宇公司三楼",
        actor=desk.county_cadre,
    )
    assert TransitionLog.objects.filter(object_id=order.pk, transition="dispatch").count() == 2


def test_the_unchanged_redispatch_page_says_why(login, desk):
    order = dispatched_order(desk)
    response = login(desk.county_cadre).post(
        _action(order, "dispatch"),
        {
            "team": desk.legal_team.pk,
            "service_date": order.service_date.isoformat(),
            "service_place": "华宇公司三楼",
        },
        follow=True,
    )
    assert "无需改派" in response.content.decode()
    assert TransitionLog.objects.filter(object_id=order.pk, transition="dispatch").count() == 1


# ---------------------------------------------------------------- server-side errors beside the fields


def test_the_order_form_is_checked_by_the_server_with_errors_beside_the_fields(login, desk):
    client = login(desk.enterprise_contact)
    url = reverse("servicedesk:order_create", args=[desk.lecture.pk])
    assert "novalidate" in client.get(url).content.decode()
    response = client.post(url, {"place": "", "wished_date": "", "expected_people": "0"})
    html = response.content.decode()
    assert response.status_code in (200, 400)
    assert 'id="id_place-error">这个字段是必填项。' in html
    assert 'id="id_wished_date-error">这个字段是必填项。' in html
    assert 'id="id_expected_people-error">' in html
    assert not ServiceOrder.objects.exists()


def test_the_delivery_form_is_checked_by_the_server(login, desk):
    order = dispatched_order(desk, day=timezone.localdate())
    client = login(desk.team_leader)
    assert "novalidate" in client.get(order.get_absolute_url()).content.decode()
    response = client.post(_action(order, "deliver"), {"people_served": "0"})
    assert response.status_code == 400
    assert 'id="id_people_served-error">' in response.content.decode()
    assert ServiceOrder.objects.get(pk=order.pk).state == "dispatched"
