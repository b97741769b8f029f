"""Micro-wish operations: post within the cap, vet, claim once, release, fulfil with a photo, confirm."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from gonghui.care.models.wishes import WISH_FLOW, Wish
from gonghui.care.services import wishes as services
from tests.care.wishes.conftest import JPEG, PNG, make_rider, post_wish
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _photo(data=PNG, name="p.png"):
    return SimpleUploadedFile(name, data, content_type="image/png")


def test_a_rider_posts_a_wish_to_their_union(wishes):
    w = Wish.objects.get(pk=wishes.wish.pk)
    assert w.state == "submitted" and w.org == wishes.joint and w.job_type == "delivery_rider"
    assert w.amount == Decimal("280.00") and w.wisher == wishes.rider


def test_the_amount_must_be_positive_and_within_the_cap(world):
    rider = make_rider(world.joint)
    for bad, message in (
        ("-5", "金额必须大于0元"),
        ("0", "金额必须大于0元"),
        ("abc", "正确的金额"),
        ("500.01", "不能超过500.00元"),
        ("1.234", "两位小数"),
        ("NaN", "正确的金额"),
    ):
        with pytest.raises(ValidationError) as e:
            post_wish(rider, amount=bad)
        assert message in str(e.value.message_dict["amount"]), bad
    assert not Wish.objects.exists()
    assert post_wish(rider, amount="500").amount == Decimal("500.00")


def test_the_cap_is_the_nearest_setting_above(world):
    rider = make_rider(world.union, name="王司机", job_type="ride_hailing")
    services.wish_cap_set(org=world.county, cap="300", actor=world.county_cadre)
    with pytest.raises(ValidationError, match="300.00"):
        post_wish(rider, amount="350")
    services.wish_cap_set(org=world.union, cap="400", actor=world.enterprise_cadre)
    assert post_wish(rider, amount="350").amount == Decimal("350.00")
    with pytest.raises(PermissionDenied):
        services.wish_cap_set(org=world.county, cap="1000", actor=world.enterprise_cadre)


def test_only_members_post_and_one_open_wish_at_a_time(wishes):
    with pytest.raises(ValidationError, match="只有工会会员"):
        post_wish(wishes.worker)
    with pytest.raises(ValidationError, match="进行中的心愿"):
        post_wish(wishes.rider)
    assert Wish.objects.filter(wisher=wishes.rider).count() == 1


def test_empty_title_and_reason_are_refused(world):
    rider = make_rider(world.joint)
    with pytest.raises(ValidationError) as e:
        post_wish(rider, title=" ", reason="", kind="nope")
    assert set(e.value.message_dict) == {"title", "reason", "kind"}


def test_the_union_vets_publish_or_refuse_with_a_reason(wishes):
    with pytest.raises(PermissionDenied):
        services.wish_publish(wish=wishes.wish, actor=wishes.enterprise_cadre)  # not the rider's union
    with pytest.raises(PermissionDenied):
        services.wish_publish(wish=wishes.wish, actor=wishes.outsider)
    with pytest.raises(ValidationError, match="理由"):
        services.wish_refuse(wish=wishes.wish, reason="", actor=wishes.joint_cadre)
    services.wish_refuse(wish=wishes.wish, reason="金额与实际不符", actor=wishes.joint_cadre)
    wishes.wish.refresh_from_db()
    assert wishes.wish.state == "refused" and wishes.wish.refusal_reason == "金额与实际不符"
    log = WISH_FLOW.history(wishes.wish).last()
    assert (log.transition, log.actor, log.note) == ("refuse", wishes.joint_cadre, "金额与实际不符")
    # refused is not open: the rider may post again; the county cadre (above) publishes it
    again = post_wish(wishes.rider, amount="200")
    services.wish_publish(wish=again, actor=wishes.county_cadre)
    again.refresh_from_db()
    assert again.state == "published" and again.published_at is not None


def test_a_claim_a_second_claim_and_claiming_your_own(wishes):
    services.wish_publish(wish=wishes.wish, actor=wishes.joint_cadre)
    with pytest.raises(ValidationError, match="不能认领自己的心愿"):
        services.wish_claim(wish=wishes.wish, actor=wishes.rider)
    services.wish_claim(wish=wishes.wish, actor=wishes.donor)
    second = make_user(name="第二位")
    stale = Wish.objects.get(pk=wishes.wish.pk)
    with pytest.raises(ValidationError, match="已被其他爱心人士认领"):
        services.wish_claim(wish=stale, actor=second)
    w = Wish.objects.get(pk=wishes.wish.pk)
    assert w.state == "claimed" and w.claimer == wishes.donor


def test_a_submitted_wish_cannot_be_claimed(wishes):
    with pytest.raises(ValidationError, match="不能认领"):
        services.wish_claim(wish=wishes.wish, actor=wishes.donor)


def test_release_puts_it_back_on_the_wall(wishes):
    services.wish_publish(wish=wishes.wish, actor=wishes.joint_cadre)
    services.wish_claim(wish=wishes.wish, actor=wishes.donor)
    with pytest.raises(PermissionDenied):
        services.wish_release(wish=wishes.wish, actor=make_user(name="路人"))
    services.wish_release(wish=wishes.wish, actor=wishes.donor)
    w = Wish.objects.get(pk=wishes.wish.pk)
    assert w.state == "published" and w.claimer is None and w.claimed_at is None
    services.wish_claim(wish=w, actor=wishes.member_user)
    assert Wish.objects.get(pk=w.pk).claimer == wishes.member_user


def test_fulfil_with_a_photo_then_confirm(wishes, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    services.wish_publish(wish=wishes.wish, actor=wishes.joint_cadre)
    services.wish_claim(wish=wishes.wish, actor=wishes.donor)
    with pytest.raises(PermissionDenied):
        services.wish_fulfil(wish=wishes.wish, upload=_photo(), actor=wishes.rider)
    for bad, message in ((b"%PDF-1.4 hello", "JPG、PNG或WebP"), (b"GIF89a....", "JPG、PNG或WebP")):
        with pytest.raises(ValidationError, match=message):
            services.wish_fulfil(wish=wishes.wish, upload=_photo(bad, "x.png"), actor=wishes.donor)
    big = SimpleUploadedFile("big.jpg", JPEG + b"0" * (5 * 1024 * 1024), content_type="image/jpeg")
    with pytest.raises(ValidationError, match="5MB"):
        services.wish_fulfil(wish=wishes.wish, upload=big, actor=wishes.donor)
    assert not list(tmp_path.rglob("*.*"))
    services.wish_fulfil(
        wish=wishes.wish, upload=_photo(JPEG, "a.exe"), note="已送到站点", actor=wishes.donor
    )
    w = Wish.objects.get(pk=wishes.wish.pk)
    assert w.state == "fulfilled" and w.photo_type == "image/jpeg" and w.photo.name.endswith(".jpg")
    assert w.fulfilled_at is not None and w.fulfil_note == "已送到站点"
    with pytest.raises(PermissionDenied):
        services.wish_confirm(wish=w, actor=wishes.donor)
    services.wish_confirm(wish=w, actor=wishes.rider)
    w.refresh_from_db()
    assert w.state == "confirmed" and w.confirmed_at is not None
    # confirmed is closed: the rider may post a new wish
    assert post_wish(wishes.rider).state == "submitted"


def test_not_received_goes_back_to_the_claimer(wishes, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    services.wish_publish(wish=wishes.wish, actor=wishes.joint_cadre)
    services.wish_claim(wish=wishes.wish, actor=wishes.donor)
    services.wish_fulfil(wish=wishes.wish, upload=_photo(), actor=wishes.donor)
    with pytest.raises(ValidationError, match="理由"):
        services.wish_not_received(wish=wishes.wish, note="", actor=wishes.rider)
    services.wish_not_received(wish=wishes.wish, note="站点没有找到", actor=wishes.rider)
    w = Wish.objects.get(pk=wishes.wish.pk)
    assert w.state == "claimed" and w.claimer == wishes.donor and w.fulfilled_at is None
    services.wish_fulfil(wish=w, upload=_photo(), actor=wishes.donor)
    assert Wish.objects.get(pk=w.pk).state == "fulfilled"


def test_withdraw_by_the_wisher(wishes):
    with pytest.raises(PermissionDenied):
        services.wish_withdraw(wish=wishes.wish, actor=wishes.donor)
    services.wish_withdraw(wish=wishes.wish, actor=wishes.rider)
    assert Wish.objects.get(pk=wishes.wish.pk).state == "withdrawn"


@pytest.mark.django_db(transaction=True)
def test_two_donors_claiming_at_once_one_wins(world):
    if connection.vendor == "sqlite":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises them anyway)")
    rider = make_rider(world.joint)
    wish = post_wish(rider)
    services.wish_publish(wish=wish, actor=world.joint_cadre)
    donors = [make_user(name=f"爱心{i}") for i in range(4)]
    results: list = []
    barrier = threading.Barrier(len(donors))

    def claim(user):
        from django.db import connection as conn

        try:
            barrier.wait()
            services.wish_claim(wish=Wish.objects.get(pk=wish.pk), actor=user)
            results.append("ok")
        except ValidationError:
            results.append("taken")
        finally:
            conn.close()

    threads = [threading.Thread(target=claim, args=(d,)) for d in donors]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "taken", "taken", "taken"]
    assert Wish.objects.get(pk=wish.pk).claimer in donors


def test_figures_posted_fulfilled_and_amount_by_subtree_and_child(wishes, settings, tmp_path):
    import datetime

    from django.utils import timezone

    from gonghui.care.selectors import wishes as selectors
    from gonghui.core import indicators
    from gonghui.core.indicators import Period

    settings.MEDIA_ROOT = tmp_path
    services.wish_publish(wish=wishes.wish, actor=wishes.joint_cadre)
    services.wish_claim(wish=wishes.wish, actor=wishes.donor)
    services.wish_fulfil(wish=wishes.wish, upload=_photo(), actor=wishes.donor)
    other = make_rider(wishes.union, name="王司机", job_type="ride_hailing")
    post_wish(other, amount="100")
    old = make_rider(wishes.union, name="老李")
    Wish.objects.filter(pk=post_wish(old).pk).update(created_at=timezone.now() - datetime.timedelta(days=400))
    today = timezone.localdate()
    period = Period(today - datetime.timedelta(days=30), today)
    f = selectors.figures(wishes.county, *period.bounds())
    assert f == {"posted": 2, "fulfilled": 1, "amount": Decimal("280.00")}
    children = selectors.figures_by_child(wishes.county, *period.bounds())
    assert children[wishes.joint.path] == {"posted": 1, "fulfilled": 1, "amount": Decimal("280.00")}
    assert children[wishes.township.path] == {"posted": 1, "fulfilled": 0, "amount": 0}
    got = indicators.figures(wishes.county, period, keys=["care.wishes.posted", "care.wishes.amount"])
    assert got["care.wishes.posted"] == 2 and float(got["care.wishes.amount"]) == 280.0


def test_the_glance_reads_give_the_same_figures_in_one_query(
    wishes, settings, tmp_path, django_assert_num_queries
):
    import datetime

    from django.utils import timezone

    from gonghui.care.selectors import wishes as selectors
    from gonghui.core.indicators import Period

    settings.MEDIA_ROOT = tmp_path
    services.wish_publish(wish=wishes.wish, actor=wishes.joint_cadre)
    services.wish_claim(wish=wishes.wish, actor=wishes.donor)
    services.wish_fulfil(wish=wishes.wish, upload=_photo(), actor=wishes.donor)
    old = make_rider(wishes.union, name="老李")
    Wish.objects.filter(pk=post_wish(old, amount="99").pk).update(
        created_at=timezone.now() - datetime.timedelta(days=365)
    )
    today = timezone.localdate()
    period = Period(today - datetime.timedelta(days=30), today)
    compared = period.year_before()
    with django_assert_num_queries(1):
        now, before, children = selectors.figures_together(wishes.county, period, compared)
    assert now == selectors.figures(wishes.county, *period.bounds())
    assert (
        before
        == selectors.figures(wishes.county, *compared.bounds())
        == {"posted": 1, "fulfilled": 0, "amount": 0}
    )
    plain = selectors.figures_by_child(wishes.county, *period.bounds())
    assert children == plain  # a child with rows in the compared period only is not one of them
