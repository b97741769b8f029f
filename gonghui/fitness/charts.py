"""A small weight trend as server-side SVG: shapes and presentation attributes only (no style
attribute, no <style> element, no script), so the strict CSP needs no exception."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH, HEIGHT, PAD = 320, 120, 14


def trend_svg(points) -> SafeString:
    """`points`: [(label, Decimal weight)] in date order; "" when fewer than two."""
    if len(points) < 2:
        return mark_safe("")
    values = [float(v) for _label, v in points]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / (len(values) - 1)
    xy = [
        (round(PAD + i * step, 1), round(HEIGHT - PAD - (v - low) / span * (HEIGHT - 2 * PAD), 1))
        for i, v in enumerate(values)
    ]
    line = " ".join(f"{x},{y}" for x, y in xy)
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="3.5" fill="currentColor"><title>{} · {}kg</title></circle>',
        ((x, y, label, value) for (x, y), (label, value) in zip(xy, points, strict=True)),
    )
    return format_html(
        '<svg class="trend" viewBox="0 0 {w} {h}" width="100%" height="{h}" role="img" aria-label="{label}">'
        '<polyline points="{line}" fill="none" stroke="currentColor" stroke-width="2"/>{dots}</svg>',
        w=WIDTH,
        h=HEIGHT,
        label=_("体重变化趋势"),
        line=line,
        dots=dots,
    )
