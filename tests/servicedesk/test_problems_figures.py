"""Problem figures for a subtree and period: known set, both databases, constant queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gonghui.servicedesk.models import PartnerUnit, Problem
from gonghui.servicedesk.selectors.problems import problem_figures
from gonghui.servicedesk.services import problems as svc

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()


def _at(y, m, d, h=9):
    return datetime.datetime(y, m, d, h, tzinfo=TZ)


def _make(
    w, title, *, enterprise=None, category="tax", unit=None, created, resolved=None, state="raised", due=None
):
    p = svc.problem_raise(
        enterprise=enterprise or w.enterprise,
        reporter=w.county_cadre,
        category=category,
        title=title,
        description="d",
    )
    Problem.objects.filter(pk=p.pk).update(
        created_at=created, resolved_at=resolved, state=state, unit=unit, due_date=due
    )
    return p


@pytest.fixture
def known(desk):
    tax = PartnerUnit.objects.create(org=desk.county, name="安平县税务局")
    m = desk.market_unit
    # In March 2026, township: 4 problems, 2 resolved in 2 and 4 days.
    _make(
        desk,
        "a",
        category="tax",
        unit=tax,
        created=_at(2026, 3, 2),
        resolved=_at(2026, 3, 4),
        state="resolved",
    )
    _make(
        desk, "b", category="tax", unit=m, created=_at(2026, 3, 5), resolved=_at(2026, 3, 9), state="resolved"
    )
    _make(
        desk,
        "c",
        category="permits",
        unit=m,
        created=_at(2026, 3, 10),
        state="assigned",
        due=datetime.date(2026, 3, 20),
    )  # overdue now
    _make(desk, "d", category="permits", created=_at(2026, 3, 31, 23))  # still raised, late on the last day
    # Outside the period (but overdue now: counted in "overdue").
    _make(
        desk,
        "e",
        category="wages",
        unit=m,
        created=_at(2026, 2, 27),
        state="reopened",
        due=datetime.date(2026, 3, 1),
    )
    # The park (other subtree).
    _make(
        desk,
        "f",
        enterprise=desk.small_enterprise,
        category="tax",
        created=_at(2026, 3, 3),
        resolved=_at(2026, 3, 13),
        state="resolved",
    )
    return desk


def _figures(org, w=None):
    return problem_figures(
        org=org,
        start=datetime.date(2026, 3, 1),
        end=datetime.date(2026, 3, 31),
        today=datetime.date(2026, 4, 1),
    )


def test_totals_for_the_township(known):
    total = _figures(known.township)["total"]
    assert total == {"raised": 4, "resolved": 2, "overdue": 2, "mean_days": 3.0, "rate": 50.0}


def test_county_includes_the_park(known):
    total = _figures(known.county)["total"]
    assert total["raised"] == 5 and total["resolved"] == 3 and total["rate"] == 60.0
    assert total["mean_days"] == round((2 + 4 + 10) / 3, 1) and total["overdue"] == 2


def test_by_category_and_by_unit(known):
    f = _figures(known.township)
    cats = {r["category"]: r for r in f["by_category"]}
    assert cats["tax"]["raised"] == 2 and cats["tax"]["resolved"] == 2 and cats["tax"]["mean_days"] == 3.0
    assert (
        cats["permits"]["raised"] == 2 and cats["permits"]["overdue"] == 1 and cats["permits"]["rate"] == 0.0
    )
    assert cats["wages"]["raised"] == 0 and cats["wages"]["overdue"] == 1 and cats["wages"]["rate"] is None
    assert cats["permits"]["label"] == "审批与市场监管"
    units = {r["unit__name"]: r for r in f["by_unit"]}
    assert units["安平县市场监督管理局"]["raised"] == 2 and units["安平县市场监督管理局"]["overdue"] == 2
    assert units["安平县税务局"]["mean_days"] == 2.0
    assert units[None]["raised"] == 1


def test_empty_period(known):
    f = problem_figures(
        org=known.township,
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2025, 1, 31),
        today=datetime.date(2025, 2, 1),
    )
    assert f["total"] == {"raised": 0, "resolved": 0, "overdue": 0, "mean_days": None, "rate": None}


def test_page_constant_queries_and_access(known, login, client):
    cadre = login(known.county_cadre)
    params = {"start": "2026-03-01", "end": "2026-03-31", "org": str(known.township.uuid)}
    cadre.get("/desk/problems/figures/", params)  # the process reads the holiday calendar once
    with CaptureQueriesContext(connection) as few:
        body = cadre.get("/desk/problems/figures/", params).content.decode()
    assert "50.0%" in body and "审批与市场监管" in body
    for i in range(5):
        _make(
            known,
            f"x{i}",
            category=["labor", "safety", "other", "finance", "talent"][i],
            created=_at(2026, 3, 15),
        )
    with CaptureQueriesContext(connection) as many:
        cadre.get("/desk/problems/figures/", params)
    assert len(many) == len(few)
    bad = cadre.get("/desk/problems/figures/", {"start": "2026-03-31", "end": "2026-03-01"})
    assert "截止日期不能早于起始日期" in bad.content.decode()
    assert login(known.worker).get("/desk/problems/figures/").status_code == 403
    # An outsider cannot choose an org outside the scope.
    body = login(known.outsider).get("/desk/problems/figures/", params).content.decode()
    assert "50.0%" not in body
    client.logout()
    assert client.get("/desk/problems/figures/").status_code == 302


def test_the_figures_page_shows_its_period_as_iso_dates(world, client):
    """Issue #10: value="2026/01/01" is not a value <input type=date> reads: the fields looked empty."""
    client.force_login(world.county_cadre)
    html = client.get("/desk/problems/figures/").content.decode()
    today = timezone.localdate()
    assert f'value="{datetime.date(today.year, 1, 1).isoformat()}"' in html
    assert f'value="{today.isoformat()}"' in html
    assert "/01/01" not in html
