"""Retirement honors: the retiring members of a period, a ceremony, certificates (.docx opened with
python-docx), membership kept with retired status; pages for each kind of user."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from docx import Document

from gonghui.care.models.honors import RetirementHonouree
from gonghui.care.selectors import honors as selectors
from gonghui.care.services import honors as services
from gonghui.members.models import Member, MembershipEvent
from tests.drilled import open_drilled
from tests.factories import make_id_number, make_member, make_user

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_statutory_retirement_age():
    assert selectors.retirement_date(D(1964, 6, 10), "M") == D(2024, 6, 10)  # before the reform
    assert selectors.retirement_date(D(1965, 1, 31), "M") == D(2025, 2, 28)  # 60 years 1 month
    assert selectors.retirement_date(D(1966, 3, 15), "M") == D(2026, 7, 15)  # 60 years 4 months
    assert selectors.retirement_date(D(1980, 1, 1), "M") == D(2043, 1, 1)  # 63
    assert selectors.retirement_date(D(1971, 5, 2), "F") == D(2026, 10, 2)  # 55 years 5 months
    assert selectors.retirement_date(D(1969, 12, 1), "F") == D(2024, 12, 1)  # 55


@pytest.fixture
def hon(world):
    w = world
    w.retiree_user = make_user(name="老王")
    w.retiree = make_member(
        w.union,
        name="王建华",
        user=w.retiree_user,
        mobile=w.retiree_user.phone,
        id_number=make_id_number(1, birth=D(1966, 5, 20), male=True),
        joined_on=D(1990, 7, 1),
    )  # retires on 2026-10-20
    w.future = make_member(
        w.union, name="李未退", id_number=make_id_number(2, birth=D(1966, 11, 10))
    )  # 2027-05-10
    w.young = make_member(w.union, name="赵年轻", id_number=make_id_number(3, birth=D(1990, 1, 1)))
    w.recorded = make_member(
        w.union, name="孙已退", id_number=make_id_number(4, birth=D(1975, 1, 1), male=False)
    )
    from gonghui.members.services.lifecycle import member_retire

    member_retire(member=w.recorded, actor=w.county_cadre, on=D(2026, 3, 1))
    w.foreign = make_member(w.other_union, name="外县", id_number=make_id_number(5, birth=D(1966, 5, 1)))
    w.ceremony = services.ceremony_create(
        org=w.township,
        title="2026年度职工荣退仪式",
        held_on=D(2026, 12, 28),
        place="城关镇职工之家",
        period_start=D(2026, 1, 1),
        period_end=D(2027, 12, 31),
        actor=w.township_cadre,
    )
    return w


def test_the_retiring_members_of_a_period(hon):
    rows = selectors.retiring_members(hon.township, D(2026, 1, 1), D(2026, 12, 31))
    names = {r.member.name: r for r in rows}
    assert set(names) == {"王建华", "孙已退"}
    assert names["王建华"].retires_on == D(2026, 10, 20) and not names["王建华"].recorded
    assert names["孙已退"].recorded and names["孙已退"].retires_on == D(2026, 3, 1)
    later = {r.member.name for r in selectors.retiring_members(hon.county, D(2027, 1, 1), D(2027, 12, 31))}
    assert later == {"李未退"}


def test_honouring_records_the_retirement_and_keeps_the_membership(hon):
    h = services.honouree_add(
        ceremony=hon.ceremony, member=hon.retiree, retired_on=D(2026, 10, 20), actor=hon.township_cadre
    )
    member = Member.objects.get(pk=hon.retiree.pk)
    assert member.status == "retired" and member.retired_on == D(2026, 10, 20) and member.is_member
    assert MembershipEvent.objects.filter(member=member, kind="retired").count() == 1
    assert h.years == 36 and h.certificate_no.startswith("2026")
    with pytest.raises(ValidationError, match="已列入荣退名单"):
        services.honouree_add(ceremony=hon.ceremony, member=member, actor=hon.township_cadre)
    assert RetirementHonouree.objects.count() == 1
    # a member already retired keeps the recorded date
    h2 = services.honouree_add(ceremony=hon.ceremony, member=hon.recorded, actor=hon.township_cadre)
    assert h2.retired_on == D(2026, 3, 1)
    assert {r.member.name for r in selectors.candidates_for(hon.ceremony)} == {"李未退"}


def test_bad_honours_are_refused(hon):
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.honouree_add(
            ceremony=hon.ceremony, member=hon.future, retired_on=D(2099, 5, 10), actor=hon.township_cadre
        )
    with pytest.raises(ValidationError, match="请填写退休日期"):
        services.honouree_add(ceremony=hon.ceremony, member=hon.future, actor=hon.township_cadre)
    with pytest.raises(ValidationError, match="不在"):
        services.honouree_add(
            ceremony=hon.ceremony, member=hon.foreign, retired_on=D(2026, 5, 1), actor=hon.township_cadre
        )
    with pytest.raises(PermissionDenied):
        services.honouree_add(
            ceremony=hon.ceremony, member=hon.retiree, retired_on=D(2026, 10, 20), actor=hon.viewer
        )
    assert Member.objects.get(pk=hon.future.pk).status == "active"


def test_bad_ceremonies_are_refused(world):
    with pytest.raises(ValidationError) as e:
        services.ceremony_create(
            org=world.township,
            title="",
            held_on=None,
            place="x",
            period_start=D(2026, 12, 1),
            period_end=D(2026, 1, 1),
            actor=world.township_cadre,
        )
    assert set(e.value.message_dict) == {"title", "held_on", "period_end"}
    with pytest.raises(PermissionDenied):
        services.ceremony_create(
            org=world.township,
            title="x",
            held_on=D(2026, 1, 1),
            place="x",
            period_start=D(2026, 1, 1),
            period_end=D(2026, 2, 1),
            actor=world.outsider,
        )


def _text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def test_the_certificate_is_a_docx_with_the_honourees_details(hon):
    h = services.honouree_add(
        ceremony=hon.ceremony, member=hon.retiree, retired_on=D(2026, 10, 20), actor=hon.township_cadre
    )
    text = _text(services.certificate_docx(h))
    assert "荣 誉 证 书" in text and "王建华同志：" in text
    assert "1990年7月1日" in text and "会龄36年" in text
    assert "城关镇工会" in text and "2026年12月28日" in text and h.certificate_no in text
    assert "{{" not in text


def test_pages_for_the_cadre_the_member_and_others(hon, login):
    client = login(hon.township_cadre)
    page = client.get(hon.ceremony.get_absolute_url()).content.decode()
    assert "王建华" in page and "李未退" in page and "未到退休日期" in page
    response = client.post(
        reverse("care:honors_add", args=[hon.ceremony.uuid]),
        {"member": str(hon.retiree.uuid), "retired_on": "2026-10-20"},
    )
    assert response.status_code == 302
    h = RetirementHonouree.objects.get()
    again = client.post(
        reverse("care:honors_add", args=[hon.ceremony.uuid]), {"member": str(hon.retiree.uuid)}
    )
    assert again.status_code == 400 and "已列入荣退名单" in again.content.decode()
    foreign = client.post(
        reverse("care:honors_add", args=[hon.ceremony.uuid]),
        {"member": str(hon.foreign.uuid), "retired_on": "2026-05-01"},
    )
    assert foreign.status_code == 404 and RetirementHonouree.objects.count() == 1
    download = client.get(reverse("care:honors_certificate", args=[h.uuid]))
    assert download.status_code == 200 and download["Content-Type"].endswith("wordprocessingml.document")
    assert "王建华同志：" in _text(download.content)
    # the member downloads their own certificate; another member and the outsider cannot
    own = login(hon.retiree_user)
    assert "我的荣退证书" in own.get("/").content.decode()
    assert h.certificate_no in own.get(reverse("care:honors_mine")).content.decode()
    assert own.get(reverse("care:honors_certificate", args=[h.uuid])).status_code == 200
    assert own.get("/api/v1/care/honors/me/certificates").json()[0]["certificate_no"] == h.certificate_no
    assert own.get(f"/api/v1/care/honors/certificates/{h.uuid}").status_code == 200
    assert login(hon.member_user).get(reverse("care:honors_certificate", args=[h.uuid])).status_code == 404
    outsider = login(hon.outsider)
    assert outsider.get(reverse("care:honors_certificate", args=[h.uuid])).status_code == 404
    assert outsider.get(hon.ceremony.get_absolute_url()).status_code == 404
    assert outsider.get(f"/api/v1/care/honors/certificates/{h.uuid}").status_code == 404


def test_too_low_and_anonymous(hon, login, client):
    assert client.get(reverse("care:honors_list")).status_code == 302
    assert client.get("/api/v1/care/honors/me/certificates").status_code == 401
    assert login(hon.member_user).get(reverse("care:honors_list")).status_code == 403
    viewer = login(hon.viewer)  # read-only over the township
    assert viewer.get(hon.ceremony.get_absolute_url()).status_code == 200
    response = viewer.post(
        reverse("care:honors_add", args=[hon.ceremony.uuid]), {"member": str(hon.retiree.uuid)}
    )
    assert response.status_code == 403
    assert login(hon.enterprise_cadre).get(hon.ceremony.get_absolute_url()).status_code == 404  # below it


def test_a_cadre_creates_a_ceremony_from_the_form(world, login):
    client = login(world.township_cadre)
    data = {
        "org": world.township.pk,
        "title": "荣退仪式",
        "held_on": "2026-12-28",
        "place": "职工之家",
        "period_start": "2026-12-01",
        "period_end": "2026-01-01",
    }
    response = client.post(reverse("care:honors_create"), data)
    assert response.status_code == 400 and "不能早于开始日期" in response.content.decode()
    data["period_start"] = "2026-01-01"
    data["period_end"] = "2026-12-31"
    assert client.post(reverse("care:honors_create"), data).status_code == 302


def test_an_org_uploads_its_own_certificate_template(hon, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.core import documents

    client = login(hon.township_cadre)
    assert client.get(reverse("care:honors_template")).status_code == 200
    default = client.get(reverse("care:honors_template_download"))
    assert default.status_code == 200 and "{{ name }}同志：" in _text(default.content)
    bad = client.post(
        reverse("care:honors_template"),
        {"org": hon.township.pk, "file": SimpleUploadedFile("x.docx", b"not a docx")},
    )
    assert bad.status_code == 400 and "请上传Word文档" in bad.content.decode()
    mine = documents.official_document()
    documents.add_paragraph(mine, "城关镇荣退纪念 {{ name }} {{ years }}年")
    buf = io.BytesIO()
    mine.save(buf)
    response = client.post(
        reverse("care:honors_template"),
        {"org": hon.township.pk, "file": SimpleUploadedFile("城关.docx", buf.getvalue())},
    )
    assert response.status_code == 302
    h = services.honouree_add(
        ceremony=hon.ceremony, member=hon.retiree, retired_on=D(2026, 10, 20), actor=hon.township_cadre
    )
    assert "城关镇荣退纪念 王建华 36年" in _text(services.certificate_docx(h))
    current = client.get(reverse("care:honors_template_download"), {"org": hon.township.pk})
    assert "城关镇荣退纪念" in _text(current.content)
    assert (
        client.get(reverse("care:honors_template_download"), {"org": hon.other_union.pk}).status_code == 404
    )
    assert login(hon.member_user).get(reverse("care:honors_template")).status_code == 403
    assert (
        login(hon.viewer)
        .post(
            reverse("care:honors_template"),
            {"org": hon.township.pk, "file": SimpleUploadedFile("y.docx", buf.getvalue())},
        )
        .status_code
        == 400
    )  # a viewer manages no org: the choice is refused


def test_the_glance_tiles_open_the_ceremonies_they_counted(hon, login):
    """荣退仪式 and 荣退会员 for a township and a year open the list of its ceremonies held in that
    year: not another township's, not the county's own, not one of another year."""
    from gonghui.core import indicators

    services.honouree_add(
        ceremony=hon.ceremony, member=hon.retiree, retired_on=D(2026, 10, 20), actor=hon.township_cadre
    )
    for org, title, held_on in (
        (hon.other_township, "柳溪乡荣退仪式", D(2026, 6, 1)),
        (hon.county, "全县荣退仪式", D(2026, 5, 1)),
        (hon.township, "城关镇去年的荣退仪式", D(2025, 6, 1)),
    ):
        services.ceremony_create(
            org=org,
            title=title,
            held_on=held_on,
            place="职工之家",
            period_start=D(2025, 1, 1),
            period_end=D(2026, 12, 31),
            actor=hon.county_cadre,
        )
    period = indicators.Period(D(2026, 1, 1), D(2026, 12, 31))
    got = indicators.figures(hon.township, period, keys=["care.honors.ceremonies", "care.honors.honoured"])
    assert got == {"care.honors.ceremonies": 1, "care.honors.honoured": 1}
    link = indicators.get("care.honors.ceremonies").drill(hon.township, period)
    assert link == indicators.get("care.honors.honoured").drill(hon.township, period)
    page = open_drilled(
        login(hon.county_cadre),
        link,
        reverse("care:honors_list"),
        org=hon.township,
        shown=["2026年度职工荣退仪式"],
        hidden=["柳溪乡荣退仪式", "全县荣退仪式", "城关镇去年的荣退仪式"],
        other_county=hon.other_county,
    )
    assert "1人" in page
