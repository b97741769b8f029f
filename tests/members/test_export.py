"""Roster export: the current filter as .xlsx, masked by default, full only with the permission, logged."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from gonghui.accounts.models import Position
from gonghui.core.models import PersonalDataAccess
from tests.factories import make_member

URL = reverse("members:roster_export")


def sheet(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_export_is_masked_by_default(world, login):
    rows = sheet(login(world.county_cadre).get(URL))
    header, body = rows[0], rows[1:]
    assert header[:5] == ["会员编号", "姓名", "性别", "身份证号码", "手机号码"]
    assert [r[1] for r in body] == ["张伟"]
    assert body[0][3] == world.member.id_number_masked and body[0][4] == world.member.mobile_masked
    assert body[0][5] == world.union.name
    assert not PersonalDataAccess.objects.exists()


def test_export_follows_the_filter_and_scope(world, login):
    make_member(world.joint, name="骑手甲", job_type="delivery_rider")
    client = login(world.county_cadre)
    assert [r[1] for r in sheet(client.get(URL, {"new_form": "1"}))[1:]] == ["骑手甲"]
    assert [r[1] for r in sheet(client.get(URL, {"org": str(world.union.uuid)}))[1:]] == ["张伟"]
    assert [r[1] for r in sheet(login(world.outsider).get(URL))[1:]] == ["钱芳"]


def test_formula_injection_is_neutralised(world, login):
    make_member(world.union, name='=HYPERLINK("http://evil.example","点我")')
    rows = sheet(login(world.county_cadre).get(URL, {"q": "HYPERLINK"}))
    assert rows[1][1] == '\'=HYPERLINK("http://evil.example","点我")'


def test_full_export_decrypts_and_logs_once(world, login):
    second = make_member(world.union, name="王五")
    rows = sheet(login(world.county_cadre).get(URL, {"full": "1", "org": str(world.union.uuid)}))
    ids = {r[1]: r[3] for r in rows[1:]}
    assert ids == {"张伟": world.member.id_number_plain(), "王五": second.id_number_plain()}
    assert {r[4] for r in rows[1:]} == {world.member.mobile, second.mobile}
    log = PersonalDataAccess.objects.get()
    assert (log.actor, log.action, log.subject_count, log.org) == (world.county_cadre, "export", 2, world.union)


def test_full_export_without_filter_logs_the_common_org(world, login):
    make_member(world.joint, name="骑手乙", job_type="courier")
    sheet(login(world.county_cadre).get(URL, {"full": "1"}))
    log = PersonalDataAccess.objects.get()
    assert log.subject_count == 2 and log.org == world.county


def test_full_export_is_403_without_the_permission(world, login):
    response = login(world.township_cadre).get(URL, {"full": "1"})
    assert response.status_code == 403 and "只能导出脱敏名册" in response.content.decode()
    assert not PersonalDataAccess.objects.exists()


def test_full_export_needs_the_permission_over_every_exported_union(world, login):
    """Permission over the plant's union only: a full export that also holds riders is refused."""
    Position.objects.filter(user=world.enterprise_cadre).update(can_view_personal_data=True)
    make_member(world.joint, name="骑手丙", job_type="courier")
    client = login(world.enterprise_cadre)
    assert sheet(client.get(URL, {"full": "1"}))[1][1] == "张伟"  # only its own union is in scope
    assert PersonalDataAccess.objects.count() == 1
    Position.objects.create(user=world.enterprise_cadre, org=world.joint, role="staff")
    world.enterprise_cadre.refresh_from_db()
    response = login(world.enterprise_cadre).get(URL, {"full": "1"})
    assert response.status_code == 403 and PersonalDataAccess.objects.count() == 1


def test_export_anonymous_member_and_outsider(world, client, login):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert login(world.member_user).get(URL).status_code == 403
    assert login(world.outsider).get(URL, {"org": str(world.union.uuid)}).status_code == 404


def test_viewer_exports_masked(world, login):
    rows = sheet(login(world.viewer).get(URL))
    assert rows[1][3] == world.member.id_number_masked


def test_the_export_log_says_which_filter_without_writing_a_searched_number(world, login):
    client = login(world.county_cadre)
    searched = client.post(reverse("members:roster"), {"q": world.member.mobile, "org": str(world.union.uuid),
                                                      "status": "active"})
    query = client.get(searched["Location"]).context["export_query"]
    rows = sheet(client.get(f"{URL}?{query}&full=1"))
    assert [r[1] for r in rows[1:]] == ["张伟"]
    log = PersonalDataAccess.objects.get()
    assert world.union.name in log.purpose and "在册" in log.purpose
    assert "不记录" in log.purpose and world.member.mobile not in log.purpose
