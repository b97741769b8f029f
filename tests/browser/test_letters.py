"""A county cadre drafts an opinion letter at a desk, issues it, downloads the .docx (opened and
checked), records service, the employer's reply and the verified rectification, and closes it."""

import io

import pytest
from django.utils import timezone
from docx import Document

from gonghui.rights.models import SupervisionLetter
from tests.browser.test_csp import WATCH
from tests.browser.test_journeys import _login_with_password

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_cadre_issues_an_opinion_letter_and_follows_it_to_the_end(world, desk_page, tmp_path):
    page = desk_page
    page.context.add_init_script(WATCH)
    _login_with_password(page, world.county_cadre)
    page.goto("/rights/letters/")
    page.get_by_role("link", name="新建函件").click()
    page.get_by_label("文书类型").select_option("opinion")
    page.get_by_label("用人单位").fill(world.enterprise.name)
    page.get_by_label("问题类型").select_option("wages")
    page.get_by_label("标题").fill("关于依法足额支付职工工资的意见书")
    page.get_by_label("发现的问题").fill("贵单位拖欠一线职工三个月工资。")
    page.get_by_label("整改要求").fill("请依法足额支付拖欠的工资。")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_text("函件草稿已保存").wait_for()
    page.get_by_role("button", name="签发并编号").click()
    page.get_by_text("已签发，文号").wait_for()
    letter = SupervisionLetter.objects.get()
    assert letter.number == f"安工函〔{timezone.localdate().year}〕1号"

    with page.expect_download() as download:
        page.get_by_role("link", name="下载 Word 文档").click()
    path = tmp_path / "letter.docx"
    download.value.save_as(path)
    text = "\n".join(p.text for p in Document(io.BytesIO(path.read_bytes())).paragraphs)
    assert letter.number in text and f"{world.enterprise.name}：" in text

    page.get_by_label("签收人").fill("吴晓敏")
    page.get_by_role("button", name="提交").click()
    page.get_by_text("已登记送达").wait_for()
    page.get_by_label("回复内容").fill("已于本月补发全部工资。")
    page.get_by_role("button", name="提交").click()
    page.get_by_text("已登记回复").wait_for()
    page.get_by_label("核实情况").fill("查阅银行代发记录，已补发。")
    page.get_by_label("证明材料").set_input_files(
        files=[{"name": "代发记录.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 demo"}]
    )
    page.get_by_role("button", name="提交").first.click()
    page.get_by_text("已核实整改").wait_for()
    page.locator("details", has_text="办结").get_by_label("说明").fill("整改到位")
    page.locator("details", has_text="办结").get_by_role("button", name="提交").click()
    page.get_by_text("已办结。").wait_for()
    letter.refresh_from_db()
    assert letter.state == "closed" and letter.evidence
    assert page.evaluate("window.__csp") == []
    letter.evidence.delete(save=False)
