"""An organiser enters results on a phone; the standings and the bracket (rounds stacked on a
phone) update."""

import pytest

from gonghui.tournaments import services
from gonghui.tournaments.models import Match
from tests.browser.test_journeys import _login_with_password
from tests.tournaments.conftest import cup as cup  # the fixture

pytestmark = pytest.mark.django_db(transaction=True)


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_an_organiser_enters_results_and_the_standings_and_bracket_update(cup, phone_page):
    page = phone_page
    actor = cup.w.county_cadre
    group = list(cup.division.matches.filter(stage=Match.Stage.GROUP).order_by("slot__starts_at", "pk"))
    # all but the last group match are in already
    for m in group[:-1]:
        services.match_record(match=m, sets=[(25, 20), (25, 18)], actor=actor)
    last = group[-1]

    _login_with_password(page, actor)
    page.goto(f"/tournaments/{cup.tournament.uuid}/bracket/")
    assert page.get_by_text("A组第1名").first.is_visible()

    page.goto(f"/tournaments/matches/{last.uuid}/")
    page.get_by_label("每局比分").fill("25:20")
    page.get_by_role("button", name="保存结果").click()
    page.get_by_text("须有一方先胜 2 局").wait_for()  # the error beside the field
    page.get_by_label("每局比分").fill("20:25 25:23 15:9")
    page.get_by_role("button", name="保存结果").click()
    page.get_by_text("比赛结果已保存。").wait_for()
    assert _no_sideways_scroll(page)

    page.goto(f"/tournaments/{cup.tournament.uuid}/standings/")
    row = page.locator("tr", has_text=last.home.name).first
    assert row.locator("td[data-label='场次']").inner_text().strip() == "3"
    assert _no_sideways_scroll(page)

    page.goto(f"/tournaments/{cup.tournament.uuid}/bracket/")
    assert page.get_by_text("A组第1名").count() == 0
    semi = cup.division.matches.filter(stage=Match.Stage.KNOCKOUT, round=1).first()
    assert page.get_by_text(semi.home.name).first.is_visible()
    rounds = page.locator(".bracket-round")
    first, final = rounds.nth(0).bounding_box(), rounds.nth(1).bounding_box()
    assert final["y"] >= first["y"] + first["height"] - 1  # stacked, not side by side
    assert _no_sideways_scroll(page)
