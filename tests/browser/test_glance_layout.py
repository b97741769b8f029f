"""The glance as a county chair sees it in a browser, on a phone (390×844) and on a desktop
(1440×900): the page never scrolls sideways, even with a long figure in a tile; its targets are
44 px tall; the children's table scrolls in its own box with the org column held at its left; the
phone gets the charts drawn narrow; a township opens from the table. Playwright with Debian's
chromium (skipped without chromium, failed in CI)."""

import pytest

from tests.browser.conftest import PHONE
from tests.browser.test_csp import WATCH, _clean, _login

pytestmark = pytest.mark.django_db(transaction=True)

SIZES = {"phone": PHONE, "desktop": {"viewport": {"width": 1440, "height": 900}}}

SIDEWAYS = "[document.documentElement.scrollWidth, window.innerWidth]"
SMALL_TARGETS = """() => [...document.querySelectorAll('main a, main button, main input, main select')]
  .filter(el => el.getClientRects().length)
  .map(el => [el.textContent.trim().slice(0, 20) || el.name, el.getBoundingClientRect().height])
  .filter(([, h]) => h < 44)"""
LONG_FIGURE = """() => {
  const value = document.querySelector('.kpi .kpi-value');
  value.textContent = '123,456,789.00 元'; value.classList.add('long');
  const prev = value.parentElement.querySelector('.kpi-prev');
  if (prev) prev.textContent = '上年同期 98,765,432.10 元 +24,691,356.90';
  const tile = value.closest('.kpi').getBoundingClientRect(), grid = document.querySelector('.kpis').getBoundingClientRect();
  const fits = [value, prev].filter(Boolean).every(el => el.scrollWidth <= el.clientWidth + 1);
  return [fits && tile.right <= grid.right + 1, document.documentElement.scrollWidth, window.innerWidth];
}"""
ORG_COLUMN_HELD = """() => {
  const wrap = document.querySelector('.glance-table-wrap');
  wrap.scrollIntoView({block: 'start'});
  wrap.scrollLeft = wrap.scrollWidth;
  const cell = wrap.querySelector('tbody .org-col'), head = wrap.querySelector('thead .org-col');
  const c = cell.getBoundingClientRect(), w = wrap.getBoundingClientRect();
  const seen = document.elementFromPoint(c.left + 4, c.top + c.height / 2);
  return {scrolled: wrap.scrollLeft > 0, left: c.left - w.left, covered: !cell.contains(seen),
          headSticky: getComputedStyle(head).position, headTop: getComputedStyle(wrap.querySelector('thead th')).top,
          background: getComputedStyle(cell).backgroundColor};
}"""


@pytest.mark.parametrize("size", SIZES)
def test_a_county_chair_reads_the_glance_and_drills_down(world, browser, live_server, size):  # noqa: F811
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", **SIZES[size])
    context.add_init_script(WATCH)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.console_messages = []
    page.on("console", lambda m: page.console_messages.append(m.text) if m.type == "error" else None)
    try:
        _login(page, world.county_cadre)
        page.goto("/glance/")
        page.wait_for_load_state("networkidle")
        assert page.get_by_role("heading", level=1).inner_text().startswith(world.county.name)

        width, viewport = page.evaluate(SIDEWAYS)
        assert width <= viewport, "the page scrolls sideways"
        assert page.evaluate(SMALL_TARGETS) == []

        # the charts: drawn narrow for a phone, wide for a desk, each decoded
        images = page.locator(".chart img")
        assert images.count() >= 5
        for i in range(images.count()):
            images.nth(i).scroll_into_view_if_needed()
            page.wait_for_function(
                "(img) => img.complete && img.naturalWidth > 0", arg=images.nth(i).element_handle()
            )
            assert ("size=narrow" in images.nth(i).evaluate("img => img.currentSrc")) == (size == "phone")

        # the children's table: a table still (not cards), scrolling in its box, its org column held
        assert page.locator("table.glance-table.stacked").count() == 0
        held = page.evaluate(ORG_COLUMN_HELD)
        assert held["scrolled"] and abs(held["left"]) <= 2 and not held["covered"], held
        assert held["headSticky"] == "sticky" and held["headTop"] == "0px", held
        assert held["background"] not in ("rgba(0, 0, 0, 0)", "transparent"), held
        width, viewport = page.evaluate(SIDEWAYS)
        assert width <= viewport

        # a long figure stays inside its tile and the screen
        inside, width, viewport = page.evaluate(LONG_FIGURE)
        assert inside and width <= viewport
        _clean(page)

        page.locator(".glance-table").get_by_role("link", name=world.township.name, exact=True).click()
        page.wait_for_load_state("networkidle")
        assert page.get_by_role("heading", level=1).inner_text().startswith(world.township.name)
        width, viewport = page.evaluate(SIDEWAYS)
        assert width <= viewport
        assert page.evaluate(SMALL_TARGETS) == []
        _clean(page)
    finally:
        context.close()
