"""Problem lists: the PROBLEM_FLOW services (every transition and forbidden ones), who may raise,
due dates across a public holiday, notifications; the pages with every persona."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.core.models import Notification, TransitionLog
from gonghui.servicedesk.models import DeskSettings, PartnerUnit, Problem
from gonghui.servicedesk.services import problems as svc
from gonghui.volunteers.models import Volunteer
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def raise_problem(w, **kw) -> Problem:
    fields = {
        "enterprise": w.enterprise,
        "reporter": w.enterprise_contact,
        "category": "permits",
        "title": "厂区消防验收迟迟未办",
        "description": "新建车间已完工三个月，消防验收仍未安排。",
        "urgency": Problem.Urgency.URGENT,
    }
    fields.update(kw)
    return svc.problem_raise(**fields)


def answered(w) -> Problem:
    p = raise_problem(w)
    svc.problem_assign(problem=p, unit=w.market_unit, actor=w.county_cadre)
    svc.problem_answer(problem=p, actor=w.unit_contact, answer="已安排下周二现场验收。")
    return p


# ---------------------------------------------------------------- services


def test_raise_by_enterprise_contact_belongs_to_the_area_org(desk):
    p = raise_problem(desk)
    assert p.org == desk.township and p.org_path == desk.township.path and p.state == "raised"
    assert p.reporter == desk.enterprise_contact


def test_raise_by_cadre_and_rules_for_others(desk):
    assert raise_problem(desk, reporter=desk.township_cadre).state == "raised"
    for who in (desk.viewer, desk.outsider, desk.worker, desk.volunteer_user, desk.unit_contact):
        with pytest.raises(PermissionDenied):
            raise_problem(desk, reporter=who, title=f"问题{who.pk}")
    assert Problem.objects.count() == 1


def test_active_volunteer_of_the_same_county_may_raise(desk):
    # Registered at the park: a different township from the enterprise, but the same county.
    vol = Volunteer.objects.create(user=desk.volunteer_user, org=desk.park, org_path=desk.park.path)
    assert raise_problem(desk, reporter=desk.volunteer_user).reporter == desk.volunteer_user
    vol.status = Volunteer.Status.INACTIVE
    vol.save()
    with pytest.raises(PermissionDenied):
        raise_problem(desk, reporter=desk.volunteer_user, title="另一个问题")
    other = make_user(name="外县志愿者")
    Volunteer.objects.create(user=other, org=desk.other_county, org_path=desk.other_county.path)
    with pytest.raises(PermissionDenied):
        raise_problem(desk, reporter=other, title="外县")


def test_raise_bad_input_and_double_submit(desk):
    with pytest.raises(ValidationError) as e:
        raise_problem(desk, title=" ", description="", category="nope")
    assert set(e.value.message_dict) == {"title", "description", "category"}
    assert "请用一句话概括问题。" in e.value.message_dict["title"]
    first = raise_problem(desk)
    assert raise_problem(desk) == first
    assert Problem.objects.count() == 1


def test_full_flow_logs_every_transition_and_notifies(desk):
    contact2 = make_user(name="第二联络人")
    from gonghui.orgs.services import enterprise_contact_add

    enterprise_contact_add(enterprise=desk.enterprise, user=contact2, actor=None, check_scope=False)
    p = raise_problem(desk, reporter=desk.township_cadre)
    svc.problem_assign(problem=p, unit=desk.market_unit, actor=desk.county_cadre)
    assert Notification.objects.filter(recipient=desk.unit_contact, title__contains=p.title).count() == 1
    svc.problem_answer(problem=p, actor=desk.unit_contact, answer="已协调。")
    # The reporter and every enterprise contact hear of the answer.
    for user in (desk.township_cadre, desk.enterprise_contact, contact2):
        assert Notification.objects.filter(recipient=user, title__startswith="问题已答复").count() == 1
    svc.problem_reopen(problem=p, actor=desk.enterprise_contact, reason="验收时间仍未确定")
    assert (
        Notification.objects.filter(recipient=desk.unit_contact, title__startswith="问题未解决").count() == 1
    )
    svc.problem_assign(
        problem=p,
        unit=desk.market_unit,
        due_date=datetime.date.today() + datetime.timedelta(days=3),
        actor=desk.county_cadre,
    )
    svc.problem_answer(problem=p, actor=desk.county_cadre, answer="已确定验收日期。")
    svc.problem_confirm(problem=p, actor=desk.enterprise_contact)
    p.refresh_from_db()
    assert p.state == "resolved" and p.resolved_at is not None and p.answer == "已确定验收日期。"
    logs = list(TransitionLog.objects.filter(object_id=p.pk).values_list("transition", flat=True))
    assert logs == ["assign", "answer", "reopen", "assign", "answer", "confirm"]


def test_close_needs_a_reason_and_a_cadre(desk):
    p = raise_problem(desk)
    with pytest.raises(ValidationError):
        svc.problem_close(problem=p, actor=desk.county_cadre, reason=" ")
    with pytest.raises(PermissionDenied):
        svc.problem_close(problem=p, actor=desk.enterprise_contact, reason="不需要了")
    svc.problem_close(problem=p, actor=desk.township_cadre, reason="企业已自行解决")
    p.refresh_from_db()
    assert p.state == "closed"


def test_forbidden_transitions(desk):
    p = raise_problem(desk)
    with pytest.raises(ValidationError):  # not assigned yet
        svc.problem_answer(problem=p, actor=desk.county_cadre, answer="x")
    with pytest.raises(ValidationError):
        svc.problem_confirm(problem=p, actor=desk.enterprise_contact)
    with pytest.raises(PermissionDenied):  # only cadres assign
        svc.problem_assign(problem=p, unit=desk.market_unit, actor=desk.enterprise_contact)
    with pytest.raises(PermissionDenied):
        svc.problem_assign(problem=p, unit=desk.market_unit, actor=desk.viewer)
    svc.problem_assign(problem=p, unit=desk.market_unit, actor=desk.county_cadre)
    stranger = make_user(name="别的单位")
    with pytest.raises(PermissionDenied):  # only the unit's contacts or cadres answer
        svc.problem_answer(problem=p, actor=stranger, answer="x")
    with pytest.raises(ValidationError):  # an empty answer
        svc.problem_answer(problem=p, actor=desk.unit_contact, answer=" ")
    svc.problem_answer(problem=p, actor=desk.unit_contact, answer="已办")
    with pytest.raises(PermissionDenied):  # the unit cannot confirm its own answer
        svc.problem_confirm(problem=p, actor=desk.unit_contact)
    with pytest.raises(ValidationError):  # reopen needs a reason
        svc.problem_reopen(problem=p, actor=desk.enterprise_contact, reason="")
    with pytest.raises(ValidationError):  # answered problems cannot be closed
        svc.problem_close(problem=p, actor=desk.county_cadre, reason="x")
    svc.problem_confirm(problem=p, actor=desk.enterprise_contact)
    with pytest.raises(ValidationError):
        svc.problem_reopen(problem=p, actor=desk.enterprise_contact, reason="又出问题")
    with pytest.raises(ValidationError):
        svc.problem_assign(problem=p, unit=desk.market_unit, actor=desk.county_cadre)


def test_assign_unit_must_be_of_the_org_or_above(desk):
    p = raise_problem(desk)
    other = PartnerUnit.objects.create(org=desk.other_county, name="临川县税务局")
    park_unit = PartnerUnit.objects.create(org=desk.park, name="开发区管委会")
    for unit in (other, park_unit):
        with pytest.raises(ValidationError) as e:
            svc.problem_assign(problem=p, unit=unit, actor=desk.county_cadre)
        assert "只能交办给本组织或上级组织" in str(e.value)
    p.refresh_from_db()
    assert p.state == "raised" and p.unit is None


def test_due_date_skips_national_day(desk):
    p = raise_problem(desk)
    with mock.patch.object(svc, "_today", return_value=datetime.date(2026, 9, 30)):
        svc.problem_assign(problem=p, unit=desk.market_unit, actor=desk.county_cadre)
    p.refresh_from_db()
    # 10 working days: 10/8, 10/9, 10/10 (make-up Saturday), 10/12 … 10/16, 10/19, 10/20.
    assert p.due_date == datetime.date(2026, 10, 20)


def test_due_days_from_the_nearest_desk_settings(desk):
    DeskSettings.objects.create(org=desk.county, problem_due_days=5)
    p = raise_problem(desk)
    with mock.patch.object(svc, "_today", return_value=datetime.date(2026, 6, 1)):  # a Monday
        svc.problem_assign(problem=p, unit=desk.market_unit, actor=desk.county_cadre)
    p.refresh_from_db()
    assert p.due_date == datetime.date(2026, 6, 8)


def test_assign_twice_the_same_is_one_transition(desk):
    p = raise_problem(desk)
    svc.problem_assign(problem=p, unit=desk.market_unit, actor=desk.county_cadre)
    p = Problem.objects.get(pk=p.pk)
    svc.problem_assign(problem=p, unit=desk.market_unit, actor=desk.county_cadre)
    assert TransitionLog.objects.filter(object_id=p.pk, transition="assign").count() == 1
    assert Notification.objects.filter(recipient=desk.unit_contact).count() == 1


# ---------------------------------------------------------------- pages


def test_raise_page(desk, login):
    client = login(desk.enterprise_contact)
    page = client.get("/desk/problems/new/")
    assert page.status_code == 200 and "安平华宇机械有限公司" in page.content.decode()
    data = {
        "enterprise": desk.enterprise.pk,
        "category": "wages",
        "urgency": "normal",
        "title": "社保缴费基数问题",
        "description": "企业咨询社保缴费基数调整。",
    }
    response = client.post("/desk/problems/new/", data)
    p = Problem.objects.get()
    assert response.status_code == 302 and response["Location"] == p.get_absolute_url()
    assert client.post("/desk/problems/new/", data).status_code == 302  # double submit
    assert Problem.objects.count() == 1


def test_raise_page_bad_input_and_access(desk, login, client):
    response = login(desk.enterprise_contact).post(
        "/desk/problems/new/",
        {
            "enterprise": desk.enterprise.pk,
            "category": "wages",
            "urgency": "normal",
            "title": "",
            "description": "",
        },
    )
    assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()
    assert not Problem.objects.exists()
    client.logout()
    assert client.get("/desk/problems/new/").status_code == 302
    assert login(desk.viewer).get("/desk/problems/new/").status_code == 403
    assert login(desk.worker).get("/desk/problems/new/").status_code == 403
    # A cadre of another county cannot pick an enterprise outside the scope.
    from gonghui.orgs.services import enterprise_create
    from tests.factories import make_uscc

    enterprise_create(org=desk.other_county, name="临川某厂", uscc=make_uscc(), check_scope=False)
    response = login(desk.outsider).post(
        "/desk/problems/new/",
        {
            "enterprise": desk.enterprise.pk,
            "category": "wages",
            "urgency": "normal",
            "title": "x",
            "description": "y",
        },
    )
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    assert not Problem.objects.exists()


def test_detail_access(desk, login, client):
    p = raise_problem(desk)
    url = p.get_absolute_url()
    assert client.get(url).status_code == 302
    assert login(desk.outsider).get(url).status_code == 404
    assert login(desk.worker).get(url).status_code == 404
    assert login(desk.unit_contact).get(url).status_code == 404  # not yet assigned to the unit
    body = login(desk.viewer).get(url).content.decode()
    assert "厂区消防验收迟迟未办" in body and "交办责任单位" not in body
    body = login(desk.county_cadre).get(url).content.decode()
    assert "交办责任单位" in body and "安平县市场监督管理局" in body


def test_assign_answer_confirm_pages(desk, login):
    p = raise_problem(desk)
    url = p.get_absolute_url()
    assert login(desk.viewer).post(url + "assign/", {"unit": desk.market_unit.pk}).status_code == 403
    assert login(desk.outsider).post(url + "assign/", {"unit": desk.market_unit.pk}).status_code == 404
    response = login(desk.county_cadre).post(url + "assign/", {"unit": "", "due_date": ""})
    assert response.status_code == 400 and "这个字段是必填项" in response.content.decode()
    assert login(desk.county_cadre).post(url + "assign/", {"unit": desk.market_unit.pk}).status_code == 302
    p.refresh_from_db()
    assert p.state == "assigned" and p.unit == desk.market_unit and p.due_date is not None

    client = login(desk.unit_contact)
    assert "提交答复" in client.get(url).content.decode()
    assert p.title in client.get("/desk/problems/inbox/").content.decode()
    response = client.post(url + "answer/", {"answer": ""})
    assert response.status_code == 400
    assert client.post(url + "answer/", {"answer": "已现场核查。"}).status_code == 302
    response = client.post(url + "answer/", {"answer": "再次提交"})  # double submit
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.state == "answered" and p.answer == "已现场核查。"

    client = login(desk.enterprise_contact)
    page = client.get(url).content.decode()
    assert "确认已解决" in page and "已现场核查。" in page and "提交答复" not in page
    response = client.post(url + "reopen/", {"reopen-reason": ""})
    assert response.status_code == 400 and "这个字段是必填项" in response.content.decode()
    assert client.post(url + "confirm/", {"note": "满意"}).status_code == 302
    p.refresh_from_db()
    assert p.state == "resolved"
    assert TransitionLog.objects.filter(object_id=p.pk, transition="confirm").count() == 1


def test_reopen_and_close_pages(desk, login):
    p = answered(desk)
    url = p.get_absolute_url()
    assert login(desk.viewer).post(url + "reopen/", {"reopen-reason": "x"}).status_code == 403
    assert (
        login(desk.enterprise_contact).post(url + "reopen/", {"reopen-reason": "还没验收"}).status_code == 302
    )
    p.refresh_from_db()
    assert p.state == "reopened"
    assert login(desk.county_cadre).post(url + "close/", {"close-reason": "企业撤回"}).status_code == 302
    p.refresh_from_db()
    assert p.state == "closed"


def test_list_filters_and_constant_queries(desk, login):
    for i in range(3):
        raise_problem(desk, title=f"问题{i}", category="tax" if i else "wages")
    overdue = raise_problem(desk, title="逾期的问题")
    svc.problem_assign(problem=overdue, unit=desk.market_unit, actor=desk.county_cadre)
    Problem.objects.filter(pk=overdue.pk).update(due_date=datetime.date(2020, 1, 1))
    client = login(desk.county_cadre)
    body = client.get("/desk/problems/", {"overdue": "on"}).content.decode()
    assert "逾期的问题" in body and "问题1" not in body and "已逾期" in body
    body = client.get("/desk/problems/", {"category": "tax"}).content.decode()
    assert "问题1" in body and "问题2" in body and "问题0" not in body
    body = client.get("/desk/problems/", {"unit": desk.market_unit.pk}).content.decode()
    assert "逾期的问题" in body and "问题0" not in body
    body = client.get("/desk/problems/", {"org": str(desk.park.uuid)}).content.decode()
    assert "没有符合条件的问题" in body
    body = client.get("/desk/problems/", {"enterprise": str(desk.enterprise.uuid)}).content.decode()
    assert "问题0" in body
    with CaptureQueriesContext(connection) as few:
        client.get("/desk/problems/")
    for i in range(10):
        raise_problem(desk, title=f"更多{i}")
    with CaptureQueriesContext(connection) as many:
        client.get("/desk/problems/")
    assert len(many) == len(few)
    assert login(desk.outsider).get("/desk/problems/").content.decode().count("逾期的问题") == 0


def test_mine_and_inbox(desk, login, client):
    p = raise_problem(desk)
    raise_problem(desk, reporter=desk.county_cadre, title="干部记录的问题")
    body = login(desk.enterprise_contact).get("/desk/problems/mine/").content.decode()
    assert p.title in body and "干部记录的问题" in body  # contacts see all of their enterprise's problems
    assert login(desk.worker).get("/desk/problems/mine/").status_code == 200
    assert login(desk.worker).get("/desk/problems/inbox/").status_code == 403
    assert login(desk.worker).get("/desk/problems/").status_code == 302
    client.logout()
    assert client.get("/desk/problems/mine/").status_code == 302
