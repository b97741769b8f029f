"""Order pages: place from the menu, the detail page with its actions, my orders — every persona."""

import pytest
from django.urls import reverse

from gonghui.core.models import TransitionLog
from gonghui.servicedesk.models import ServiceOrder
from tests.factories import on_day
from tests.servicedesk.test_orders import delivered_order, place_order, soon, worker_order


def _order_url(item):
    return reverse("servicedesk:order_create", args=[item.pk])


def _action(order, name):
    return reverse("servicedesk:order_action", args=[order.uuid, name])


def _form(**overrides):
    data = {
        "capacity": "",
        "place": "华宇公司会议室",
        "wished_date": soon().isoformat(),
        "expected_people": "60",
        "note": "重点讲加班费",
    }
    data.update(overrides)
    return data


def test_the_enterprise_contact_orders_from_the_menu(login, desk):
    client = login(desk.enterprise_contact)
    page = client.get(_order_url(desk.lecture))
    assert page.status_code == 200 and "企业：安平华宇机械有限公司" in page.content.decode()
    response = client.post(_order_url(desk.lecture), _form(capacity=f"enterprise:{desk.enterprise.pk}"))
    order = ServiceOrder.objects.get()
    assert response.status_code == 302 and response.url == order.get_absolute_url()
    assert (
        order.enterprise == desk.enterprise and order.expected_people == 60 and order.note == "重点讲加班费"
    )


def test_a_double_submit_from_the_page_gives_one_order(login, desk):
    client = login(desk.enterprise_contact)
    data = _form(capacity=f"enterprise:{desk.enterprise.pk}")
    client.post(_order_url(desk.lecture), data)
    client.post(_order_url(desk.lecture), data)
    assert ServiceOrder.objects.count() == 1


def test_bad_input_shows_the_chinese_error_and_writes_nothing(login, desk):
    client = login(desk.enterprise_contact)
    response = client.post(
        _order_url(desk.lecture),
        _form(capacity=f"enterprise:{desk.enterprise.pk}", wished_date="2020-01-01", expected_people="0"),
    )
    html = response.content.decode()
    assert response.status_code == 200 and ServiceOrder.objects.count() == 0
    assert "expected_people" in response.context["form"].errors and 'id="id_expected_people-error"' in html
    response = client.post(
        _order_url(desk.lecture), _form(capacity=f"enterprise:{desk.enterprise.pk}", wished_date="2020-01-01")
    )
    assert "期望日期不能早于今天。" in response.content.decode() and ServiceOrder.objects.count() == 0


def test_ordering_an_item_one_may_not_order_is_a_404(login, desk):
    assert login(desk.member_user).get(_order_url(desk.checkup)).status_code == 404  # not for workers
    assert login(desk.outsider).get(_order_url(desk.lecture)).status_code == 404
    assert login(desk.worker).get(_order_url(desk.lecture)).status_code == 404  # not a member


def test_anonymous_is_sent_to_login(client, desk):
    order = place_order(desk)
    for url in (
        _order_url(desk.lecture),
        order.get_absolute_url(),
        reverse("servicedesk:order_mine"),
        reverse("servicedesk:menu"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url
    response = client.post(_action(order, "accept"))
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert ServiceOrder.objects.get().state == "ordered"


def test_the_detail_page_shows_history_and_the_actions_each_viewer_may_take(login, desk):
    order = place_order(desk)
    cadre_html = login(desk.county_cadre).get(order.get_absolute_url()).content.decode()
    assert _action(order, "accept") in cadre_html and _action(order, "decline") in cadre_html
    contact_html = login(desk.enterprise_contact).get(order.get_absolute_url()).content.decode()
    assert _action(order, "accept") not in contact_html and _action(order, "cancel") in contact_html
    viewer_html = login(desk.viewer).get(order.get_absolute_url())
    assert viewer_html.status_code == 404  # the township viewer does not reach the county's orders
    assert "提交点单" in contact_html


def test_outsider_and_strangers_get_404(login, desk):
    order = place_order(desk)
    for user in (desk.outsider, desk.member_user, desk.worker):
        client = login(user)
        assert client.get(order.get_absolute_url()).status_code == 404
        assert client.post(_action(order, "accept")).status_code == 404
    assert ServiceOrder.objects.get().state == "ordered"


def test_a_read_only_cadre_over_the_order_gets_403(login, desk):
    from gonghui.accounts.models import Role
    from tests.factories import make_cadre

    county_viewer = make_cadre(desk.county, name="钱观察", role=Role.VIEWER)
    order = place_order(desk)
    client = login(county_viewer)
    assert client.get(order.get_absolute_url()).status_code == 200
    assert client.post(_action(order, "accept")).status_code == 403
    assert client.post(_action(order, "decline"), {"decline-reason": "不行"}).status_code == 403
    assert ServiceOrder.objects.get().state == "ordered"


def test_the_whole_flow_through_the_pages(login, desk):
    order = place_order(desk)
    cadre = login(desk.county_cadre)
    assert cadre.post(_action(order, "accept")).status_code == 302
    response = cadre.post(
        _action(order, "dispatch"),
        {"team": desk.legal_team.pk, "service_date": soon(3).isoformat(), "service_place": "华宇公司三楼"},
    )
    assert response.status_code == 302
    leader = login(desk.team_leader)
    assert leader.get(order.get_absolute_url()).status_code == 200  # the team sees its job
    with on_day(soon(3)):  # the service day
        assert (
            leader.post(
                _action(order, "deliver"), {"people_served": "60", "report": "讲解劳动合同法"}
            ).status_code
            == 302
        )
        contact = login(desk.enterprise_contact)
        assert contact.post(_action(order, "rate"), {"rating": "5", "comment": "很好"}).status_code == 302
    order.refresh_from_db()
    assert (order.state, order.people_served, order.rating, order.team) == ("rated", 60, 5, desk.legal_team)
    html = contact.get(order.get_absolute_url()).content.decode()
    assert "已评价" in html and "完成服务" in html and "华宇公司三楼" in html


def test_action_errors_are_shown_and_nothing_changes(login, desk):
    order = place_order(desk)
    cadre = login(desk.county_cadre)
    response = cadre.post(_action(order, "decline"), {"decline-reason": ""})
    assert response.status_code == 400 and "这个字段是必填项" in response.content.decode()
    cadre.post(_action(order, "accept"))
    response = cadre.post(
        _action(order, "dispatch"),
        {"team": desk.legal_team.pk, "service_date": "2020-01-01", "service_place": "会议室"},
    )
    assert response.status_code == 400 and "服务日期不能早于今天。" in response.content.decode()
    order.refresh_from_db()
    assert order.state == "accepted" and order.team is None
    # Rating before delivery: the state error is shown, nothing written.
    contact = login(desk.enterprise_contact)
    response = contact.post(_action(order, "rate"), {"rating": "5"}, follow=True)
    assert "不能执行“评价”" in response.content.decode()
    assert ServiceOrder.objects.get().rating is None


def test_accept_twice_logs_once(login, desk):
    order = place_order(desk)
    cadre = login(desk.county_cadre)
    cadre.post(_action(order, "accept"))
    cadre.post(_action(order, "accept"))
    assert TransitionLog.objects.filter(object_id=order.pk, transition="accept").count() == 1


def test_unknown_action_is_404_and_get_is_not_allowed(login, desk):
    order = place_order(desk)
    cadre = login(desk.county_cadre)
    assert cadre.post(_action(order, "explode")).status_code == 404
    assert cadre.get(_action(order, "accept")).status_code == 405


def test_my_orders_lists_only_mine_with_actions(login, desk):
    mine = delivered_order(desk)
    worker_order(desk)
    html = login(desk.enterprise_contact).get(reverse("servicedesk:order_mine")).content.decode()
    assert mine.get_absolute_url() in html and "去评价" in html and "车间" not in html


@pytest.mark.parametrize(
    "who, sees_lecture, sees_checkup",
    [
        ("member_user", True, False),
        ("enterprise_contact", True, True),
        ("enterprise_cadre", True, True),
        ("outsider", False, False),
        ("worker", False, False),
    ],
)
def test_the_menu_shows_what_each_may_order(login, desk, who, sees_lecture, sees_checkup):
    html = login(getattr(desk, who)).get(reverse("servicedesk:menu")).content.decode()
    assert ("劳动法律法规讲座" in html) is sees_lecture
    assert ("职工健康义诊" in html) is sees_checkup


def test_the_menu_filters_by_category(login, desk):
    html = (
        login(desk.enterprise_contact)
        .get(reverse("servicedesk:menu"), {"category": "health"})
        .content.decode()
    )
    assert "职工健康义诊" in html and "劳动法律法规讲座" not in html
