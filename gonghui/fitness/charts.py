"""A small weight trend as server-side SVG: shapes and presentation attributes only (no style
attribute, no <style> element, no script), so the strict CSP needs no exception."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 320, 140
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 26  # room for the weight axis on the left, the dates below


def trend_svg(points) -> SafeString:
    """`points`: [(label, Decimal weight)] in date order; "" when fewer than two.

    Axes: the lowest and highest weight on the left (kg), the first and last date below.
    """
    if len(points) < 2:
        return mark_safe("")
    values = [float(v) for _label, v in points]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = inner_w / (len(values) - 1)
    xy = [
        (round(LEFT + i * step, 1), round(TOP + inner_h - (v - low) / span * inner_h, 1))
        for i, v in enumerate(values)
    ]
    line = " ".join(f"{x},{y}" for x, y in xy)
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="3.5" fill="currentColor"><title>{} · {}kg</title></circle>',
        ((x, y, label, value) for (x, y), (label, value) in zip(xy, points, strict=True)),
    )
    base = TOP + inner_h
    axes = format_html(
        '<g fill="#6b7280" font-size="11">'
        '<line x1="{l}" y1="{t}" x2="{l}" y2="{b}" stroke="#e5e7eb"/>'
        '<line x1="{l}" y1="{b}" x2="{r}" y2="{b}" stroke="#e5e7eb"/>'
        '<text x="{lx}" y="{ty}" text-anchor="end">{high}</text>'
        '<text x="{lx}" y="{b}" text-anchor="end">{low}</text>'
        '<text x="{lx}" y="{mid}" text-anchor="end">kg</text>'
        '<text x="{l}" y="{dy}">{first}</text>'
        '<text x="{r}" y="{dy}" text-anchor="end">{last}</text>'
        "</g>",
        l=LEFT,
        r=WIDTH - RIGHT,
        t=TOP,
        b=base,
        lx=LEFT - 6,
        ty=TOP + 8,
        mid=round(TOP + inner_h / 2 + 4),
        dy=HEIGHT - 8,
        high=f"{high:.1f}",
        low=f"{low:.1f}",
        first=points[0][0],
        last=points[-1][0],
    )
    return format_html(
        '<svg class="trend" viewBox="0 0 {w} {h}" width="100%" height="{h}" role="img" aria-label="{label}">'
        '{axes}<polyline points="{line}" fill="none" stroke="currentColor" stroke-width="2"/>{dots}</svg>',
        w=WIDTH,
        h=HEIGHT,
        label=_("体重变化趋势"),
        axes=axes,
        line=line,
        dots=dots,
    )
