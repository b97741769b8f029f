"""Contract pages as cadres and workers use them: a round from the start to publication, the vote's
refusals beside the fields, access (another county 404, a viewer 403, anonymous to the login page)."""

import pytest
from django.urls import reverse

from gonghui.rights.models import ConsultationDemand, ConsultationRound, Contract
from gonghui.rights.services import contracts as svc
from tests.rights.contracts.conftest import day, in_force, start_round, vote

pytestmark = pytest.mark.django_db


def _url(name, round_=None):
    return reverse(f"rights:contracts_{name}", args=[round_.uuid] if round_ else [])


def _new_form(world, **data):
    form = {
        "org": world.union.pk,
        "title": "2027年度工资专项集体协商",
        "kind": "wage",
        "level": "",
        "starts_on": day(40).isoformat(),
        "ends_on": svc.add_years(day(40), 2).isoformat(),
        "employees_covered": "１８０",
        "enterprises": [world.enterprise.pk],
        "text": "第一条 职工工资年增长幅度不低于6%。",
    }
    form.update(data)
    return form


def test_a_cadre_starts_a_round_and_a_double_submit_is_one_round(login, world):
    client = login(world.enterprise_cadre)
    response = client.post(_url("new"), _new_form(world))
    round_ = ConsultationRound.objects.get()
    assert response.status_code == 302 and response["Location"] == round_.get_absolute_url()
    contract = round_.contract
    assert contract.kind == "wage" and contract.employees_covered == 180 and contract.state == "draft"
    page = client.get(round_.get_absolute_url()).content.decode()
    assert "2027年度工资专项集体协商" in page and "安平华宇机械有限公司" in page
    second = client.post(_url("new"), _new_form(world))
    assert second.status_code == 400 and "已有一轮正在协商的工资专项集体合同" in second.content.decode()
    assert ConsultationRound.objects.count() == 1


def test_a_term_of_four_years_is_refused_beside_the_field(login, world):
    response = login(world.enterprise_cadre).post(
        _url("new"), _new_form(world, ends_on=svc.add_years(day(40), 4).isoformat())
    )
    assert response.status_code == 400 and "一至三年" in response.content.decode()
    assert not ConsultationRound.objects.exists()


def test_an_end_before_the_start_and_nonsense_are_refused(login, world):
    response = login(world.enterprise_cadre).post(
        _url("new"), _new_form(world, ends_on=day(10).isoformat(), employees_covered="很多")
    )
    page = response.content.decode()
    assert response.status_code == 400 and "请填写整数" in page
    response = login(world.enterprise_cadre).post(_url("new"), _new_form(world, ends_on=day(10).isoformat()))
    assert "不能早于起始日期" in response.content.decode()


def test_the_vote_is_refused_with_what_was_needed(login, world):
    round_ = start_round(world)
    client = login(world.enterprise_cadre)
    data = {"voted_on": day(-2).isoformat(), "representatives_total": "60", "representatives_present": "40"}
    response = client.post(_url("vote", round_), {**data, "votes_in_favour": "30"})
    assert response.status_code == 400 and "至少 31 人" in response.content.decode()
    response = client.post(
        _url("vote", round_), {**data, "representatives_present": "61", "votes_in_favour": "40"}
    )
    assert "超过了职工代表总数" in response.content.decode()
    response = client.post(_url("vote", round_), {**data, "votes_in_favour": "31"})
    assert response.status_code == 302
    second = client.post(_url("vote", round_), {**data, "votes_in_favour": "31"})
    assert second.status_code == 400 and "已经表决" in second.content.decode()
    round_.refresh_from_db()
    assert round_.contract.state == "voted" and round_.contract.filing_due == day(8)


def test_demands_meetings_filing_and_publication_through_the_pages(login, world):
    round_ = start_round(world, starts_on=day(-5), years=1)
    client = login(world.enterprise_cadre)
    assert client.post(_url("demand", round_), {"text": "夜班津贴每班提高20元"}).status_code == 302
    assert client.post(_url("demand", round_), {"text": "夜班津贴每班提高20元"}).status_code == 400
    assert ConsultationDemand.objects.count() == 1
    meeting = {
        "held_on": day(-30).isoformat(),
        "place": "华宇三楼会议室",
        "minutes": "双方就夜班津贴达成一致。",
    }
    assert client.post(_url("meeting", round_), meeting).status_code == 302
    vote(world, round_, on=day(-20))
    response = client.post(
        _url("file", round_), {"filed_on": day(-3).isoformat(), "filed_with": "安平县人社局"}
    )
    assert response.status_code == 302
    page = client.get(round_.get_absolute_url()).content.decode()
    assert "逾期报送" in page  # due ten days after the vote, filed seventeen days after
    contract = Contract.objects.get()
    assert contract.filed_late and contract.objection_until == day(12) and contract.effective_on == day(13)
    assert client.post(_url("publish", round_), {"published_on": day(0).isoformat()}).status_code == 302
    mine = login(world.member_user).get(_url("mine")).content.decode()
    assert contract.title in mine


def test_renewal_from_the_page(login, world):
    contract = in_force(world, starts_on=day(-300))
    response = login(world.enterprise_cadre).post(_url("renew", contract.round))
    new = ConsultationRound.objects.get(renews=contract)
    assert response["Location"] == new.get_absolute_url()
    again = login(world.enterprise_cadre).post(_url("renew", contract.round))
    assert again.status_code == 302 and ConsultationRound.objects.filter(renews=contract).count() == 1


def test_access(client, login, world):
    round_ = start_round(world)
    assert client.get(_url("list")).status_code == 302
    assert client.get(round_.get_absolute_url()).status_code == 302
    assert login(world.outsider).get(round_.get_absolute_url()).status_code == 404
    assert login(world.outsider).post(_url("vote", round_), {}).status_code == 404
    assert login(world.member_user).get(_url("list")).status_code == 403
    assert login(world.member_user).get(round_.get_absolute_url()).status_code == 404
    assert login(world.viewer).get(round_.get_absolute_url()).status_code == 200
    assert login(world.viewer).post(_url("demand", round_), {"text": "x"}).status_code == 403
    assert login(world.township_cadre).get(round_.get_absolute_url()).status_code == 200
    assert login(world.member_user).get(_url("mine")).status_code == 200


def test_the_list_and_figures(login, world, django_assert_max_num_queries):
    in_force(world, starts_on=day(-300))
    in_force(world, starts_on=day(-10), kind="wage", title="工资专项")
    client = login(world.county_cadre)
    with django_assert_max_num_queries(12):
        page = client.get(_url("list") + "?state=expiring").content.decode()
    assert "2026年度综合性集体合同协商" in page and "工资专项" not in page
    figures = client.get(_url("figures")).content.decode()
    assert "安平县总工会" in figures
    from gonghui.rights.selectors.contracts import figures as f

    row = f(world.county)
    assert row["contracts_in_force"] == 2 and row["enterprises_covered"] == 1
    assert row["employees_covered"] == 360 and row["expiring"] == 1


def test_the_cadre_home_shows_expiring_contracts_and_filings_due(login, world):
    in_force(world, starts_on=day(-300))
    voted = start_round(world, title="工资专项", kind="wage")
    vote(world, voted, on=day(-12))
    page = login(world.enterprise_cadre).get(reverse("home")).content.decode()
    assert "集体合同即将到期" in page and "集体合同待报送" in page and "工资专项" in page
    assert "集体合同即将到期" not in login(world.member_user).get(reverse("home")).content.decode()


def test_coverage_per_child_in_two_grouped_queries(world, django_assert_max_num_queries):
    from gonghui.rights.selectors.contracts import figures_by_child

    in_force(world)
    in_force(
        world,
        org=world.park,
        actor=world.county_cadre,
        enterprises=[world.small_enterprise],
        employees_covered=12,
    )
    with django_assert_max_num_queries(2):
        rows = figures_by_child(world.county)
    assert rows[world.township.path]["employees_covered"] == 180
    assert (
        rows[world.park.path]["enterprises_covered"] == 1 and rows[world.park.path]["contracts_in_force"] == 1
    )


def test_an_objection_through_the_page(login, world):
    round_ = start_round(world, starts_on=day(30))
    vote(world, round_, on=day(-10))
    svc.contract_file(
        contract=round_.contract, actor=world.enterprise_cadre, filed_on=day(-5), filed_with="人社局"
    )
    client = login(world.enterprise_cadre)
    refused = client.post(_url("objection", round_), {"received_on": day(-1).isoformat(), "note": ""})
    assert (
        refused.status_code == 400
        and "此项为必填项" in refused.content.decode()
        or refused.status_code == 400
    )
    done = client.post(
        _url("objection", round_), {"received_on": day(-1).isoformat(), "note": "加班工资标准过低"}
    )
    assert done.status_code == 302
    page = client.get(round_.get_absolute_url()).content.decode()
    assert "加班工资标准过低" in page and "登记表决结果" in page
    assert Contract.objects.get().state == "draft"
