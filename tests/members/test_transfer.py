"""Transfer of a membership to another union (转会): request, approve, reject, cancel, lists."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gonghui.core.models import AuditEntry, TransitionLog
from gonghui.members.models import DataRequest, Member, MembershipEvent, TransferRequest
from gonghui.members.services.lifecycle import transfer_approve, transfer_request
from gonghui.members.services.requests import data_request_create

pytestmark = pytest.mark.django_db


def _request(world, **kw):
    return transfer_request(
        member=world.member,
        to_org=kw.pop("to_org", world.park_joint),
        actor=kw.pop("actor", world.member_user),
        **kw,
    )


def _decide(transfer, action):
    return reverse("members:transfer_decide", args=[transfer.uuid, action])


# --- requesting ---------------------------------------------------------------------------------


def test_member_requests_a_transfer_by_choosing_the_new_employer(world, login):
    client = login(world.member_user)
    url = reverse("members:transfer_request_by_member")
    page = client.get(url)
    assert page.status_code == 200 and 'name="to_enterprise__text"' in page.content.decode()
    found = client.get(
        reverse("orgs:enterprise_search"),
        {"for": "transfer", "member": str(world.member.uuid), "q": "安平小橙"},
    )
    assert world.small_enterprise.name in found.content.decode()
    response = client.post(url, {"to_enterprise": world.small_enterprise.pk, "note": "换工作了"})
    assert response.status_code == 302 and response["Location"] == reverse("members:me")
    transfer = TransferRequest.objects.get()
    assert transfer.to_org == world.park_joint and transfer.to_enterprise == world.small_enterprise
    assert transfer.from_org == world.union and transfer.state == "requested"
    assert transfer.requested_by == world.member_user and transfer.to_path == world.park_joint.path
    # double submit → still one open transfer, and a clear message
    again = client.post(url, {"to_enterprise": world.small_enterprise.pk})
    assert "已有一项转会申请正在办理中" in again.content.decode()
    assert TransferRequest.objects.count() == 1


def test_member_transfer_bad_input(world, login):
    client = login(world.member_user)
    url = reverse("members:transfer_request_by_member")
    assert "请选择新工作单位或转入工会" in client.post(url, {}).content.decode()
    # an employer without a union: choose the union directly
    response = client.post(url, {"to_enterprise": world.no_union_enterprise.pk})
    assert response.status_code == 200  # not offered: enterprises without a union are not in the list
    assert "选择一个有效的选项" in response.content.decode() or "请选择" in response.content.decode()
    # the enterprise's union and the chosen union disagree
    response = client.post(url, {"to_enterprise": world.small_enterprise.pk, "to_org": world.joint.pk})
    assert "请选择该工会" in response.content.decode()
    assert not TransferRequest.objects.exists()


def test_transfer_request_by_member_for_a_non_member_and_anonymous(world, login, client):
    url = reverse("members:transfer_request_by_member")
    assert client.get(url).status_code == 302 and reverse("accounts:login") in client.get(url)["Location"]
    response = login(world.worker).post(url, {"to_org": world.joint.pk})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert not TransferRequest.objects.exists()


def test_cadre_requests_a_transfer_for_a_member(world, login):
    url = reverse("members:transfer_request", args=[world.member.uuid])
    client = login(world.enterprise_cadre)
    assert client.get(url).status_code == 200
    response = client.post(url, {"to_org": world.joint.pk, "note": "转为骑手"})
    transfer = TransferRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "members:transfer_detail", args=[transfer.uuid]
    )
    assert transfer.to_org == world.joint and transfer.to_enterprise is None
    assert AuditEntry.objects.filter(action="transfer_request", object_id=transfer.pk).exists()
    assert (
        "转入工会与当前所在工会相同" in client.post(url, {"to_org": world.union.pk}).content.decode()
        or TransferRequest.objects.count() == 1
    )
    assert TransferRequest.objects.count() == 1


def test_cadre_transfer_request_access(world, login, client):
    url = reverse("members:transfer_request", args=[world.member.uuid])
    assert client.post(url, {"to_org": world.joint.pk}).status_code == 302
    assert login(world.outsider).post(url, {"to_org": world.joint.pk}).status_code == 404
    assert login(world.viewer).post(url, {"to_org": world.joint.pk}).status_code == 403
    assert not TransferRequest.objects.exists()


def test_service_rules(world):
    with pytest.raises(ValidationError):
        _request(world, to_org=world.union)  # same union
    with pytest.raises(ValidationError):
        _request(world, to_org=world.township)  # does not admit members
    with pytest.raises(PermissionDenied):
        _request(world, actor=world.outsider)
    with pytest.raises(PermissionDenied):
        _request(world, actor=world.worker)
    Member.objects.filter(pk=world.member.pk).update(status=Member.Status.RETIRED)
    with pytest.raises(ValidationError):
        _request(world)
    assert not TransferRequest.objects.exists()


# --- deciding -----------------------------------------------------------------------------------


def test_receiving_union_approves_and_the_membership_moves(world, login):
    transfer = _request(world, to_org=world.joint)
    data_request_create(
        member=world.member, kind=DataRequest.Kind.ACCESS, details={}, actor=world.member_user
    )
    client = login(world.joint_cadre)
    page = client.get(reverse("members:transfer_detail", args=[transfer.uuid]))
    assert page.status_code == 200 and _decide(transfer, "approve") in page.content.decode()
    response = client.post(_decide(transfer, "approve"))
    assert response.status_code == 302
    transfer.refresh_from_db()
    member = Member.objects.get(pk=world.member.pk)
    assert transfer.state == "approved"
    assert member.org == world.joint and member.org_path == world.joint.path and member.enterprise is None
    assert member.member_no == world.member.member_no
    event = MembershipEvent.objects.get(member=member, kind="transferred")
    assert event.org == world.joint and event.from_org == world.union and event.actor == world.joint_cadre
    assert AuditEntry.objects.filter(action="transfer", object_id=member.pk).exists()
    assert TransitionLog.objects.filter(
        object_id=transfer.pk, transition="approve", actor=world.joint_cadre
    ).exists()
    assert DataRequest.objects.get().org_path == world.joint.path  # open requests follow the member
    # double submit: nothing more happens
    again = client.post(_decide(transfer, "approve"))
    assert again.status_code == 400 and "不能执行" in again.content.decode()
    assert MembershipEvent.objects.filter(member=member, kind="transferred").count() == 1


def test_sending_union_cannot_approve_and_viewer_gets_403(world, login):
    transfer = _request(world, to_org=world.joint)
    assert login(world.enterprise_cadre).post(_decide(transfer, "approve")).status_code == 403
    assert login(world.viewer).post(_decide(transfer, "approve")).status_code == 403
    assert login(world.outsider).post(_decide(transfer, "approve")).status_code == 404
    transfer.refresh_from_db()
    assert transfer.state == "requested"


def test_anonymous_decide_redirects_and_unknown_action_404(world, login, client):
    transfer = _request(world, to_org=world.joint)
    response = client.post(_decide(transfer, "approve"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert login(world.joint_cadre).post(_decide(transfer, "explode")).status_code == 404
    assert login(world.joint_cadre).get(_decide(transfer, "approve")).status_code == 405


def test_reject_requires_a_reason(world, login):
    transfer = _request(world, to_org=world.joint)
    client = login(world.joint_cadre)
    response = client.post(_decide(transfer, "reject"), {"reason": ""})
    assert response.status_code == 400 and "请填写不予接收的理由" in response.content.decode()
    transfer.refresh_from_db()
    assert transfer.state == "requested"
    response = client.post(_decide(transfer, "reject"), {"reason": "不在本联合会覆盖范围"})
    assert response.status_code == 302
    transfer.refresh_from_db()
    assert transfer.state == "rejected" and transfer.reason == "不在本联合会覆盖范围"
    assert Member.objects.get(pk=world.member.pk).org == world.union
    # the member sees the outcome and the reason on their page
    me = login(world.member_user).get(reverse("members:me")).content.decode()
    assert "不予接收" in me


def test_member_cancels_their_transfer(world, login):
    transfer = _request(world, to_org=world.joint)
    client = login(world.member_user)
    response = client.post(_decide(transfer, "cancel"))
    assert response.status_code == 302 and response["Location"] == reverse("members:me")
    transfer.refresh_from_db()
    assert transfer.state == "cancelled"
    # a new request is possible now
    assert _request(world, to_org=world.joint).state == "requested"


def test_open_transfer_blocks_leaving(world):
    from django.utils import timezone

    from gonghui.members.services.lifecycle import member_leave

    _request(world, to_org=world.joint)
    with pytest.raises(ValidationError):
        member_leave(member=world.member, actor=world.enterprise_cadre, on=timezone.localdate(), reason="x")


def test_approve_service_refuses_a_member_who_left_meanwhile(world):
    transfer = _request(world, to_org=world.joint)
    Member.objects.filter(pk=world.member.pk).update(status=Member.Status.LEFT)
    with pytest.raises(ValidationError):
        transfer_approve(transfer=transfer, actor=world.joint_cadre)
    transfer.refresh_from_db()
    assert transfer.state == "requested"


# --- lists --------------------------------------------------------------------------------------


def test_transfer_list_incoming_and_outgoing(world, login):
    transfer = _request(world, to_org=world.joint)
    incoming = login(world.joint_cadre).get(reverse("members:transfer_list"))
    assert (
        incoming.status_code == 200
        and reverse("members:transfer_detail", args=[transfer.uuid]) in incoming.content.decode()
    )
    outgoing_for_joint = login(world.joint_cadre).get(
        reverse("members:transfer_list") + "?direction=outgoing"
    )
    assert reverse("members:transfer_detail", args=[transfer.uuid]) not in outgoing_for_joint.content.decode()
    outgoing = login(world.enterprise_cadre).get(reverse("members:transfer_list") + "?direction=outgoing")
    assert reverse("members:transfer_detail", args=[transfer.uuid]) in outgoing.content.decode()
    viewer = login(world.viewer).get(reverse("members:transfer_list") + "?direction=outgoing")
    assert viewer.status_code == 200 and world.member.name in viewer.content.decode()
    outsider = login(world.outsider).get(reverse("members:transfer_list") + "?state=all")
    assert outsider.status_code == 200 and world.member.name not in outsider.content.decode()


def test_transfer_list_query_count_is_constant(world, login, django_assert_max_num_queries):
    client = login(world.county_cadre)
    _request(world, to_org=world.joint)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("members:transfer_list") + "?state=all").status_code == 200


def test_transfer_list_and_detail_access(world, login, client):
    transfer = _request(world, to_org=world.joint)
    assert client.get(reverse("members:transfer_list")).status_code == 302
    assert login(world.worker).get(reverse("members:transfer_list")).status_code == 403
    assert (
        login(world.outsider).get(reverse("members:transfer_detail", args=[transfer.uuid])).status_code == 404
    )
    viewer_page = login(world.viewer).get(reverse("members:transfer_detail", args=[transfer.uuid]))
    assert viewer_page.status_code == 200 and _decide(transfer, "approve") not in viewer_page.content.decode()


def test_my_page_lists_a_transfer_i_asked_for_after_i_saw_it_without_one(world, login):
    client = login(world.member_user)
    assert client.get(reverse("members:me")).context["transfers"] == []
    transfer = _request(world, to_org=world.joint)
    assert client.get(reverse("members:me")).context["transfers"] == [transfer]
