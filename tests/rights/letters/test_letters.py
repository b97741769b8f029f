"""Supervision letters: numbering, service and reply deadlines, rectification, escalation, the .docx."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from docx import Document

from gonghui.core import workdays
from gonghui.core.models import Notification
from gonghui.rights.models import SupervisionLetter
from gonghui.rights.services import letters as svc
from tests.rights.letters.conftest import days_ago, draft

pytestmark = pytest.mark.django_db


def _served(world, **extra):
    letter = svc.letter_issue(letter=draft(world, **extra), actor=world.county_cadre)
    return svc.letter_serve(
        letter=letter,
        served_on=timezone.localdate(),
        how="direct",
        signed_by="吴晓敏",
        actor=world.county_cadre,
    )


def test_letters_are_numbered_per_org_and_year(world):
    first = svc.letter_issue(letter=draft(world), actor=world.county_cadre)
    second = svc.letter_issue(letter=draft(world, kind="reminder"), actor=world.county_cadre)
    year = timezone.localdate().year
    assert (first.number, second.number) == (f"安工函〔{year}〕1号", f"安工函〔{year}〕2号")
    township = svc.letter_issue(
        letter=draft(world, org=world.township, actor=world.township_cadre), actor=world.township_cadre
    )
    assert township.number == f"城工函〔{year}〕1号"  # the township's own sequence


def test_the_organ_code_is_configurable(world):
    svc.settings_save(
        org=world.county,
        organ_code="安总工函",
        reply_days=10,
        authority="安平县人社局",
        actor=world.county_cadre,
    )
    letter = svc.letter_issue(letter=draft(world), actor=world.county_cadre)
    assert letter.number.startswith("安总工函〔") and letter.reply_days == 10


def test_issuing_twice_takes_one_number(world):
    letter = draft(world)
    svc.letter_issue(letter=letter, actor=world.county_cadre)
    with pytest.raises(ValidationError):
        svc.letter_issue(letter=SupervisionLetter.objects.get(pk=letter.pk), actor=world.county_cadre)
    assert SupervisionLetter.objects.get(pk=letter.pk).number_seq == 1


def test_the_reply_is_due_fifteen_working_days_after_service(world):
    letter = _served(world)
    assert letter.reply_due == workdays.add_working_days(timezone.localdate(), 15, org=world.county)


def test_service_before_issue_or_in_the_future_is_refused(world):
    letter = svc.letter_issue(letter=draft(world), actor=world.county_cadre)
    with pytest.raises(ValidationError, match="早于签发日期"):
        svc.letter_serve(
            letter=letter, served_on=days_ago(1), how="direct", signed_by="吴晓敏", actor=world.county_cadre
        )
    with pytest.raises(ValidationError, match="晚于今天"):
        svc.letter_serve(
            letter=letter,
            served_on=timezone.localdate() + datetime.timedelta(days=1),
            how="direct",
            signed_by="吴晓敏",
            actor=world.county_cadre,
        )
    with pytest.raises(ValidationError, match="签收人"):
        svc.letter_serve(
            letter=letter,
            served_on=timezone.localdate(),
            how="direct",
            signed_by=" ",
            actor=world.county_cadre,
        )


def test_an_employer_outside_the_area_is_refused(world):
    with pytest.raises(ValidationError, match="辖区"):
        draft(world, org=world.other_township, actor=world.county_cadre)


def test_a_recommendation_letter_is_not_drafted_directly(world):
    with pytest.raises(ValidationError, match="建议书"):
        draft(world, kind="recommendation")


def test_a_viewer_and_an_outsider_cannot_issue(world):
    letter = draft(world)
    with pytest.raises(PermissionDenied):
        svc.letter_issue(letter=letter, actor=world.viewer)
    with pytest.raises(PermissionDenied):
        svc.letter_issue(letter=letter, actor=world.outsider)


def test_reply_verify_close(world):
    letter = _served(world)
    with pytest.raises(ValidationError, match="尚未核实"):
        svc.letter_close(letter=letter, note="已整改", actor=world.county_cadre)
    svc.letter_reply(
        letter=letter,
        replied_on=timezone.localdate(),
        text="已于12月补发全部工资。",
        actor=world.county_cadre,
    )
    evidence = SimpleUploadedFile("工资发放记录.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    svc.letter_verify(
        letter=letter,
        verified_on=timezone.localdate(),
        verification="查看银行代发记录，已补发。",
        evidence=evidence,
        actor=world.county_cadre,
    )
    svc.letter_close(letter=letter, note="整改到位", actor=world.county_cadre)
    letter.refresh_from_db()
    assert letter.state == "closed" and letter.closed_on == timezone.localdate() and letter.evidence
    letter.evidence.delete(save=False)


def test_an_employer_that_does_not_correct_is_escalated(world):
    svc.settings_save(
        org=world.county,
        organ_code="安工函",
        reply_days=15,
        authority="安平县人力资源和社会保障局",
        actor=world.county_cadre,
    )
    letter = _served(world)
    with pytest.raises(ValidationError):
        svc.letter_escalate(letter=letter, note="", actor=world.county_cadre)
    follow = svc.letter_escalate(letter=letter, note="逾期未回复，也未整改。", actor=world.county_cadre)
    letter.refresh_from_db()
    assert letter.state == "escalated"
    assert follow.kind == "recommendation" and follow.parent == letter and follow.state == "draft"
    assert follow.addressee == "安平县人力资源和社会保障局" and letter.number in follow.facts


def test_overdue_replies_are_told_once(world):
    letter = _served(world)
    SupervisionLetter.objects.filter(pk=letter.pk).update(reply_due=days_ago(1))
    assert [x.pk for x in svc.letters_note_overdue()] == [letter.pk]
    assert svc.letters_note_overdue() == []
    assert (
        Notification.objects.filter(recipient=world.county_cadre, title__contains="逾期未回复").count() == 1
    )


def test_the_docx_carries_number_addressee_and_date(world):
    letter = svc.letter_issue(letter=draft(world), actor=world.county_cadre)
    doc = Document(io.BytesIO(svc.letter_document(letter)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert letter.number in text
    assert "安平华宇机械有限公司：" in text
    assert timezone.localdate().strftime("%Y年%-m月%-d日") in text
    assert "涉及职工56人" in text and "依据《中华人民共和国劳动法》第五十条的规定" in text
    assert "{{" not in text and "{%" not in text


def test_a_name_with_markup_stays_text_in_the_docx(world):
    letter = draft(world, enterprise=None, addressee="A&B <公司>")
    doc = Document(io.BytesIO(svc.letter_document(letter)))
    assert "A&B <公司>：" in "\n".join(p.text for p in doc.paragraphs)


# ---------------------------------------------------------------- pages


def test_a_cadre_drafts_issues_and_downloads(login, world):
    client = login(world.county_cadre)
    response = client.post(
        reverse("rights:letter_new"),
        {
            "org": world.county.pk,
            "kind": "opinion",
            "enterprise": world.enterprise.name,
            "addressee": "",
            "problem": "overtime",
            "title": "关于依法安排工作时间的意见书",
            "facts": "职工反映每日工作12小时。",
            "basis": "",
            "demands": "请依法安排工作时间。",
            "reply_days": "15",
        },
    )
    letter = SupervisionLetter.objects.get()
    assert response.status_code == 302 and letter.addressee == world.enterprise.name
    client.post(reverse("rights:letter_issue", args=[letter.uuid]))
    letter.refresh_from_db()
    assert letter.state == "issued"
    docx = client.get(reverse("rights:letter_docx", args=[letter.uuid]))
    assert docx.status_code == 200 and docx["Content-Type"].startswith("application/vnd.openxmlformats")
    page = client.get(reverse("rights:letter_print", args=[letter.uuid])).content.decode()
    assert letter.number in page and "（印章）" in page


def test_an_unknown_employer_is_refused_beside_the_field(login, world):
    response = login(world.county_cadre).post(
        reverse("rights:letter_new"),
        {
            "org": world.county.pk,
            "kind": "opinion",
            "enterprise": "不存在的公司",
            "problem": "wages",
            "title": "t",
            "facts": "f",
            "demands": "d",
            "reply_days": "15",
        },
    )
    assert response.status_code == 400 and "没有找到" in response.content.decode()
    assert not SupervisionLetter.objects.exists()


def test_a_bad_evidence_file_is_refused(login, world):
    letter = _served(world)
    svc.letter_reply(letter=letter, replied_on=timezone.localdate(), text="已整改", actor=world.county_cadre)
    response = login(world.county_cadre).post(
        reverse("rights:letter_verify", args=[letter.uuid]),
        {
            "verified_on": timezone.localdate().isoformat(),
            "verification": "看过",
            "evidence": SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream"),
        },
    )
    assert response.status_code == 400 and "证明材料只能是" in response.content.decode()
    letter.refresh_from_db()
    assert letter.state == "replied"


def test_another_county_sees_nothing(login, world):
    letter = draft(world)
    client = login(world.outsider)
    assert client.get(letter.get_absolute_url()).status_code == 404
    assert client.get(reverse("rights:letter_docx", args=[letter.uuid])).status_code == 404


def test_the_cadre_home_shows_letters_awaiting_a_reply(login, world):
    letter = _served(world)
    page = login(world.county_cadre).get("/").content.decode()
    assert "函件待用人单位回复" in page and letter.number in page


def test_the_figures_count_replies_on_time(world):
    from gonghui.core.indicators import year_to_date
    from gonghui.rights.selectors.letters import figures

    letter = _served(world)
    svc.letter_reply(letter=letter, replied_on=timezone.localdate(), text="收到", actor=world.county_cadre)
    row = figures(world.county, *year_to_date().bounds())
    assert row["letters_opinion"] == 1 and row["on_time_rate"] == 1.0 and row["rectified_rate"] == 0.0
