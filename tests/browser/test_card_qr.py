"""The e-member card's QR code scans from a 360 px phone screen, and opens the page saying 有效."""

import os
import shutil
import subprocess
import tempfile

import pytest

from tests.browser.conftest import PHONE
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = os.environ.get("GONGHUI_SHOTS")  # a folder to keep the screenshots in, to look at them


def _zbar(png: bytes) -> list[str]:
    if not shutil.which("zbarimg"):
        if os.environ.get("CI"):
            pytest.fail("zbarimg not found: .ci/run installs Debian's zbar-tools")
        pytest.skip("zbarimg not found (apt-get install zbar-tools)")
    with tempfile.NamedTemporaryFile(suffix=".png") as f:
        f.write(png)
        f.flush()
        done = subprocess.run(
            ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", f.name],
            capture_output=True,
            text=True,
            timeout=30,
        )
    return [line for line in done.stdout.splitlines() if line]


def _shot(name: str, png: bytes) -> None:
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        with open(os.path.join(SHOTS, name), "wb") as f:
            f.write(png)


@pytest.mark.parametrize("scale", [1, 2, 3])
def test_the_card_scans_from_a_360_px_phone_and_says_valid(world, browser, live_server, settings, scale):
    settings.GONGHUI_PUBLIC_URL = live_server.url
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        **{**PHONE, "viewport": {"width": 360, "height": 780}, "device_scale_factor": scale},
    )
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_role("textbox", name="手机号码", exact=True).fill(world.member_user.phone)
    page.locator("input[type=password]").fill(PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.goto("/me/card/")
    code = page.locator(".member-card .qr svg")
    code.wait_for()
    box = code.bounding_box()
    assert box["width"] >= 120 and abs(box["width"] - box["height"]) < 1  # square, whole, phone-sized
    png = page.screenshot(full_page=True)
    _shot(f"card-360-x{scale}.png", png)

    urls = _zbar(png)
    assert len(urls) == 1 and urls[0].startswith(f"{live_server.url}/"), urls
    page.goto(urls[0])
    page.get_by_role("heading", name="电子会员证核验").wait_for()
    assert page.locator(".big.ok").inner_text() == "有效"
    assert page.get_by_text(world.member.member_no).is_visible()
    _shot(f"verify-360-x{scale}.png", page.screenshot(full_page=True))
    context.close()
