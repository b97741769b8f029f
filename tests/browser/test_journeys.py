"""The journeys people take end to end, in a real browser (Debian chromium driven by Playwright)."""

import io

import pytest
from openpyxl import Workbook

from gonghui.accounts.senders import MemorySender
from gonghui.members.models import JoinApplication, Member
from tests.factories import PASSWORD, make_id_number

pytestmark = pytest.mark.django_db(transaction=True)


def _login_with_password(page, user):
    page.goto("/accounts/login/")
    page.get_by_role("textbox", name="手机号码", exact=True).fill(user.phone)
    page.locator("input[type=password]").fill(PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()


def test_a_rider_joins_the_joint_union_approves_and_the_rider_sees_the_card(
    world, phone_page, browser, live_server, settings
):
    settings.GONGHUI_CODE_SENDER = "gonghui.accounts.senders.MemorySender"
    MemorySender.clear()
    page = phone_page
    id_number = make_id_number(901, male=True)

    # The rider applies from a phone.
    page.goto("/")
    page.get_by_role("link", name="一键入会").first.click()
    page.get_by_role("textbox", name="姓名", exact=True).fill("马小跑")
    page.get_by_role("textbox", name="身份证号码", exact=True).fill(id_number)
    page.get_by_role("textbox", name="手机号码", exact=True).fill("13712345678")
    # an employee is not asked for a job type; a rider is not asked for an employer
    assert not page.get_by_role("combobox", name="职业类型", exact=True).is_visible()
    page.get_by_label("新就业形态劳动者", exact=False).check()
    assert not page.get_by_role("combobox", name="工作单位", exact=True).is_visible()
    assert not page.get_by_role("textbox", name="工作单位名称", exact=False).is_visible()
    page.get_by_role("combobox", name="职业类型", exact=True).select_option(label="外卖骑手")
    area = page.get_by_role("combobox", name="工作区域", exact=True)
    area.press_sequentially("安平县", delay=30)
    page.locator("[data-chooser-option]", has_text=world.county.name).click()
    assert area.input_value().startswith(world.county.name)
    page.get_by_label("我已阅读并同意", exact=False).check()
    page.get_by_role("button", name="提交入会申请").click()
    page.get_by_text(world.joint.name).first.wait_for()
    assert page.get_by_text("待审核").first.is_visible()
    application = JoinApplication.objects.get()
    assert application.org == world.joint
    # The page fits a phone: no horizontal scrolling.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    # The industry joint union's cadre approves it at a desk.
    desk = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900}
    ).new_page()
    _login_with_password(desk, world.joint_cadre)
    desk.get_by_text("马小跑").first.click()
    desk.get_by_role("button", name="通过，生成会员编号").click()
    desk.get_by_text("已通过").first.wait_for()
    member = Member.objects.get(name="马小跑")
    assert member.org == world.joint and member.user.phone == "13712345678"
    desk.context.close()

    # The rider logs in with a one-time code and sees the e-member card.
    page.goto("/accounts/login/code/")
    page.get_by_role("textbox", name="手机号码", exact=True).fill("13712345678")
    page.get_by_role("button", name="获取验证码").click()
    page.get_by_role("textbox", name="验证码", exact=True).fill(MemorySender.last_code("13712345678"))
    page.get_by_role("button", name="登录", exact=True).click()
    page.goto("/me/card/")
    page.get_by_text(member.member_no).wait_for()
    assert page.get_by_text(world.joint.name).first.is_visible()
    assert page.locator(".qr svg").count() == 1
    assert id_number not in page.content()


def _roster_file(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号码", "手机号码", "入会日期", "工作单位", "职业类型"])
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_a_cadre_imports_a_roster_with_one_bad_row_and_nothing_is_imported(world, desk_page, tmp_path):
    page = desk_page
    before = Member.objects.count()
    rows = [
        [f"工人{i}", make_id_number(700 + i), f"1360000{i:04d}", "2024-03-01", "", ""] for i in range(1, 6)
    ]
    rows[2][1] = "110105194912310021"  # wrong check digit on spreadsheet row 4
    path = tmp_path / "名册.xlsx"
    path.write_bytes(_roster_file(rows))

    _login_with_password(page, world.enterprise_cadre)
    page.goto("/roster/import/")
    page.get_by_label("名册文件", exact=False).set_input_files(str(path))
    page.get_by_role("button", name="上传并导入").click()
    errors = page.locator("table.errors")
    errors.wait_for()
    assert "4" in errors.locator("tbody tr").first.inner_text()
    assert "校验位不正确" in errors.inner_text()
    assert page.get_by_text("未导入任何数据", exact=False).first.is_visible()
    assert Member.objects.count() == before
