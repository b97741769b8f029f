"""The glance's charts as server-side SVG (pygal): no script, no CDN; served by the app and shown
with <img>, so the page keeps its content security policy (no inline script or style in the page)."""

import re

import pygal
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from pygal.style import Style

from gonghui.core import indicators
from gonghui.core.indicators import Chart, Indicator, Period

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


def _config(**kwargs) -> dict:
    return {
        "style": STYLE,
        "disable_xml_declaration": True,
        "js": [],
        "width": 640,
        "height": 320,
        "show_legend": False,
        "print_values": False,
        "margin": 12,
        "no_data_text": _("暂无数据"),
        "truncate_label": -1,
        "truncate_legend": -1,
        **kwargs,
    }


def _svg(chart) -> bytes:
    return _SCRIPT.sub("", chart.render(is_unicode=True)).encode()


def month_label(month) -> str:
    """ "3月"; January with its year ("26年1月"), so that a period over two years reads right."""
    if month.month == 1:
        return _("%(y)02d年1月") % {"y": month.year % 100}
    return _("%(m)d月") % {"m": month.month}


def render(chart: Chart, org, period: Period) -> bytes:
    _read_at, points = indicators.kept(
        f"chart:{chart.key}:{get_language()}", org, (period,), lambda: indicators.series(chart, org, period)
    )
    if chart.kind == "trend":
        bar = pygal.Bar(**_config(x_label_rotation=0, show_y_guides=True))
        bar.x_labels = [month_label(month) for month, _value in points]
        bar.add(str(chart.name), [value for _month, value in points])
        return _svg(bar)
    pie = pygal.Pie(
        **_config(inner_radius=0.45, show_legend=True, legend_at_bottom=True, legend_at_bottom_columns=3)
    )
    for label, value in points:
        pie.add(f"{label} {value}", value)
    return _svg(pie)


def render_ranking(indicator: Indicator, rows, *, limit: int = 15) -> bytes:
    """Children ranked by an indicator (rows already ranked, best first; "本级" left out)."""
    shown = [
        (r.label, r.shown(indicator.key))
        for r in rows
        if r.org is not None and r.shown(indicator.key) is not None
    ]
    shown = shown[:limit]
    bars = pygal.HorizontalBar(
        **{**_config(height=max(160, 28 * len(shown) + 60), print_values=True), "truncate_label": 14}
    )
    bars.x_labels = [label for label, _value in reversed(shown)]
    unit = "%" if indicator.kind == "rate" else ""
    bars.add(
        str(indicator.name),
        [{"value": value, "formatter": lambda v, u=unit: f"{v:g}{u}"} for _label, value in reversed(shown)],
    )
    return _svg(bars)
