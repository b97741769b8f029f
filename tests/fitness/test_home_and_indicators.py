"""The home's card and to-do, and the dashboard's indicators: percentages and counts, never weights."""

import datetime
from decimal import Decimal as D

import pytest
from django.utils import timezone

from gonghui.core import homes
from gonghui.core import indicators as core_indicators
from gonghui.core.indicators import Period
from gonghui.fitness import services
from tests.fitness.conftest import days_ago

pytestmark = pytest.mark.django_db


def _tiles(user, title):
    return [t for t in homes.tiles_for(user) if t.title == title]


def test_the_member_has_a_card_with_the_percentage_and_no_weight(fit):
    services.weigh_in_record(
        enrolment=fit.enrolment, measured_on=days_ago(20), weight="80.7", actor=fit.township_cadre
    )
    services.weigh_in_record(
        enrolment=fit.enrolment, measured_on=days_ago(2), weight="78.7", actor=fit.township_cadre
    )
    (card,) = _tiles(fit.member_user, "我的健身项目")
    assert card.detail == "已减重 2.5%"  # 2.0 of 80.7 kg is 2.48%
    assert "78.7" not in str(card) and "80.7" not in str(card)


def test_the_organiser_has_a_to_do_and_the_viewer_has_none(fit):
    services.weigh_in_submit(
        enrolment=fit.enrolment, measured_on=days_ago(2), weight="78", actor=fit.member_user
    )
    (todo,) = _tiles(fit.township_cadre, "待确认的体重")
    assert todo.count == 1 and todo.kind == "todo"
    assert _tiles(fit.viewer, "待确认的体重") == []
    assert _tiles(fit.outsider, "待确认的体重") == []


def test_the_home_page_still_renders(fit, login):
    services.weigh_in_submit(
        enrolment=fit.enrolment, measured_on=days_ago(2), weight="78", actor=fit.member_user
    )
    assert "待确认的体重" in login(fit.township_cadre).get("/").content.decode()
    assert "我的健身项目" in login(fit.member_user).get("/").content.decode()


def test_indicators_for_a_subtree_and_its_children(fit):
    services.weigh_in_record(
        enrolment=fit.enrolment, measured_on=days_ago(20), weight="80", actor=fit.township_cadre
    )
    services.weigh_in_record(
        enrolment=fit.enrolment, measured_on=days_ago(2), weight="78", actor=fit.township_cadre
    )
    today = timezone.localdate()
    period = Period(today - datetime.timedelta(days=30), today)
    keys = {i.key: i for i in core_indicators.indicators()}
    assert {"fitness.programmes", "fitness.participants", "fitness.average_loss"} <= set(keys)
    from gonghui.fitness.selectors import figures, figures_by_child

    assert figures(fit.county, *period.bounds()) == {
        "programmes": 1,
        "participants": 1,
        "average_loss": D("2.5"),
    }
    children = figures_by_child(fit.county, *period.bounds())
    assert children[fit.township.path]["participants"] == 1
    before = Period(today - datetime.timedelta(days=400), today - datetime.timedelta(days=300))
    assert figures(fit.county, *before.bounds())["programmes"] == 0
    assert figures(fit.other_county, *period.bounds())["programmes"] == 0
