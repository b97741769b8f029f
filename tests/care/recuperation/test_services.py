"""Recuperation operations: programmes, applications, the draw, withdrawal and offers."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gonghui.care.models.recuperation import RecuperationApplication, RecuperationProgramme
from gonghui.care.services import recuperation as services
from gonghui.core.notifications import Notification
from tests.care.recuperation.conftest import close_window, make_programme, make_workers

pytestmark = pytest.mark.django_db


def _apply(programme, user, *, trip=None, declared=()):
    return services.application_submit(
        programme=programme, trip=trip or programme.trips.first(), declared=declared, actor=user
    )


def test_a_cadre_publishes_a_programme_with_its_trips(world):
    p = make_programme(world.township, actor=world.township_cadre, capacities=(2, 3))
    assert p.org_path == world.township.path and p.year == p.trips.first().starts_on.year
    assert [t.capacity for t in p.trips.all()] == [2, 3]
    assert str(p.price_cap) == "450.00"
    trip = p.trips.first()
    assert trip.cost_cap == p.price_cap * 5


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"price_cap": "0"}, "price_cap", "大于0"),
        ({"price_cap": "-5"}, "price_cap", "大于0"),
        ({"price_cap": "abc"}, "price_cap", "大于0"),
        ({"price_cap": "99999"}, "price_cap", "不能超过"),
        ({"title": " "}, "title", "项目名称"),
        ({"trips": []}, "trips", "至少安排一个批次"),
        ({"priority_groups": ["vip"]}, "priority_groups", "优先群体"),
    ],
)
def test_bad_programmes_are_refused_in_chinese(world, change, field, message):
    with pytest.raises(ValidationError) as e:
        make_programme(world.township, actor=world.township_cadre, **change)
    assert message in " ".join(e.value.message_dict[field])
    assert not RecuperationProgramme.objects.exists()


def test_bad_dates_are_refused(world):
    today = timezone.localdate()
    now = timezone.now()
    cases = [
        ({"closes_at": now - datetime.timedelta(days=1)}, "closes_at", "晚于申请开始"),
        (
            {
                "trips": [
                    {
                        "starts_on": today + datetime.timedelta(days=40),
                        "ends_on": today + datetime.timedelta(days=38),
                        "capacity": 2,
                    }
                ]
            },
            "trips",
            "返回日期不能早于出发日期",
        ),
        (
            {
                "trips": [
                    {
                        "starts_on": today + datetime.timedelta(days=1),
                        "ends_on": today + datetime.timedelta(days=3),
                        "capacity": 2,
                    }
                ]
            },
            "trips",
            "晚于申请截止日期",
        ),
        (
            {
                "trips": [
                    {
                        "starts_on": today + datetime.timedelta(days=40),
                        "ends_on": today + datetime.timedelta(days=40),
                        "capacity": 0,
                    }
                ]
            },
            "trips",
            "名额至少为1人",
        ),
        (
            {
                "trips": [
                    {
                        "starts_on": today + datetime.timedelta(days=40),
                        "ends_on": today + datetime.timedelta(days=80),
                        "capacity": 2,
                    }
                ]
            },
            "trips",
            "不超过30天",
        ),
    ]
    for change, field, message in cases:
        with pytest.raises(ValidationError) as e:
            make_programme(world.township, actor=world.township_cadre, **change)
        assert message in " ".join(e.value.message_dict[field]), change


def test_a_viewer_or_an_outsider_cannot_publish(world):
    for actor in (world.viewer, world.outsider, world.member_user):
        with pytest.raises(PermissionDenied):
            make_programme(world.township, actor=actor)


def test_a_member_applies_once_and_a_double_submit_is_refused(world):
    p = make_programme(world.township, actor=world.township_cadre)
    entry = _apply(p, world.member_user, declared=["front_line", "bogus"])
    assert entry.state == "applied" and entry.number == 1 and entry.priority == ["front_line"]
    with pytest.raises(ValidationError, match="您已申请该疗休养项目"):
        _apply(p, world.member_user)
    assert RecuperationApplication.objects.count() == 1


def test_one_programme_per_member_per_year(world):
    p = make_programme(world.township, actor=world.township_cadre)
    q = make_programme(world.county, actor=world.county_cadre, title="职工疗休养（莫干山）")
    entry = _apply(p, world.member_user)
    with pytest.raises(ValidationError) as e:
        _apply(q, world.member_user)
    assert "每位会员每年只能参加一个疗休养项目" in e.value.messages[0] and p.title in e.value.messages[0]
    # after withdrawing from the first, the second may be chosen
    services.application_withdraw(entry=entry, actor=world.member_user)
    assert _apply(q, world.member_user).state == "applied"
    with pytest.raises(ValidationError, match="每位会员每年只能参加一个"):
        _apply(p, world.member_user)


def test_riders_and_drivers_have_priority_from_their_membership(world):
    (rider,) = make_workers(world.union, 1, prefix="骑手", job_type="delivery_rider")
    p = make_programme(world.township, actor=world.township_cadre)
    assert _apply(p, rider).priority == ["new_form"]
    q = make_programme(world.county, actor=world.county_cadre, priority_groups=["model_worker"])
    (other,) = make_workers(world.union, 1, prefix="车手", job_type="ride_hailing")
    assert _apply(q, other, declared=["front_line"]).priority == []  # not the programme's groups


def test_who_may_not_apply(world):
    p = make_programme(world.township, actor=world.township_cadre)
    for user, message in (
        (world.worker, "仅限在册工会会员"),
        (world.outsider, "仅限在册工会会员"),
    ):
        with pytest.raises(ValidationError, match=message):
            _apply(p, user)
    other = make_programme(world.other_township, actor=world.county_cadre)
    with pytest.raises(ValidationError, match="您所在的工会不在其中"):
        _apply(other, world.member_user)
    foreign_trip = other.trips.first()
    with pytest.raises(ValidationError):
        _apply(p, world.member_user, trip=foreign_trip)
    close_window(p)
    with pytest.raises(ValidationError, match="申请已截止"):
        _apply(p, world.member_user)


def test_the_draw_places_priority_first_then_the_lottery_within_capacity(world):
    p = make_programme(world.county, actor=world.county_cadre, capacities=(2,))
    plain = make_workers(world.union, 5)
    (model,) = make_workers(world.union, 1, prefix="劳模")
    entries = [_apply(p, u) for u in plain] + [_apply(p, model, declared=["model_worker"])]
    with pytest.raises(ValidationError, match="申请截止后才能抽签"):
        services.programme_draw(programme=p, actor=world.county_cadre)
    close_window(p)
    drawn = services.programme_draw(
        programme=p, public_value="福彩3D 2026001期 517", actor=world.county_cadre
    )
    assert drawn.state == "drawn" and drawn.seed and drawn.seed_source == "福彩3D 2026001期 517"
    by_number = {e.number: e for e in RecuperationApplication.objects.filter(programme=p)}
    model_entry = by_number[entries[-1].number]
    assert model_entry.rank == 1 and model_entry.state == "registered"
    expected = services.allocation_order(drawn.seed, by_number, [model_entry.number])
    assert [n for n, _ in sorted(by_number.items(), key=lambda kv: kv[1].rank)] == expected
    states = [by_number[n].state for n in expected]
    assert states == ["registered", "registered", "waitlisted", "waitlisted", "waitlisted", "waitlisted"]
    trip = p.trips.get()
    assert trip.taken == 2 == trip.capacity
    # the waitlist is in draw order
    assert services.waitlist_position(by_number[expected[2]]) == 1
    assert services.waitlist_position(by_number[expected[5]]) == 4
    assert Notification.objects.filter(title__startswith="疗休养入选").count() == 2
    with pytest.raises(ValidationError, match="不能重复抽签"):
        services.programme_draw(programme=p, actor=world.county_cadre)


def test_rerunning_the_draw_from_the_published_seed_gives_the_same_result(world):
    p = make_programme(world.county, actor=world.county_cadre, capacities=(3,))
    for u in make_workers(world.union, 8):
        _apply(p, u)
    close_window(p)
    drawn = services.programme_draw(programme=p, public_value="上证指数收盘3321.45", actor=world.county_cadre)
    rows = list(RecuperationApplication.objects.filter(programme=p).order_by("rank"))
    # anyone: the published seed and the published numbers, the published method
    assert [e.number for e in rows] == services.draw(drawn.seed, [e.number for e in rows])
    assert drawn.seed == services.derive_seed(
        public_value="上证指数收盘3321.45", closes_at=drawn.closes_at, programme_uuid=drawn.uuid
    )


def test_a_withdrawal_after_the_draw_offers_the_place_to_the_next_in_draw_order(world):
    p = make_programme(world.county, actor=world.county_cadre, capacities=(1,))
    users = make_workers(world.union, 3)
    for u in users:
        _apply(p, u)
    close_window(p)
    services.programme_draw(programme=p, actor=world.county_cadre)
    first, second, third = RecuperationApplication.objects.filter(programme=p).order_by("rank")
    assert (first.state, second.state, third.state) == ("registered", "waitlisted", "waitlisted")
    services.application_withdraw(entry=first, actor=first.user)
    second.refresh_from_db()
    assert second.state == "offered"
    with pytest.raises(PermissionDenied):
        services.application_accept(entry=second, actor=third.user)
    services.application_accept(entry=second, actor=second.user)
    second.refresh_from_db()
    trip = p.trips.get()
    assert second.state == "registered" and trip.taken == 1
    with pytest.raises(ValidationError, match="您已退出该申请"):
        services.application_withdraw(entry=first, actor=first.user)


def test_an_offer_not_accepted_in_time_lapses_and_passes_on(world):
    p = make_programme(world.county, actor=world.county_cadre, capacities=(1,))
    for u in make_workers(world.union, 3):
        _apply(p, u)
    close_window(p)
    services.programme_draw(programme=p, actor=world.county_cadre)
    first, second, third = RecuperationApplication.objects.filter(programme=p).order_by("rank")
    services.application_withdraw(entry=first, actor=world.county_cadre)
    lapsed = services.offers_expire(now=timezone.now() + datetime.timedelta(hours=49))
    assert [e.pk for e in lapsed] == [second.pk]
    third.refresh_from_db()
    assert third.state == "offered"


def test_only_the_applicant_or_a_cadre_may_withdraw(world):
    p = make_programme(world.township, actor=world.township_cadre)
    entry = _apply(p, world.member_user)
    with pytest.raises(PermissionDenied):
        services.application_withdraw(entry=entry, actor=world.outsider)
    services.application_withdraw(entry=entry, actor=world.member_user)
    entry.refresh_from_db()
    assert entry.state == "withdrawn"
    assert _apply(p, world.member_user).pk == entry.pk  # re-applying reuses the row, same number


def test_an_outsider_cannot_draw(world):
    p = make_programme(world.township, actor=world.township_cadre)
    close_window(p)
    with pytest.raises(PermissionDenied):
        services.programme_draw(programme=p, actor=world.outsider)
    with pytest.raises(PermissionDenied):
        services.programme_draw(programme=p, actor=world.viewer)


def test_a_cadre_confirms_declared_priority_before_the_draw(world):
    p = make_programme(world.township, actor=world.township_cadre, capacities=(1,))
    entry = _apply(p, world.member_user, declared=["model_worker"])
    with pytest.raises(PermissionDenied):
        services.application_priority_set(entry=entry, priority=[], actor=world.viewer)
    with pytest.raises(ValidationError, match="本项目的优先群体"):
        services.application_priority_set(entry=entry, priority=["vip"], actor=world.township_cadre)
    struck = services.application_priority_set(entry=entry, priority=[], actor=world.township_cadre)
    assert struck.priority == []
    close_window(p)
    services.programme_draw(programme=p, actor=world.township_cadre)
    with pytest.raises(ValidationError, match="已经抽签分配"):
        services.application_priority_set(entry=entry, priority=["front_line"], actor=world.township_cadre)


def test_cancelling_a_programme_frees_everyone_for_another(world):
    p = make_programme(world.county, actor=world.county_cadre, capacities=(1,))
    users = make_workers(world.union, 2)
    for u in users:
        _apply(p, u)
    close_window(p)
    services.programme_draw(programme=p, actor=world.county_cadre)
    with pytest.raises(PermissionDenied):
        services.programme_cancel(programme=p, reason="x", actor=world.outsider)
    with pytest.raises(ValidationError, match="请填写取消原因"):
        services.programme_cancel(programme=p, reason=" ", actor=world.county_cadre)
    services.programme_cancel(programme=p, reason="疗休养基地检修", actor=world.county_cadre)
    assert p.trips.get().taken == 0
    assert set(RecuperationApplication.objects.filter(programme=p).values_list("state", flat=True)) == {
        "withdrawn"
    }
    assert Notification.objects.filter(title__startswith="疗休养项目已取消").count() == 2
    with pytest.raises(ValidationError, match="已取消"):
        services.programme_cancel(programme=p, reason="again", actor=world.county_cadre)
    q = make_programme(world.county, actor=world.county_cadre, title="改期疗休养")
    assert _apply(q, users[0]).state == "applied"  # the cancelled one no longer counts for the year
