"""Key pages under the Content-Security-Policy in a real browser: no violation, and their scripts work."""

import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || ""));
});
"""


@pytest.fixture
def watched(desk_page):
    page = desk_page
    page.context.add_init_script(WATCH)
    console = []
    page.on("console", lambda m: console.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    page.console_messages = console
    return page


def _clean(page):
    violations = page.evaluate("window.__csp")
    csp_console = [m for m in page.console_messages if "Content Security Policy" in m or "pageerror" in m]
    assert violations == [] and csp_console == [], (violations, csp_console)


def _login(page, user):
    page.goto("/accounts/login/")
    page.locator("input[name=phone]").fill(user.phone)
    page.locator("input[type=password]").fill(PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url("**/")


def test_home_and_join_form_scripts_work(world, watched):
    page = watched
    page.goto("/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("typeof htmx") == "object"
    _clean(page)

    page.goto("/join/")
    page.wait_for_load_state("networkidle")
    job_type = page.locator("[name=job_type]").locator("xpath=ancestor::*[contains(@class,'field')][1]")
    employer = page.locator("[name=employer_name]").locator("xpath=ancestor::*[contains(@class,'field')][1]")
    page.locator("[name=join_as][value=new_form]").check()
    assert job_type.is_visible() and not employer.is_visible()
    page.locator("[name=join_as]:not([value=new_form])").first.check()
    assert employer.is_visible() and not job_type.is_visible()
    # the chooser searches through htmx, the typed text sent as q (app.js, not an inline js: value)
    page.get_by_role("combobox", name="工作单位", exact=True).press_sequentially("安平小橙", delay=30)
    page.locator("[data-chooser-option]", has_text=world.small_enterprise.name).wait_for()
    _clean(page)


def test_roster_and_positions_pages_under_the_policy(world, watched):
    page = watched
    _login(page, world.county_cadre)
    page.goto("/roster/")
    page.wait_for_load_state("networkidle")
    assert page.get_by_text(world.member.name).count() >= 1
    _clean(page)

    page.goto("/accounts/positions/")
    page.wait_for_load_state("networkidle")
    messages = []
    page.once("dialog", lambda d: (messages.append(d.message), d.dismiss()))
    page.get_by_role("button", name="撤销").first.click()
    page.wait_for_timeout(300)
    assert messages == ["确定撤销该职务吗？"]
    assert page.url.endswith("/accounts/positions/")  # dismissed: nothing submitted
    _clean(page)


def test_api_docs_render_swagger_ui(world, watched):
    page = watched
    page.goto("/api/v1/docs")
    page.locator(".swagger-ui .info .title").wait_for()
    page.locator(".opblock").first.wait_for()
    _clean(page)


def test_the_admin_under_the_policy(desk, watched):
    from gonghui.accounts.models import User

    User.objects.create_superuser("13999999999", "Admin-pass-2026", name="平台管理员")
    page = watched
    page.goto("/admin/login/")
    page.locator("input[name=username]").fill("139 9999 9999")
    page.locator("input[name=password]").fill("Admin-pass-2026")
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/")
    _clean(page)
    page.goto("/admin/servicedesk/menuitem/")
    page.locator("#changelist").wait_for()
    page.goto(f"/admin/servicedesk/serviceteam/{desk.legal_team.pk}/change/")
    page.locator("#serviceteam_form").wait_for()
    rows = page.locator("tr.dynamic-memberships").count()
    page.get_by_text("添加另一个").first.click()  # the inline formset's own script
    assert page.locator("tr.dynamic-memberships").count() == rows + 1
    _clean(page)
