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
