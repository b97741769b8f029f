"""A county chair opens the glance on a desktop, sees the charts, drills down to a township and
back up: no content-security-policy violation on the way (the charts are SVG images)."""

import datetime

import pytest

from tests.browser.test_csp import WATCH, _clean, _login
from tests.factories import make_member

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_county_chair_opens_the_glance_and_drills_down_to_a_township(world, desk_page):
    make_member(world.union, name="今年入会", joined_on=datetime.date.today().replace(day=1))
    page = desk_page
    page.context.add_init_script(WATCH)
    console = []
    page.on("console", lambda m: console.append(m.text) if m.type in ("error", "warning") else None)
    page.console_messages = console
    _login(page, world.county_cadre)

    page.goto("/glance/")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text().startswith(world.county.name)
    assert page.locator(".kpi", has_text="会员").first.is_visible()
    charts = page.locator(".chart img")
    assert charts.count() >= 5
    for i in range(charts.count()):  # every chart drawn (an SVG the browser decoded)
        charts.nth(i).scroll_into_view_if_needed()
        # lazy images load once scrolled to: wait for each to be decoded (fails after the timeout)
        page.wait_for_function(
            "(img) => img.complete && img.naturalWidth > 0", arg=charts.nth(i).element_handle()
        )
    _clean(page)

    page.get_by_role("link", name=world.township.name, exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text().startswith(world.township.name)
    assert page.get_by_role("link", name=world.union.name, exact=True).is_visible()
    page.screenshot(path="/tmp/shots-dash/browser-township.png", full_page=True)
    _clean(page)

    page.locator(".glance-trail").get_by_role("link", name=world.county.name).click()  # back up
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text().startswith(world.county.name)
    _clean(page)
