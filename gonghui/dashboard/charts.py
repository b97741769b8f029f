"""The glance's charts as server-side SVG (pygal): no script, no CDN; served by the app and shown
with <img>, so the page keeps its content security policy (no inline script or style in the page)."""

import math
import re
import unicodedata

import pygal
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from pygal.style import Style

from gonghui.core import indicators
from gonghui.core.indicators import Chart, Indicator, Period
from gonghui.dashboard import formats

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1f2937",
    foreground_strong="#111827",
    foreground_subtle="#6b7280",
    font_family='"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif',
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=12,
    legend_font_size=13,
    title_font_size=15,
    colors=("#c8102e", "#2563eb", "#059669", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#4b5563"),
)
# pygal adds a script holding its tooltip configuration even with js=[]: never needed in an <img>.
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>|<script\b[^>]*/>", re.S)


def _style(font: int) -> Style:
    return Style(
        **{
            **STYLE.to_dict(),
            "label_font_size": font,
            "major_label_font_size": font,
            "legend_font_size": font,
            "value_font_size": font - 1,
        }
    )


# Two drawings of each chart: for a desk's half-page column, and narrow for a phone (the page's
# <picture> picks it below 600 px), so that its labels still read at the phone's width instead of
# being scaled down to half their size.
WIDE = {"width": 640, "height": 320, "font": 13, "style": STYLE}
NARROW = {"width": 360, "height": 240, "font": 12, "style": _style(12)}
MARGIN = 12
LEGEND_BOX = 12  # pygal's legend_box_size
SPACING = 10  # pygal's spacing


def text_px(text: str, font: float) -> float:
    """The width a label takes: a Chinese (wide) character is about one em, others 0.6 (pygal
    counts every character as 0.6 em, so Chinese labels overran their room and were cut off)."""
    return sum(font if unicodedata.east_asian_width(c) in "WF" else 0.6 * font for c in text)


def fit(text: str, room: float, font: float) -> str:
    """`text`, cut with "…" to fit `room` pixels."""
    if text_px(text, font) <= room:
        return text
    while text and text_px(text + "…", font) > room:
        text = text[:-1]
    return text + "…"


def axis_number(value) -> str:
    """An axis or value label: 1,200 · 2.5."""
    if value is None:
        return ""
    return f"{int(value):,}" if float(value).is_integer() else f"{float(value):,.1f}"


def _size(narrow: bool) -> dict:
    return NARROW if narrow else WIDE


def _config(size: dict, **kwargs) -> dict:
    return {
        "style": size["style"],
        "disable_xml_declaration": True,
        "js": [],
        "width": size["width"],
        "height": size["height"],
        "show_legend": False,
        "print_values": False,
        "margin": MARGIN,
        "no_data_text": _("暂无数据"),
        "truncate_label": -1,
        "truncate_legend": -1,
        "value_formatter": axis_number,
        **kwargs,
    }


def _svg(chart) -> bytes:
    return _SCRIPT.sub("", chart.render(is_unicode=True)).encode()


def month_label(month) -> str:
    """ "3月"; January with its year ("26年1月"), so that a period over two years reads right."""
    if month.month == 1:
        return _("%(y)02d年1月") % {"y": month.year % 100}
    return _("%(m)d月") % {"m": month.month}


def render(chart: Chart, org, period: Period, *, narrow: bool = False) -> bytes:
    _read_at, points = indicators.kept(
        f"chart:{chart.key}:{get_language()}", org, (period,), lambda: indicators.series(chart, org, period)
    )
    if chart.kind == "trend":
        return trend(chart, points, narrow=narrow)
    return composition(points, narrow=narrow)


def trend(chart: Chart, points, *, narrow: bool = False) -> bytes:
    """Bars by month, [(first day of the month, value)]."""
    size = _size(narrow)
    labels = [month_label(month) for month, _value in points]
    font = size["font"]
    # every month labelled while they fit side by side (the y axis takes about 40 px), else every
    # second or third: a year on a phone, or two years on a desk, ran its labels into each other
    room = (size["width"] - 2 * MARGIN - 40) / max(1, len(labels))
    widest = max((text_px(label, font) for label in labels), default=0) + 6
    every = max(1, math.ceil(widest / room)) if room > 0 else 1
    values = [value for _month, value in points]
    top = max((v for v in values if v is not None), default=0)
    small_counts = {}
    if top < 6 and all(float(v or 0).is_integer() for v in values):
        # a few (or no) cases a month: whole numbers on the axis, not 0.1 … 0.9
        small_counts = {"y_labels": list(range(0, max(1, int(top)) + 1))}
    bar = pygal.Bar(
        **_config(
            size,
            x_label_rotation=0,
            show_y_guides=True,
            x_labels_major_every=every,
            show_minor_x_labels=every == 1,
            **small_counts,
        )
    )
    bar.x_labels = labels
    bar.add(str(chart.name), values)
    return _svg(bar)


PARTS = 8  # a ring's parts at most: the largest seven and the rest together as 其他


def _legend_columns(size: dict) -> int:
    return 2 if size is NARROW else 3


def _legend_height(parts: int, size: dict) -> float:
    """pygal's legend below a chart: its rows 1.5 lines apart."""
    rows = max(1, math.ceil(parts / _legend_columns(size)))
    line = max(LEGEND_BOX, size["font"])
    return SPACING + 1.5 * line * (rows - 1) + line


def box(chart: Chart, *, narrow: bool = False) -> tuple[int, int]:
    """(width, height) of a chart as drawn, whatever its figures: the page gives its <img> these,
    so the page does not jump while the charts come in (a cadre scrolling down to the table, or
    sent to a column of it, lost it under them)."""
    size = _size(narrow)
    if chart.kind == "trend":
        return size["width"], size["height"]
    return size["width"], _composition_height(size)


def _composition_height(size: dict) -> int:
    ring = 200 if size is NARROW else 220
    return round(MARGIN + ring + _legend_height(PARTS, size) + MARGIN)


def merged(points, *, parts: int = PARTS) -> list:
    """The parts, largest first; past `parts`, the largest `parts - 1` and the rest together as
    其他 (with any part already called so): a ring of a dozen slivers reads as nothing, and its
    legend would not fit its box."""
    points = sorted(points, key=lambda p: -(p[1] or 0))
    if len(points) <= parts:
        return points
    other = str(_("其他"))
    named = [p for p in points if str(p[0]) != other]
    rest = sum(value or 0 for _label, value in named[parts - 1 :]) + sum(
        value or 0 for label, value in points if str(label) == other
    )
    return named[: parts - 1] + [(other, rest)]


def composition(points, *, narrow: bool = False) -> bytes:
    """A ring with its legend below: as many rows as its parts take (pygal reckoned the rows as
    parts // columns, so the last row or two were drawn below the picture and cut off), each
    label cut to its column with its number kept; the ring takes what the legend leaves.
    [(label, value)]."""
    size = _size(narrow)
    points = merged(points)
    font = size["font"]
    columns = _legend_columns(size)
    parts = len(points)
    rows = max(1, math.ceil(parts / columns))
    row_h = max(LEGEND_BOX, font)
    room = (size["width"] - 2 * MARGIN - 2 * SPACING) / columns - LEGEND_BOX - 5 - 4
    pie = pygal.Pie(
        **_config(
            size,
            height=_composition_height(size),
            inner_radius=0.45,
            show_legend=True,
            legend_at_bottom=True,
            legend_at_bottom_columns=columns,
            # what pygal leaves out of the legend's height (it counts parts // columns rows)
            margin_bottom=MARGIN + 1.5 * row_h * (rows - parts // columns),
        )
    )
    for label, value in points:
        number = f" {axis_number(value)}"
        pie.add(fit(str(label), room - text_px(number, font), font) + number, value)
    return _svg(pie)


RANKED = 15  # children in a ranking chart at most


def ranking_box(count: int, *, narrow: bool = False) -> tuple[int, int]:
    """(width, height) of a ranking of `count` children (as `box`)."""
    return _size(narrow)["width"], max(160, 28 * min(count, RANKED) + 60)


def render_ranking(indicator: Indicator, rows, *, limit: int = RANKED, narrow: bool = False) -> bytes:
    """Children ranked by an indicator (rows already ranked, best first; "本级" left out); the
    values written as the table writes them (formats), the names cut to fit with "…"."""
    shown = [
        (r.label, r.shown(indicator.key))
        for r in rows
        if r.org is not None and r.shown(indicator.key) is not None
    ]
    shown = shown[:limit]
    size = _size(narrow)
    font = size["font"]
    room = size["width"] * (0.3 if narrow else 0.32)  # the names' column; the bars take the rest
    labels = [fit(str(label), room, font) for label, _value in reversed(shown)]
    widest = max((text_px(label, font) for label in labels), default=0)
    counted = max((len(label) for label in labels), default=0) * 0.6 * font  # what pygal reserves
    unit = "%" if indicator.kind == "rate" else ""
    bars = pygal.HorizontalBar(
        **_config(
            size,
            height=ranking_box(len(shown), narrow=narrow)[1],
            print_values=True,
            margin_left=MARGIN + max(0, widest - counted),
        )
    )
    bars.x_labels = labels
    bars.add(
        str(indicator.name),
        [
            {"value": value, "formatter": lambda v: formats.number(v, indicator.kind) + unit}
            for _label, value in reversed(shown)
        ],
    )
    return _svg(bars)
