"""Petition pages: list, registration, online form, own list, detail, assign, reply, close, phone."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.core.models import PersonalDataAccess, TransitionLog
from gonghui.servicedesk.models import Petition
from gonghui.servicedesk.services import petitions as services

LIST = reverse("servicedesk:petition_list")
NEW = reverse("servicedesk:petition_register")
SUBMIT = reverse("servicedesk:petition_submit")
MINE = reverse("servicedesk:petition_mine")


def _register_data(world, **extra):
    data = {
        "org": world.county.pk,
        "channel": "phone",
        "petitioner_name": "王大力",
        "petitioner_phone": "138 1234 5678",
        "enterprise_name": "安平恒通物流有限公司",
        "subject": "拖欠工资",
        "content": "三个月未发工资。",
        "received_on": timezone.localdate().isoformat(),
    }
    data.update(extra)
    return data


def _petition(world, **kw):
    return services.petition_register(
        org=kw.get("org", world.county),
        actor=world.county_cadre,
        channel="visit",
        petitioner_name="王大力",
        petitioner_phone=kw.get("phone", "13812345678"),
        subject=kw.get("subject", "拖欠工资"),
        content="三个月未发工资。",
        received_on=kw.get("received_on", timezone.localdate()),
    )


def _url(name, petition):
    return reverse(f"servicedesk:{name}", args=[petition.uuid])


def test_cadre_registers_a_petition(login, world):
    response = login(world.county_cadre).post(NEW, _register_data(world))
    petition = Petition.objects.get()
    assert response.status_code == 302 and response.url == _url("petition_detail", petition)
    assert (petition.channel, petition.petitioner_phone, petition.org, petition.petitioner) == (
        "phone",
        "13812345678",
        world.county,
        None,
    )
    assert petition.reply_due > petition.received_on


def test_registration_double_submit_makes_one(login, world):
    client = login(world.county_cadre)
    client.post(NEW, _register_data(world))
    assert client.post(NEW, _register_data(world)).status_code == 302
    assert Petition.objects.count() == 1


def test_registration_bad_input(login, world):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    page = (
        login(world.county_cadre)
        .post(NEW, _register_data(world, petitioner_phone="0571-8888", received_on=tomorrow, subject=""))
        .content.decode()
    )
    assert "手机号码应为以1开头的11位数字" in page and "登记日期不能晚于今天" in page and "请填写事由" in page
    assert not Petition.objects.exists()


def test_registration_access(client, login, world):
    response = client.post(NEW, _register_data(world))
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert login(world.viewer).post(NEW, _register_data(world)).status_code == 403
    assert login(world.member_user).get(NEW).status_code == 403
    assert not Petition.objects.exists()
    # a township cadre has one org: a posted other org is ignored, the petition is theirs
    login(world.township_cadre).post(NEW, _register_data(world))
    assert Petition.objects.get().org == world.township
    # a cadre with two orgs chooses, and only among their own
    from gonghui.accounts.services import position_grant

    position_grant(user=world.township_cadre, org=world.park, role="staff", actor=None, check_scope=False)
    page = login(world.township_cadre).post(NEW, _register_data(world, subject="另一件")).content.decode()
    assert "请选择您任职的工会" in page
    assert Petition.objects.count() == 1


def test_worker_petitions_online(login, world):
    client = login(world.member_user)
    page = client.get(SUBMIT).content.decode()
    assert "张伟" in page and world.member_user.phone not in page  # the phone is shown masked
    response = client.post(
        SUBMIT, {"org": world.county.pk, "subject": "加班费", "content": "没有加班费。", "consent": "on"}
    )
    petition = Petition.objects.get()
    assert response.status_code == 302
    assert (petition.petitioner, petition.channel, petition.petitioner_phone) == (
        world.member_user,
        "online",
        world.member_user.phone,
    )
    client.post(
        SUBMIT, {"org": world.county.pk, "subject": "加班费", "content": "没有加班费。", "consent": "on"}
    )
    assert Petition.objects.count() == 1
    assert "加班费" in client.get(MINE).content.decode()


def test_online_petition_bad_input_and_anonymous(client, login, world):
    response = client.post(SUBMIT, {"org": world.county.pk, "subject": "x", "content": "y", "consent": "on"})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    page = (
        login(world.worker)
        .post(SUBMIT, {"org": world.township.pk, "subject": "", "content": "y"})
        .content.decode()
    )
    assert "请选择受理的总工会" in page and "请填写事由" in page and "请阅读并同意" in page
    assert not Petition.objects.exists()


def test_list_masks_phones_and_flags_overdue(login, world, django_assert_max_num_queries):
    today = timezone.localdate()
    _petition(world, subject="早就该答复", received_on=today - datetime.timedelta(days=60))
    _petition(world, subject="新登记", phone="13812345679")
    client = login(world.county_cadre)
    with django_assert_max_num_queries(12):  # a first request: the navigation is read, then kept
        response = client.get(LIST)
    page = response.content.decode()
    assert "138****5678" in page and "13812345678" not in page
    assert reverse("servicedesk:calendar") in page  # a federation cadre is offered the calendar
    assert page.index("早就该答复") < page.index("新登记")
    assert "逾期" in page and "个工作日" in page
    page = client.get(LIST, {"overdue": "on"}).content.decode()
    assert "早就该答复" in page and "新登记" not in page
    assert "早就该答复" not in login(world.outsider).get(LIST).content.decode()
    page = login(world.viewer).get(LIST).content.decode()  # read-only cadres may look (their township: none)
    assert "没有符合条件的信访" in page and reverse("servicedesk:calendar") not in page
    assert reverse("servicedesk:petition_register") not in page
    # a worker goes to their own list
    assert login(world.member_user).get(LIST).url == MINE


def test_a_petitioner_cannot_see_anothers_petition(login, world):
    theirs = services.petition_submit_online(
        actor=world.member_user, org=world.county, subject="甲的事", content="内容", consent=True
    )
    registered = _petition(world)
    client = login(world.worker)
    assert client.get(_url("petition_detail", theirs)).status_code == 404
    assert client.get(_url("petition_detail", registered)).status_code == 404
    assert "甲的事" not in client.get(MINE).content.decode()
    page = login(world.member_user).get(_url("petition_detail", theirs)).content.decode()
    assert "甲的事" in page and "分派" not in page and "办理记录" not in page


def test_detail_access(client, login, world):
    petition = _petition(world)
    url = _url("petition_detail", petition)
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert login(world.outsider).get(url).status_code == 404
    assert login(world.township_cadre).get(url).status_code == 404  # county petition, township cadre
    page = login(world.county_cadre).get(url).content.decode()
    assert "138****5678" in page and "分派承办人" in page


def test_assign_reply_close_through_the_pages(login, world):
    petition = services.petition_submit_online(
        actor=world.member_user, org=world.county, subject="加班费", content="内容", consent=True
    )
    county = login(world.county_cadre)
    response = county.post(
        _url("petition_assign", petition), {"assignee_mobile": world.township_cadre.phone, "note": "请办理"}
    )
    assert response.status_code == 302
    petition.refresh_from_db()
    assert (petition.state, petition.assignee) == ("assigned", world.township_cadre)
    # the assignee (below the county) sees it and replies
    township = login(world.township_cadre)
    assert "答复" in township.get(_url("petition_detail", petition)).content.decode()
    page = township.post(_url("petition_reply", petition), {"reply": ""}).content.decode()
    assert "请填写答复意见" in page
    assert township.post(_url("petition_reply", petition), {"reply": "已协调补发。"}).status_code == 302
    # double submit of the reply: refused with the reason, one transition
    response = township.post(_url("petition_reply", petition), {"reply": "已协调补发。"}, follow=True)
    assert "不能执行" in response.content.decode()
    assert TransitionLog.objects.filter(object_id=petition.pk, transition="reply").count() == 1
    # the petitioner sees the reply
    assert "已协调补发。" in login(world.member_user).get(_url("petition_detail", petition)).content.decode()
    county = login(world.county_cadre)
    assert county.post(_url("petition_close", petition), {"note": "办结"}).status_code == 302
    assert Petition.objects.get().state == "closed"


def test_assign_errors_and_forbidden_actions(login, world):
    petition = _petition(world)
    county = login(world.county_cadre)
    page = county.post(
        _url("petition_assign", petition), {"assignee_mobile": world.outsider.phone}
    ).content.decode()
    assert "承办人须是管理本组织或下级工会的干部" in page
    page = county.post(_url("petition_assign", petition), {"assignee_mobile": "123"}).content.decode()
    assert "手机号码应为以1开头的11位数字" in page
    assert Petition.objects.get().state == "received"
    assert login(world.outsider).post(_url("petition_assign", petition), {}).status_code == 404
    assert login(world.member_user).post(_url("petition_reply", petition), {"reply": "x"}).status_code == 404
    township_petition = _petition(world, org=world.township, phone="13812345679")
    assert login(world.viewer).post(_url("petition_assign", township_petition), {}).status_code == 403
    assert login(world.viewer).post(_url("petition_close", township_petition), {}).status_code == 403
    assert Petition.objects.filter(state="received").count() == 2
    # a blank mobile: the cadre takes it themselves
    county = login(world.county_cadre)
    assert county.post(_url("petition_assign", petition), {"assignee_mobile": ""}).status_code == 302
    assert Petition.objects.get(pk=petition.pk).assignee == world.county_cadre


def test_phone_reveal_page_logs_access(client, login, world):
    petition = _petition(world)
    url = _url("petition_phone", petition)
    assert client.post(url).status_code == 302
    assert login(world.outsider).post(url).status_code == 404
    page = login(world.county_cadre).post(url).content.decode()
    assert "13812345678" in page
    assert PersonalDataAccess.objects.filter(actor=world.county_cadre, object_id=petition.pk).count() == 1
    township_petition = _petition(world, org=world.township, phone="13812345679")
    assert login(world.viewer).post(_url("petition_phone", township_petition)).status_code == 403
    assert PersonalDataAccess.objects.count() == 1


@pytest.mark.parametrize("name", ["petition_assign", "petition_reply", "petition_close", "petition_phone"])
def test_actions_are_post_only(login, world, name):
    petition = _petition(world)
    assert login(world.county_cadre).get(_url(name, petition)).status_code == 405
