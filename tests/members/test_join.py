"""Join services: routing, duplicates, consent, approval, rejection, withdrawal."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.accounts.models import User
from gonghui.core.models import AuditEntry, TransitionLog
from gonghui.members.models import JoinApplication, Member, MembershipEvent
from gonghui.members.services.join import (
    CONSENT_VERSION,
    duplicate_message,
    join_approve,
    join_reject,
    join_submit,
    join_withdraw,
)
from gonghui.orgs.models import OrgKind
from gonghui.orgs.services import enterprise_create, org_create
from tests.factories import make_id_number, make_mobile, make_uscc

pytestmark = pytest.mark.django_db


def submit(**kw):
    data = {"name": "王小明", "id_number": make_id_number(), "mobile": make_mobile(), "consent": True}
    data.update(kw)
    return join_submit(**data)


def test_a_rider_is_routed_to_the_county_joint_union(world):
    app = submit(job_type="delivery_rider", work_area=world.township)
    app.refresh_from_db()
    assert app.org == world.joint
    assert app.org_path == world.joint.path
    assert app.state == "submitted"
    assert app.consent_version == CONSENT_VERSION and app.consent_at is not None
    assert app.enterprise is None and app.work_area == world.township


def test_an_employee_of_an_enterprise_with_a_union_is_routed_there(world):
    app = submit(enterprise=world.enterprise)
    assert app.org == world.union
    assert app.employer_name == world.enterprise.name


def test_a_small_enterprise_routes_to_the_park_joint_union(world):
    assert submit(enterprise=world.small_enterprise).org == world.park_joint


def test_an_enterprise_without_a_union_routes_to_a_joint_union_of_its_area(world):
    small = enterprise_create(
        org=world.park, name="安平小禾电子有限公司", uscc=make_uscc(), employee_count=8, check_scope=False
    )
    assert submit(enterprise=small).org == world.park_joint


def test_an_enterprise_without_any_union_nearby_gets_a_clear_error(world):
    with pytest.raises(ValidationError) as e:
        submit(enterprise=world.no_union_enterprise)
    assert "尚未建立工会" in e.value.message_dict["enterprise"][0]
    assert "新就业形态" in e.value.message_dict["enterprise"][0]
    assert JoinApplication.objects.count() == 0


def test_a_county_wide_joint_grassroots_union_takes_a_township_without_one(world):
    county_joint = org_create(
        name="安平县小微企业联合工会", kind=OrgKind.JOINT_GRASSROOTS, parent=world.county, check_scope=False
    )
    assert submit(enterprise=world.no_union_enterprise).org == county_joint
    assert submit(employer_name="城关镇某小店", work_area=world.township).org == county_joint
    # the park's own joint union stays nearer for the park's enterprises
    in_park = enterprise_create(
        org=world.park, name="安平小禾电子有限公司", uscc=make_uscc(), employee_count=8, check_scope=False
    )
    assert submit(enterprise=in_park).org == world.park_joint
    # an industry joint union up the tree (the riders' union) never takes a factory's workers
    county_joint.is_active = False
    county_joint.save(update_fields=["is_active"])
    with pytest.raises(ValidationError):
        submit(enterprise=world.no_union_enterprise)


def test_an_unregistered_employer_goes_to_the_joint_union_of_the_chosen_area(world):
    app = submit(employer_name="安平县城东小吃店", work_area=world.park)
    assert app.org == world.park_joint
    assert app.employer_name == "安平县城东小吃店"


def test_a_joint_grassroots_union_is_preferred_at_the_same_depth(world):
    shared = org_create(
        name="开发区行业工会联合会", kind=OrgKind.JOINT_UNION, parent=world.park, check_scope=False
    )
    assert shared.depth == world.park_joint.depth
    assert submit(employer_name="某小店", work_area=world.park).org == world.park_joint


def test_a_job_type_without_a_route_gets_a_clear_error(world):
    with pytest.raises(ValidationError) as e:
        submit(job_type="truck_driver", work_area=world.township)
    assert "暂未设立" in e.value.message_dict["work_area"][0]
    assert JoinApplication.objects.count() == 0


def test_neither_employer_nor_job_type_is_an_error(world):
    with pytest.raises(ValidationError) as e:
        submit()
    assert "工作单位" in e.value.message_dict["enterprise"][0]


def test_bad_input_says_what_is_wrong_and_writes_nothing(world):
    with pytest.raises(ValidationError) as e:
        join_submit(
            name=" ",
            id_number="11010519491231002Y",
            mobile="12345",
            consent=False,
            enterprise=world.enterprise,
        )
    errors = e.value.message_dict
    assert errors["name"] == ["请填写姓名。"]
    assert "身份证" in errors["id_number"][0]
    assert "手机号码" in errors["mobile"][0]
    assert "同意" in errors["consent"][0]
    assert JoinApplication.objects.count() == 0


def test_id_and_mobile_are_normalised_and_the_id_is_encrypted(world):
    app = submit(id_number="11010519491231002x", mobile="+86 139-0000-1111", enterprise=world.enterprise)
    assert app.mobile == "13900001111"
    assert app.id_number_masked == "110105********002X"
    assert "11010519491231002X" not in app.id_number_encrypted
    assert app.id_number_plain() == "11010519491231002X"


def test_the_id_of_an_existing_member_gets_the_neutral_message_and_nothing_is_written(world):
    id_number = world.member.id_number_plain()
    with pytest.raises(ValidationError) as e:
        submit(id_number=id_number, job_type="delivery_rider", work_area=world.county)
    assert e.value.messages == [duplicate_message()]
    assert world.union.name not in duplicate_message() and "在册" not in duplicate_message()
    assert JoinApplication.objects.count() == 0


def _left(member, cadre):
    import datetime

    from gonghui.members.services.lifecycle import member_leave

    return member_leave(member=member, actor=cadre, on=datetime.date(2025, 3, 1), reason="调离本单位")


def test_a_member_who_left_rejoins_online_with_the_same_member_number(world):
    """钱芳 left the other county's union, now delivers for a platform here: one application, and
    approval restores her membership record (same number, history kept) in the joint union."""
    from gonghui.orgs.models import OrgMemberTally

    former = _left(world.other_member, world.outsider)
    app = submit(
        name="钱芳", id_number=former.id_number_plain(), job_type="delivery_rider", work_area=world.county
    )
    assert app.org == world.joint
    member = join_approve(application=app, actor=world.joint_cadre)
    assert member.pk == former.pk and member.member_no == former.member_no
    member.refresh_from_db()
    assert member.status == "active" and member.org == world.joint and member.left_on is None
    assert member.job_type == "delivery_rider" and member.work_area == world.county
    assert Member.objects.filter(id_number_hash=former.id_number_hash).count() == 1
    kinds = list(MembershipEvent.objects.filter(member=member).order_by("pk").values_list("kind", flat=True))
    assert kinds[-2:] == ["left", "rejoined"]
    assert OrgMemberTally.objects.get(org=world.joint).members == 1
    app.refresh_from_db()
    assert app.state == "approved" and app.member == member
    # she logs in with the number she applied with
    assert member.user is not None and member.user.phone == app.mobile == member.mobile


def test_a_left_member_readmitted_before_approval_cannot_be_approved_twice(world):
    from gonghui.members.services.lifecycle import member_rejoin

    former = _left(world.other_member, world.outsider)
    app = submit(name="钱芳", id_number=former.id_number_plain(), enterprise=world.enterprise)
    member_rejoin(member=former, org=world.other_union, actor=world.outsider)  # her old union re-admits her
    with pytest.raises(ValidationError, match="该申请人已是会员"):
        join_approve(application=app, actor=world.enterprise_cadre)
    app.refresh_from_db()
    former.refresh_from_db()
    assert app.state == "submitted" and former.org == world.other_union
    assert Member.objects.filter(id_number_hash=former.id_number_hash).count() == 1


def test_double_submit_makes_one_application(world):
    id_number = make_id_number()
    submit(id_number=id_number, enterprise=world.enterprise)
    with pytest.raises(ValidationError) as e:
        submit(id_number=id_number, job_type="delivery_rider", work_area=world.county)
    assert e.value.messages == [duplicate_message()]
    assert JoinApplication.objects.count() == 1


def test_a_rejected_applicant_may_apply_again(world):
    id_number = make_id_number()
    first = submit(id_number=id_number, enterprise=world.enterprise)
    join_reject(application=first, actor=world.enterprise_cadre, reason="请提供劳动合同")
    second = submit(id_number=id_number, enterprise=world.enterprise)
    assert JoinApplication.objects.filter(state="submitted").get() == second


def test_approval_creates_one_member_with_a_number_a_login_and_history(world):
    mobile = make_mobile()
    app = submit(name="马骁", mobile=mobile, job_type="delivery_rider", work_area=world.township)
    member = join_approve(application=app, actor=world.joint_cadre)
    app.refresh_from_db()
    assert app.state == "approved" and app.member == member
    assert app.decided_by == world.joint_cadre and app.decided_at is not None
    assert Member.objects.filter(id_number_hash=app.id_number_hash).count() == 1
    assert member.member_no and member.org == world.joint and member.job_type == "delivery_rider"
    assert member.source == Member.Source.ONLINE
    user = User.objects.get(phone=mobile)
    assert member.user == user and user.name == "马骁" and not user.has_usable_password()
    assert MembershipEvent.objects.filter(member=member, kind=MembershipEvent.Kind.JOINED).count() == 1
    assert TransitionLog.objects.filter(
        object_id=app.pk, transition="approve", actor=world.joint_cadre
    ).exists()
    assert AuditEntry.objects.filter(action="approve", object_id=app.pk).exists()


def test_approval_links_the_existing_account_of_the_mobile(world):
    app = submit(mobile=world.worker.phone, enterprise=world.enterprise)
    member = join_approve(application=app, actor=world.enterprise_cadre)
    assert member.user == world.worker


def test_approving_twice_fails_and_keeps_one_member(world):
    app = submit(enterprise=world.enterprise)
    join_approve(application=app, actor=world.enterprise_cadre)
    stale = JoinApplication.objects.get(pk=app.pk)
    stale.state = "submitted"  # a second tab still showing the old state
    with pytest.raises(ValidationError):
        join_approve(application=stale, actor=world.enterprise_cadre)
    assert Member.objects.filter(id_number_hash=app.id_number_hash).count() == 1


def test_only_cadres_over_the_routed_union_may_decide(world):
    app = submit(enterprise=world.enterprise)
    for actor in (world.viewer, world.outsider, world.joint_cadre, world.worker):
        with pytest.raises(PermissionDenied):
            join_approve(application=app, actor=actor)
    app.refresh_from_db()
    assert app.state == "submitted" and Member.objects.filter(id_number_hash=app.id_number_hash).count() == 0


def test_rejection_needs_a_reason(world):
    app = submit(enterprise=world.enterprise)
    with pytest.raises(ValidationError) as e:
        join_reject(application=app, actor=world.enterprise_cadre, reason="  ")
    assert "理由" in e.value.message_dict["reason"][0]
    app.refresh_from_db()
    assert app.state == "submitted" and app.reason == ""


def test_rejection_keeps_the_reason_for_the_applicant(world):
    app = submit(enterprise=world.enterprise)
    join_reject(application=app, actor=world.township_cadre, reason="您已不在本单位工作")
    app.refresh_from_db()
    assert app.state == "rejected" and app.reason == "您已不在本单位工作"
    assert app.decided_by == world.township_cadre
    log = TransitionLog.objects.get(object_id=app.pk, transition="reject")
    assert log.note == "您已不在本单位工作"


def test_the_applicant_may_withdraw_and_nobody_else(world):
    app = submit(enterprise=world.enterprise, applicant=world.worker)
    with pytest.raises(PermissionDenied):
        join_withdraw(application=app, actor=world.enterprise_cadre)
    join_withdraw(application=app, actor=world.worker)
    app.refresh_from_db()
    assert app.state == "withdrawn"
