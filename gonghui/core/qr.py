"""QR codes (member card, check-in, certificate verification): one drawing, cached by content.

Every code is drawn the same way (error correction M, a 4-module quiet zone, black on white) and
served inline or embedded, never fetched from elsewhere. The SVG carries a viewBox and no fixed
size, so it scales to whatever box the page gives it without cutting off a finder square.

A code is drawn once per text and kept in Django's cache (shared by the processes: Redis or the
database in production) and in this process, so a card shown a thousand times is drawn once.
"""

import hashlib
import io
from functools import lru_cache

import segno
from django.core.cache import cache

# The quiet zone ISO/IEC 18004 asks for: 4 modules of white around the code.
BORDER = 4
PNG_SCALE = 4
# Bump when the drawing changes, so codes cached by an older version are drawn again.
DRAWING_VERSION = 3  # 3: never Micro QR
CACHE_SECONDS = 30 * 24 * 3600


def _cache_key(kind: str, text: str) -> str:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return f"gonghui:qr:{DRAWING_VERSION}:{kind}:{digest}"


def _make(text: str):
    # Always a full QR code: segno picks Micro QR for short text (a check-in code), which phone
    # cameras, WeChat and the scanner page's BarcodeDetector do not read.
    return segno.make(text, error="m", micro=False)


def _draw_svg(text: str) -> str:
    svg = _make(text).svg_inline(
        scale=1, border=BORDER, dark="#000", light="#fff", omitsize=True, svgclass="qr-code"
    )
    # Whole modules, no anti-aliased seams between them, at any size the page scales it to.
    return svg.replace("<svg ", '<svg shape-rendering="crispEdges" ', 1)


def _draw_png(text: str) -> bytes:
    buf = io.BytesIO()
    _make(text).save(buf, kind="png", scale=PNG_SCALE, border=BORDER)
    return buf.getvalue()


@lru_cache(maxsize=2048)
def qr_svg(text: str) -> str:
    """An inline SVG QR code of `text` (viewBox, no width or height: sized by its box)."""
    key = _cache_key("svg", text)
    svg = cache.get(key)
    if svg is None:
        svg = _draw_svg(text)
        cache.set(key, svg, CACHE_SECONDS)
    return svg


@lru_cache(maxsize=512)
def qr_png(text: str) -> bytes:
    """A PNG QR code of `text` (for .docx documents)."""
    key = _cache_key("png", text)
    png = cache.get(key)
    if png is None:
        png = _draw_png(text)
        cache.set(key, png, CACHE_SECONDS)
    return png
