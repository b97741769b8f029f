"""Petitions (信访): registration, the working-day reply deadline, PETITION_FLOW, who sees what."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.models import AuditEntry, CalendarDay, Notification, PersonalDataAccess, TransitionLog
from gonghui.servicedesk.models import DeskSettings, Petition
from gonghui.servicedesk.selectors.petitions import annotate_deadlines, petition_list_for
from gonghui.servicedesk.services import petitions as services
from tests.factories import make_cadre

D = datetime.date
TODAY = D(2026, 11, 23)


@pytest.fixture(autouse=True)
def _today():
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        yield


def register(world, *, received_on=TODAY, org=None, actor=None, subject="拖欠工资", phone="13812345678"):
    return services.petition_register(
        org=org or world.county,
        actor=actor or world.county_cadre,
        channel="visit",
        petitioner_name="王大力",
        petitioner_phone=phone,
        enterprise_name="安平华宇机械有限公司",
        subject=subject,
        content="三个月未发工资。",
        received_on=received_on,
    )


def online(world, user=None, **kw):
    return services.petition_submit_online(
        actor=user or world.member_user,
        org=world.county,
        subject=kw.get("subject", "加班费"),
        content="加班没有加班费。",
        consent=kw.get("consent", True),
    )


def test_reply_due_across_national_day_2026(world):
    petition = register(world, received_on=D(2026, 9, 30))
    assert petition.reply_due == D(2026, 10, 27)
    assert (petition.state, petition.org_path, petition.channel) == ("received", world.county.path, "visit")
    assert AuditEntry.objects.filter(action="petition_register", object_id=petition.pk).exists()


def test_reply_days_follow_the_federation_settings_and_the_calendar(world):
    DeskSettings.objects.create(org=world.county, petition_reply_days=5)
    CalendarDay.objects.create(date=D(2026, 11, 24), is_working_day=False, name="加放")
    petition = register(world, received_on=D(2026, 11, 23), org=world.township, actor=world.township_cadre)
    # 25, 26, 27, 30 Nov, 1 Dec (24 Nov made a holiday)
    assert petition.reply_due == D(2026, 12, 1)


def test_2027_deadline_uses_weekends_until_rows_are_entered(world):
    assert services.reply_due_for(org=world.county, received_on=D(2027, 2, 5)) == D(2027, 2, 26)
    for day in range(6, 13):
        CalendarDay.objects.create(date=D(2027, 2, day), is_working_day=False, name="春节")
    assert services.reply_due_for(org=world.county, received_on=D(2027, 2, 5)) == D(2027, 3, 5)


def test_registration_validates(world):
    with pytest.raises(ValidationError) as e:
        services.petition_register(
            org=world.county,
            actor=world.county_cadre,
            channel="online",
            petitioner_name="",
            petitioner_phone="12345",
            subject="",
            content="",
            received_on=TODAY + datetime.timedelta(days=1),
        )
    errors = e.value.message_dict
    assert errors["channel"] == ["请选择来访、来电或来信。"]
    assert errors["petitioner_phone"] == ["手机号码应为以1开头的11位数字。"]
    assert errors["received_on"] == ["登记日期不能晚于今天。"]
    assert {"petitioner_name", "subject", "content"} <= set(errors)
    assert not Petition.objects.exists()


def test_registration_needs_a_managing_cadre(world):
    with pytest.raises(PermissionDenied):
        register(world, actor=world.viewer, org=world.township)
    with pytest.raises(PermissionDenied):
        register(world, actor=world.township_cadre, org=world.county)


def test_double_registration_makes_one(world):
    assert register(world) == register(world)
    assert Petition.objects.count() == 1


def test_online_petition_takes_name_and_phone_from_the_account(world):
    petition = online(world)
    assert (petition.petitioner, petition.petitioner_name, petition.petitioner_phone) == (
        world.member_user,
        "张伟",
        world.member_user.phone,
    )
    assert petition.enterprise_name == "安平华宇机械有限公司"  # from the membership
    assert (petition.channel, petition.received_on) == ("online", TODAY)
    assert online(world) == petition  # double submit


def test_online_petition_needs_consent_and_a_federation(world):
    with pytest.raises(ValidationError) as e:
        online(world, consent=False)
    assert "consent" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.petition_submit_online(
            actor=world.worker, org=world.township, subject="x", content="y", consent=True
        )
    assert e.value.message_dict["org"] == ["请选择受理的总工会。"]
    assert not Petition.objects.exists()


# --- PETITION_FLOW ------------------------------------------------------------------------------


def test_assign_reply_close(world):
    petition = online(world)
    services.petition_assign(
        petition=petition, actor=world.county_cadre, assignee=world.township_cadre, note="请城关镇办理"
    )
    assert (petition.state, petition.assignee) == ("assigned", world.township_cadre)
    assert Notification.objects.filter(recipient=world.township_cadre, title__contains="请办理信访").exists()
    # reassign while assigned
    services.petition_assign(petition=petition, actor=world.county_cadre, assignee=world.enterprise_cadre)
    assert Petition.objects.get().assignee == world.enterprise_cadre
    # the assignee (a union below) replies
    services.petition_reply(petition=petition, actor=world.enterprise_cadre, reply="已督促企业补发。")
    petition.refresh_from_db()
    assert (petition.state, petition.reply) == ("replied", "已督促企业补发。") and petition.replied_at
    assert Notification.objects.filter(recipient=world.member_user, title__contains="已答复").exists()
    services.petition_close(petition=petition, actor=world.county_cadre, note="工资已补发")
    petition.refresh_from_db()
    assert petition.state == "closed" and petition.closed_at
    logs = list(
        TransitionLog.objects.filter(object_id=petition.pk).values_list(
            "transition", "from_state", "to_state"
        )
    )
    assert logs == [
        ("assign", "received", "assigned"),
        ("assign", "assigned", "assigned"),
        ("reply", "assigned", "replied"),
        ("close", "replied", "closed"),
    ]


def test_forbidden_transitions(world):
    petition = register(world)
    with pytest.raises(ValidationError, match="不能执行"):
        services.petition_reply(petition=petition, actor=world.county_cadre, reply="x")
    with pytest.raises(ValidationError, match="不能执行"):
        services.petition_close(petition=petition, actor=world.county_cadre)
    with pytest.raises(PermissionDenied):  # a cadre below may not assign a county petition
        services.petition_assign(petition=petition, actor=world.township_cadre, assignee=world.township_cadre)
    with pytest.raises(PermissionDenied):
        services.petition_assign(petition=petition, actor=world.viewer, assignee=world.township_cadre)
    with pytest.raises(ValidationError) as e:  # assignee from another county
        services.petition_assign(petition=petition, actor=world.county_cadre, assignee=world.outsider)
    assert "assignee" in e.value.message_dict
    with pytest.raises(ValidationError):  # a viewer cannot be the assignee
        services.petition_assign(petition=petition, actor=world.county_cadre, assignee=world.viewer)
    services.petition_assign(petition=petition, actor=world.county_cadre, assignee=world.township_cadre)
    with pytest.raises(PermissionDenied):  # neither assignee nor managing cadre
        services.petition_reply(petition=petition, actor=world.enterprise_cadre, reply="x")
    with pytest.raises(PermissionDenied):
        services.petition_reply(petition=petition, actor=world.member_user, reply="x")
    with pytest.raises(ValidationError) as e:
        services.petition_reply(petition=petition, actor=world.township_cadre, reply=" ")
    assert e.value.message_dict["reply"] == ["请填写答复意见。"]
    services.petition_reply(petition=petition, actor=world.township_cadre, reply="已答复")
    with pytest.raises(PermissionDenied):  # only a managing cadre closes
        services.petition_close(petition=petition, actor=world.township_cadre)
    with pytest.raises(ValidationError, match="不能执行"):
        services.petition_reply(petition=petition, actor=world.township_cadre, reply="再答复")
    with pytest.raises(ValidationError, match="不能执行"):
        services.petition_assign(petition=petition, actor=world.county_cadre, assignee=world.township_cadre)
    assert Petition.objects.get().state == "replied"


def test_phone_reveal_is_logged_and_limited(world):
    petition = register(world)
    assert services.petition_phone_reveal(petition=petition, actor=world.county_cadre) == "13812345678"
    access = PersonalDataAccess.objects.get()
    assert (access.actor, access.object_id) == (world.county_cadre, petition.pk)
    with pytest.raises(PermissionDenied):
        services.petition_phone_reveal(petition=petition, actor=world.viewer)


# --- who sees what --------------------------------------------------------------------------------


def test_overdue_first_and_days_left(world, django_assert_max_num_queries):
    late = register(world, received_on=D(2026, 9, 30), subject="逾期的")  # due 2026-10-27
    fresh = register(world, received_on=TODAY, subject="新的", phone="13812345679")
    done = register(world, received_on=D(2026, 9, 1), subject="答复了", phone="13812345670")
    services.petition_assign(petition=done, actor=world.county_cadre, assignee=world.county_cadre)
    services.petition_reply(petition=done, actor=world.county_cadre, reply="好")
    with django_assert_max_num_queries(4):
        rows = list(petition_list_for(world.county_cadre, today=TODAY))
        annotate_deadlines(rows, today=TODAY)
    assert [p.subject for p in rows] == ["逾期的", "新的", "答复了"]
    assert rows[0].is_overdue and rows[0].days_left == -19
    assert not rows[1].is_overdue and rows[1].days_left == 15
    assert rows[2].days_left is None and not rows[2].is_overdue
    assert [p.subject for p in petition_list_for(world.county_cadre, overdue=True, today=TODAY)] == ["逾期的"]
    assert late.pk and fresh.pk


def test_scope_and_owners(world):
    county = register(world)
    township = register(world, org=world.township, actor=world.township_cadre, phone="13812345679")
    mine = online(world)
    assert set(petition_list_for(world.county_cadre)) == {county, township, mine}
    assert set(petition_list_for(world.township_cadre)) == {township}
    assert set(petition_list_for(world.outsider)) == set()
    assert set(petition_list_for(world.member_user)) == {mine}
    other = make_cadre(world.other_township, name="柳溪干部")
    services.petition_assign(petition=county, actor=world.county_cadre, assignee=other)
    assert set(petition_list_for(other)) == {county}
