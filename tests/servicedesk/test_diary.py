"""Worker diary (工情日记): entries with follow-ups, lists, completing a follow-up (FOLLOW_UP_FLOW)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from gonghui.core.models import Notification, TransitionLog
from gonghui.servicedesk.models import DiaryEntry, FollowUp
from gonghui.servicedesk.services.diary import FollowUpPlan, diary_entry_create, follow_up_complete
from tests.factories import make_cadre

CREATE = reverse("servicedesk:diary_create")
LIST = reverse("servicedesk:diary_list")
FOLLOWUPS = reverse("servicedesk:followups")


def _post(world, **extra):
    today = timezone.localdate()
    data = {
        "org": world.township.pk,
        "visited_on": today.isoformat(),
        "enterprise": str(world.enterprise.uuid),
        "enterprise__text": world.enterprise.name,
        "visited": "车间一线职工8人",
        "heard": "夜班食堂关闭太早。",
        "fu-TOTAL_FORMS": "3",
        "fu-INITIAL_FORMS": "0",
        "fu-MIN_NUM_FORMS": "0",
        "fu-MAX_NUM_FORMS": "10",
        "fu-0-description": "协调企业延长食堂开放时间",
        "fu-0-due_date": (today + datetime.timedelta(days=7)).isoformat(),
        "fu-0-assignee_mobile": "",
        "fu-1-description": "回访职工",
        "fu-1-due_date": (today + datetime.timedelta(days=14)).isoformat(),
        "fu-1-assignee_mobile": world.enterprise_cadre.phone,
    }
    data.update(extra)
    return data


def _entry(world, *, author=None, org=None, follow_ups=(), visited_on=None):
    author = author or world.township_cadre
    return diary_entry_create(
        org=org or world.township,
        actor=author,
        visited_on=visited_on or timezone.localdate(),
        visited="职工代表",
        heard="反映加班费计算问题",
        enterprise=world.enterprise,
        follow_ups=list(follow_ups),
    )


def test_cadre_writes_an_entry_with_follow_ups(login, world):
    response = login(world.township_cadre).post(CREATE, _post(world))
    entry = DiaryEntry.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "servicedesk:diary_detail", args=[entry.uuid]
    )
    assert (entry.author, entry.org, entry.enterprise, entry.org_path) == (
        world.township_cadre,
        world.township,
        world.enterprise,
        world.township.path,
    )
    follow_ups = list(entry.follow_ups.order_by("due_date"))
    assert [f.assignee for f in follow_ups] == [world.township_cadre, world.enterprise_cadre]
    assert all(f.state == "open" for f in follow_ups)
    # the other assignee is notified; the author (assigning themselves) is not
    assert Notification.objects.filter(recipient=world.enterprise_cadre).count() == 1
    assert not Notification.objects.filter(recipient=world.township_cadre).exists()


def test_double_submit_makes_one_entry(login, world):
    client = login(world.township_cadre)
    client.post(CREATE, _post(world))
    response = client.post(CREATE, _post(world))
    assert response.status_code == 302
    assert DiaryEntry.objects.count() == 1 and FollowUp.objects.count() == 2


def test_anonymous_goes_to_login(client, world):
    for url in (CREATE, LIST, FOLLOWUPS):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url
    client.post(CREATE, _post(world))
    assert not DiaryEntry.objects.exists()


def test_viewer_and_non_cadres_get_403(login, world):
    assert login(world.viewer).post(CREATE, _post(world)).status_code == 403
    assert login(world.member_user).get(CREATE).status_code == 403
    assert login(world.member_user).get(LIST).status_code == 403
    assert not DiaryEntry.objects.exists()


def test_future_date_and_missing_fields_are_refused(login, world):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    page = (
        login(world.township_cadre).post(CREATE, _post(world, visited_on=tomorrow, heard="")).content.decode()
    )
    assert "走访日期不能晚于今天" in page and "请填写听到的情况" in page
    assert not DiaryEntry.objects.exists()


def test_follow_up_rows_are_checked(login, world):
    client = login(world.township_cadre)
    page = client.post(
        CREATE, _post(world, **{"fu-1-assignee_mobile": world.outsider.phone})
    ).content.decode()
    assert "没有找到手机号为该号码" in page
    page = client.post(CREATE, _post(world, **{"fu-1-due_date": ""})).content.decode()
    assert "请填写完成期限" in page
    page = client.post(CREATE, _post(world, **{"fu-1-assignee_mobile": "12345"})).content.decode()
    assert "手机号码应为以1开头的11位数字" in page
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    page = client.post(CREATE, _post(world, **{"fu-1-due_date": yesterday})).content.decode()
    assert "完成期限不能早于走访日期" in page
    assert not DiaryEntry.objects.exists() and not FollowUp.objects.exists()


def test_an_enterprise_outside_the_scope_is_refused(login, world):
    from gonghui.orgs.services import enterprise_create
    from tests.factories import make_uscc

    far = enterprise_create(
        org=world.other_county, name="临川远方公司", uscc=make_uscc(), employee_count=30, check_scope=False
    )
    page = (
        login(world.township_cadre)
        .post(CREATE, _post(world, enterprise=str(far.uuid), enterprise__text=far.name))
        .content.decode()
    )
    assert "没有找到名称或统一社会信用代码为“临川远方公司”的单位" in page
    with pytest.raises(ValidationError) as e:
        diary_entry_create(
            org=world.township,
            actor=world.township_cadre,
            visited_on=timezone.localdate(),
            visited="职工",
            heard="情况",
            enterprise=far,
        )
    assert e.value.message_dict["enterprise"] == ["只能选择您管辖范围内的企业。"]
    assert not DiaryEntry.objects.exists()


def test_entry_without_enterprise_or_follow_ups(world):
    entry = diary_entry_create(
        org=world.township,
        actor=world.township_cadre,
        visited_on=timezone.localdate(),
        visited="快递网点骑手",
        heard="希望增设爱心驿站",
    )
    assert entry.enterprise is None and not entry.follow_ups.exists()


def test_service_refuses_an_org_the_author_does_not_manage(world):
    with pytest.raises(PermissionDenied):
        _entry(world, org=world.county)
    with pytest.raises(PermissionDenied):
        _entry(world, author=world.viewer)


def test_list_filters_and_scope(login, world, django_assert_max_num_queries):
    _entry(world)
    _entry(world, author=world.county_cadre, org=world.county, visited_on=datetime.date(2026, 1, 5))
    client = login(world.county_cadre)
    client.get(LIST)  # the process reads the holiday calendar once (core.workdays)
    with django_assert_max_num_queries(
        10
    ):  # + the navigation's modules (membership, volunteer record, desk roles)
        page = client.get(LIST).content.decode()
    assert page.count("安平华宇机械有限公司") == 2
    page = client.get(LIST, {"author": "周建国"}).content.decode()
    assert "周建国" in page and "李秀英" not in page
    page = client.get(LIST, {"start": "2026-01-01", "end": "2026-01-31"}).content.decode()
    assert "2026年1月5日" in page and page.count("安平华宇机械有限公司") == 1
    page = client.get(LIST, {"enterprise": "恒通"}).content.decode()
    assert "没有符合条件的工情日记" in page
    # the township cadre sees the township entry only; the outsider sees none
    page = login(world.township_cadre).get(LIST).content.decode()
    assert page.count("安平华宇机械有限公司") == 1
    assert "没有符合条件的工情日记" in login(world.outsider).get(LIST).content.decode()


def test_detail_in_scope_404_outside(login, world):
    entry = _entry(world)
    url = reverse("servicedesk:diary_detail", args=[entry.uuid])
    assert "反映加班费计算问题" in login(world.county_cadre).get(url).content.decode()
    assert login(world.viewer).get(url).status_code == 200
    assert login(world.outsider).get(url).status_code == 404
    assert login(world.enterprise_cadre).get(url).status_code == 404  # entry of the township, above them


# --- follow-ups -------------------------------------------------------------------------------


def _follow_up(world, *, assignee=None, due=None):
    due = due or timezone.localdate() + datetime.timedelta(days=3)
    entry = _entry(world, follow_ups=[FollowUpPlan("回访", due, assignee or world.enterprise_cadre)])
    return entry.follow_ups.get()


def test_my_follow_ups_flag_the_overdue_ones(login, world):
    today = timezone.localdate()
    entry = diary_entry_create(
        org=world.township,
        actor=world.township_cadre,
        visited_on=today - datetime.timedelta(days=20),
        visited="职工",
        heard="情况",
        follow_ups=[
            # two weeks back: a due day on a weekend or holiday moves to the next working day, so
            # "two days ago" was not yet overdue on a Monday
            FollowUpPlan("逾期事项", today - datetime.timedelta(days=14), world.enterprise_cadre),
            FollowUpPlan("未到期事项", today + datetime.timedelta(days=5), world.enterprise_cadre),
        ],
    )
    assert entry.follow_ups.count() == 2
    page = login(world.enterprise_cadre).get(FOLLOWUPS).content.decode()
    assert page.index("逾期事项") < page.index("未到期事项")
    assert page.count("已逾期") == 1
    # the author's own list does not hold them; the scope list does
    assert "逾期事项" not in login(world.township_cadre).get(FOLLOWUPS).content.decode()
    assert "逾期事项" in login(world.township_cadre).get(FOLLOWUPS, {"scope": "all"}).content.decode()
    assert login(world.member_user).get(FOLLOWUPS, {"scope": "all"}).status_code == 403


def test_assignee_completes_a_follow_up(login, world):
    follow_up = _follow_up(world)
    url = reverse("servicedesk:followup_complete", args=[follow_up.pk])
    client = login(world.enterprise_cadre)
    assert "反映加班费计算问题" in client.get(url).content.decode()
    response = client.post(url, {"result": "食堂已延长至22点。"})
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.state, follow_up.result) == ("done", "食堂已延长至22点。") and follow_up.done_at
    log = TransitionLog.objects.get(object_id=follow_up.pk, transition="complete")
    assert (log.from_state, log.to_state, log.actor) == ("open", "done", world.enterprise_cadre)
    assert Notification.objects.filter(recipient=world.township_cadre, title__contains="已完成").exists()
    # double submit: refused with the reason, still one transition
    page = client.post(url, {"result": "再次提交"}).content.decode()
    assert "不能执行" in page
    assert TransitionLog.objects.filter(object_id=follow_up.pk, transition="complete").count() == 1


def test_a_cadre_managing_the_entry_may_complete_it_too(world):
    follow_up = _follow_up(world)
    follow_up_complete(follow_up=follow_up, actor=world.county_cadre, result="已办")
    assert FollowUp.objects.get().state == "done"


def test_completing_needs_a_result(login, world):
    follow_up = _follow_up(world)
    url = reverse("servicedesk:followup_complete", args=[follow_up.pk])
    assert "请填写完成情况" in login(world.enterprise_cadre).post(url, {"result": " "}).content.decode()
    assert FollowUp.objects.get().state == "open"
    with pytest.raises(ValidationError):
        follow_up_complete(follow_up=follow_up, actor=world.enterprise_cadre, result="")


def test_forbidden_completions(login, world):
    follow_up = _follow_up(world)
    url = reverse("servicedesk:followup_complete", args=[follow_up.pk])
    assert login(world.outsider).post(url, {"result": "x"}).status_code == 404
    assert login(world.viewer).post(url, {"result": "x"}).status_code == 403
    other = make_cadre(world.other_township, name="柳溪干部")
    assert login(other).post(url, {"result": "x"}).status_code == 404
    response = login(world.member_user).post(url, {"result": "x"})
    assert response.status_code == 404
    assert FollowUp.objects.get().state == "open"
    with pytest.raises(PermissionDenied):
        follow_up_complete(follow_up=follow_up, actor=world.viewer, result="x")
