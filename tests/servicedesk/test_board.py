"""The dispatch board, the team's job list and the order figures."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.core import rows
from gonghui.core.pii import mask_mobile
from gonghui.servicedesk.models import MenuItem, ServiceOrder, ServiceTeam, ServiceTeamMember
from gonghui.servicedesk.services import orders as svc
from gonghui.servicedesk.views import orders as views
from tests.factories import make_user
from tests.servicedesk.test_orders import delivered_order, place_order, soon, union_order, worker_order

BOARD = reverse("servicedesk:board")
FIGURES = reverse("servicedesk:figures_orders")
JOBS = reverse("servicedesk:team_jobs")


def _orders(desk, n: int) -> list:
    return [place_order(desk, place=f"车间{i}") for i in range(n)]


def test_the_board_counts_states_and_puts_overdue_first(login, desk):
    fresh, late, waiting = _orders(desk, 3)
    svc.order_accept(order=late, actor=desk.county_cadre, today=datetime.date(2026, 1, 5))  # due long ago
    svc.order_accept(order=waiting, actor=desk.county_cadre)
    response = login(desk.county_cadre).get(BOARD)
    assert response.status_code == 200
    counts = response.context["counts"]
    assert (counts["ordered"], counts["accepted"], counts["overdue"], counts["open"]) == (1, 2, 1, 3)
    listed = [o["pk"] for o in response.context["orders"]]
    assert listed[0] == late.pk and set(listed[1:]) == {fresh.pk, waiting.pk}
    assert "已逾期" in response.content.decode()


def test_the_work_in_hand_is_listed_by_what_is_due_soonest(login, desk):
    """办理中: overdue first, then each order by its next date — the service date of one dispatched,
    the dispatch deadline of one accepted, the wished date of one awaiting acceptance — not by
    when it was placed. Finished orders (全部状态) stay oldest first."""
    far = place_order(desk, place="远期", wished=soon(30))  # placed first, wished in a month
    accepted = place_order(desk, place="已受理", wished=soon(20))
    svc.order_accept(order=accepted, actor=desk.county_cadre)  # due in a few working days
    dispatched = place_order(desk, place="已派单", wished=soon(20))
    svc.order_accept(order=dispatched, actor=desk.county_cadre)
    svc.order_dispatch(
        order=dispatched,
        team=desk.legal_team,
        service_date=soon(1),
        service_place="会议室",
        actor=desk.county_cadre,
    )
    near = place_order(desk, place="近期", wished=soon(15))
    late = place_order(desk, place="逾期", wished=soon(20))
    svc.order_accept(order=late, actor=desk.county_cadre, today=datetime.date(2026, 1, 5))
    client = login(desk.county_cadre)
    listed = [o["pk"] for o in client.get(BOARD).context["orders"]]
    assert listed == [late.pk, dispatched.pk, accepted.pk, near.pk, far.pk]
    accepted_only = [o["pk"] for o in client.get(BOARD, {"state": "accepted"}).context["orders"]]
    assert accepted_only == [late.pk, accepted.pk]
    everything = [o["pk"] for o in client.get(BOARD, {"state": ""}).context["orders"]]
    assert everything == [late.pk, far.pk, accepted.pk, dispatched.pk, near.pk]  # oldest first


def test_each_row_shows_its_columns_escaped_with_the_orderer_masked(login, desk):
    from gonghui.accounts.models import User
    from gonghui.orgs.models import Enterprise

    item = MenuItem.objects.create(org=desk.county, title="<script>alert('x')</script>", category="legal")
    Enterprise.objects.filter(pk=desk.enterprise.pk).update(name="<b>华宇</b>机械")
    by_enterprise = place_order(desk, item=item, place='车间"2"<i>', wished=soon(9))
    User.objects.filter(pk=desk.member_user.pk).update(name="")  # shown by the masked mobile
    by_worker = worker_order(desk)
    svc.order_accept(order=by_worker, actor=desk.county_cadre, today=datetime.date(2026, 1, 5))  # overdue
    by_worker.refresh_from_db()
    by_union = union_order(desk)
    svc.order_accept(order=by_union, actor=desk.county_cadre)
    svc.order_dispatch(
        order=by_union,
        team=desk.legal_team,
        service_date=soon(3),
        service_place="会议室",
        actor=desk.county_cadre,
    )
    by_union.refresh_from_db()
    response = login(desk.county_cadre).get(BOARD)
    page = response.content.decode()
    headings = ["服务项目", "点单方", "期望日期与地点", "状态", "服务队", "期限"]
    assert "".join(f"<th>{h}</th>" for h in headings) in page
    assert "<script>alert" not in page and "<b>华宇" not in page and "<i>" not in page
    day = rows.days()
    assert (
        f'<tr><td><a href="{by_enterprise.get_absolute_url()}">&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;</a>'
        f'<div class="muted">{desk.county.name}</div></td>'
        '<td>&lt;b&gt;华宇&lt;/b&gt;机械<div class="muted">企业</div></td>'
        f'<td>{day(by_enterprise.wished_date)}<div class="muted">车间&quot;2&quot;&lt;i&gt;</div></td>'
        '<td><span class="badge ordered">待受理</span></td><td>—</td><td>—</td></tr>'
    ) in page
    masked = mask_mobile(desk.member_user.phone)
    assert desk.member_user.phone not in page
    assert (
        f'<td>{masked}<div class="muted">职工</div></td>'
        f'<td>{day(by_worker.wished_date)}<div class="muted">车间</div></td>'
        '<td><span class="badge accepted">已受理</span> <span class="badge declined">已逾期</span></td>'
        f"<td>—</td><td>派单期限 {day(by_worker.dispatch_due)}</td></tr>"
    ) in page
    assert (
        f'<td>{desk.union.name}<div class="muted">基层工会</div></td>'
        f'<td>{day(by_union.wished_date)}<div class="muted">职工之家</div></td>'
        '<td><span class="badge dispatched">已派单</span></td>'
        f"<td>{desk.legal_team.name}</td><td>服务日期 {day(by_union.service_date)}</td></tr>"
    ) in page
    # overdue first, then by next date: the service in 3 days before the wished date in 7
    assert [o["pk"] for o in response.context["orders"]] == [by_worker.pk, by_union.pk, by_enterprise.pk]


def _township_order(desk) -> ServiceOrder:
    """An enterprise's order from the township's own menu."""
    township_item = MenuItem.objects.create(org=desk.township, title="理发进企业", category="daily")
    return svc.order_place(
        item=township_item,
        orderer=desk.enterprise_contact,
        orderer_kind="enterprise",
        enterprise=desk.enterprise,
        place="食堂",
        wished_date=soon(20),
        expected_people=30,
    )


def test_board_filters(login, desk):
    lecture_order = place_order(desk)
    checkup_order = place_order(desk, item=desk.checkup)
    township_order = _township_order(desk)
    svc.order_accept(order=lecture_order, actor=desk.county_cadre)
    svc.order_dispatch(
        order=lecture_order,
        team=desk.legal_team,
        service_date=soon(),
        service_place="会议室",
        actor=desk.county_cadre,
    )
    client = login(desk.county_cadre)

    def listed(**params):
        return {o["pk"] for o in client.get(BOARD, params).context["orders"]}

    assert listed(category="health") == {checkup_order.pk}
    assert listed(team=desk.legal_team.pk) == {lecture_order.pk}
    assert listed(org=str(desk.township.uuid)) == {township_order.pk}
    assert listed(state="dispatched") == {lecture_order.pk}
    assert listed(state="ordered") == {checkup_order.pk, township_order.pk}
    assert listed(start=soon(15).isoformat()) == {township_order.pk}
    assert listed(end=soon(10).isoformat()) == {lecture_order.pk, checkup_order.pk}
    # The township staff member sees only the township's menu orders.
    assert {o["pk"] for o in login(desk.township_cadre).get(BOARD).context["orders"]} == {township_order.pk}


def test_the_subtree_filter_offers_a_new_child_org_at_once(login, desk):
    from gonghui.orgs.models import OrgKind
    from gonghui.orgs.services import org_create

    client = login(desk.county_cadre)
    assert "桃源镇工会" not in client.get(BOARD).content.decode()  # the orgs are kept with the facts
    org_create(name="桃源镇工会", kind=OrgKind.TOWNSHIP, parent=desk.county, check_scope=False)
    assert "桃源镇工会" in client.get(BOARD).content.decode()


def test_board_access(client, login, desk):
    place_order(desk)
    response = client.get(BOARD)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert login(desk.viewer).get(BOARD).status_code == 403
    assert login(desk.enterprise_contact).get(BOARD).status_code == 403
    outsider = login(desk.outsider).get(BOARD)
    assert outsider.status_code == 200 and list(outsider.context["orders"]) == []


@pytest.mark.parametrize("page_size", [2, 20])
def test_the_board_takes_a_constant_number_of_queries(
    login, desk, django_assert_max_num_queries, page_size, monkeypatch
):
    orders = _orders(desk, 6)
    svc.order_accept(order=orders[0], actor=desk.county_cadre)
    svc.order_dispatch(
        order=orders[0],
        team=desk.legal_team,
        service_date=soon(),
        service_place="会议室",
        actor=desk.county_cadre,
    )
    monkeypatch.setattr(views, "BOARD_PAGE_SIZE", page_size)
    client = login(desk.county_cadre)
    client.get(BOARD)  # warm the session, and the positions, bell and navigation kept by core.facts
    # Opened again with no order changed: session and user. The counts, the page's keys and its
    # rows as drawn are kept (core.stamps); the subtree filter's orgs and the teams with the user's
    # facts.
    with django_assert_max_num_queries(2):
        response = client.get(BOARD, {"state": "open"})
    assert len(re.findall(r'href="/desk/orders/[0-9a-f-]{36}/"', response.content.decode())) == min(
        page_size, 6
    )
    # After a change: the counts (with the page count) and the page's overdue keys and its other
    # keys (each only when the page holds some) are read again.
    svc.order_accept(order=orders[1], actor=desk.county_cadre)
    with django_assert_max_num_queries(7):
        response = client.get(BOARD, {"state": "open"})
    assert len(response.context["orders"]) == min(page_size, 6)


def test_the_board_shows_every_change_on_the_next_request(login, desk):
    """What the board keeps between requests never hides a change: an order placed, each step of
    its way, a change saved outside the services (the admin), an order of a child org."""
    client = login(desk.county_cadre)

    def board(**params):
        response = client.get(BOARD, {"state": "", **params})
        listed = [(o["pk"], str(o["uuid"]), o["state"]) for o in response.context["orders"]]
        # The rows as drawn (kept between requests too) are those orders, in that order, each in
        # its state as of now.
        shown = re.findall(
            r'href="/desk/orders/([0-9a-f-]{36})/".*?class="badge (\w+)"', response.content.decode()
        )
        assert shown == [(uuid, state) for _, uuid, state in listed]
        return response.context["counts"], [pk for pk, _, _ in listed]

    counts, listed = board()
    assert counts["ordered"] == 0 and listed == []
    order = place_order(desk)
    counts, listed = board()
    assert counts["ordered"] == 1 and listed == [order.pk]
    svc.order_accept(order=order, actor=desk.county_cadre, today=datetime.date(2026, 1, 5))  # long due
    counts, listed = board()
    assert (counts["ordered"], counts["accepted"], counts["overdue"]) == (0, 1, 1)
    assert board(state="overdue")[1] == [order.pk]
    svc.order_dispatch(
        order=order,
        team=desk.legal_team,
        service_date=soon(),
        service_place="会议室",
        actor=desk.county_cadre,
    )
    counts, _ = board()
    assert (counts["accepted"], counts["dispatched"], counts["overdue"]) == (0, 1, 0)
    assert board(state="overdue")[1] == []
    ServiceOrder.objects.get(pk=order.pk).delete()  # as the admin would: no service, still seen
    counts, listed = board()
    assert counts["dispatched"] == 0 and listed == []
    below = _township_order(desk)
    assert board()[1] == [below.pk]  # an order of a child org touches its ancestors too
    assert board(org=str(desk.township.uuid))[1] == [below.pk]


def test_a_new_team_is_offered_by_the_board_filter_at_once(login, desk):
    from gonghui.servicedesk.services.menu import team_create, team_update

    client = login(desk.county_cadre)
    assert "夕阳红服务队" not in client.get(BOARD).content.decode()  # the teams are kept with the facts
    team = team_create(org=desk.township, name="夕阳红服务队", actor=desk.county_cadre)
    assert "夕阳红服务队" in client.get(BOARD).content.decode()  # a team below the cadre's union
    team_update(team=team, actor=desk.county_cadre, name="银龄服务队")
    page = client.get(BOARD).content.decode()
    assert "银龄服务队" in page and "夕阳红服务队" not in page
    # a team id from elsewhere is no filter the cadre can use: the board says so beside the field
    response = client.get(BOARD, {"team": "999999"})
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()


def test_a_superuser_board_offers_a_new_team_at_once(login, desk):
    """A superuser holds no position, yet their board lists every subtree's teams: a new one shows
    on their next request, not when their kept facts expire."""
    from gonghui.servicedesk.services.menu import team_create

    admin = make_user(name="平台管理员")
    admin.is_superuser = admin.is_staff = True
    admin.save(update_fields=["is_superuser", "is_staff"])
    client = login(admin)
    assert "星光服务队" not in client.get(BOARD).content.decode()
    team_create(org=desk.township, name="星光服务队", actor=desk.county_cadre)
    assert "星光服务队" in client.get(BOARD).content.decode()


def test_the_team_sees_its_upcoming_jobs(login, desk):
    member = make_user(name="队员小林")
    ServiceTeamMember.objects.create(team=desk.legal_team, user=member)
    later, sooner, undispatched = _orders(desk, 3)
    for order, day in ((later, soon(9)), (sooner, soon(2))):
        svc.order_accept(order=order, actor=desk.county_cadre)
        svc.order_dispatch(
            order=order,
            team=desk.legal_team,
            service_date=day,
            service_place="会议室",
            actor=desk.county_cadre,
        )
    for user in (desk.team_leader, member):
        response = login(user).get(JOBS)
        assert [o.pk for o in response.context["jobs"]] == [sooner.pk, later.pk]
    assert list(login(desk.enterprise_contact).get(JOBS).context["jobs"]) == []
    assert ServiceOrder.objects.get(pk=undispatched.pk).state == "ordered"


def test_team_jobs_needs_login(client, desk):
    response = client.get(JOBS)
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_figures_for_a_subtree_and_period(login, desk, django_assert_max_num_queries):
    delivered_order(desk, people=60)
    rated = delivered_order(desk, people=40, place="食堂")
    svc.order_rate(order=rated, actor=desk.enterprise_contact, rating=4)
    place_order(desk, item=desk.checkup)
    client = login(desk.county_cadre)
    # + the navigation's modules (membership, volunteer record, desk roles, the notices' entry:
    # read once, then kept by core.facts)
    with django_assert_max_num_queries(12):
        response = client.get(FIGURES)
    figures = response.context["figures"]
    assert (figures.placed, figures.delivered, figures.people_served, figures.mean_rating) == (3, 2, 100, 4.0)
    by_category = {row["category"]: row for row in figures.by_category}
    assert by_category["legal"]["delivered"] == 2 and by_category["health"]["placed"] == 1
    assert [(row["team__name"], row["people_served"]) for row in figures.by_team] == [("法安先锋", 100)]
    next_year = timezone.localdate().year + 1
    empty = client.get(FIGURES, {"start": f"{next_year}-01-01", "end": f"{next_year}-12-31"}).context[
        "figures"
    ]
    assert (empty.placed, empty.delivered, empty.mean_rating) == (0, 0, None)
    township = client.get(FIGURES, {"org": str(desk.township.uuid)}).context["figures"]
    assert township.placed == 0


def test_figures_access_and_bad_period(client, login, desk):
    assert client.get(FIGURES).status_code == 302
    assert login(desk.member_user).get(FIGURES).status_code == 403
    assert login(desk.outsider).get(FIGURES, {"org": str(desk.county.uuid)}).status_code == 404
    viewer = login(desk.viewer).get(FIGURES)
    assert viewer.status_code == 200 and viewer.context["figures"].placed == 0
    response = login(desk.county_cadre).get(FIGURES, {"start": "2026-05-01", "end": "2026-01-01"})
    assert response.status_code == 400 and "开始日期不能晚于结束日期。" in response.content.decode()


def test_a_team_of_another_org_is_not_offered_in_the_dispatch_form(login, desk):
    ServiceTeam.objects.create(org=desk.other_county, name="外县服务队")
    order = place_order(desk)
    svc.order_accept(order=order, actor=desk.county_cadre)
    html = login(desk.county_cadre).get(order.get_absolute_url()).content.decode()
    assert "法安先锋" in html and "外县服务队" not in html


def test_the_board_opens_on_work_in_hand_and_shows_all_on_request(login, desk):
    open_order, declined = _orders(desk, 2)
    svc.order_decline(order=declined, actor=desk.county_cadre, reason="时间冲突")
    client = login(desk.county_cadre)
    assert {o["pk"] for o in client.get(BOARD).context["orders"]} == {open_order.pk}
    assert {o["pk"] for o in client.get(BOARD, {"state": ""}).context["orders"]} == {
        open_order.pk,
        declined.pk,
    }


def test_all_states_stay_chosen_on_the_next_page(login, desk, monkeypatch):
    monkeypatch.setattr(views, "BOARD_PAGE_SIZE", 2)
    *open_orders, declined = _orders(desk, 3)
    svc.order_decline(order=declined, actor=desk.county_cadre, reason="时间冲突")
    client = login(desk.county_cadre)
    first = client.get(BOARD, {"state": ""})
    assert 'href="?state=&amp;page=2"' in first.content.decode()  # "全部状态" is a choice, not a gap
    second = client.get(BOARD, {"state": "", "page": 2})
    assert len(second.context["orders"]) == 1 and second.context["form"]["state"].value() == ""


def test_a_state_count_keeps_the_other_filters_and_shows_which_is_open(login, desk):
    _orders(desk, 2)
    client = login(desk.county_cadre)
    page = client.get(BOARD, {"state": "ordered", "team": desk.legal_team.pk, "page": 2}).content.decode()
    assert f'href="?team={desk.legal_team.pk}&amp;state=accepted"' in page  # not the whole county's
    assert f'href="?team={desk.legal_team.pk}&amp;state=ordered" aria-current="true"' in page
    assert f'href="?team={desk.legal_team.pk}&amp;state=overdue"' in page
    assert page.count('aria-current="true"') == 1
