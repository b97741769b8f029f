"""The glance pages: an org's figures for a period beside the comparison period and its targets,
the charts (SVG), the children ranked and drilled into, the table as .xlsx, the targets form.
Form → access → selectors/services → render."""

import hashlib
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gonghui.core import indicators, xlsx
from gonghui.core.pages import apply_errors
from gonghui.dashboard import charts, export, selectors, services
from gonghui.dashboard.forms import GlanceForm, TargetsForm, YearForm
from gonghui.dashboard.templatetags.glance_tags import row_cells

TABLE_ROWS = 50
RANKINGS = ("orgs.formation_rate", "servicedesk.petitions_on_time")  # the children ranked in charts


def _period_query(form: GlanceForm) -> str:
    period = form.period()
    return urlencode(
        {"start": period.start.isoformat(), "end": period.end.isoformat(), "compare": form.comparison()}
    )


@login_required
def glance_home(request):
    tops = selectors.top_orgs(request.user)
    if not tops:
        raise PermissionDenied
    return redirect("dashboard:glance", tops[0].uuid)


@login_required
def glance(request, uuid):
    org = selectors.glance_org_for(request.user, uuid)
    form = GlanceForm(request.GET or None)
    period = form.period()
    compare = form.comparison()
    compared = selectors.compared_period(period, compare)
    query = _period_query(form)
    rank = request.GET.get("rank", "")
    trail, tops = selectors.trail_and_tops(request.user, org)
    return render(
        request,
        "dashboard/glance.html",
        {
            "org": org,
            "form": form,
            "period": period,
            "compared": compared,
            "query": query,
            "figures_html": _figures_html(request, org, period, compare, compared, rank, query),
            "targets_year": period.end.year,
            "trail": trail,
            "tops": tops,
            "may_set_targets": selectors.may_set_targets(request.user, org),
        },
        status=200 if not form.is_bound or form.is_valid() else 400,
    )


def _figures_html(request, org, period, compare, compared, rank, query) -> str:
    """The glance's tiles, charts and table as drawn, kept as long as the figures they show are
    (core.indicators.kept) under what else they depend on (selectors.figures_version): a county's
    table is every indicator for every child, and drawing it was most of the page's time."""
    key = (
        "gonghui:glance-html:"
        + hashlib.sha256(
            repr((selectors.figures_version(org, period, compared, rank), query, get_language())).encode()
        ).hexdigest()
    )
    try:
        html = cache.get(key)
    except Exception:  # a cache outage costs the drawing, never the page
        html = None
    if html is not None:
        return mark_safe(html)
    data = selectors.glance(org, period, compare=compare, rank=rank)
    children = [r for r in data.rows if r.org is not None]
    # A township has hundreds of unions: the page shows the best ranked, the export holds them all.
    shown_rows = children[:TABLE_ROWS] + [r for r in data.rows if r.org is None]
    columns = [t.indicator for t in data.tiles]
    cells = row_cells(columns, ranked_by=data.rank_by.key if data.rank_by else "")
    ranked_by = [i for i in indicators.indicators() if i.key in RANKINGS]
    html = render_to_string(
        "dashboard/_figures.html",
        {
            "org": org,
            "glance": data,
            "query": query,
            "table_rows": [(row, cells(row)) for row in shown_rows],
            "children_count": len(children),
            "table_limited": len(children) > TABLE_ROWS,
            # each chart with its (width, height) drawn wide and narrow: the page keeps their room
            "charts": [(c, charts.box(c), charts.box(c, narrow=True)) for c in indicators.charts()],
            # a ranking only where some child has the figure (petitions are often all at the top)
            "rankings": [
                (i, charts.ranking_box(n), charts.ranking_box(n, narrow=True))
                for i in ranked_by
                if (n := sum(1 for r in data.rows if r.org and r.shown(i.key) is not None))
            ],
            "columns": columns,
        },
        request=request,
    )
    age = (timezone.now() - data.read_at).total_seconds() if data.read_at else 0
    if indicators.FRESH - age >= 1:
        try:
            cache.set(key, html, int(indicators.FRESH - age))  # gone with the figures it shows
        except Exception:
            pass
    return mark_safe(html)


def _narrow(request) -> bool:
    """The chart drawn for a phone's width (the page's <picture> asks for it below 600 px)."""
    return request.GET.get("size") == "narrow"


def _svg(content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
def glance_chart(request, uuid, key):
    org = selectors.glance_org_for(request.user, uuid)
    try:
        chart = indicators.get_chart(key)
    except KeyError:
        raise Http404 from None
    return _svg(charts.render(chart, org, GlanceForm(request.GET or None).period(), narrow=_narrow(request)))


@login_required
def glance_ranking(request, uuid, key):
    org = selectors.glance_org_for(request.user, uuid)
    try:
        indicator = indicators.get(key)
    except KeyError:
        raise Http404 from None
    form = GlanceForm(request.GET or None)
    # the page's figures (kept: core.indicators.kept), ranked by this one
    data = selectors.glance(org, form.period(), compare=form.comparison(), rank=indicator.key)
    return _svg(charts.render_ranking(indicator, data.rows, narrow=_narrow(request)))


@login_required
def glance_export(request, uuid):
    org = selectors.glance_org_for(request.user, uuid)
    form = GlanceForm(request.GET or None)
    data = selectors.glance(org, form.period(), compare=form.comparison(), rank=request.GET.get("rank", ""))
    content = export.glance_xlsx(data, title=_("工作概览"))
    period = data.period
    name = _("%(org)s工作概览%(start)s至%(end)s.xlsx") % {
        "org": org.name,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
    }
    return xlsx.xlsx_response(name, content)


@login_required
def targets(request, uuid):
    org = selectors.glance_org_for(request.user, uuid)
    if not selectors.may_set_targets(request.user, org):
        raise PermissionDenied
    year_form = YearForm(request.GET or None)
    year = (year_form.cleaned_data.get("year") if year_form.is_valid() else None) or timezone.localdate().year
    form = TargetsForm(request.POST or None, current=selectors.targets_of(org, year))
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.targets_set(org=org, year=year, values=form.values(), actor=request.user)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(
                request, _("已保存%(n)d项目标。") % {"n": len(changed)} if changed else _("目标没有变化。")
            )
            return redirect(f"{reverse('dashboard:glance', args=[org.uuid])}")
    return render(
        request,
        "dashboard/targets.html",
        {"org": org, "form": form, "year": year},
        status=400 if form.is_bound and form.errors else 200,
    )
