"""The holiday-calendar page: list, add, remove, paste a State Council notice; and its admin."""

import datetime

import pytest
from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.core.models import AuditEntry, CalendarDay
from gonghui.core.workdays import add_working_days
from gonghui.servicedesk.services.settings import calendar_parse

D = datetime.date
URL = reverse("servicedesk:calendar")
ADD = reverse("servicedesk:calendar_add")
PASTE = reverse("servicedesk:calendar_paste")

NOTICE_2027 = """2027-02-06 至 2027-02-12 春节放假
2027-02-14 上班
# 备注行会被忽略

2027年10月1日至7日 国庆节放假
"""


def test_anonymous_is_sent_to_login(client, world):
    for url in (URL, PASTE):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url
    response = client.post(ADD, {"date": "2027-01-01", "is_working_day": "0", "name": "元旦"})
    assert response.status_code == 302 and not CalendarDay.objects.exists()


@pytest.mark.parametrize("persona", ["township_cadre", "enterprise_cadre", "member_user", "worker"])
def test_only_federation_cadres_may_edit(login, world, persona):
    client = login(getattr(world, persona))
    assert client.get(URL).status_code == 403
    assert client.post(ADD, {"date": "2027-01-01", "is_working_day": "0"}).status_code == 403
    assert client.post(PASTE, {"text": NOTICE_2027, "action": "save"}).status_code == 403
    assert not CalendarDay.objects.exists()


def test_a_viewer_of_the_county_gets_403(login, world):
    from gonghui.accounts.models import Role
    from tests.factories import make_cadre

    county_viewer = make_cadre(world.county, name="钱观察", role=Role.VIEWER)
    assert login(county_viewer).get(URL).status_code == 403


def test_the_calendar_is_national_so_another_countys_federation_may_edit_it(login, world):
    response = login(world.outsider).get(URL + "?year=2026")
    assert response.status_code == 200


def test_list_shows_overrides_and_the_package_schedule(login, world):
    CalendarDay.objects.create(date=D(2027, 2, 8), is_working_day=False, name="春节")
    client = login(world.county_cadre)
    page = client.get(URL + "?year=2027").content.decode()
    assert "2027年2月8日" in page and "春节" in page
    assert "内置日历尚无本年度安排" in page
    page = client.get(URL + "?year=2026").content.decode()
    assert "2026年10月10日" in page  # the package's make-up Saturday, for checking
    assert client.get(URL + "?year=abc").status_code == 200
    assert client.get(URL + "?year=99999").status_code == 200


def test_add_and_remove_a_day(login, world):
    client = login(world.county_cadre)
    response = client.post(ADD, {"date": "2027-02-14", "is_working_day": "1", "name": "春节调休上班"})
    assert response.status_code == 302
    day = CalendarDay.objects.get()
    assert (day.date, day.is_working_day, day.name) == (D(2027, 2, 14), True, "春节调休上班")
    # the same date again replaces it (double submit: still one row)
    client.post(ADD, {"date": "2027-02-14", "is_working_day": "1", "name": "春节调休上班"})
    assert CalendarDay.objects.count() == 1
    assert AuditEntry.objects.filter(action="calendar_day_set").count() == 2
    response = client.post(reverse("servicedesk:calendar_remove", args=["2027-02-14"]))
    assert response.status_code == 302 and not CalendarDay.objects.exists()
    # removing it twice says so
    response = client.post(reverse("servicedesk:calendar_remove", args=["2027-02-14"]), follow=True)
    assert "没有自定义的节假日安排" in response.content.decode()
    assert client.post(reverse("servicedesk:calendar_remove", args=["not-a-date"])).status_code == 404


def test_add_rejects_bad_input(login, world):
    client = login(world.county_cadre)
    response = client.post(ADD, {"date": "2027-02-30", "is_working_day": "0"})
    assert "请输入正确的日期" in response.content.decode()
    response = client.post(ADD, {"date": "1990-01-01", "is_working_day": "0"})
    assert "日期应在2000年至2100年之间" in response.content.decode()
    assert not CalendarDay.objects.exists()


def test_paste_previews_then_saves_every_day(login, world):
    client = login(world.county_cadre)
    response = client.post(PASTE, {"text": NOTICE_2027, "action": "preview"})
    page = response.content.decode()
    assert response.status_code == 200 and "预览：共15天" in page and "确认保存" in page
    assert not CalendarDay.objects.exists()
    response = client.post(PASTE, {"text": NOTICE_2027, "action": "save"})
    assert response.status_code == 302
    assert CalendarDay.objects.count() == 15
    assert CalendarDay.objects.get(date=D(2027, 2, 14)).is_working_day
    assert CalendarDay.objects.get(date=D(2027, 2, 10)).name == "春节"
    assert CalendarDay.objects.get(date=D(2027, 10, 7)).name == "国庆节"
    # the deadline moves: Fri 5 Feb + 5 working days = Thu 18 Feb instead of Fri 12 Feb
    assert add_working_days(D(2027, 2, 5), 5) == D(2027, 2, 18)
    # saving the same notice again replaces, not duplicates
    client.post(PASTE, {"text": NOTICE_2027, "action": "save"})
    assert CalendarDay.objects.count() == 15


def test_paste_with_a_bad_line_saves_nothing_and_names_the_line(login, world):
    client = login(world.county_cadre)
    text = "2027-02-06 至 2027-02-12 春节放假\n2027-02-30 上班\n2027-03-01 开会\n"
    response = client.post(PASTE, {"text": text, "action": "save"})
    page = response.content.decode()
    assert "第2行" in page and "日期2027-02-30不存在" in page
    assert "第3行" in page and "请注明“放假”或“上班”" in page
    assert not CalendarDay.objects.exists()
    response = client.post(PASTE, {"text": "", "action": "save"})
    assert "请粘贴放假安排" in response.content.decode()


def test_parse_catches_overlaps_reversed_and_long_ranges(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as e:
        calendar_parse("2027-02-06 至 2027-02-12 春节放假\n2027-02-12 上班")
    assert "与第1行重复" in e.value.messages[0]
    with pytest.raises(ValidationError) as e:
        calendar_parse("2027-02-12 至 2027-02-06 春节放假")
    assert "结束日期早于开始日期" in e.value.messages[0]
    with pytest.raises(ValidationError) as e:
        calendar_parse("2027-01-01 至 2027-03-01 放假")
    assert "一行最多31天" in e.value.messages[0]


def test_paste_marks_days_it_replaces(login, world):
    CalendarDay.objects.create(date=D(2027, 2, 6), is_working_day=True, name="旧安排")
    page = login(world.county_cadre).post(PASTE, {"text": NOTICE_2027, "action": "preview"}).content.decode()
    assert "旧安排" in page


def test_admin_lists_and_saves_through_the_service(client, world):
    admin = User.objects.create_superuser("13700000999", "Admin-pass-2026", name="管理员")
    client.force_login(admin)
    CalendarDay.objects.create(date=D(2027, 2, 8), is_working_day=False, name="春节")
    response = client.get(reverse("admin:core_calendarday_changelist") + "?q=春节")
    assert response.status_code == 200 and "春节" in response.content.decode()
    response = client.post(
        reverse("admin:core_calendarday_add"),
        {"date": "2027-02-14", "is_working_day": "on", "name": "春节调休上班"},
    )
    assert response.status_code == 302
    assert CalendarDay.objects.get(date=D(2027, 2, 14)).is_working_day
    assert AuditEntry.objects.filter(action="calendar_day_set").exists()
    for name in ("job", "auditentry", "transitionlog", "personaldataaccess"):
        assert client.get(reverse(f"admin:core_{name}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:core_{name}_add")).status_code == 403
