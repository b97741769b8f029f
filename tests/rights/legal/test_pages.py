"""Legal aid pages and API as cadres and workers use them, with the hostile inputs."""

import re
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from gonghui.rights.models import Consultation, LegalCase
from gonghui.rights.services import legal as svc
from tests.rights.legal.conftest import make_case, make_consultation, past

pytestmark = pytest.mark.django_db


def _case_form(world, **data):
    form = {
        "org": world.union.pk,
        "worker": world.member.member_no,
        "worker_name": "",
        "worker_phone": "",
        "enterprise": world.enterprise.pk,
        "employer_name": "",
        "topic": "wages",
        "summary": "拖欠工资三个月",
        "amount_claimed": "１８,０００.００",  # full-width, as a phone keyboard may type it
        "opened_on": past(0).isoformat(),
        "next_action": "",
        "next_days": "5",
        "submission": str(uuid.uuid4()),
    }
    form.update(data)
    return form


def test_a_cadre_opens_a_case_for_a_member(login, world):
    response = login(world.enterprise_cadre).post(reverse("rights:legal_case_new"), _case_form(world))
    case = LegalCase.objects.get()
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert case.amount_claimed == Decimal("18000.00") and case.worker_user == world.member_user


@pytest.mark.parametrize(
    ("amount", "message"), [("-500", "不能小于"), ("999999999999", "不能大于"), ("abc", "数字")]
)
def test_bad_amounts_are_explained_beside_the_field(login, world, amount, message):
    response = login(world.enterprise_cadre).post(
        reverse("rights:legal_case_new"), _case_form(world, amount_claimed=amount)
    )
    assert response.status_code == 400
    assert not LegalCase.objects.exists()
    assert "amount_claimed-error" in response.content.decode()


def test_a_member_of_another_county_is_not_found(login, world):
    response = login(world.enterprise_cadre).post(
        reverse("rights:legal_case_new"), _case_form(world, worker=world.other_member.member_no)
    )
    assert response.status_code == 400 and "没有找到这位会员" in response.content.decode()


def test_a_conflicting_lawyer_is_refused_on_the_page(login, world, adviser):
    case = make_case(world)
    response = login(world.enterprise_cadre).post(
        reverse("rights:legal_case_lawyer", args=[case.uuid]), {"lawyer": adviser.pk}
    )
    assert response.status_code == 400
    assert (
        "利益冲突" in response.content.decode()
        and "安平华宇机械有限公司的法律顾问" in response.content.decode()
    )
    case.refresh_from_db()
    assert case.lawyer is None


def test_a_closure_before_it_opened_is_refused_on_the_page(login, world):
    case = make_case(world)
    response = login(world.enterprise_cadre).post(
        reverse("rights:legal_case_close", args=[case.uuid]),
        {"closed_on": past(30).isoformat(), "outcome": "won"},
    )
    assert response.status_code == 400 and "结案日期不能早于立案日期" in response.content.decode()
    case.refresh_from_db()
    assert case.state == "consult"


def test_the_stage_form_moves_the_case_on(login, world):
    case = make_case(world)
    response = login(world.enterprise_cadre).post(
        reverse("rights:legal_case_stage", args=[case.uuid]),
        {
            "stage": "arbitration",
            "on": past(1).isoformat(),
            "outcome": "已向仲裁委申请",
            "next_action": "开庭",
            "next_due": past(-10).isoformat(),
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "arbitration" and case.next_due == past(-10)


def test_another_countys_case_is_404_and_a_non_cadre_is_403(login, world):
    case = make_case(world)
    assert login(world.outsider).get(case.get_absolute_url()).status_code == 404
    assert (
        login(world.outsider).post(reverse("rights:legal_case_close", args=[case.uuid]), {}).status_code
        == 404
    )
    assert login(world.member_user).get(case.get_absolute_url()).status_code == 403
    assert login(world.member_user).get(reverse("rights:legal_cases")).status_code == 403
    assert (
        login(world.viewer).post(reverse("rights:legal_case_close", args=[case.uuid]), {}).status_code == 403
    )


def test_anonymous_is_sent_to_login(client, world):
    for name in ("rights:legal_cases", "rights:legal_mine", "rights:legal_ask", "rights:legal_figures"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.get("/api/v1/rights/legal/mine").status_code == 401


def test_the_overdue_case_is_first_on_the_list_and_on_the_home(login, world):
    late = make_case(world, summary="甲", opened_on=past(40))
    svc.case_advance(
        case=late,
        actor=world.enterprise_cadre,
        stage="mediation",
        on=past(30),
        outcome="调解",
        next_due=past(20),
    )
    make_case(world, summary="乙")
    client = login(world.county_cadre)
    page = client.get(reverse("rights:legal_cases")).content.decode()
    assert page.index(late.number) < page.index("法援〔", page.index(late.number) + 1)
    assert "已超期" in page
    home = client.get("/").content.decode()
    assert "法律援助案件临期或超期" in home and late.get_absolute_url() in home


def test_a_worker_asks_online_once_even_when_the_form_is_sent_twice(login, world):
    client = login(world.member_user)
    assert client.get(reverse("rights:legal_ask")).status_code == 200
    key = str(uuid.uuid4())
    data = {
        "topic": "wages",
        "summary": "老板拖欠两个月工资",
        "employer_name": "",
        "phone": "",
        "submission": key,
    }
    assert client.post(reverse("rights:legal_ask"), data).status_code == 302
    assert client.post(reverse("rights:legal_ask"), data).status_code == 302
    assert Consultation.objects.count() == 1
    c = Consultation.objects.get()
    assert c.org == world.union and c.channel == "online"
    page = client.get(reverse("rights:legal_mine")).content.decode()
    assert "老板拖欠两个月工资" in page and "等待工会解答" in page


def test_a_worker_who_is_not_a_member_finds_the_area_by_name(login, world):
    from tests.factories import make_user

    rider = make_user(name="骑手小周")
    client = login(rider)
    page = client.get(reverse("rights:legal_ask")).content.decode()
    assert 'name="org__text"' in page and "<select" not in page.split('name="org__text"')[0][-300:]
    data = {
        "topic": "wages",
        "summary": "平台扣了我的配送费",
        "employer_name": "城关配送站",
        "phone": "",
        "submission": str(uuid.uuid4()),
    }
    unknown = client.post(reverse("rights:legal_ask"), {**data, "org": "", "org__text": "没有这个镇"})
    assert unknown.status_code == 400 and "没有这个镇" in unknown.content.decode()
    assert not Consultation.objects.exists()
    typed = client.post(reverse("rights:legal_ask"), {**data, "org": "", "org__text": world.township.name})
    assert typed.status_code == 302, re.findall(r'class="error[^"]*"[^>]*>([^<]+)', typed.content.decode())
    assert Consultation.objects.get().org == world.township


def test_an_online_question_without_the_form_key_or_content_is_refused(login, world):
    client = login(world.member_user)
    response = client.post(reverse("rights:legal_ask"), {"topic": "wages", "summary": "", "submission": ""})
    assert response.status_code == 400 and "请重新打开表单" in response.content.decode()
    assert not Consultation.objects.exists()


def test_the_cadre_answers_and_the_worker_reads_it(login, world):
    c = svc.consultation_ask(
        user=world.member_user,
        topic="wages",
        summary="老板拖欠两个月工资",
        employer_name="",
        submission=uuid.uuid4(),
    )
    response = login(world.enterprise_cadre).post(
        reverse("rights:legal_consultation_answer", args=[c.uuid]), {"answer": "可申请劳动仲裁"}
    )
    assert response.status_code == 302
    assert "可申请劳动仲裁" in login(world.member_user).get(reverse("rights:legal_mine")).content.decode()


def test_a_consultation_becomes_a_case_once(login, world):
    c = make_consultation(world)
    client = login(world.enterprise_cadre)
    data = {"amount_claimed": "5000", "next_action": "收集证据", "next_days": "5"}
    assert client.post(reverse("rights:legal_consultation_case", args=[c.uuid]), data).status_code == 302
    again = client.post(reverse("rights:legal_consultation_case", args=[c.uuid]), data)
    assert again.status_code == 400 and "不能重复立案" in again.content.decode()
    assert LegalCase.objects.count() == 1


def test_the_worker_follows_their_case_and_rates_it_once(login, world):
    case = make_case(world)
    client = login(world.member_user)
    page = client.get(reverse("rights:legal_my_case", args=[case.uuid])).content.decode()
    assert "咨询" in page and "了解案情" in page and "评价本次法律援助" not in page
    home = client.get("/").content.decode()
    assert "我的法律援助案件" in home
    svc.case_close(
        case=case, actor=world.enterprise_cadre, closed_on=past(0), outcome="mediated", recovered="18000"
    )
    rate = reverse("rights:legal_my_case_rate", args=[case.uuid])
    assert client.post(rate, {"score": "5", "note": "满意"}).status_code == 302
    second = client.post(rate, {"score": "1"})
    assert second.status_code == 400 and "只能评价一次" in second.content.decode()
    case.refresh_from_db()
    assert case.satisfaction == 5
    # another worker never sees it
    assert login(world.worker).get(reverse("rights:legal_my_case", args=[case.uuid])).status_code == 404


def test_the_figures_page_shows_recovered_wages(login, world):
    case = make_case(world, opened_on=past(1))
    svc.case_close(
        case=case, actor=world.enterprise_cadre, closed_on=past(0), outcome="won", recovered="12345.6"
    )
    page = login(world.county_cadre).get(reverse("rights:legal_figures")).content.decode()
    assert "12345.60 元" in page and "法律援助统计" in page
    # the new cases by topic, each with its count
    assert re.search(r"拖欠工资</dt><dd>1 件", page) and re.search(r"工伤</dt><dd>0 件", page)


def test_the_glance_drills_into_the_figures_of_the_org_and_period_it_shows(login, world):
    from gonghui.core import indicators

    make_case(world, opened_on=past(1))
    period = indicators.year_to_date()
    link = indicators.get("rights.legal.cases").drill(world.township, period)
    assert f"org={world.township.uuid}" in link and f"start={period.start.isoformat()}" in link
    client = login(world.county_cadre)
    page = client.get(link).content.decode()
    assert f"<h2>{world.township.name}</h2>" in page and f"<h2>{world.county.name}</h2>" not in page
    assert f'name="org" value="{world.township.uuid}"' in page  # a new period keeps the township
    assert (
        f'href="?start={period.start.isoformat()}&amp;end={period.end.isoformat()}">查看我的全部范围' in page
    )
    assert re.search(r"新立案件</dt><dd>1 件", page)
    whole = client.get(reverse("rights:legal_figures")).content.decode()
    assert f"<h2>{world.county.name}</h2>" in whole  # without an org: the cadre's own tops
    # another county's org, or a key that is no key, is not found
    assert (
        client.get(reverse("rights:legal_figures"), {"org": str(world.other_county.uuid)}).status_code == 404
    )
    assert client.get(reverse("rights:legal_figures"), {"org": "1 OR 1=1"}).status_code == 404


def test_the_lawyers_page_adds_a_lawyer_with_clients(login, world):
    client = login(world.county_cadre)
    response = client.post(
        reverse("rights:legal_lawyers"),
        {
            "org": world.county.pk,
            "name": "郑明",
            "firm": "正义所",
            "kind": "retained",
            "phone": "",
            "advises": [world.enterprise.pk],
        },
    )
    assert response.status_code == 302
    assert "安平华宇机械有限公司" in client.get(reverse("rights:legal_lawyers")).content.decode()


def test_the_api_gives_a_worker_their_cases_and_asks_once(login, world):
    case = make_case(world)
    client = login(world.member_user)
    data = client.get("/api/v1/rights/legal/mine").json()
    assert data["cases"][0]["number"] == case.number and data["cases"][0]["next_due"]
    body = {"topic": "overtime", "summary": "加班没有加班费", "submission": str(uuid.uuid4())}
    first = client.post("/api/v1/rights/legal/ask", body, content_type="application/json")
    second = client.post("/api/v1/rights/legal/ask", body, content_type="application/json")
    assert first.status_code == 201 and second.status_code == 201
    assert first.json()["uuid"] == second.json()["uuid"]
    assert client.get(f"/api/v1/rights/legal/cases/{case.uuid}").json()["state_label"] == "咨询"
    assert login(world.worker).get(f"/api/v1/rights/legal/cases/{case.uuid}").status_code == 404


def test_the_workers_home_card_follows_the_case(login, world):
    case = make_case(world)
    client = login(world.member_user)
    assert "咨询 · 下一步" in client.get("/").content.decode()
    svc.case_advance(
        case=case,
        actor=world.enterprise_cadre,
        stage="mediation",
        on=past(1),
        outcome="调解",
        next_action="调解会",
        next_days=3,
    )
    home = client.get("/").content.decode()
    assert "调解 · 下一步：调解会" in home
    svc.case_close(case=case, actor=world.enterprise_cadre, closed_on=past(0), outcome="won")
    assert "我的法律援助案件" not in client.get("/").content.decode()


def test_a_double_submit_of_the_new_case_form_makes_one_case(login, world):
    client = login(world.enterprise_cadre)
    form = _case_form(world)
    first = client.post(reverse("rights:legal_case_new"), form)
    second = client.post(reverse("rights:legal_case_new"), form)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert LegalCase.objects.count() == 1


def test_a_double_submit_of_the_consultation_form_makes_one_consultation(login, world):
    client = login(world.enterprise_cadre)
    form = {
        "org": world.union.pk,
        "channel": "hotline",
        "worker": "",
        "worker_name": "孙丽",
        "worker_phone": "139 1234 5678",
        "enterprise": "",
        "employer_name": "安平某餐饮店",
        "topic": "insurance",
        "summary": "没有缴社保",
        "answer": "",
        "submission": str(uuid.uuid4()),
    }
    assert client.post(reverse("rights:legal_consultation_new"), form).status_code == 302
    assert client.post(reverse("rights:legal_consultation_new"), form).status_code == 302
    c = Consultation.objects.get()
    assert c.worker_phone == "13912345678"
    page = client.get(c.get_absolute_url()).content.decode()
    assert "139****5678" in page and "13912345678" not in page


def test_the_cadres_due_tile_follows_the_cases(login, world):
    client = login(world.township_cadre)
    assert "法律援助案件临期或超期" not in client.get("/").content.decode()
    late = make_case(world, opened_on=past(40))
    svc.case_advance(
        case=late,
        actor=world.enterprise_cadre,
        stage="mediation",
        on=past(30),
        outcome="调解",
        next_due=past(20),
    )
    home = client.get("/").content.decode()
    assert "法律援助案件临期或超期" in home and "已超期" in home
    svc.case_close(case=late, actor=world.enterprise_cadre, closed_on=past(0), outcome="won")
    assert "法律援助案件临期或超期" not in client.get("/").content.decode()
