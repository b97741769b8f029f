"""Roster import (名册导入): template, validation of every row, all or nothing, the job and its page."""

import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from gonghui.core.models import AuditEntry, Job
from gonghui.members.models import Member, MembershipEvent
from gonghui.members.services import roster_import as importer
from tests.factories import make_id_number, make_mobile

URL = reverse("members:roster_import")
HEADERS = ["姓名", "身份证号码", "手机号码", "入会日期", "工作单位", "职业类型"]


@pytest.fixture(autouse=True)
def _jobs_run_at_once(settings):
    settings.GONGHUI_TASKS = "sync"


def xlsx(rows, headers=HEADERS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def good_rows(n: int, start: int = 10_000) -> list[list]:
    rows = []
    for i in range(n):
        k = start + i
        rows.append([f"职工{i:02d}", make_id_number(k), make_mobile(k), "", "", ""])
    return rows


def upload(content: bytes, name: str = "名册.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def post_import(client, org, content: bytes, name: str = "名册.xlsx"):
    return client.post(URL, {"org": str(org.uuid), "file": upload(content, name)})


def job_page(client, job) -> str:
    return client.get(reverse("core:job_detail", args=[job.uuid])).content.decode()


def imported_members(org):
    return Member.objects.filter(org=org, source=Member.Source.IMPORT)


def test_template_download_has_the_headers(world, login):
    response = login(world.enterprise_cadre).get(reverse("members:roster_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    headers = [c.value for c in wb.worksheets[0][1]]
    assert headers[:3] == ["姓名", "身份证号码", "手机号码"]
    assert headers[3].startswith("入会日期") and headers[5].startswith("职业类型")
    assert wb.worksheets[0]["B5"].number_format == "@"  # ID numbers stay text in Excel


def test_template_anonymous_and_non_cadre(world, client, login):
    assert client.get(reverse("members:roster_template")).status_code == 302
    assert login(world.member_user).get(reverse("members:roster_template")).status_code == 403


def test_the_filled_in_template_imports(world, login):
    content = login(world.enterprise_cadre).get(reverse("members:roster_template")).content
    wb = load_workbook(io.BytesIO(content))
    ws = wb.worksheets[0]
    ws.append(["李四", make_id_number(4242), make_mobile(4242), "2024年3月1日", "", "外卖骑手"])
    buf = io.BytesIO()
    wb.save(buf)
    client = login(world.enterprise_cadre)
    response = post_import(client, world.union, buf.getvalue())
    assert response.status_code == 302
    assert Job.objects.get().state == Job.State.DONE
    member = imported_members(world.union).get()
    assert (
        member.name == "李四"
        and member.joined_on == datetime.date(2024, 3, 1)
        and member.job_type == "delivery_rider"
    )


def test_happy_import_of_thirty_rows(world, login):
    client = login(world.enterprise_cadre)
    rows = good_rows(30)
    rows[0][3] = "2024-03-01"
    rows[1][3] = "2024/3/1"
    rows[2][3] = "2024年3月1日"
    rows[3][3] = datetime.datetime(2023, 12, 5)  # an Excel date cell
    rows[4][4] = world.enterprise.name
    rows[5][4] = "其他公司"
    rows[6][5] = "网约车司机"
    rows[7][1] = rows[7][1].lower()
    response = post_import(client, world.union, xlsx(rows))
    job = Job.objects.get(kind=importer.KIND)
    assert response.status_code == 302 and response["Location"] == reverse("core:job_detail", args=[job.uuid])
    assert job.state == Job.State.DONE and job.org == world.union and job.created_by == world.enterprise_cadre
    assert job.result["created"] == 30
    members = {m.name: m for m in imported_members(world.union)}
    assert len(members) == 30
    assert {members[f"职工0{i}"].joined_on for i in range(3)} == {datetime.date(2024, 3, 1)}
    assert members["职工03"].joined_on == datetime.date(2023, 12, 5)
    assert members["职工08"].joined_on == datetime.date.today()
    assert members["职工04"].enterprise == world.enterprise
    assert members["职工05"].employer_name == "其他公司" and members["职工05"].enterprise is None
    assert members["职工08"].enterprise == world.enterprise  # the union covers one enterprise
    assert members["职工06"].job_type == "ride_hailing"
    assert members["职工07"].id_number_plain() == make_id_number(10_007)
    assert len({m.member_no for m in members.values()}) == 30
    assert (
        MembershipEvent.objects.filter(member__in=members.values(), kind="imported", org=world.union).count()
        == 30
    )
    assert AuditEntry.objects.filter(action="roster_import", org=world.union).count() == 1
    assert not Path(settings.MEDIA_ROOT, "imports", f"{job.uuid}.xlsx").exists()  # upload deleted
    page = job_page(client, job)
    assert "已导入 30 名会员" in page


def test_one_bad_row_rejects_the_whole_file(world, login):
    client = login(world.enterprise_cadre)
    rows = good_rows(20)
    rows[4][1] = rows[4][1][:-1] + ("0" if rows[4][1][-1] != "0" else "1")  # wrong check digit
    post_import(client, world.union, xlsx(rows))
    job = Job.objects.get(kind=importer.KIND)
    assert job.state == Job.State.FAILED
    assert job.errors == [
        {
            "row": 6,
            "column": "身份证号码",
            "reason": "身份证号码校验位不正确，请核对后重新输入。",
            "sheet": "Sheet",
        }
    ]
    assert not imported_members(world.union).exists()
    page = job_page(client, job)
    assert "未导入任何数据" in page and "<td>6</td>" in page and "身份证号码校验位不正确" in page
    assert not Path(settings.MEDIA_ROOT, "imports", f"{job.uuid}.xlsx").exists()


def test_every_kind_of_row_error_is_reported(world, login):
    client = login(world.enterprise_cadre)
    rows = good_rows(8)
    rows[0][0] = ""
    rows[1][2] = "12345"
    rows[2][3] = "2024-02-30"
    rows[3][3] = "明年"
    rows[4][5] = "程序员"
    rows[5][3] = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    post_import(client, world.union, xlsx(rows))
    job = Job.objects.get(kind=importer.KIND)
    got = {(e["row"], e["column"]) for e in job.errors}
    assert got == {
        (2, "姓名"),
        (3, "手机号码"),
        (4, "入会日期"),
        (5, "入会日期"),
        (6, "职业类型"),
        (7, "入会日期"),
    }
    reasons = " ".join(e["reason"] for e in job.errors)
    assert "必填项为空" in reasons and "手机号码应为" in reasons and "不存在" in reasons
    assert "外卖骑手" in reasons and "不能晚于今天" in reasons
    assert not imported_members(world.union).exists()


def test_duplicate_in_file_names_both_rows(world, login):
    client = login(world.enterprise_cadre)
    rows = good_rows(5)
    rows[4][1] = rows[1][1]
    post_import(client, world.union, xlsx(rows))
    job = Job.objects.get(kind=importer.KIND)
    assert job.errors == [
        {"row": 3, "column": "身份证号码", "reason": "与第6行的身份证号码重复。", "sheet": "Sheet"},
        {"row": 6, "column": "身份证号码", "reason": "与第3行的身份证号码重复。", "sheet": "Sheet"},
    ]
    assert not imported_members(world.union).exists()


def test_existing_member_anywhere_is_a_neutral_error(world, login):
    client = login(world.enterprise_cadre)
    rows = good_rows(3)
    rows[2][1] = world.other_member.id_number_plain()  # a member in another county
    post_import(client, world.union, xlsx(rows))
    job = Job.objects.get(kind=importer.KIND)
    assert job.errors == [
        {"row": 4, "column": "身份证号码", "reason": "该身份证号码已有会籍。", "sheet": "Sheet"}
    ]
    page = job_page(client, job)
    assert world.other_union.name not in page and "钱芳" not in page
    assert not imported_members(world.union).exists()


def test_a_double_click_makes_one_job(world, login):
    """The same file sent twice at once (a double click, a resent form) is one job, one import."""
    client = login(world.enterprise_cadre)
    content = xlsx(good_rows(12))
    first = post_import(client, world.union, content)
    second = post_import(client, world.union, content)
    job = Job.objects.get(kind=importer.KIND)
    assert first["Location"] == second["Location"] == reverse("core:job_detail", args=[job.uuid])
    assert job.state == Job.State.DONE and imported_members(world.union).count() == 12
    assert not list(Path(settings.MEDIA_ROOT, "imports").glob("*"))  # no upload left behind


def test_the_same_file_again_later_writes_nothing(world, login, monkeypatch):
    """After the double-click window the file is a new job: every row is already a member."""
    monkeypatch.setattr(importer, "DOUBLE_CLICK", datetime.timedelta(0))
    client = login(world.enterprise_cadre)
    content = xlsx(good_rows(12))
    post_import(client, world.union, content)
    post_import(client, world.union, content)
    first, second = Job.objects.filter(kind=importer.KIND).order_by("pk")
    assert first.state == Job.State.DONE and second.state == Job.State.FAILED
    assert len(second.errors) == 12 and {e["reason"] for e in second.errors} == {"该身份证号码已有会籍。"}
    assert imported_members(world.union).count() == 12


def test_missing_required_column(world, login):
    client = login(world.enterprise_cadre)
    post_import(client, world.union, xlsx([["张三", "13800138000"]], headers=["姓名", "手机号码"]))
    job = Job.objects.get(kind=importer.KIND)
    assert job.state == Job.State.FAILED and job.errors[0]["column"] == "身份证号码"
    assert "缺少必填列" in job.errors[0]["reason"]


def test_an_empty_sheet_is_an_error(world, login):
    post_import(login(world.enterprise_cadre), world.union, xlsx([]))
    job = Job.objects.get(kind=importer.KIND)
    assert job.state == Job.State.FAILED and "没有会员数据" in job.errors[0]["reason"]


@pytest.mark.parametrize(
    "name,content",
    [
        ("名册.csv", b"name,id\n"),
        ("名册.xls", b"\xd0\xcf\x11\xe0 old excel"),
        ("名册.xlsx", b"this is not a zip file"),
    ],
)
def test_wrong_file_type_is_refused_on_the_form(world, login, name, content):
    response = post_import(login(world.enterprise_cadre), world.union, content, name)
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert errors and (".xlsx" in errors[0])
    assert "xlsx" in response.content.decode() and not Job.objects.exists()


def test_a_zip_that_is_not_a_workbook_is_refused(world, login):
    buf = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    response = post_import(login(world.enterprise_cadre), world.union, buf.getvalue())
    assert "无法读取文件" in response.context["form"].errors["file"][0] and not Job.objects.exists()


def test_a_file_over_the_row_limit_is_refused_by_the_job(world, login, monkeypatch):
    monkeypatch.setattr(importer, "MAX_ROWS", 10)
    post_import(login(world.enterprise_cadre), world.union, xlsx(good_rows(11)))
    job = Job.objects.get(kind=importer.KIND)
    assert job.state == Job.State.FAILED and "超过10行" in job.errors[0]["reason"]
    assert not imported_members(world.union).exists()


def test_a_file_over_the_size_limit_is_refused_on_the_form(world, login, settings):
    content = xlsx(good_rows(3))
    settings.GONGHUI_UPLOAD_MAX_BYTES = len(content) + 10_000  # the body (with the form fields) fits
    client = login(world.enterprise_cadre)
    assert post_import(client, world.union, content).status_code == 302
    settings.GONGHUI_UPLOAD_MAX_BYTES = len(content) - 1
    response = post_import(client, world.union, content)
    assert "MB" in response.content.decode() and Job.objects.count() == 1


def test_an_oversized_upload_is_refused_from_its_content_length(world, login, settings):
    """The body is never read: the Content-Length says it is too large (nginx refuses it even earlier)."""
    settings.GONGHUI_UPLOAD_MAX_BYTES = 1024 * 1024
    client = login(world.enterprise_cadre)

    class Unreadable(io.RawIOBase):
        def read(self, *args):
            raise AssertionError("the body was read")

    response = client.generic(
        "POST",
        URL,
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
        **{"wsgi.input": Unreadable()},
    )
    assert response.status_code == 413 and "文件超过1MB" in response.content.decode()
    assert not Job.objects.exists()


def test_a_zip_bomb_is_refused_on_the_form(world, login):
    import zipfile

    buf = io.BytesIO(xlsx(good_rows(3)))  # a good roster carrying a member that unpacks to 401 MB
    with zipfile.ZipFile(buf, "a", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/padding.bin", b"\0" * (401 * 1024 * 1024))  # ~400 KB packed
    response = post_import(login(world.enterprise_cadre), world.union, buf.getvalue())
    assert "展开后超过" in response.context["form"].errors["file"][0] and not Job.objects.exists()


def test_the_job_also_refuses_a_file_over_the_row_limit(world):
    path = Path(settings.MEDIA_ROOT) / "limit-test.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(xlsx(good_rows(6)))
    checked = importer.roster_validate(org=world.union, source=path, max_rows=5)
    path.unlink()
    assert checked.rows == [] and "超过5行" in checked.errors[0].reason


def test_progress_is_reported_in_both_phases(world):
    path = Path(settings.MEDIA_ROOT) / "progress-test.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(xlsx(good_rows(5)))
    seen = []
    outcome = importer.roster_import(
        org=world.union,
        source=path,
        actor=world.enterprise_cadre,
        progress=lambda stage, done, total: seen.append((stage, done, total)),
    )
    path.unlink()
    assert outcome.created == 5
    stages = [s for s, _d, _t in seen]
    assert "校验数据" in stages and "写入名册" in stages
    assert ("写入名册", 5, 5) in seen


def test_a_union_outside_scope_is_a_form_error(world, login):
    response = post_import(login(world.enterprise_cadre), world.other_union, xlsx(good_rows(2)))
    assert response.status_code == 200 and "请选择您管理的" in response.context["form"].errors["org"][0]
    response = post_import(
        login(world.enterprise_cadre), world.joint, xlsx(good_rows(2))
    )  # same county, not mine
    assert "请选择您管理的" in response.context["form"].errors["org"][0]
    assert not Job.objects.exists() and not Member.objects.filter(source="import").exists()


def test_an_area_union_is_not_offered(world, login):
    """A township union does not admit members directly: the county cadre may only pick member unions."""
    response = post_import(login(world.county_cadre), world.township, xlsx(good_rows(2)))
    assert "请选择您管理的" in response.context["form"].errors["org"][0]
    # The union chooser searches only the unions that admit members (see tests/core/test_choosers.py).
    found = (
        login(world.county_cadre).get(reverse("orgs:search"), {"for": "import", "q": "安平"}).content.decode()
    )
    assert (
        world.union.name in found and world.joint.name in found and f">{world.township.name}（" not in found
    )


def test_county_cadre_imports_into_a_union_below(world, login):
    post_import(login(world.county_cadre), world.joint, xlsx(good_rows(3)))
    assert imported_members(world.joint).count() == 3


def test_viewer_cannot_import(world, login):
    client = login(world.viewer)
    assert client.get(URL).status_code == 403
    response = post_import(client, world.union, xlsx(good_rows(2)))
    assert response.status_code == 403 and "不能导入名册" in response.content.decode()
    assert not Job.objects.exists()


def test_outsider_cannot_import_into_our_county(world, login):
    response = post_import(login(world.outsider), world.union, xlsx(good_rows(2)))
    assert response.status_code == 200 and response.context["form"].errors["org"]
    assert not Job.objects.exists()


def test_outsider_cannot_see_our_job_page(world, login):
    post_import(login(world.enterprise_cadre), world.union, xlsx(good_rows(2)))
    job = Job.objects.get()
    assert login(world.outsider).get(reverse("core:job_detail", args=[job.uuid])).status_code == 404


def test_import_anonymous_and_member(world, client, login):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    response = login(world.member_user).post(
        URL, {"org": str(world.union.uuid), "file": upload(xlsx(good_rows(1)))}
    )
    assert response.status_code == 403 and not Job.objects.exists()


def test_the_job_rechecks_the_importers_rights(world):
    """A position revoked between upload and run: nothing is written."""
    path = Path(settings.MEDIA_ROOT) / "rights-test.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(xlsx(good_rows(2)))
    outcome = importer.roster_import(org=world.union, source=path, actor=world.viewer)
    path.unlink()
    assert outcome.created == 0 and "不能向该工会导入名册" in outcome.errors[0].reason


def test_more_than_500_errors_show_the_total(world, login):
    client = login(world.enterprise_cadre)
    rows = [[f"职工{i}", "123", make_mobile(20_000 + i), "", "", ""] for i in range(520)]
    post_import(client, world.union, xlsx(rows))
    job = Job.objects.get()
    assert len(job.errors) == 500 and job.result["error_count"] == 520
    page = job_page(client, job)
    assert "发现 520 处错误" in page and "前 500 处错误" in page


def test_date_parsing():
    parse = importer.parse_joined_on
    today = datetime.date(2026, 1, 1)
    assert parse("2024-03-01", today=today) == datetime.date(2024, 3, 1)
    assert parse("2024/3/1", today=today) == datetime.date(2024, 3, 1)
    assert parse("2024年3月1日", today=today) == datetime.date(2024, 3, 1)
    assert parse("45352", today=today) == datetime.date(2024, 3, 1)  # Excel serial
    with pytest.raises(Exception, match="格式"):
        parse("3/1/2024", today=today)


def test_the_upload_still_needs_the_csrf_token(world):
    """The size is checked before the CSRF middleware would read the body; the token is still required."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.enterprise_cadre)
    response = client.post(URL, {"org": str(world.union.uuid), "file": upload(xlsx(good_rows(2)))})
    assert response.status_code == 403 and not Job.objects.exists()
    page = client.get(URL)
    token = page.cookies["csrftoken"].value
    response = client.post(
        URL, {"org": str(world.union.uuid), "file": upload(xlsx(good_rows(2))), "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302 and Job.objects.get().state == Job.State.DONE


def test_an_upload_that_grows_past_the_limit_is_cut_off():
    """Without a truthful Content-Length, the body is still read no further than the limit."""
    from django.core.files.uploadhandler import StopUpload

    from gonghui.members.views.roster import _UploadLimit

    handler = _UploadLimit(None, 1000)
    handler.receive_data_chunk(b"x" * 600, 0)
    with pytest.raises(StopUpload):
        handler.receive_data_chunk(b"x" * 600, 600)
