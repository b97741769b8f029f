"""`gonghui check-identities [--fix]` and the suspected duplicate memberships a cadre resolves.

An old database is simulated by writing raw values (bypassing the services), as the validators
before issue 9 let them through: full-width and Arabic-Indic digits in ID numbers and phones.
"""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.core import pii
from gonghui.core.models import AuditEntry
from gonghui.members.models import JoinApplication, Member, MembershipEvent, SuspectedDuplicate
from gonghui.members.services.identities import duplicate_resolve, identity_check
from gonghui.members.services.join import duplicate_message, join_submit
from tests.factories import make_id_number, make_member, make_mobile, make_user

pytestmark = pytest.mark.django_db

FW = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def store_id_as_typed(obj, typed: str) -> None:
    """What the old validators stored: the number as typed, its hash and mask computed on that text."""
    type(obj).objects.filter(pk=obj.pk).update(
        id_number_encrypted=pii.encrypt(typed),
        id_number_hash=pii.lookup_hash(typed),
        id_number_masked=pii.mask_id_number(typed),
    )


def run(*args) -> str:
    out = io.StringIO()
    call_command("check_identities", *args, stdout=out)
    return out.getvalue()


def state_of_the_database() -> list:
    """Everything --fix may write (ciphertexts are random per encryption, so a rewrite shows)."""
    return [
        list(
            Member.objects.order_by("pk").values_list(
                "id_number_encrypted", "id_number_hash", "mobile", "status"
            )
        ),
        list(User.objects.order_by("pk").values_list("phone", flat=True)),
        list(JoinApplication.objects.order_by("pk").values_list("id_number_encrypted", "mobile")),
        list(SuspectedDuplicate.objects.order_by("pk").values_list("state", "kept_id")),
        SuspectedDuplicate.members.through.objects.count(),
        AuditEntry.objects.count(),
    ]


@pytest.fixture
def old(world):
    """An old database: one member stored in full-width digits, one in Arabic-Indic digits, one
    mobile and one account phone in full-width digits, a join application typed the same way."""
    o = type("Old", (), {})()
    o.fw_number = make_id_number(9001)
    o.fw_member = make_member(world.union, name="林小红", id_number=o.fw_number)
    store_id_as_typed(o.fw_member, o.fw_number[:4] + o.fw_number[4:].translate(FW))
    o.ar_number = make_id_number(9002)
    o.ar_member = make_member(world.union, name="马丽", id_number=o.ar_number)
    store_id_as_typed(o.ar_member, o.ar_number[:10] + o.ar_number[10:].translate(ARABIC))
    o.mobile = make_mobile(9003)
    Member.objects.filter(pk=world.other_member.pk).update(mobile=o.mobile.translate(FW))
    o.phone = make_mobile(9004)
    o.user = make_user(name="周七", phone=o.phone)
    User.objects.filter(pk=o.user.pk).update(phone=o.phone.translate(FW))
    o.app_number, o.app_mobile = make_id_number(9005), make_mobile(9005)
    o.application = join_submit(
        name="赵六", id_number=o.app_number, mobile=o.app_mobile, consent=True, enterprise=world.enterprise
    )
    store_id_as_typed(o.application, o.app_number.translate(FW))
    JoinApplication.objects.filter(pk=o.application.pk).update(mobile=o.app_mobile.translate(FW))
    return o


# ------------------------------------------------------------------ the check


def test_the_check_lists_counts_and_masked_references_and_changes_nothing(world, old):
    before = state_of_the_database()
    out = run()
    assert "会员身份证号码未规范：2 条" in out
    assert "会员手机号码未规范：1 条" in out
    assert "账号手机号码未规范：1 条" in out
    assert "入会申请身份证号码未规范：1 条" in out and "入会申请手机号码未规范：1 条" in out
    assert pii.mask_id_number(old.fw_number) in out and old.fw_member.member_no in out
    assert "未修改任何数据" in out
    # never a full number, in any spelling
    for number in (old.fw_number, old.ar_number, old.mobile, old.phone, old.app_number):
        assert number not in out and number.translate(FW) not in out and number[6:14] not in out
    assert "林小红" not in out and "林**" in out
    assert state_of_the_database() == before


def test_a_clean_database_says_so(world):
    assert "全部身份证号码和手机号码均已规范" in run()
    assert "全部身份证号码和手机号码均已规范" in run("--fix")


def test_an_unreadable_number_is_listed_for_a_person_to_correct(world):
    Member.objects.filter(pk=world.other_member.pk).update(mobile="１３９ab")
    out = run("--fix")
    assert "无法自动规范" in out and world.other_member.member_no in out
    world.other_member.refresh_from_db()
    assert world.other_member.mobile == "１３９ab"  # left as it is: nobody guesses a number


# ------------------------------------------------------------------ the fix


@pytest.mark.parametrize("batch_size", ["1000", "1"])
def test_fix_normalises_in_place_recomputes_the_hash_and_audits(world, old, batch_size):
    out = run("--fix", "--batch-size", batch_size)
    assert (
        "已规范 6 项（会员身份证号码 2 条、会员手机号码 1 条、账号手机号码 1 条、入会申请身份证号码 1 条、入会申请手机号码 1 条）"
        in out
    )
    for member, number in ((old.fw_member, old.fw_number), (old.ar_member, old.ar_number)):
        member.refresh_from_db()
        assert member.id_number_plain() == number
        assert member.id_number_hash == pii.lookup_hash(number)
        assert member.id_number_masked == pii.mask_id_number(number)
        entry = AuditEntry.objects.get(object_id=member.pk, action="identity_normalise")
        assert entry.changes == {"id_number": ["***", "***"]}
    world.other_member.refresh_from_db()
    assert world.other_member.mobile == old.mobile
    old.user.refresh_from_db()
    assert old.user.phone == old.phone
    phone_entry = AuditEntry.objects.get(object_id=old.user.pk, action="identity_normalise")
    assert phone_entry.changes["phone"][1] == pii.mask_mobile(old.phone)  # masked in the trail too
    old.application.refresh_from_db()
    assert old.application.id_number_plain() == old.app_number and old.application.mobile == old.app_mobile
    assert old.application.id_number_hash == pii.lookup_hash(old.app_number)
    # The lookups find them now: the same person cannot join again with the ASCII number.
    with pytest.raises(ValidationError) as e:
        join_submit(
            name="林小红",
            id_number=old.fw_number,
            mobile=make_mobile(),
            consent=True,
            enterprise=world.enterprise,
        )
    assert duplicate_message() in str(e.value)


def test_running_fix_twice_changes_nothing_the_second_time(world, old):
    twin = make_member(world.other_union, name="林小红", id_number=make_id_number(9100))
    store_id_as_typed(twin, make_id_number(9100).translate(FW))
    Member.objects.filter(pk=old.fw_member.pk).update(id_number_hash=pii.lookup_hash(make_id_number(9100)))
    run("--fix")
    after_first = state_of_the_database()
    out = run("--fix")
    assert state_of_the_database() == after_first
    assert "已规范 0 项" in out and "本次新登记或更新 0 组" in out


# ------------------------------------------------------------------ duplicates


@pytest.fixture
def twin(world):
    """world.member (ASCII, in 华宇's union) and a second membership of the same person stored in
    full-width digits in the other township's joint union, imported without an account."""
    number = world.member.id_number_plain()
    other = make_member(world.park_joint, name="张伟", id_number=make_id_number(9200))
    store_id_as_typed(other, number.translate(FW))
    return other


def test_memberships_of_one_person_are_listed_and_recorded_never_merged(world, twin):
    out = run()
    assert "规范后为同一人的会籍：1 组" in out
    assert world.member.member_no in out and twin.member_no in out
    assert not SuspectedDuplicate.objects.exists()  # listing only
    out = run("--fix")
    duplicate = SuspectedDuplicate.objects.get()
    assert set(duplicate.members.all()) == {world.member, twin}
    assert duplicate.state == "open" and duplicate.id_number_masked == world.member.id_number_masked
    assert reverse("members:duplicate_list") in out
    # nothing merged or closed: both still members, the twin's number as it was
    twin.refresh_from_db()
    world.member.refresh_from_db()
    assert twin.status == world.member.status == Member.Status.ACTIVE
    assert twin.id_number_plain() == world.member.id_number_plain().translate(FW)


def test_the_cadre_page_lists_the_group_in_scope_with_masked_records(world, twin, login, client):
    run("--fix")
    duplicate = SuspectedDuplicate.objects.get()
    page = login(world.county_cadre).get(reverse("members:duplicate_list"))
    html = page.content.decode()
    assert page.status_code == 200 and duplicate.id_number_masked in html
    assert world.member.member_no in html and twin.member_no in html and "张*" in html
    assert world.member.id_number_plain() not in html and world.member.mobile not in html
    detail = login(world.county_cadre).get(duplicate.get_absolute_url())
    assert detail.status_code == 200 and "保留所选会籍" in detail.content.decode()
    # the workbench points to it
    assert "疑似重复会籍" in login(world.county_cadre).get(reverse("home")).content.decode()


def test_the_page_refuses_those_outside_scope_and_members(world, twin, login, client):
    run("--fix")
    duplicate = SuspectedDuplicate.objects.get()
    url = duplicate.get_absolute_url()
    assert login(world.outsider).get(url).status_code == 404
    assert list(login(world.outsider).get(reverse("members:duplicate_list")).context["page_obj"]) == []
    assert login(world.member_user).get(url).status_code == 403
    assert login(world.member_user).get(reverse("members:duplicate_list")).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_a_cadre_who_sees_only_one_of_the_memberships_cannot_decide(world, twin, login):
    run("--fix")
    duplicate = SuspectedDuplicate.objects.get()
    client = login(world.enterprise_cadre)  # manages 华宇's union only, not the park's joint union
    page = client.get(duplicate.get_absolute_url())
    assert page.status_code == 200 and "需由能管理全部会籍的上级工会处理" in page.content.decode()
    response = client.post(duplicate.get_absolute_url(), {"keep": str(world.member.uuid), "reason": "核实"})
    assert response.status_code == 403
    assert login(world.viewer).post(
        duplicate.get_absolute_url(), {"keep": str(world.member.uuid), "reason": "x"}
    ).status_code in (403, 404)
    duplicate.refresh_from_db()
    assert duplicate.state == "open"


def test_resolving_keeps_the_chosen_membership_and_closes_the_other_through_leave(world, twin, login):
    run("--fix")
    duplicate = SuspectedDuplicate.objects.get()
    number = world.member.id_number_plain()
    client = login(world.county_cadre)
    missing = client.post(duplicate.get_absolute_url(), {"keep": str(twin.uuid)})
    assert missing.status_code == 400 and "请填写处理说明" in missing.content.decode()
    response = client.post(
        duplicate.get_absolute_url(), {"keep": str(twin.uuid), "reason": "已电话核实为同一人"}, follow=True
    )
    assert "已处理：保留会员" in response.content.decode()
    twin.refresh_from_db()
    world.member.refresh_from_db()
    duplicate.refresh_from_db()
    assert (
        duplicate.state == "resolved"
        and duplicate.kept == twin
        and duplicate.resolved_by == world.county_cadre
    )
    # the kept one holds the normalised number (found by every lookup) and the login of the closed one
    assert twin.status == Member.Status.ACTIVE and twin.id_number_plain() == number
    assert twin.id_number_hash == pii.lookup_hash(number)
    assert twin.user == world.member_user
    # the other is closed as a member who left, with the reason, in its history; it keeps the old spelling
    assert world.member.status == Member.Status.LEFT and world.member.user is None
    event = MembershipEvent.objects.get(member=world.member, kind=MembershipEvent.Kind.LEFT)
    assert twin.member_no in event.note and "已电话核实为同一人" in event.note
    assert world.member.id_number_plain() == number.translate(FW)
    assert AuditEntry.objects.filter(action="duplicate_resolve", actor=world.county_cadre).exists()
    assert AuditEntry.objects.filter(object_id=world.member.pk, action="leave").exists()
    # the person's login now shows the membership that stayed; a new application is refused
    with pytest.raises(ValidationError) as e:
        join_submit(
            name="张伟", id_number=number, mobile=make_mobile(), consent=True, enterprise=world.enterprise
        )
    assert duplicate_message() in str(e.value)
    # and the check no longer finds a duplicate, nor writes anything
    before = state_of_the_database()
    out = run("--fix")
    assert (
        "规范后为同一人的会籍" not in out
        and "已处理的重复会籍中被关闭的会籍（保留原写法，不再修改）：1 条" in out
    )
    assert state_of_the_database() == before


def test_keeping_the_ascii_membership_leaves_the_twin_closed_with_its_spelling(world, twin):
    run("--fix")
    duplicate = SuspectedDuplicate.objects.get()
    duplicate_resolve(duplicate=duplicate, keep=world.member, actor=world.county_cadre, reason="核实")
    twin.refresh_from_db()
    world.member.refresh_from_db()
    assert twin.status == Member.Status.LEFT and world.member.status == Member.Status.ACTIVE
    assert world.member.id_number_hash == pii.lookup_hash(world.member.id_number_plain())
    assert world.member.user == world.member_user
    with pytest.raises(ValidationError, match="已经处理过"):
        duplicate_resolve(duplicate=duplicate, keep=twin, actor=world.county_cadre, reason="再次")


def test_a_membership_outside_the_group_cannot_be_kept(world, twin):
    run("--fix")
    duplicate = SuspectedDuplicate.objects.get()
    with pytest.raises(ValidationError) as e:
        duplicate_resolve(duplicate=duplicate, keep=world.other_member, actor=world.county_cadre, reason="x")
    assert "请从这组会籍中选择" in str(e.value)


def test_a_new_twin_of_a_resolved_person_reopens_the_group(world, twin):
    run("--fix")
    duplicate = SuspectedDuplicate.objects.get()
    duplicate_resolve(duplicate=duplicate, keep=world.member, actor=world.county_cadre, reason="核实")
    third = make_member(world.joint, name="张伟", id_number=make_id_number(9300))
    number = world.member.id_number_plain()
    store_id_as_typed(third, number[:9] + number[9:].translate(ARABIC))
    report = identity_check(fix=True)
    assert report.duplicates_recorded == 1
    duplicate.refresh_from_db()
    assert duplicate.state == "open" and third in duplicate.members.all()
    assert SuspectedDuplicate.objects.count() == 1


# ------------------------------------------------------------------ what cannot be fixed alone


def test_an_account_phone_that_is_another_accounts_login_is_not_changed(world):
    twin_account = make_user(name="刘洋", phone=make_mobile(9400))
    User.objects.filter(pk=twin_account.pk).update(phone=world.worker.phone.translate(FW))
    out = run("--fix")
    assert "规范后与另一条记录相同，未修改（请人工处理）：1 条" in out and f"账号#{twin_account.pk}" in out
    twin_account.refresh_from_db()
    assert twin_account.phone == world.worker.phone.translate(FW)


def test_a_second_pending_application_of_one_person_is_not_changed(world):
    number = make_id_number(9500)
    first = join_submit(
        name="赵六", id_number=number, mobile=make_mobile(), consent=True, enterprise=world.enterprise
    )
    second = join_submit(
        name="赵六",
        id_number=make_id_number(9501),
        mobile=make_mobile(),
        consent=True,
        enterprise=world.enterprise,
    )
    store_id_as_typed(second, number.translate(FW))
    out = run("--fix")
    assert "同一人另有一份待审核的入会申请" in out
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.id_number_plain() == number.translate(FW) and first.id_number_plain() == number
