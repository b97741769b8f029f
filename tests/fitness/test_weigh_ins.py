"""Enrolment, weigh-ins and their confirmation, and what counts in a contest."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from gonghui.core.models import PersonalDataAccess, TransitionLog
from gonghui.fitness import selectors, services
from gonghui.fitness.models import Enrolment, WeighIn
from tests.factories import make_member, make_user
from tests.fitness.conftest import days_ago, make_programme

pytestmark = pytest.mark.django_db


def test_a_member_enrols_once(fit):
    with pytest.raises(ValidationError) as e:
        services.enrol(programme=fit.programme, user=fit.member_user, height="170", actor=fit.member_user)
    assert "已报名" in e.value.messages[0]
    assert Enrolment.objects.filter(programme=fit.programme).count() == 1


def test_enrolment_outside_the_window_is_refused(world):
    closed = make_programme(world, enrol_opens=days_ago(20), enrol_closes=days_ago(1))
    with pytest.raises(ValidationError) as e:
        services.enrol(programme=closed, user=world.member_user, height="170", actor=world.member_user)
    assert e.value.messages == ["报名已截止。"]


def test_a_member_outside_the_audience_cannot_enrol(world):
    other_user = make_user(name="钱芳二")
    make_member(world.other_union, name="钱芳二", user=other_user)
    programme = make_programme(world)
    with pytest.raises(ValidationError) as e:
        services.enrol(programme=programme, user=other_user, height="170", actor=other_user)
    assert "不在其中" in e.value.messages[0]


def test_nobody_enrols_someone_else(world):
    programme = make_programme(world)
    with pytest.raises(PermissionDenied):
        services.enrol(programme=programme, user=world.member_user, height="170", actor=world.township_cadre)


def test_a_submitted_weigh_in_counts_only_once_confirmed(fit):
    w1 = services.weigh_in_submit(
        enrolment=fit.enrolment, measured_on=days_ago(28), weight="80", actor=fit.member_user
    )
    w2 = services.weigh_in_submit(
        enrolment=fit.enrolment, measured_on=days_ago(1), weight="７６", actor=fit.member_user
    )
    fit.enrolment.refresh_from_db()
    assert fit.enrolment.loss_percent is None
    services.weigh_in_confirm(weigh_in=w1, actor=fit.township_cadre)
    services.weigh_in_confirm(weigh_in=w2, actor=fit.township_cadre)
    fit.enrolment.refresh_from_db()
    assert fit.enrolment.loss_percent == D("5.00")
    assert fit.enrolment.confirmed_count == 2
    assert TransitionLog.objects.filter(object_id=w2.pk, transition="confirm").exists()


def test_baseline_is_the_first_confirmed_weigh_in_and_a_rejected_one_does_not_count(fit):
    first = services.weigh_in_submit(
        enrolment=fit.enrolment, measured_on=days_ago(30), weight="90", actor=fit.member_user
    )
    services.weigh_in_reject(weigh_in=first, reason="照片看不清", actor=fit.township_cadre)
    services.weigh_in_record(
        enrolment=fit.enrolment, measured_on=days_ago(20), weight="80.0", actor=fit.township_cadre
    )
    services.weigh_in_record(
        enrolment=fit.enrolment, measured_on=days_ago(2), weight="78.0", actor=fit.township_cadre
    )
    fit.enrolment.refresh_from_db()
    assert fit.enrolment.loss_percent == D("2.50")
    first.refresh_from_db()
    assert (first.state, first.reason) == ("rejected", "照片看不清")


def test_a_rejection_needs_a_reason(fit):
    w = services.weigh_in_submit(
        enrolment=fit.enrolment, measured_on=days_ago(3), weight="80", actor=fit.member_user
    )
    with pytest.raises(ValidationError) as e:
        services.weigh_in_reject(weigh_in=w, reason="  ", actor=fit.township_cadre)
    assert e.value.message_dict == {"reason": ["请填写退回理由。"]}


def test_a_double_submit_makes_one_record_and_a_rejected_day_may_be_submitted_again(fit):
    w = services.weigh_in_submit(
        enrolment=fit.enrolment, measured_on=days_ago(3), weight="80", actor=fit.member_user
    )
    with pytest.raises(ValidationError) as e:
        services.weigh_in_submit(
            enrolment=fit.enrolment, measured_on=days_ago(3), weight="80", actor=fit.member_user
        )
    assert "无需重复提交" in e.value.messages[0]
    assert WeighIn.objects.filter(enrolment=fit.enrolment).count() == 1
    services.weigh_in_reject(weigh_in=w, reason="请上传秤的照片", actor=fit.township_cadre)
    services.weigh_in_submit(
        enrolment=fit.enrolment, measured_on=days_ago(3), weight="80", actor=fit.member_user
    )
    assert WeighIn.objects.filter(enrolment=fit.enrolment).count() == 2


def test_confirming_twice_is_refused(fit):
    w = services.weigh_in_submit(
        enrolment=fit.enrolment, measured_on=days_ago(3), weight="80", actor=fit.member_user
    )
    services.weigh_in_confirm(weigh_in=w, actor=fit.township_cadre)
    with pytest.raises(ValidationError):
        services.weigh_in_confirm(weigh_in=w, actor=fit.township_cadre)


def test_a_read_only_cadre_may_not_confirm_or_record(fit):
    w = services.weigh_in_submit(
        enrolment=fit.enrolment, measured_on=days_ago(3), weight="80", actor=fit.member_user
    )
    with pytest.raises(PermissionDenied):
        services.weigh_in_confirm(weigh_in=w, actor=fit.viewer)
    with pytest.raises(PermissionDenied):
        services.weigh_in_record(
            enrolment=fit.enrolment, measured_on=days_ago(2), weight="80", actor=fit.viewer
        )
    with pytest.raises(PermissionDenied):
        services.weigh_in_submit(
            enrolment=fit.enrolment, measured_on=days_ago(2), weight="80", actor=fit.township_cadre
        )


@pytest.mark.parametrize("weight", ["0", "500", "abc"])
def test_bad_weights_are_refused_beside_the_field(fit, weight):
    with pytest.raises(ValidationError) as e:
        services.weigh_in_submit(
            enrolment=fit.enrolment, measured_on=days_ago(3), weight=weight, actor=fit.member_user
        )
    assert list(e.value.message_dict) == ["weight"]


def test_a_weigh_in_in_the_future_or_before_the_programme_is_refused(fit):
    for day in (days_ago(-1), days_ago(61)):
        with pytest.raises(ValidationError) as e:
            services.weigh_in_submit(
                enrolment=fit.enrolment, measured_on=day, weight="80", actor=fit.member_user
            )
        assert list(e.value.message_dict) == ["measured_on"]


def test_body_data_is_encrypted_at_rest(fit):
    services.weigh_in_submit(
        enrolment=fit.enrolment, measured_on=days_ago(3), weight="65.5", actor=fit.member_user
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT weight_encrypted FROM fitness_weighin")
        (stored,) = cursor.fetchone()
        cursor.execute("SELECT height_encrypted FROM fitness_enrolment")
        (height,) = cursor.fetchone()
    assert "65.5" not in stored and "65" not in stored
    assert "170" not in height
    assert selectors.readings(fit.enrolment)[0].weight == D("65.5")


def test_the_queue_is_for_organisers_and_logs_the_look(fit):
    services.weigh_in_submit(
        enrolment=fit.enrolment, measured_on=days_ago(3), weight="80", actor=fit.member_user
    )
    rows = selectors.weigh_in_queue(fit.township_cadre, fit.programme)
    assert [weight for _w, weight, _bmi in rows] == [D("80.0")]
    log = PersonalDataAccess.objects.get(actor=fit.township_cadre)
    assert (log.action, log.subject_count, log.org_id) == ("view", 1, fit.township.pk)
    with pytest.raises(PermissionDenied):
        selectors.weigh_in_queue(fit.viewer, fit.programme)
