"""Member detail, ID reveal, leaving, retirement and re-joining (cadre side)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from gonghui.core.models import AuditEntry, PersonalDataAccess
from gonghui.members.models import Member, MembershipEvent
from gonghui.members.selectors.lifecycle import card_token, card_verify
from gonghui.members.services.lifecycle import member_leave, member_rejoin, member_retire

pytestmark = pytest.mark.django_db

TODAY = lambda: timezone.localdate()  # noqa: E731


def _url(name, member):
    return reverse(f"members:{name}", args=[member.uuid])


# --- detail -------------------------------------------------------------------------------------


def test_detail_shows_masked_data_history_and_actions_to_a_manager(world, login):
    client = login(world.enterprise_cadre)
    response = client.get(_url("detail", world.member))
    assert response.status_code == 200
    html = response.content.decode()
    assert world.member.id_number_masked in html
    assert world.member.mobile_masked in html
    assert world.member.mobile not in html
    assert world.member.id_number_plain() not in html
    assert "入会" in html and "建立会员档案" in html  # membership and audit history
    assert _url("leave", world.member) in html and _url("retire", world.member) in html
    assert _url("transfer_request", world.member) in html


def test_detail_for_viewer_has_no_buttons(world, login):
    response = login(world.viewer).get(_url("detail", world.member))
    assert response.status_code == 200
    html = response.content.decode()
    assert _url("leave", world.member) not in html
    assert _url("retire", world.member) not in html
    assert "显示完整身份证号" not in html


def test_detail_anonymous_redirects_to_login(world, client):
    response = client.get(_url("detail", world.member))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_detail_outsider_404(world, login):
    assert login(world.outsider).get(_url("detail", world.member)).status_code == 404


def test_detail_the_member_themselves_is_not_a_cadre(world, login):
    assert login(world.member_user).get(_url("detail", world.member)).status_code == 403


# --- reveal -------------------------------------------------------------------------------------


def test_reveal_shows_full_id_once_and_logs_it(world, login):
    response = login(world.county_cadre).post(_url("reveal_id", world.member))
    assert response.status_code == 200
    assert world.member.id_number_plain() in response.content.decode()
    assert "no-store" in response.get("Cache-Control", "") or "max-age=0" in response.get("Cache-Control", "")
    log = PersonalDataAccess.objects.get()
    assert log.actor == world.county_cadre and log.action == "view"
    assert log.object_id == world.member.pk and log.org == world.member.org
    # the normal detail page stays masked
    again = login(world.county_cadre).get(_url("detail", world.member)).content.decode()
    assert world.member.id_number_plain() not in again and "显示完整身份证号" in again


def test_reveal_forbidden_without_pii_permission(world, login):
    assert login(world.township_cadre).post(_url("reveal_id", world.member)).status_code == 403
    assert login(world.viewer).post(_url("reveal_id", world.member)).status_code == 403
    assert not PersonalDataAccess.objects.exists()


def test_reveal_outsider_404_anonymous_login_get_405(world, login, client):
    assert client.post(_url("reveal_id", world.member)).status_code == 302
    assert login(world.outsider).post(_url("reveal_id", world.member)).status_code == 404
    assert login(world.county_cadre).get(_url("reveal_id", world.member)).status_code == 405
    assert not PersonalDataAccess.objects.exists()


# --- leave --------------------------------------------------------------------------------------


def test_leave_page_ends_membership_and_invalidates_card(world, login):
    client = login(world.enterprise_cadre)
    assert client.get(_url("leave", world.member)).status_code == 200
    token = card_token(world.member)
    assert card_verify(token).valid
    response = client.post(_url("leave", world.member), {"on": TODAY().isoformat(), "reason": "调离本县"})
    assert response.status_code == 302
    world.member.refresh_from_db()
    assert world.member.status == Member.Status.LEFT and world.member.left_on == TODAY()
    assert MembershipEvent.objects.filter(member=world.member, kind="left", note="调离本县").count() == 1
    assert AuditEntry.objects.filter(object_id=world.member.pk, action="leave").count() == 1
    assert not card_verify(token).valid
    # a second submit does not write a second event
    again = client.post(_url("leave", world.member), {"on": TODAY().isoformat(), "reason": "调离本县"})
    assert again.status_code == 200 and "该会员已退会" in again.content.decode()
    assert MembershipEvent.objects.filter(member=world.member, kind="left").count() == 1


def test_leave_bad_input_shows_chinese_error(world, login):
    client = login(world.enterprise_cadre)
    future = (TODAY() + datetime.timedelta(days=3)).isoformat()
    response = client.post(_url("leave", world.member), {"on": future, "reason": "x"})
    assert "日期不能晚于今天" in response.content.decode()
    response = client.post(_url("leave", world.member), {"on": TODAY().isoformat(), "reason": ""})
    assert "请填写退会原因" in response.content.decode()
    world.member.refresh_from_db()
    assert world.member.status == Member.Status.ACTIVE
    assert not MembershipEvent.objects.filter(kind="left").exists()


def test_leave_access(world, login, client):
    data = {"on": TODAY().isoformat(), "reason": "x"}
    assert client.post(_url("leave", world.member), data).status_code == 302  # to login
    assert login(world.outsider).post(_url("leave", world.member), data).status_code == 404
    assert login(world.viewer).post(_url("leave", world.member), data).status_code == 403
    world.member.refresh_from_db()
    assert world.member.status == Member.Status.ACTIVE


# --- retire -------------------------------------------------------------------------------------


def test_retire_keeps_membership_and_card_valid(world, login):
    client = login(world.township_cadre)
    token = card_token(world.member)
    response = client.post(_url("retire", world.member), {"on": TODAY().isoformat()})
    assert response.status_code == 302
    world.member.refresh_from_db()
    assert (
        world.member.status == Member.Status.RETIRED and world.member.is_member and world.member.dues_exempt
    )
    assert MembershipEvent.objects.filter(member=world.member, kind="retired").count() == 1
    check = card_verify(token)
    assert check.valid and check.union == world.union.name
    again = client.post(_url("retire", world.member), {"on": TODAY().isoformat()})
    assert "只有在册会员可以办理退休" in again.content.decode()
    assert MembershipEvent.objects.filter(member=world.member, kind="retired").count() == 1


def test_retire_access_and_bad_input(world, login, client):
    assert client.post(_url("retire", world.member), {"on": TODAY().isoformat()}).status_code == 302
    assert (
        login(world.outsider).post(_url("retire", world.member), {"on": TODAY().isoformat()}).status_code
        == 404
    )
    assert (
        login(world.viewer).post(_url("retire", world.member), {"on": TODAY().isoformat()}).status_code == 403
    )
    response = login(world.enterprise_cadre).post(_url("retire", world.member), {"on": "2019-01-01"})
    assert "日期不能早于入会日期" in response.content.decode()
    world.member.refresh_from_db()
    assert world.member.status == Member.Status.ACTIVE


# --- rejoin -------------------------------------------------------------------------------------


def _left(world):
    return member_leave(member=world.member, actor=world.enterprise_cadre, on=TODAY(), reason="离职")


def test_rejoin_keeps_member_number(world, login):
    member = _left(world)
    number = member.member_no
    client = login(world.county_cadre)
    assert client.get(_url("rejoin", member)).status_code == 200
    response = client.post(
        _url("rejoin", member), {"org": world.park_joint.pk, "enterprise": world.small_enterprise.pk}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == Member.Status.ACTIVE and member.member_no == number
    assert member.org == world.park_joint and member.org_path == world.park_joint.path
    assert member.enterprise == world.small_enterprise and member.left_on is None
    event = MembershipEvent.objects.get(member=member, kind="rejoined")
    assert event.org == world.park_joint and event.from_org == world.union
    assert card_verify(card_token(member)).valid
    again = client.post(_url("rejoin", member), {"org": world.park_joint.pk})
    assert "只有已退会的会员可以重新入会" in again.content.decode()
    assert MembershipEvent.objects.filter(member=member, kind="rejoined").count() == 1


def test_rejoin_bad_input_and_access(world, login, client):
    member = _left(world)
    assert client.post(_url("rejoin", member), {"org": world.union.pk}).status_code == 302  # to login
    response = login(world.county_cadre).post(
        _url("rejoin", member), {"org": world.union.pk, "enterprise": world.small_enterprise.pk}
    )
    assert "请选择该工会" in response.content.decode()
    response = login(world.county_cadre).post(_url("rejoin", member), {})
    assert "请选择重新加入的工会" in response.content.decode()
    assert (
        login(world.outsider).post(_url("rejoin", member), {"org": world.other_union.pk}).status_code == 404
    )
    assert login(world.viewer).post(_url("rejoin", member), {"org": world.union.pk}).status_code == 403
    member.refresh_from_db()
    assert member.status == Member.Status.LEFT


def test_services_refuse_actors_without_a_managing_role(world):
    with pytest.raises(PermissionDenied):
        member_retire(member=world.member, actor=world.viewer, on=TODAY())
    with pytest.raises(PermissionDenied):
        member_leave(member=world.member, actor=world.outsider, on=TODAY(), reason="x")
    member = _left(world)
    with pytest.raises(PermissionDenied):
        member_rejoin(member=member, org=world.union, actor=world.joint_cadre)
    with pytest.raises(ValidationError):
        member_rejoin(member=member, org=world.township, actor=world.county_cadre)
