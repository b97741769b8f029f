"""The demo's service desk and volunteers: a living season, idempotent, and the pages show it."""

import io

import pytest
from django.core.management import call_command

from gonghui.accounts.models import User
from gonghui.core.models import Notification, TransitionLog
from gonghui.demo import desk
from gonghui.orgs.models import EnterpriseContact, Org
from gonghui.servicedesk.models import (
    BusStop,
    BusTrip,
    DialogueMeeting,
    DiaryEntry,
    FollowUp,
    MenuItem,
    PartnerUnit,
    Petition,
    Problem,
    ServiceOrder,
    ServiceTeam,
    StopService,
)
from gonghui.volunteers.models import Alliance, Signup, Volunteer, VolunteerTask, VolunteerTeam

pytestmark = pytest.mark.django_db

MODELS = (
    ServiceTeam,
    MenuItem,
    ServiceOrder,
    BusTrip,
    BusStop,
    StopService,
    PartnerUnit,
    Problem,
    DialogueMeeting,
    DiaryEntry,
    FollowUp,
    Petition,
    Volunteer,
    VolunteerTeam,
    Alliance,
    VolunteerTask,
    Signup,
    Notification,
    TransitionLog,
    EnterpriseContact,
    User,
)


def run_demo(members: int = 120) -> str:
    out = io.StringIO()
    call_command("demo", "--no-serve", "--members", str(members), stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


def states(qs) -> set[str]:
    return set(qs.values_list("state", flat=True))


def test_it_loads_a_season_once_and_a_second_run_adds_nothing():
    first = run_demo()
    after_first = counts()
    second = run_demo()
    assert counts() == after_first
    assert "未能生成" not in first  # every replayed step went through its service
    assert "服务点单 " in first and "服务点单 " not in second
    for login in desk.LOGINS:
        assert login.phone in first and login.phone in second

    assert after_first["ServiceTeam"] == 5 and after_first["MenuItem"] >= 12
    assert after_first["PartnerUnit"] == 5 and after_first["DialogueMeeting"] == 2
    # The season's 120 stories (a few never place an order) and the lecture tour's one request.
    assert 100 <= after_first["ServiceOrder"] <= 121 and 90 <= after_first["Problem"] <= 100
    assert after_first["BusTrip"] == 2 and after_first["BusStop"] >= 8 and after_first["StopService"] > 0
    assert after_first["Petition"] == 10 and after_first["DiaryEntry"] == 6
    assert (
        after_first["Volunteer"] == 80 and after_first["VolunteerTeam"] >= 4 and after_first["Alliance"] == 1
    )


def test_the_season_has_every_state_and_consistent_history():
    run_demo()
    orders = ServiceOrder.objects.all()
    assert {"ordered", "accepted", "dispatched", "rated", "declined", "cancelled"} <= states(orders)
    assert orders.filter(state="rated").count() > orders.count() / 2  # most delivered and rated
    months = {o.created_at.strftime("%Y-%m") for o in orders}
    assert len(months) >= 4  # spread over the last four months
    for order in orders.filter(state="rated")[:20]:
        # Replayed in order: each step after the one before, the service on the dispatched date.
        assert (
            order.created_at
            <= order.accepted_at
            <= order.dispatched_at
            <= order.delivered_at
            <= order.rated_at
        )
        assert order.delivered_at.date() >= order.service_date >= order.wished_date
        logs = list(
            TransitionLog.objects.filter(object_id=order.pk, content_type__model="serviceorder")
            .order_by("at", "pk")
            .values_list("transition", flat=True)
        )
        assert logs == ["accept", "dispatch", "deliver", "rate"]
        assert 1 <= order.rating <= 5 and order.people_served > 0

    problems = Problem.objects.all()
    assert problems.filter(state="resolved").count() > problems.count() / 2
    assert {"answered", "assigned"} <= states(problems)
    assert problems.filter(escalated_at__isnull=False).exists()
    assert DialogueMeeting.objects.exclude(minutes="").count() == 1  # the past one has minutes
    assert states(Petition.objects.all()) == {"received", "assigned", "replied", "closed"}
    assert states(BusTrip.objects.all()) == {"done"}
    assert states(FollowUp.objects.all()) == {"open", "done"}

    assert VolunteerTask.objects.filter(order__isnull=False).exists()
    assert VolunteerTask.objects.filter(trip__isnull=False).count() == 2
    assert VolunteerTask.objects.filter(order=None, trip=None).count() == len(desk.TASKS_AD_HOC)
    assert all(t.signed_up <= t.capacity for t in VolunteerTask.objects.all())
    confirmed = Signup.objects.filter(confirmed_at__isnull=False)
    assert confirmed.count() > 50 and all(s.hours is not None and s.hours >= 0 for s in confirmed)
    assert Signup.objects.filter(checked_in_at__isnull=False, checked_out_at__isnull=False).exists()
    assert Notification.objects.filter(read_at__isnull=True).exists()
    assert Notification.objects.filter(read_at__isnull=False).exists()


def test_the_desk_logins_are_who_the_demo_says():
    run_demo()
    leader, contact, volunteer, unit_contact = (User.objects.get(phone=login.phone) for login in desk.LOGINS)
    legal = ServiceTeam.objects.get(name="法安先锋")
    assert legal.leader == leader and legal.org.parent is None
    assert ServiceOrder.objects.filter(team=legal, state__in=("delivered", "rated")).exists()
    assert EnterpriseContact.objects.filter(user=contact, enterprise__name__contains="华宇").exists()
    assert (
        ServiceOrder.objects.filter(orderer=contact).exists()
        or Problem.objects.filter(reporter=contact).exists()
    )
    helper = Volunteer.objects.get(user=volunteer)
    assert Signup.objects.filter(volunteer=helper, confirmed_at__isnull=False).exists()
    assert PartnerUnit.objects.get(contacts=unit_contact).name == "桐川县市场监督管理局"
    for user in (leader, contact, volunteer, unit_contact):
        assert user.check_password("gonghui-demo-2026")


def test_the_board_and_figures_show_the_demo_season_to_the_county_chair(client):
    run_demo()
    chair = User.objects.get(phone="13800000001")
    client.force_login(chair)

    board = client.get("/desk/board/")
    assert board.status_code == 200
    assert board.context["counts"]["rated"] > 50 and board.context["counts"]["open"] > 0
    assert len(board.context["orders"]) > 0

    county = Org.objects.get(parent=None)
    figures = client.get("/desk/figures/orders/", {"org": str(county.uuid), "start": "2000-01-01"})
    assert figures.status_code == 200
    f = figures.context["figures"]
    assert f.placed > 50 and f.delivered > 50 and f.people_served > 1000 and f.mean_rating >= 4

    problems = client.get(
        "/desk/problems/figures/", {"org": str(county.uuid), "start": "2000-01-01", "end": "2100-12-31"}
    )
    assert problems.status_code == 200
    total = problems.context["figures"]["total"]
    assert total["raised"] >= 90 and total["resolved"] > 50 and total["mean_days"] > 0
    units = {row["unit__name"] for row in problems.context["figures"]["by_unit"] if row["unit_id"]}
    assert units == {name for name, _dept, _contact in desk.UNITS}
