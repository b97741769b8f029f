"""Hardship pages as cadres and workers use them: file, household, the chain, aid, the private view."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.care.models import Assistance, HardshipFile
from gonghui.core.models import PersonalDataAccess
from tests.care.hardship.conftest import approve_all, make_file

pytestmark = pytest.mark.django_db


def _new(login, world, **data):
    login(world.enterprise_cadre)
    form = {
        "member": world.member.member_no,
        "cause": "illness",
        "household_size": "３",  # full-width, as a phone keyboard may type it
        "household_income": "１,５００.００",
        "medical_costs": "",
        "health": "",
        "bank_name": "",
        "bank_account": "",
    }
    form.update(data)
    return login(world.enterprise_cadre).post(reverse("care:hardship_new"), form)


def test_a_cadre_files_a_member_by_member_number(login, world, line):
    response = _new(login, world)
    file = HardshipFile.objects.get()
    assert response.status_code == 302 and response["Location"] == file.get_absolute_url()
    assert file.household_income == Decimal("1500.00") and file.hardship_class == "deep"


def test_an_unknown_or_foreign_member_is_refused_beside_the_field(login, world, line):
    response = _new(login, world, member=world.other_member.member_no)
    assert response.status_code == 200
    assert "没有找到这位会员" in response.content.decode()
    assert not HardshipFile.objects.exists()


def test_bad_figures_are_explained_and_nothing_is_saved(login, world, line):
    response = _new(login, world, household_size="0", household_income="很多")
    page = response.content.decode()
    assert "至少 1 人" in page and "请填写数字" in page
    assert not HardshipFile.objects.exists()


def test_a_double_submit_makes_one_file(login, world, line):
    _new(login, world)
    second = _new(login, world)
    assert "已有在办或在档" in second.content.decode()
    assert HardshipFile.objects.count() == 1


def test_the_detail_masks_bank_data_until_a_logged_reveal(login, world, line):
    file = make_file(world, bank_account="6228480402123456789", health="尿毒症")
    client = login(world.county_cadre)
    page = client.get(file.get_absolute_url()).content.decode()
    assert "6228 **** 6789" in page and "6228480402123456789" not in page and "尿毒症" not in page
    revealed = client.post(reverse("care:hardship_private", args=[file.uuid]))
    assert "6228480402123456789" in revealed.content.decode() and "尿毒症" in revealed.content.decode()
    assert revealed["Cache-Control"] == "no-store"
    assert PersonalDataAccess.objects.filter(actor=world.county_cadre).count() == 1
    # a cadre without the permission is refused, and a GET never reveals
    assert (
        login(world.enterprise_cadre).post(reverse("care:hardship_private", args=[file.uuid])).status_code
        == 403
    )
    assert client.get(reverse("care:hardship_private", args=[file.uuid])).status_code == 405


def test_the_township_sends_a_file_back_with_a_reason(login, world, line):
    file = make_file(world, size=1)
    login(world.enterprise_cadre).post(reverse("care:hardship_act", args=[file.uuid]), {"action": "submit"})
    client = login(world.township_cadre)
    refused = client.post(
        reverse("care:hardship_act", args=[file.uuid]), {"action": "send_back", "reason": ""}
    )
    assert refused.status_code == 400
    file.refresh_from_db()
    assert file.state == "at_verify"
    client.post(
        reverse("care:hardship_act", args=[file.uuid]), {"action": "send_back", "reason": "收入证明缺失"}
    )
    file.refresh_from_db()
    assert file.state == "returned"


def test_the_cadre_home_lists_files_awaiting_the_level(login, world, line):
    file = make_file(world, size=1)
    login(world.enterprise_cadre).post(reverse("care:hardship_act", args=[file.uuid]), {"action": "submit"})
    page = login(world.township_cadre).get("/").content.decode()
    assert "困难职工档案待审批" in page and file.get_absolute_url() in page


def test_aid_twice_for_one_need_is_refused_on_the_page(login, world, line):
    file = approve_all(world, make_file(world))
    client = login(world.county_cadre)
    data = {
        "org": world.county.pk,
        "kind": "schooling",
        "need": "秋季学费",
        "amount": "2000",
        "given_on": "2026-01-05",
    }
    data["given_on"] = timezone.localdate(file.decided_at).isoformat()  # the day in Beijing, not UTC
    assert client.post(reverse("care:hardship_assistance_add", args=[file.uuid]), data).status_code == 302
    again = client.post(reverse("care:hardship_assistance_add", args=[file.uuid]), data)
    assert again.status_code == 400 and "不能重复帮扶" in again.content.decode()
    assert Assistance.objects.count() == 1


def test_a_worker_sees_their_aid_not_the_file(login, world, line):
    file = approve_all(world, make_file(world))
    client = login(world.member_user)
    assert client.get(file.get_absolute_url()).status_code == 404
    page = client.get(reverse("care:hardship_mine")).content.decode()
    assert "在档" in page and "安平华宇机械有限公司工会" in page


def test_the_figures_count_households_by_class(login, world, line):
    approve_all(world, make_file(world))
    page = login(world.county_cadre).get(reverse("care:hardship_figures")).content.decode()
    assert "深度困难" in page and "1 户" in page


def test_the_outsider_cannot_see_the_file(login, world, line):
    file = make_file(world)
    assert login(world.outsider).get(file.get_absolute_url()).status_code == 404


def test_the_api_gives_a_worker_their_files(login, world, line):
    approve_all(world, make_file(world))
    data = login(world.member_user).get("/api/v1/care/hardship/mine").json()
    assert data[0]["hardship_class"] == "deep" and data[0]["status_label"] == "在档"
