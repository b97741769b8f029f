"""Navigation as on the apps workers use: a phone's one-line sticky top bar and bottom tab bar with
44 px targets, tables as cards (no sideways scrolling), a desktop side navigation of the cadre's
own modules with the width used, and the visitor's way in (join, login)."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from gonghui.members.services.join import join_submit
from tests.browser.conftest import PHONE
from tests.factories import make_id_number, make_mobile
from tests.servicedesk.test_orders import place_order

pytestmark = pytest.mark.django_db(transaction=True)

LIST_PAGES = (
    "members:application_list",
    "members:roster",
    "servicedesk:board",
    "servicedesk:problem_list",
    "servicedesk:petition_list",
    "core:notifications",
)


def _sign_in(page, user, live_server):
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


@pytest.fixture(params=[360, 390], ids=["360px", "390px"])
def phone(request, browser, live_server):
    viewport = {"width": request.param, "height": 800}
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", **{**PHONE, "viewport": viewport})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def _heights(page, selector):
    return page.eval_on_selector_all(
        selector,
        "els => els.filter(e => e.offsetParent !== null).map(e => [e.textContent.trim(), e.getBoundingClientRect().height])",
    )


def _assert_one_line_sticky_top_bar(page):
    bar = page.locator("header.topbar")
    assert bar.bounding_box()["height"] <= 60  # one line (44 px targets plus padding), not three
    page.mouse.wheel(0, 600)
    page.evaluate("window.scrollTo(0, 600)")
    page.wait_for_timeout(100)
    assert page.evaluate("document.querySelector('header.topbar').getBoundingClientRect().top") == 0


def _assert_no_sideways_scroll(page):
    width, viewport = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= viewport, (page.url, width, viewport)


def test_a_member_on_a_phone_has_the_tab_bar_and_tall_targets(world, phone, live_server):
    page = phone
    _sign_in(page, world.member_user, live_server)
    page.goto(reverse("servicedesk:menu"))
    _assert_one_line_sticky_top_bar(page)
    assert page.locator("header.topbar .page-title").inner_text() == "服务菜单"

    tabs = page.locator("nav.tabbar a")
    assert tabs.all_inner_texts() == ["首页", "服务", "消息", "我的"]
    assert page.locator("nav.tabbar").bounding_box()["y"] + 56 >= page.viewport_size["height"] - 1
    for label, height in _heights(page, "header.topbar a, header.topbar button, nav.tabbar a, nav.filters a"):
        assert height >= 44, (label, height)
    _assert_no_sideways_scroll(page)

    # 服务 lists the worker's modules; 我的 holds the account, the language switch and logout
    tabs.nth(1).click()
    page.wait_for_url("**/services/")
    assert page.get_by_role("link", name="服务点单").count() == 1
    assert page.get_by_role("link", name="会员名册").count() == 0
    assert page.locator("nav.tabbar a[aria-current=page]").inner_text() == "服务"
    tabs.nth(3).click()
    page.wait_for_url("**/account/")
    for name in ("修改密码", "我的接口令牌"):
        assert page.get_by_role("link", name=name).is_visible()
    page.get_by_role("button", name="English").click()
    page.wait_for_url("**/account/")
    assert page.locator("nav.tabbar a").count() == 4 and page.locator("html").get_attribute("lang") == "en"


def test_a_cadre_on_a_phone_reads_every_list_without_scrolling_sideways(world, desk, phone, live_server):
    join_submit(
        name="王小明",
        id_number=make_id_number(),
        mobile=make_mobile(),
        consent=True,
        enterprise=world.enterprise,
    )
    page = phone
    _sign_in(page, world.county_cadre, live_server)
    for name in LIST_PAGES:
        page.goto(reverse(name))
        page.wait_for_load_state("networkidle")
        _assert_no_sideways_scroll(page)
        assert page.locator("nav.tabbar a").count() == 4
    place_order(desk)  # a row on the board
    # the lists drawn in Python (core.rows) become cards as the templates' do
    for url, heading in (
        (reverse("members:application_list"), "状态"),
        (reverse("members:roster"), "会籍状态"),
        (reverse("servicedesk:board"), "点单方"),
        (reverse("orgs:detail", args=[world.county.uuid]), "建会率"),
    ):
        page.goto(url)
        cell = page.locator(f"table.table.stacked td[data-label='{heading}']").first
        assert cell.is_visible()
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]


def test_without_javascript_a_table_keeps_its_columns_and_the_page_does_not_scroll(
    world, browser, live_server
):
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        java_script_enabled=False,
        **{**PHONE, "viewport": {"width": 360, "height": 800}},
    )
    page = context.new_page()
    _sign_in(page, world.county_cadre, live_server)
    page.goto(reverse("members:roster"))
    _assert_no_sideways_scroll(page)
    assert (
        page.locator("table.table th", has_text="会籍状态").count() == 1
    )  # no column hidden: it scrolls in its box
    assert page.evaluate("getComputedStyle(document.querySelector('table.table')).overflowX") == "auto"
    context.close()


def test_a_cadre_on_a_desktop_has_a_side_navigation_of_their_modules(world, desk, desk_page, live_server):
    page = desk_page
    _sign_in(page, world.county_cadre, live_server)
    page.goto(reverse("members:roster"))
    side = page.locator("nav.sidenav")
    assert side.is_visible()
    assert side.get_by_role("link", name="会员名册").get_attribute("aria-current") == "page"
    assert side.get_by_role("link", name="入会申请").is_visible()
    assert page.locator("nav.tabbar").is_hidden()
    assert page.locator("main.container").bounding_box()["width"] > 960
    _assert_no_sideways_scroll(page)


def test_a_member_on_a_desktop_sees_no_cadre_modules(world, desk_page, live_server):
    page = desk_page
    _sign_in(page, world.member_user, live_server)
    page.goto(reverse("members:me"))
    assert page.locator("nav.sidenav").count() == 0
    for cadre_only in ("/roster/", "/applications/", "/desk/board/"):
        assert page.locator(f"a[href='{cadre_only}']").count() == 0
    assert page.locator("nav.topnav a").all_inner_texts()[:3] == ["首页", "服务", "消息"]


def test_a_visitor_is_offered_join_and_login(db, phone, desk_page):
    page = phone
    page.goto("/")
    assert page.locator("nav.tabbar a").all_inner_texts() == ["首页", "入会", "登录"]
    for label, height in _heights(page, "header.topbar a, header.topbar button, nav.tabbar a"):
        assert height >= 44, (label, height)
    assert page.get_by_role("button", name="English").is_visible()  # the language switch on a phone
    page.locator("nav.tabbar a", has_text="入会").click()
    page.wait_for_url("**/join/")
    assert page.locator("nav.tabbar a[aria-current=page]").inner_text() == "入会"
    desk_page.goto("/")
    assert desk_page.locator("nav.topnav a").all_inner_texts() == ["入会", "登录"]
