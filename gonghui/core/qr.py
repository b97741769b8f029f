"""QR codes (member card, check-in, certificate verification): one drawing, cached by content.

Every code is drawn the same way (error correction M, 4 px modules, 2-module quiet zone, black on
white) and served inline or embedded, never fetched from elsewhere. A code is drawn once per
process for the same text: the member card and the check-in page redraw the same URL on every view.
"""

import io
from functools import lru_cache

import segno

SCALE, BORDER = 4, 2


@lru_cache(maxsize=2048)
def qr_svg(text: str) -> str:
    """An inline SVG QR code of `text`."""
    return segno.make(text, error="m").svg_inline(scale=SCALE, border=BORDER, dark="#000", light="#fff")


@lru_cache(maxsize=512)
def qr_png(text: str) -> bytes:
    """A PNG QR code of `text` (for .docx documents)."""
    buf = io.BytesIO()
    segno.make(text, error="m").save(buf, kind="png", scale=SCALE, border=BORDER)
    return buf.getvalue()
