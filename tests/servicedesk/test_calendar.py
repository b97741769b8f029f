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


def test_another_countys_cadre_gets_their_own_adjustments_and_404_for_ours(login, world):
    client = login(world.outsider)
    page = client.get(URL + "?year=2026").content.decode()
    assert "临川县总工会" in page and "本地调整" in page
    assert client.get(URL + f"?org={world.county.uuid}").status_code == 404
    response = client.post(ADD + f"?org={world.county.uuid}", {"date": "2027-01-04", "is_working_day": "0"})
    assert response.status_code == 404 and not CalendarDay.objects.exists()
    assert client.get(URL + "?org=not-a-uuid").status_code == 404


def test_list_shows_local_adjustments_and_the_national_table_read_only(login, world):
    CalendarDay.objects.create(date=D(2027, 2, 8), is_working_day=False, name="春节")
    CalendarDay.objects.create(org=world.county, date=D(2027, 3, 1), is_working_day=False, name="县庆")
    client = login(world.county_cadre)
    page = client.get(URL + "?year=2027").content.decode()
    assert "安平县总工会" in page and "县庆" in page
    national = page[page.index("全国安排（只读）") :]
    assert "2027年2月8日" in national and "春节" in national
    assert reverse("servicedesk:calendar_remove", args=["2027-02-08"]) not in page  # no delete button
    assert reverse("servicedesk:calendar_remove", args=["2027-03-01"]) in page
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
    assert (day.org, day.date, day.is_working_day, day.name) == (
        world.county,
        D(2027, 2, 14),
        True,
        "春节调休上班",
    )
    assert add_working_days(D(2027, 2, 12), 1, org=world.union) == D(2027, 2, 14)  # the county's subtree
    assert add_working_days(D(2027, 2, 12), 1, org=world.other_union) == D(2027, 2, 15)  # not another's
    assert add_working_days(D(2027, 2, 12), 1) == D(2027, 2, 15)  # nor the national table
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
    assert set(CalendarDay.objects.values_list("org", flat=True)) == {world.county.pk}
    # the county's deadlines move: Fri 5 Feb + 5 working days = Thu 18 Feb instead of Fri 12 Feb
    assert add_working_days(D(2027, 2, 5), 5, org=world.township) == D(2027, 2, 18)
    assert add_working_days(D(2027, 2, 5), 5, org=world.other_county) == D(2027, 2, 12)
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
    CalendarDay.objects.create(org=world.county, date=D(2027, 2, 6), is_working_day=True, name="旧安排")
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


def test_a_county_cadre_cannot_edit_the_national_table(world):
    from django.core.exceptions import PermissionDenied

    from gonghui.servicedesk.services.settings import calendar_day_remove, calendar_day_set, calendar_import

    CalendarDay.objects.create(date=D(2027, 2, 8), is_working_day=False, name="春节")
    with pytest.raises(PermissionDenied):
        calendar_day_set(date=D(2027, 2, 9), is_working_day=False, name="", actor=world.county_cadre)
    with pytest.raises(PermissionDenied):
        calendar_day_remove(date=D(2027, 2, 8), actor=world.county_cadre)
    with pytest.raises(PermissionDenied):
        calendar_import(text=NOTICE_2027, actor=world.county_cadre)
    with pytest.raises(PermissionDenied):  # nor another county's adjustments, nor a township's
        calendar_day_set(
            date=D(2027, 2, 9),
            is_working_day=False,
            name="",
            actor=world.county_cadre,
            org=world.other_county,
        )
    with pytest.raises(PermissionDenied):
        calendar_day_set(
            date=D(2027, 2, 9), is_working_day=False, name="", actor=world.county_cadre, org=world.township
        )
    assert list(CalendarDay.objects.values_list("date", "org")) == [(D(2027, 2, 8), None)]


def test_a_township_org_in_scope_is_403_not_a_calendar(login, world):
    client = login(world.county_cadre)
    assert client.get(URL + f"?org={world.township.uuid}").status_code == 403


def test_a_platform_admin_keeps_the_national_table(client, world):
    admin = User.objects.create_superuser("13700000998", "Admin-pass-2026", name="管理员")
    client.force_login(admin)
    page = client.get(URL + "?year=2027").content.decode()
    assert "2027年全国节假日安排" in page
    response = client.post(ADD, {"date": "2027-02-14", "is_working_day": "1", "name": "春节调休上班"})
    assert response.status_code == 302
    assert CalendarDay.objects.get().org is None
    assert add_working_days(D(2027, 2, 12), 1, org=world.union) == D(2027, 2, 14)
    assert add_working_days(D(2027, 2, 12), 1, org=world.other_union) == D(2027, 2, 14)
    response = client.post(PASTE, {"text": NOTICE_2027, "action": "save"})
    assert response.status_code == 302 and CalendarDay.objects.filter(org__isnull=True).count() == 15


def test_the_nearest_adjustment_wins_in_a_city_county_township_tree(world):
    from gonghui.orgs.models import OrgKind
    from gonghui.orgs.services import org_create

    city = org_create(name="临江市总工会", kind=OrgKind.FEDERATION, parent=None, check_scope=False)
    county = org_create(name="临江市东区总工会", kind=OrgKind.FEDERATION, parent=city, check_scope=False)
    township = org_create(name="东区河口镇工会", kind=OrgKind.TOWNSHIP, parent=county, check_scope=False)
    sister = org_create(name="临江市西区总工会", kind=OrgKind.FEDERATION, parent=city, check_scope=False)
    monday = D(2027, 3, 1)
    CalendarDay.objects.create(date=monday, is_working_day=True, name="全国")
    CalendarDay.objects.create(org=city, date=monday, is_working_day=False, name="市庆")
    CalendarDay.objects.create(org=county, date=monday, is_working_day=True, name="区里照常上班")
    from gonghui.core import workdays

    assert workdays.is_working_day(monday)
    assert not workdays.is_working_day(monday, org=city)
    assert not workdays.is_working_day(monday, org=sister)  # inherits the city's
    assert workdays.is_working_day(monday, org=county)
    assert workdays.is_working_day(monday, org=township)  # the nearest: the county's
    # and the queryset rule agrees per subtree (a follow-up due the Friday before, asked on Tuesday)
    friday, tuesday = D(2027, 2, 26), D(2027, 3, 2)
    assert workdays.is_overdue(friday, org=township, today=tuesday)
    assert workdays.is_overdue(friday, org=sister, today=tuesday)
    assert workdays.overdue_cutoff(org=sister, today=tuesday) == D(2027, 2, 27)
    assert workdays.overdue_cutoff(org=county, today=tuesday) == D(2027, 3, 2)


def test_dates_out_of_range_never_crash_the_page(login, world):
    client = login(world.county_cadre)
    for year in ("0", "-5", "99999999999999999999999", "2100", "1"):
        assert client.get(URL + f"?year={year}").status_code == 200
    response = client.post(reverse("servicedesk:calendar_remove", args=["9999-12-31"]), follow=True)
    assert response.status_code == 200 and "没有自定义的节假日安排" in response.content.decode()
