"""Registration for activities: capacity, family members, waitlist, offers that pass on, withdrawal."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gonghui.activities import services
from gonghui.activities.models import Activity, Registration
from gonghui.core.models import Notification
from tests.activities.conftest import make_activity, make_workers

pytestmark = pytest.mark.django_db


def test_a_member_registers_and_takes_a_place(world):
    activity = make_activity(world.county, actor=world.county_cadre, capacity=2)
    entry = services.registration_create(activity=activity, actor=world.member_user)
    activity.refresh_from_db()
    assert entry.state == "registered" and entry.places == 1 and entry.member == world.member
    assert activity.taken == 1


def test_family_members_take_places_and_are_capped(world):
    activity = make_activity(world.county, actor=world.county_cadre, capacity=5, family_max=2)
    with pytest.raises(ValidationError, match="最多可带家属2人"):
        services.registration_create(activity=activity, family_count=3, actor=world.member_user)
    entry = services.registration_create(
        activity=activity, family_count=2, family_note="妻子、儿子", actor=world.member_user
    )
    activity.refresh_from_db()
    assert entry.places == 3 and activity.taken == 3


def test_no_family_when_the_activity_takes_none(world):
    activity = make_activity(world.county, actor=world.county_cadre)
    with pytest.raises(ValidationError, match="不接受家属"):
        services.registration_create(activity=activity, family_count=1, actor=world.member_user)


def test_full_means_waitlist_with_positions(world):
    activity = make_activity(world.union, actor=world.enterprise_cadre, capacity=1)
    a, b, c = make_workers(world.union, 3)
    assert services.registration_create(activity=activity, actor=a).state == "registered"
    wb = services.registration_create(activity=activity, actor=b)
    wc = services.registration_create(activity=activity, actor=c)
    assert (wb.state, wc.state) == ("waitlisted", "waitlisted")
    assert services.waitlist_position(wb) == 1 and services.waitlist_position(wc) == 2
    activity.refresh_from_db()
    assert activity.taken == 1


def test_a_freed_place_is_offered_then_accepted(world):
    activity = make_activity(world.union, actor=world.enterprise_cadre, capacity=1, offer_hours=12)
    a, b = make_workers(world.union, 2)
    first = services.registration_create(activity=activity, actor=a)
    second = services.registration_create(activity=activity, actor=b)
    services.registration_withdraw(entry=first, actor=a)
    second.refresh_from_db()
    assert second.state == "offered"
    assert second.offer_expires_at - second.offered_at == datetime.timedelta(hours=12)
    assert Notification.objects.filter(recipient=b, title__contains="候补递补").exists()
    services.registration_accept(entry=second, actor=b)
    second.refresh_from_db()
    activity.refresh_from_db()
    assert second.state == "registered" and activity.taken == 1


def test_an_offer_not_accepted_in_time_passes_on(world):
    activity = make_activity(world.union, actor=world.enterprise_cadre, capacity=1, offer_hours=2)
    a, b, c = make_workers(world.union, 3)
    first = services.registration_create(activity=activity, actor=a)
    second = services.registration_create(activity=activity, actor=b)
    third = services.registration_create(activity=activity, actor=c)
    services.registration_withdraw(entry=first, actor=a)
    assert services.offers_expire(now=timezone.now() + datetime.timedelta(hours=1)) == []
    lapsed = services.offers_expire(now=timezone.now() + datetime.timedelta(hours=3))
    assert [e.pk for e in lapsed] == [second.pk]
    second.refresh_from_db()
    third.refresh_from_db()
    activity.refresh_from_db()
    assert second.state == "lapsed" and third.state == "offered" and activity.taken == 1
    with pytest.raises(ValidationError):
        services.registration_accept(entry=second, actor=b)
    # run twice: nothing lapses twice
    assert services.offers_expire(now=timezone.now() + datetime.timedelta(hours=1)) == []


def test_an_expired_offer_cannot_be_accepted_even_before_the_job(world):
    activity = make_activity(world.union, actor=world.enterprise_cadre, capacity=1, offer_hours=1)
    a, b = make_workers(world.union, 2)
    first = services.registration_create(activity=activity, actor=a)
    second = services.registration_create(activity=activity, actor=b)
    services.registration_withdraw(entry=first, actor=a)
    Registration.objects.filter(pk=second.pk).update(
        offer_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(ValidationError, match="确认时间已过"):
        services.registration_accept(entry=second, actor=b)


def test_withdraw_from_the_waitlist_frees_nothing(world):
    activity = make_activity(world.union, actor=world.enterprise_cadre, capacity=1)
    a, b = make_workers(world.union, 2)
    services.registration_create(activity=activity, actor=a)
    second = services.registration_create(activity=activity, actor=b)
    services.registration_withdraw(entry=second, actor=b)
    second.refresh_from_db()
    activity.refresh_from_db()
    assert second.state == "withdrawn" and activity.taken == 1
    with pytest.raises(ValidationError, match="已退出"):
        services.registration_withdraw(entry=second, actor=b)


def test_a_family_waits_while_a_single_takes_the_one_free_place(world):
    activity = make_activity(world.union, actor=world.enterprise_cadre, capacity=3, family_max=2)
    a, b, c = make_workers(world.union, 3)
    first = services.registration_create(activity=activity, family_count=1, actor=a)  # 2 places
    services.registration_create(activity=activity, actor=make_workers(world.union, 1, prefix="乙")[0])  # 3/3
    family = services.registration_create(activity=activity, family_count=2, actor=b)  # needs 3
    single = services.registration_create(activity=activity, actor=c)
    services.registration_withdraw(entry=first, actor=a)  # 2 free
    family.refresh_from_db()
    single.refresh_from_db()
    assert family.state == "waitlisted" and single.state == "offered"
    assert services.waitlist_position(family) == 1


def test_nobody_jumps_the_waitlist(world):
    activity = make_activity(world.union, actor=world.enterprise_cadre, capacity=1)
    a, b, c = make_workers(world.union, 3)
    first = services.registration_create(activity=activity, actor=a)
    services.registration_create(activity=activity, actor=b)
    services.registration_withdraw(entry=first, actor=a)  # offered to b, held
    assert services.registration_create(activity=activity, actor=c).state == "waitlisted"


def test_double_submit_makes_one_registration(world):
    activity = make_activity(world.county, actor=world.county_cadre)
    services.registration_create(activity=activity, actor=world.member_user)
    with pytest.raises(ValidationError, match="已报名"):
        services.registration_create(activity=activity, actor=world.member_user)
    assert Registration.objects.filter(activity=activity).count() == 1


def test_withdrawn_can_register_again_at_the_end_of_the_line(world):
    activity = make_activity(world.union, actor=world.enterprise_cadre, capacity=1)
    a, b = make_workers(world.union, 2)
    first = services.registration_create(activity=activity, actor=a)
    services.registration_withdraw(entry=first, actor=a)
    services.registration_create(activity=activity, actor=b)
    again = services.registration_create(activity=activity, actor=a)
    assert again.pk == first.pk and again.state == "waitlisted"


def test_the_audience_decides_who_may_register(world):
    activity = make_activity(world.union, actor=world.enterprise_cadre)
    with pytest.raises(ValidationError, match="仅限工会会员"):
        services.registration_create(activity=activity, actor=world.worker)
    other = make_activity(world.other_union, actor=world.outsider)
    with pytest.raises(ValidationError, match="您所在的工会不在其中"):
        services.registration_create(activity=other, actor=world.member_user)


def test_registration_window(world):
    soon = timezone.now() + datetime.timedelta(days=1)
    activity = make_activity(world.county, actor=world.county_cadre, registration_opens_at=soon)
    with pytest.raises(ValidationError, match="尚未开始"):
        services.registration_create(activity=activity, actor=world.member_user)
    Activity.objects.filter(pk=activity.pk).update(
        registration_opens_at=timezone.now() - datetime.timedelta(days=2),
        registration_closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    activity.refresh_from_db()
    with pytest.raises(ValidationError, match="已截止"):
        services.registration_create(activity=activity, actor=world.member_user)


def test_publish_rules(world):
    with pytest.raises(PermissionDenied):
        make_activity(world.union, actor=world.viewer)
    with pytest.raises(PermissionDenied):
        make_activity(world.union, actor=world.outsider)
    with pytest.raises(ValidationError) as e:
        make_activity(world.county, actor=world.county_cadre, capacity=0, family_max=9)
    assert set(e.value.message_dict) == {"capacity", "family_max"}


def test_more_capacity_offers_places_to_the_waitlist(world):
    activity = make_activity(world.union, actor=world.enterprise_cadre, capacity=1)
    a, b = make_workers(world.union, 2)
    services.registration_create(activity=activity, actor=a)
    second = services.registration_create(activity=activity, actor=b)
    services.activity_update(activity=activity, capacity=2, actor=world.enterprise_cadre)
    second.refresh_from_db()
    assert second.state == "offered"
    with pytest.raises(ValidationError):
        services.activity_update(activity=activity, capacity=1, actor=world.enterprise_cadre)


def test_cancel_tells_everyone(world):
    activity = make_activity(world.county, actor=world.county_cadre)
    services.registration_create(activity=activity, actor=world.member_user)
    services.activity_cancel(activity=activity, reason="台风预警", actor=world.county_cadre)
    assert Notification.objects.filter(recipient=world.member_user, title__contains="活动已取消").exists()
    with pytest.raises(ValidationError, match="已取消"):
        services.registration_create(activity=activity, actor=world.member_user)
