"""Dialogue meetings (亲清茶室) on one or several problems."""

import datetime

import pytest

from gonghui.servicedesk.models import DialogueMeeting
from gonghui.servicedesk.services import problems as svc

pytestmark = pytest.mark.django_db


def _problems(w):
    a = svc.problem_raise(
        enterprise=w.enterprise,
        reporter=w.enterprise_contact,
        category="tax",
        title="留抵退税",
        description="咨询增值税留抵退税。",
    )
    b = svc.problem_raise(
        enterprise=w.no_union_enterprise,
        reporter=w.township_cadre,
        category="talent",
        title="招工难",
        description="缺少叉车司机。",
    )
    return a, b


def test_schedule_for_several_problems_and_add_minutes(desk, login):
    a, b = _problems(desk)
    client = login(desk.township_cadre)
    url = f"/desk/problems/{a.uuid}/meetings/new/"
    assert client.get(url).status_code == 200
    data = {
        "title": "税费与用工政策座谈",
        "date": "2026-05-20",
        "place": "城关镇亲清茶室",
        "participants": "税务局、人社局、企业代表",
        "problems": [a.pk, b.pk],
    }
    response = client.post(url, data)
    meeting = DialogueMeeting.objects.get()
    assert response.status_code == 302 and meeting.org == desk.township
    assert set(meeting.problems.all()) == {a, b} and meeting.date == datetime.date(2026, 5, 20)
    assert "税费与用工政策座谈" in client.get(a.get_absolute_url()).content.decode()
    assert "税费与用工政策座谈" in client.get(b.get_absolute_url()).content.decode()
    detail = f"/desk/meetings/{meeting.uuid}/"
    response = client.post(detail, {**data, "minutes": "税务局当场答复留抵退税流程。"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes == "税务局当场答复留抵退税流程。"
    assert "税费与用工政策座谈" in client.get("/desk/meetings/").content.decode()


def test_bad_input_and_access(desk, login, client):
    a, _b = _problems(desk)
    url = f"/desk/problems/{a.uuid}/meetings/new/"
    response = login(desk.township_cadre).post(url, {"title": "", "date": "", "place": "x", "problems": []})
    assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()
    assert not DialogueMeeting.objects.exists()
    client.logout()
    assert client.get(url).status_code == 302
    assert login(desk.outsider).get(url).status_code == 404
    assert login(desk.viewer).get(url).status_code == 403
    assert login(desk.enterprise_contact).get(url).status_code == 403
    meeting = svc.meeting_schedule(
        org=desk.township,
        title="座谈",
        date=datetime.date(2026, 5, 1),
        place="茶室",
        problems=[a],
        actor=desk.township_cadre,
    )
    assert login(desk.outsider).get(f"/desk/meetings/{meeting.uuid}/").status_code == 404
    assert login(desk.viewer).get(f"/desk/meetings/{meeting.uuid}/").status_code == 200
    assert login(desk.viewer).post(f"/desk/meetings/{meeting.uuid}/", {"minutes": "x"}).status_code == 403


def test_problems_must_be_of_the_org(desk):
    a, _b = _problems(desk)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        svc.meeting_schedule(
            org=desk.park,
            title="座谈",
            date=datetime.date(2026, 5, 1),
            place="茶室",
            problems=[a],
            actor=desk.county_cadre,
        )
    assert not DialogueMeeting.objects.exists()
