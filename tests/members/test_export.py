"""Roster export: the current filter as .xlsx, masked by default, full only with the permission, logged."""

import io
import os
import time

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.accounts.models import Position
from gonghui.core.models import Job, PersonalDataAccess
from gonghui.core.tasks import result_file
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
    assert (log.actor, log.action, log.subject_count, log.org) == (
        world.county_cadre,
        "export",
        2,
        world.union,
    )


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
    searched = client.post(
        reverse("members:roster"),
        {"q": world.member.mobile, "org": str(world.union.uuid), "status": "active"},
    )
    query = client.get(searched["Location"]).context["export_query"]
    rows = sheet(client.get(f"{URL}?{query}&full=1"))
    assert [r[1] for r in rows[1:]] == ["张伟"]
    log = PersonalDataAccess.objects.get()
    assert world.union.name in log.purpose and "在册" in log.purpose
    assert "不记录" in log.purpose and world.member.mobile not in log.purpose


# ------------------------------------------------------------------ large exports: a background job


def _large(monkeypatch, settings, tmp_path, inline=1):
    from gonghui.members.services import roster_export

    settings.MEDIA_ROOT = str(tmp_path)
    monkeypatch.setattr(roster_export, "INLINE_ROWS", inline)
    return roster_export


def test_a_large_export_runs_as_a_job_and_only_its_author_downloads_it(
    world, login, monkeypatch, settings, tmp_path
):
    _large(monkeypatch, settings, tmp_path)
    make_member(world.union, name="王五")
    cadre = login(world.county_cadre)
    response = cadre.get(URL)
    job = Job.objects.get(kind="members.export_roster")
    assert response.status_code == 302 and response["Location"] == reverse("core:job_detail", args=[job.uuid])
    assert job.state == "done" and job.result["rows"] == 2
    page = cadre.get(response["Location"]).content.decode()
    download = reverse("core:job_download", args=[job.uuid])
    assert "已导出 2 名会员" in page and download in page
    got = cadre.get(download)
    assert got.status_code == 200 and "attachment" in got["Content-Disposition"]
    ws = load_workbook(io.BytesIO(b"".join(got.streaming_content))).worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert sorted(r[1] for r in rows[1:]) == ["张伟", "王五"]
    assert all("*" in r[3] and "*" in r[4] for r in rows[1:])  # masked
    assert world.member.id_number_masked in [r[3] for r in rows[1:]]
    # a day later the file is gone, and the page says so
    old = time.time() - 2 * 86400
    os.utime(result_file(job), (old, old))
    cadre.get(URL, {"status": "active"})  # the next export clears files past their day
    expired = cadre.get(download)
    assert expired.status_code == 410 and "文件已超过保留期限被删除" in expired.content.decode()
    # nobody else gets the file: not another cadre, not someone logged out
    assert login(world.township_cadre).get(download).status_code == 404
    assert Client().get(download).status_code == 302


def test_a_double_click_makes_one_export_job_and_one_access_log(
    world, login, monkeypatch, settings, tmp_path
):
    _large(monkeypatch, settings, tmp_path)
    make_member(world.union, name="王五")
    cadre = login(world.county_cadre)
    first = cadre.get(URL, {"full": "1", "org": str(world.union.uuid)})
    second = cadre.get(URL, {"full": "1", "org": str(world.union.uuid)})
    assert first["Location"] == second["Location"]
    assert Job.objects.filter(kind="members.export_roster").count() == 1
    assert PersonalDataAccess.objects.filter(action="export").count() == 1
    job = Job.objects.get()
    got = cadre.get(reverse("core:job_download", args=[job.uuid]))
    ws = load_workbook(io.BytesIO(b"".join(got.streaming_content))).worksheets[0]
    assert world.member.id_number_plain() in [r[3] for r in ws.iter_rows(values_only=True)]
    # a different filter is a different export
    cadre.get(URL, {"status": "active"})
    assert Job.objects.filter(kind="members.export_roster").count() == 2


def test_an_export_beyond_one_sheet_asks_to_narrow_the_filter(world, login, monkeypatch, settings, tmp_path):
    exporter = _large(monkeypatch, settings, tmp_path)
    monkeypatch.setattr(exporter, "MAX_ROWS", 0)
    response = login(world.county_cadre).get(URL, {"status": "active"}, follow=True)
    assert "超过单个文件 0 人的上限" in response.content.decode()
    assert response.redirect_chain[-1][0].startswith(reverse("members:roster"))
    assert not Job.objects.exists() and not PersonalDataAccess.objects.exists()


def test_the_roster_offers_the_full_export_only_to_who_may_use_it(world, login):
    full = "full=1"
    html = login(world.county_cadre).get(reverse("members:roster")).content.decode()
    assert "导出Excel（完整，留痕）" in html and full in html
    html = login(world.township_cadre).get(reverse("members:roster")).content.decode()
    assert "导出Excel（完整，留痕）" not in html and full not in html
    assert "导出Excel（脱敏）" in html


def test_a_full_export_job_checks_the_permission_again_when_it_runs(
    world, login, monkeypatch, settings, tmp_path
):
    from gonghui.members.services import roster_export

    _large(monkeypatch, settings, tmp_path)
    make_member(world.union, name="王五")
    job, created = roster_export.export_start(
        user=world.township_cadre, f=roster_export.sel.RosterFilter(), full=True, count=2
    )
    job.refresh_from_db()
    assert created and job.state == "failed" and not result_file(job).exists()
    page = login(world.township_cadre).get(reverse("core:job_detail", args=[job.uuid])).content.decode()
    assert "您没有查看完整个人信息的权限，只能导出脱敏名册。" in page and "发现 1 处错误" not in page
