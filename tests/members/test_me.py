"""The member's own page, correction and access requests (PIPL), and the union's handling of them."""

import pytest
from django.urls import reverse

from gonghui.core.models import AuditEntry, PersonalDataAccess
from gonghui.members.models import DataRequest, Member, MembershipEvent
from gonghui.members.services.requests import data_request_create

pytestmark = pytest.mark.django_db


def _correction(world, **details):
    return data_request_create(
        member=world.member,
        kind=DataRequest.Kind.CORRECTION,
        details={"name": "张玮", **details},
        actor=world.member_user,
    )


def _decide(req, action):
    return reverse("members:data_request_decide", args=[req.uuid, action])


# --- me -------------------------------------------------------------------------------------


def test_me_shows_card_link_history_and_buttons(world, login):
    _correction(world)
    response = login(world.member_user).get(reverse("members:me"))
    assert response.status_code == 200
    html = response.content.decode()
    assert world.member.member_no in html and world.union.name in html
    assert reverse("members:card") in html
    assert reverse("members:correction_request") in html and reverse("members:data_access_request") in html
    assert reverse("members:transfer_request_by_member") in html
    assert "更正个人信息" in html and "待处理" in html  # the open request
    assert "入会" in html  # membership history


def test_me_for_non_member_redirects_home_and_anonymous_to_login(world, login, client):
    response = client.get(reverse("members:me"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    response = login(world.worker).get(reverse("members:me"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "您还不是工会会员" in response.content.decode()


# --- correction -----------------------------------------------------------------------------


def test_correction_request_creates_one_request(world, login):
    client = login(world.member_user)
    url = reverse("members:correction_request")
    page = client.get(url)
    assert page.status_code == 200 and "身份证号码有误的" in page.content.decode()
    data = {
        "name": "张玮",
        "mobile": world.member.mobile,
        "employer_name": world.member.employer_name,
        "note": "错字",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    req = DataRequest.objects.get()
    assert (
        req.kind == "correction" and req.state == "open" and req.details == {"name": "张玮", "note": "错字"}
    )
    assert req.org_path == world.member.org_path
    again = client.post(url, data)
    assert "您已有一项同类申请正在处理中" in again.content.decode()
    assert DataRequest.objects.count() == 1


def test_correction_bad_input(world, login):
    client = login(world.member_user)
    url = reverse("members:correction_request")
    response = client.post(url, {"name": world.member.name, "mobile": "12345", "employer_name": ""})
    assert "手机号码应为以1开头的11位数字" in response.content.decode()
    response = client.post(
        url,
        {
            "name": world.member.name,
            "mobile": world.member.mobile,
            "employer_name": world.member.employer_name,
        },
    )
    assert "与现有信息相同" in response.content.decode()
    assert not DataRequest.objects.exists()


def test_correction_anonymous_and_non_member(world, login, client):
    url = reverse("members:correction_request")
    assert client.post(url, {"name": "X"}).status_code == 302
    assert login(world.worker).post(url, {"name": "X"}).status_code == 302
    assert not DataRequest.objects.exists()


# --- access ---------------------------------------------------------------------------------


def test_member_sees_own_data_in_full_and_it_is_logged(world, login):
    client = login(world.member_user)
    assert client.get(reverse("members:data_access_request")).status_code == 200
    response = client.post(reverse("members:data_access_request"), {"action": "view"})
    assert response.status_code == 200
    html = response.content.decode()
    assert world.member.id_number_plain() in html and world.member.mobile in html
    log = PersonalDataAccess.objects.get()
    assert (
        log.action == "subject_request"
        and log.actor == world.member_user
        and log.object_id == world.member.pk
    )
    assert not DataRequest.objects.exists()


def test_member_asks_for_a_written_copy_once(world, login):
    client = login(world.member_user)
    url = reverse("members:data_access_request")
    response = client.post(url, {"action": "request", "note": "需要盖章副本"})
    assert response.status_code == 302
    req = DataRequest.objects.get()
    assert req.kind == "access" and req.details == {"note": "需要盖章副本"}
    again = client.post(url, {"action": "request", "note": "需要盖章副本"})
    assert "您已有一项同类申请正在处理中" in again.content.decode()
    assert DataRequest.objects.count() == 1


def test_access_anonymous_and_non_member(world, login, client):
    url = reverse("members:data_access_request")
    assert client.post(url, {"action": "view"}).status_code == 302
    assert login(world.worker).post(url, {"action": "view"}).status_code == 302
    assert not PersonalDataAccess.objects.exists()


# --- the union handles requests -------------------------------------------------------------


def test_completing_a_correction_applies_it_with_audit(world, login):
    req = _correction(world, mobile="13800001111")
    client = login(world.enterprise_cadre)
    listing = client.get(reverse("members:data_request_list"))
    assert listing.status_code == 200 and _decide(req, "complete") in listing.content.decode()
    page = client.get(_decide(req, "complete"))
    assert page.status_code == 200 and "张玮" in page.content.decode()
    assert "13800001111" not in page.content.decode()  # masked for the cadre
    response = client.post(_decide(req, "complete"), {"reply": "已核实"})
    assert response.status_code == 302
    req.refresh_from_db()
    member = Member.objects.get(pk=world.member.pk)
    assert req.state == "done" and req.reply == "已核实"
    assert member.name == "张玮" and member.mobile == "13800001111"
    entry = AuditEntry.objects.get(object_id=member.pk, action="correct")
    assert entry.changes["name"] == ["张伟", "张玮"] and "13800001111" not in str(entry.changes)
    assert MembershipEvent.objects.filter(member=member, kind="corrected").count() == 1
    again = client.post(_decide(req, "complete"), {"reply": "已核实"})
    assert again.status_code == 400 and "不能执行" in again.content.decode()
    assert MembershipEvent.objects.filter(member=member, kind="corrected").count() == 1


def test_a_corrected_mobile_becomes_the_login_phone(world, login, settings):
    from gonghui.accounts.models import User
    from gonghui.accounts.senders import MemorySender
    from gonghui.accounts.services import code_login, code_request

    settings.GONGHUI_CODE_SENDER = "gonghui.accounts.senders.MemorySender"
    MemorySender.clear()
    old_phone = world.member_user.phone
    req = _correction(world, mobile="13800001111")
    assert (
        login(world.enterprise_cadre).post(_decide(req, "complete"), {"reply": "已核实"}).status_code == 302
    )
    user = User.objects.get(pk=world.member_user.pk)
    assert user.phone == "13800001111" and user.name == "张玮"
    entry = AuditEntry.objects.get(object_id=user.pk, action="account_follow_correction")
    assert "13800001111" not in str(entry.changes) and old_phone not in str(entry.changes)
    # the login code now goes to the new number, and logs in the same account
    code_request(phone="13800001111")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="尚未注册"):  # the old number is nobody's login now
        code_request(phone=old_phone)
    assert MemorySender.last_code(old_phone) is None
    assert code_login(phone="13800001111", code=MemorySender.last_code("13800001111")) == user


def test_a_mobile_that_is_another_accounts_login_is_not_applied(world, login):
    req = _correction(world, mobile=world.worker.phone)
    response = login(world.enterprise_cadre).post(_decide(req, "complete"), {"reply": "已核实"})
    assert response.status_code == 400 and "新手机号码已是另一个账号的登录手机号" in response.content.decode()
    req.refresh_from_db()
    member = Member.objects.get(pk=world.member.pk)
    assert req.state == "open" and member.name == "张伟" and member.mobile != world.worker.phone
    assert not AuditEntry.objects.filter(object_id=member.pk, action="correct").exists()


def test_declining_needs_a_reply(world, login):
    req = _correction(world)
    client = login(world.township_cadre)
    response = client.post(_decide(req, "decline"), {"reply": ""})
    assert response.status_code == 400 and "请填写答复内容" in response.content.decode()
    req.refresh_from_db()
    assert req.state == "open"
    assert client.post(_decide(req, "decline"), {"reply": "与身份证件不符"}).status_code == 302
    req.refresh_from_db()
    assert req.state == "declined" and Member.objects.get(pk=world.member.pk).name == "张伟"
    assert "与身份证件不符" in login(world.member_user).get(reverse("members:me")).content.decode()


def test_data_request_access_rules(world, login, client):
    req = _correction(world)
    assert client.get(reverse("members:data_request_list")).status_code == 302
    assert client.post(_decide(req, "complete"), {"reply": "x"}).status_code == 302
    assert login(world.outsider).post(_decide(req, "complete"), {"reply": "x"}).status_code == 404
    outsider_list = login(world.outsider).get(reverse("members:data_request_list"))
    assert outsider_list.status_code == 200 and world.member.member_no not in outsider_list.content.decode()
    assert login(world.viewer).get(_decide(req, "complete")).status_code == 200
    assert login(world.viewer).post(_decide(req, "complete"), {"reply": "x"}).status_code == 403
    assert login(world.member_user).get(reverse("members:data_request_list")).status_code == 403
    assert login(world.member_user).post(_decide(req, "complete"), {"reply": "x"}).status_code == 403
    assert login(world.enterprise_cadre).post(_decide(req, "bogus"), {"reply": "x"}).status_code == 404
    req.refresh_from_db()
    assert req.state == "open"


def test_id_number_corrections_are_not_self_service(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        _correction(world, id_number="11010519491231002X")
    assert "到所在工会办理" in str(exc.value)


def test_my_page_skips_the_request_lists_until_i_make_a_request(world, login, django_assert_num_queries):
    client = login(world.member_user)
    client.get(reverse("members:me"))  # the navigation's and the page's facts, read once
    # session, user (the member and their history are kept with the facts): nothing else to list
    with django_assert_num_queries(2):
        assert client.get(reverse("members:me")).status_code == 200
    DataRequest.objects.create(member=world.member, org_path=world.union.path, kind=DataRequest.Kind.ACCESS)
    response = client.get(reverse("members:me"))
    assert len(response.context["data_requests"]) == 1
    assert "我的申请" in response.content.decode()
    DataRequest.objects.filter(member=world.member).delete()
    assert client.get(reverse("members:me")).context["data_requests"] == []


def test_my_card_and_page_show_a_change_to_my_membership_or_union_on_the_next_visit(world, login):
    import datetime

    from gonghui.members.services.lifecycle import member_leave
    from gonghui.orgs.services import org_update

    client = login(world.member_user)
    assert world.union.name in client.get(reverse("members:card")).content.decode()  # kept from here on
    org_update(org=world.union, actor=world.county_cadre, name="城关镇第一联合工会")
    assert "城关镇第一联合工会" in client.get(reverse("members:card")).content.decode()
    assert "城关镇第一联合工会" in client.get(reverse("members:me")).content.decode()
    member_leave(
        member=Member.objects.get(pk=world.member.pk),
        actor=world.county_cadre,
        on=datetime.date.today(),
        reason="调离本单位",
    )
    response = client.get(reverse("members:card"), follow=True)
    assert response.redirect_chain and "暂无电子会员证" in response.content.decode()
    assert "调离本单位" in client.get(reverse("members:me")).content.decode()  # the new history event
