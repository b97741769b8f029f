"""Dates for people read one way everywhere (gonghui/formats): 2026年12月3日, Dec. 3, 2026 in
English; ISO values stay only where machines read them (inputs, file names, the API)."""

import datetime
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

import gonghui
from gonghui.core.models import Notification, TransitionLog
from gonghui.servicedesk.services import orders as svc
from tests.servicedesk.test_orders import place_order

ROOT = Path(gonghui.__file__).parent
DAY = datetime.date(2026, 12, 3)


def test_the_date_filter_and_date_format_follow_the_language():
    template = Template("{{ day|date }} · {{ at|date:'DATETIME_FORMAT' }}")
    at = datetime.datetime(2026, 12, 3, 14, 5)
    with translation.override("zh-hans"):
        assert template.render(Context({"day": DAY, "at": at})) == "2026年12月3日 · 2026年12月3日 14:05"
    with translation.override("en"):
        assert template.render(Context({"day": DAY, "at": at})).startswith("Dec. 3, 2026 · Dec. 3, 2026")


def test_no_template_writes_a_date_format_of_its_own():
    # The locale's named formats, times (H:i), weekdays (l) and ISO for machines (c) are fine;
    # a date inside a URL is ISO by necessity.
    allowed = re.compile(r"""^(?:["'][A-Z_]+_FORMAT["']|["'](?:H:i|l|c)["'])$""")
    found = [
        f"{t.relative_to(ROOT)}: {fmt}"
        for t in ROOT.glob("**/templates/**/*.html")
        for line in t.read_text().splitlines()
        if "{% url" not in line
        for fmt in re.findall(r"\|date:((?:_\()?[\"'][^\"']*[\"'])", line)
        if not allowed.match(fmt)
    ]
    assert not found, "\n".join(found)


def test_no_python_writes_a_date_for_people_by_hand():
    hand = re.compile(r'strftime\("%Y-%m-%d"\)|"Y年n月j日"|_\("Y年')
    found = [
        f"{p.relative_to(ROOT)}: {line.strip()}"
        for p in ROOT.glob("**/*.py")
        if "formats" not in p.parts and "migrations" not in p.parts
        for line in p.read_text().splitlines()
        if hand.search(line)
    ]
    assert not found, "\n".join(found)


@pytest.mark.django_db
def test_order_notifications_and_history_show_the_date_as_people_read_it(desk):
    order = place_order(desk)
    svc.order_accept(order=order, actor=desk.county_cadre)
    service_date = order.wished_date
    svc.order_dispatch(
        order=order,
        team=desk.legal_team,
        service_date=service_date,
        service_place="三楼",
        actor=desk.county_cadre,
    )
    people = f"{service_date.year}年{service_date.month}月{service_date.day}日"
    bodies = list(Notification.objects.values_list("body", flat=True))
    assert any(people in b for b in bodies) and not any(service_date.isoformat() in b for b in bodies)
    note = TransitionLog.objects.get(object_id=order.pk, transition="dispatch").note
    assert people in note and service_date.isoformat() not in note


def test_list_rows_show_a_day_as_date_shows_it_in_each_language():
    import datetime

    from django.template import Context, Template
    from django.utils import translation

    from gonghui.core import rows

    day = datetime.date(2026, 12, 3)
    for language, shown in (("zh-hans", "2026年12月3日"), ("en", "Dec. 3, 2026")):
        with translation.override(language):
            assert rows.days()(day) == Template("{{ d|date }}").render(Context({"d": day})) == shown
            assert rows.days()(None) == ""
