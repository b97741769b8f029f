"""One QR drawing for the whole platform (core.qr), cached by content, decodable."""

import io

import pytest

from gonghui.core import qr


def test_the_same_text_is_drawn_once():
    qr.qr_svg.cache_clear()
    first = qr.qr_svg("https://gonghui.example/v/abc")
    again = qr.qr_svg("https://gonghui.example/v/abc")
    assert first is again and first.startswith("<svg")
    assert qr.qr_svg.cache_info().hits == 1
    assert qr.qr_svg("https://gonghui.example/v/abd") != first


def test_the_png_decodes_to_its_text():
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    image = Image.open(io.BytesIO(qr.qr_png("https://gonghui.example/c/42")))
    assert [r.text for r in zxingcpp.read_barcodes(image)] == ["https://gonghui.example/c/42"]


def test_callers_use_it():
    from gonghui.members.selectors.lifecycle import card_qr_svg

    assert card_qr_svg("https://gonghui.example/m/1") is qr.qr_svg("https://gonghui.example/m/1")


def test_the_svg_scales_to_its_box_with_a_quiet_zone():
    svg = qr.qr_svg("https://gonghui.example/m/verify/scale")
    head = svg[: svg.index(">")]
    assert "viewBox=" in head and "width=" not in head and "height=" not in head
    size = int(head.split('viewBox="0 0 ')[1].split()[0])
    modules = qr.segno.make("https://gonghui.example/m/verify/scale", error="m").symbol_size(
        scale=1, border=0
    )[0]
    assert size == modules + 2 * qr.BORDER and qr.BORDER == 4


def test_a_code_drawn_by_another_process_is_read_from_the_cache(monkeypatch):
    qr.qr_svg.cache_clear()
    first = qr.qr_svg("https://gonghui.example/v/shared")
    qr.qr_svg.cache_clear()  # another process: its own memory is empty, the shared cache is not
    monkeypatch.setattr(qr, "_draw_svg", lambda text: pytest.fail("drawn again"))
    assert qr.qr_svg("https://gonghui.example/v/shared") == first


@pytest.mark.django_db
def test_the_card_page_draws_its_code_once(world, login, monkeypatch):
    from django.urls import reverse

    drawn = []
    real = qr._draw_svg
    monkeypatch.setattr(qr, "_draw_svg", lambda text: drawn.append(text) or real(text))
    qr.qr_svg.cache_clear()
    client = login(world.member_user)
    for _ in range(3):
        assert client.get(reverse("members:card")).status_code == 200
    assert len(drawn) <= 1


def test_a_short_check_in_code_is_a_full_qr_code_that_scanners_read(tmp_path):
    """segno draws short text as Micro QR unless told not to; phone cameras and WeChat cannot read
    that, so a check-in code printed on a member's phone would not scan at the gate."""
    import os
    import shutil
    import subprocess

    zbarimg = shutil.which("zbarimg")
    if zbarimg is None:
        if os.environ.get("CI"):
            pytest.fail("zbarimg not found: .ci/run installs zbar-tools")
        pytest.skip("zbarimg not installed (apt-get install zbar-tools)")
    code = "C1S5N5P4FES"
    path = tmp_path / "code.png"
    path.write_bytes(qr.qr_png(code))
    out = subprocess.run([zbarimg, "--quiet", "--raw", str(path)], capture_output=True, text=True, timeout=30)
    assert out.stdout.strip() == code
