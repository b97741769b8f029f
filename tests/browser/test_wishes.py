"""On phones: a rider posts a wish, the union's cadre publishes it, a volunteer claims it on the wish
wall and fulfils it with a photo, and the rider confirms receipt."""

import pytest

from gonghui.care.models.wishes import Wish
from gonghui.demo.care_wishes import _png
from tests.browser.conftest import PHONE
from tests.browser.test_journeys import _login_with_password
from tests.care.wishes.conftest import make_rider
from tests.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)


def _phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", **PHONE)
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_rider_wish_is_published_claimed_fulfilled_and_confirmed(
    world,
    browser,
    live_server,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    rider = make_rider(world.joint, name="马骑手")
    volunteer = make_user(name="何志愿")

    # The rider posts a wish from their phone; over the cap first.
    rider_ctx, page = _phone(browser, live_server)
    _login_with_password(page, rider)
    page.goto("/care/wishes/new/")
    page.get_by_label("心愿类别").select_option("work")
    page.get_by_label("我的心愿").fill("一件冬季骑行防寒服")
    page.get_by_label("心愿理由").fill("冬天早晚送餐风大。")
    page.get_by_label("预计金额（元）").fill("800")
    page.get_by_role("button", name="提交心愿").click()
    page.get_by_text("单个心愿金额不能超过500.00元").wait_for()
    assert _fits(page)
    page.get_by_label("预计金额（元）").fill("260")
    page.get_by_role("button", name="提交心愿").click()
    page.get_by_text("心愿已提交").wait_for()
    wish = Wish.objects.get(wisher=rider)
    assert wish.state == "submitted"

    # The joint union's cadre publishes it.
    cadre_ctx, desk = _phone(browser, live_server)
    _login_with_password(desk, world.joint_cadre)
    desk.goto("/care/wishes/manage/?state=submitted")
    desk.get_by_role("link", name="一件冬季骑行防寒服").click()
    desk.get_by_role("button", name="通过并上墙").click()
    desk.get_by_text("心愿已通过审核").wait_for()
    cadre_ctx.close()

    # A volunteer finds it on the wall (the rider masked), claims it, and uploads a photo.
    vol_ctx, vol = _phone(browser, live_server)
    _login_with_password(vol, volunteer)
    vol.goto("/care/wishes/")
    assert "马**" in vol.content() and "马骑手" not in vol.content()
    vol.get_by_role("link", name="一件冬季骑行防寒服").click()
    vol.get_by_role("button", name="我来认领").click()
    vol.get_by_text("认领成功").wait_for()
    vol.locator("input[type=file]").set_input_files(
        files=[{"name": "note.txt", "mimeType": "text/plain", "buffer": b"not an image"}]
    )
    vol.get_by_role("button", name="上传圆梦照片").click()
    vol.get_by_text("只能上传JPG、PNG或WebP格式的照片。").wait_for()
    vol.locator("input[type=file]").set_input_files(
        files=[{"name": "photo.png", "mimeType": "image/png", "buffer": _png()}]
    )
    vol.get_by_label("圆梦留言").fill("已送到站点，祝工作顺利")
    vol.get_by_role("button", name="上传圆梦照片").click()
    vol.get_by_text("圆梦照片已上传").wait_for()
    assert _fits(vol)
    vol_ctx.close()
    wish.refresh_from_db()
    assert wish.state == "fulfilled" and wish.claimer == volunteer

    # The rider sees the photo and confirms.
    page.goto("/care/wishes/mine/")
    page.get_by_role("link", name="一件冬季骑行防寒服").click()
    photo = page.locator(".wish-photo img")
    photo.scroll_into_view_if_needed()  # loading="lazy": it loads once on screen, in its own time
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=photo.element_handle())
    page.get_by_role("button", name="确认收到").click()
    page.get_by_text("已确认收到").first.wait_for()
    rider_ctx.close()
    wish.refresh_from_db()
    assert wish.state == "confirmed" and wish.confirmed_at is not None
