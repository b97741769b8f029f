"""Org pages: the tree, an org's figures and drill-down, the organizing pipeline, enterprises,
union formation and new-employment-form routing. Form → access → service → render."""

from collections.abc import Iterable
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core import choosers, indicators, rows, xlsx
from gonghui.core.pages import apply_errors, querystring, row_url_pattern
from gonghui.core.scoping import can_manage, is_cadre, subtree_q
from gonghui.orgs import contrib, selectors, services, stats
from gonghui.orgs.forms import (
    EnterpriseFilter,
    EnterpriseForm,
    FormationForm,
    OrgForm,
    OrgKindFilter,
    PeriodForm,
    RouteForm,
)
from gonghui.orgs.models import Enterprise, Org
from gonghui.orgs.templatetags.orgs_tags import rate

PAGE_SIZE = 30
STATS_FRESH = 60  # seconds an org page's figures are kept (the page shows when they were read)


def _page(request, queryset, size: int = PAGE_SIZE, param: str = "page"):
    return Paginator(queryset, size).get_page(request.GET.get(param))


def _require_cadre(user) -> None:
    if not is_cadre(user):
        raise PermissionDenied


@login_required
def org_list(request):
    _require_cadre(request.user)
    form = OrgKindFilter(request.GET or None)
    search = form.cleaned_data["q"] if form.is_valid() else ""
    page_obj = _page(request, selectors.org_list_for(request.user, search=search))
    base_depth = min((o.depth for o in page_obj), default=0)
    return render(
        request,
        "orgs/org_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "search": search,
            "base_depth": base_depth,
            "querystring_base": querystring(request),
        },
    )


CHILD_ROW = rows.Row(
    "<tr><td>{org}</td><td>{enterprises_25}</td><td>{enterprises_25_with_union}</td>"
    "<td>{formation_rate}</td><td>{unions_formed}</td><td>{members}</td><td>{new_members}</td>"
    "<td>{membership_rate}</td><td>{new_form_members}</td></tr>"
)
PIPELINE_ROW = rows.Row(
    '<tr><td><a href="{url}">{name}</a></td><td>{employee_count}</td><td>{industry}</td><td>{org}</td></tr>'
)
PIPELINE_ROW_FIELDS = ("uuid", "name", "employee_count", "industry", "org__name")


def child_rows(children: Iterable[stats.Figures], period_query: str) -> SafeString:
    """The drill-down table's rows (orgs/org_detail.html): each child org's figures, its name a
    link to its own page for the same period; the "本级" row unlinked."""
    url = row_url_pattern("orgs:detail", query=period_query)
    return CHILD_ROW.draw(
        {
            "org": format_html('<a href="{}">{}</a>', url.format(row.org.uuid), row.label)
            if row.org
            else row.label,
            "enterprises_25": row.enterprises_25,
            "enterprises_25_with_union": row.enterprises_25_with_union,
            "formation_rate": rate(row.formation_rate),
            "unions_formed": row.unions_formed,
            "members": row.members,
            "new_members": row.new_members,
            "membership_rate": rate(row.membership_rate),
            "new_form_members": row.new_form_members,
        }
        for row in children
    )


def pipeline_rows(enterprises: Iterable[dict]) -> SafeString:
    """The pipeline table's rows (orgs/org_detail.html) from PIPELINE_ROW_FIELDS."""
    url = row_url_pattern("orgs:enterprise_detail")
    industries = rows.labels(Enterprise, "industry")
    return PIPELINE_ROW.draw(
        {
            "url": url.format(e["uuid"]),
            "name": e["name"],
            "employee_count": e["employee_count"],
            "industry": industries.get(e["industry"], e["industry"]),
            "org": e["org__name"],
        }
        for e in enterprises
    )


@login_required
def org_detail(request, uuid):
    org = selectors.org_get_for(request.user, uuid)
    period_form = PeriodForm(request.GET or None, default=stats.default_period())
    start, end = period_form.period()
    # Kept a minute (shown with the time read): cadres of a county open their org all morning.
    read_at, (figures, children) = indicators.kept(
        "org-stats",
        org,
        (indicators.Period(start, end),),
        lambda: (stats.subtree_stats(org, start, end), stats.child_stats(org, start, end)),
        fresh=STATS_FRESH,
    )
    # The list shows four columns, read as values (once counted, without the areas' join): the rest
    # of an enterprise and of its area's org is not read, and no instance is made.
    pipeline = stats.pipeline_list(org, PIPELINE_ROW_FIELDS)
    pipeline_page = _page(request, pipeline, size=20)
    period_query = urlencode({"start": start.isoformat(), "end": end.isoformat()})
    return render(
        request,
        "orgs/org_detail.html",
        {
            "org": org,
            "period_form": period_form,
            "start": start,
            "end": end,
            "figures": figures,
            "children": children,
            "child_rows": child_rows(children, period_query),
            "read_at": read_at,
            "page_obj": pipeline_page,
            "pipeline_rows": pipeline.kept.drawn(pipeline_page.object_list, pipeline_rows),
            "querystring_base": querystring(request),
            "can_manage": can_manage(request.user, org),
            "ancestors": selectors.visible_ancestors(request.user, org),
        },
    )


@login_required
def pipeline_export(request, uuid):
    org = selectors.org_get_for(request.user, uuid)
    headers = [
        _("企业名称"),
        _("统一社会信用代码"),
        _("职工人数"),
        _("行业"),
        _("经济类型"),
        _("所属区域工会"),
        _("地址"),
        _("联系人"),
        _("联系电话"),
    ]
    rows = (
        [
            e.name,
            e.uscc,
            e.employee_count,
            e.get_industry_display(),
            e.get_ownership_display(),
            e.org.name,
            e.address,
            e.contact_name,
            e.contact_phone,
        ]
        for e in stats.pipeline(org).iterator(chunk_size=2000)
    )
    content = xlsx.build_xlsx(headers, rows, title=_("未建会企业"))
    return xlsx.xlsx_response(_("%(org)s未建会企业清单.xlsx") % {"org": org.name}, content)


@login_required
def org_create(request, uuid):
    parent = selectors.org_get_for(request.user, uuid, write=True)
    form = OrgForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.org_create(parent=parent, actor=request.user, **form.service_fields())
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("已创建组织“%(name)s”。") % {"name": org.name})
            return redirect(org)
    return render(request, "orgs/org_form.html", {"form": form, "parent": parent, "org": None})


def _parent_choices(user, org: Org):
    if org.parent_id is None:
        return None
    return Org.objects.filter(
        Q(pk__in=selectors.manageable_orgs(user).exclude(subtree_q(org.path)).values("pk"))
        | Q(pk=org.parent_id)
    ).order_by("path")


@login_required
def org_edit(request, uuid):
    org = selectors.org_get_for(request.user, uuid, write=True)
    form = OrgForm(request.POST or None, instance=org, parent_choices=_parent_choices(request.user, org))
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        parent = form.cleaned_data.get("parent")
        try:
            org = services.org_update(
                org=Org.objects.get(pk=org.pk), actor=request.user, parent=parent, **fields
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("已保存。"))
            return redirect(org)
    return render(request, "orgs/org_form.html", {"form": form, "parent": org.parent, "org": org})


# --- enterprises ---------------------------------------------------------------------------------


@login_required
def enterprise_list(request):
    _require_cadre(request.user)
    org = (
        selectors.org_get_for(request.user, request.GET["org"]) if _is_uuid(request.GET.get("org")) else None
    )
    form = EnterpriseFilter(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    queryset = selectors.enterprise_list_for(
        request.user,
        org=org,
        search=data.get("q", ""),
        has_union=data.get("has_union", ""),
        big_only=bool(data.get("big")),
    )
    return render(
        request,
        "orgs/enterprise_list.html",
        {
            "form": form,
            "org": org,
            "page_obj": _page(request, queryset),
            "querystring_base": querystring(request),
            "can_create": selectors.area_choices_for(request.user).exists(),
        },
    )


def _is_uuid(value) -> bool:
    import uuid as uuid_module

    try:
        uuid_module.UUID(str(value))
    except ValueError:
        return False
    return True


@login_required
def enterprise_detail(request, uuid):
    enterprise = selectors.enterprise_get_for(request.user, uuid)
    return render(
        request,
        "orgs/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "can_manage": can_manage(request.user, enterprise.org),
        },
    )


@login_required
def enterprise_create(request):
    _require_cadre(request.user)
    areas = selectors.area_choices_for(request.user)
    if not areas.exists():
        raise PermissionDenied
    initial = {}
    if _is_uuid(request.GET.get("org")):
        initial["org"] = areas.filter(uuid=request.GET["org"]).values_list("pk", flat=True).first()
    form = EnterpriseForm(request.POST or None, area_choices=areas, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = services.enterprise_create(
                org=form.cleaned_data["org"], actor=request.user, **form.service_fields()
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("已登记企业“%(name)s”。") % {"name": enterprise.name})
            return redirect("orgs:enterprise_detail", uuid=enterprise.uuid)
    return render(request, "orgs/enterprise_form.html", {"form": form, "enterprise": None})


@login_required
def enterprise_edit(request, uuid):
    enterprise = selectors.enterprise_get_for(request.user, uuid, write=True)
    areas = Org.objects.filter(
        Q(pk__in=selectors.area_choices_for(request.user).values("pk")) | Q(pk=enterprise.org_id)
    )
    form = EnterpriseForm(request.POST or None, instance=enterprise, area_choices=areas.order_by("path"))
    if request.method == "POST" and form.is_valid():
        area = form.cleaned_data["org"]
        try:
            services.enterprise_update(
                enterprise=selectors.enterprise_get_for(request.user, uuid),
                actor=request.user,
                org=area if area.pk != enterprise.org_id else None,
                **form.service_fields(),
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("已保存。"))
            return redirect("orgs:enterprise_detail", uuid=enterprise.uuid)
    return render(request, "orgs/enterprise_form.html", {"form": form, "enterprise": enterprise})


@login_required
def enterprise_formation(request, uuid):
    enterprise = selectors.enterprise_get_for(request.user, uuid, write=True)
    form = FormationForm(
        request.POST or None, enterprise=enterprise, union_choices=selectors.union_choices_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["mode"] == FormationForm.MODE_NEW:
                union = services.enterprise_form_union(
                    enterprise=enterprise,
                    name=data["new_union_name"].strip(),
                    uscc=data["new_union_uscc"],
                    formed_on=data["formed_on"],
                    actor=request.user,
                )
            else:
                union = data["union"]
                services.enterprise_record_formation(
                    enterprise=enterprise, union=union, formed_on=data["formed_on"], actor=request.user
                )
        except ValidationError as e:
            if hasattr(e, "error_dict") and "uscc" in e.error_dict:
                e = ValidationError({"new_union_uscc": e.error_dict.pop("uscc"), **e.error_dict})
            apply_errors(form, e)
        else:
            messages.success(
                request, _("已记录建会：%(e)s由%(u)s覆盖。") % {"e": enterprise.name, "u": union.name}
            )
            return redirect("orgs:enterprise_detail", uuid=enterprise.uuid)
    return render(request, "orgs/formation_form.html", {"form": form, "enterprise": enterprise})


# --- new-employment-form routing ------------------------------------------------------------------


@login_required
def route_list(request):
    _require_cadre(request.user)
    areas = selectors.area_choices_for(request.user)
    unions = selectors.route_union_choices_for(request.user)
    may_edit = areas.exists() and unions.exists()
    form = RouteForm(request.POST or None, area_choices=areas, union_choices=unions) if may_edit else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.route_set(
                    job_type=data["job_type"], area=data["area"], union=data["union"], actor=request.user
                )
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(request, _("已保存入会路由。"))
                return redirect("orgs:routes")
    routes = list(selectors.route_list_for(request.user))
    for route in routes:
        route.may_delete = can_manage(request.user, route.area)
    return render(request, "orgs/route_list.html", {"form": form, "routes": routes})


@login_required
@require_POST
def route_delete(request, pk):
    route = selectors.route_get_for(request.user, pk, write=True)
    services.route_delete(route=route, actor=request.user)
    messages.success(request, _("已删除入会路由。"))
    return redirect(reverse("orgs:routes"))


# --- choosers: search endpoints of core.choosers (at most 20 results, indexed name search) -------


def _org_purposes():
    """`for=` → (who may ask, the orgs to search, from the request). The form's queryset re-checks
    the choice. The apps above orgs add theirs (orgs.contrib: members' roster, import, rejoin,
    transfer choosers)."""

    def of_user(function):
        return lambda request: function(request.user)

    return {
        "manage": ("manage", of_user(selectors.manageable_orgs)),
        "area": ("manage", of_user(selectors.area_choices_for)),
        "union": ("cadre", of_user(selectors.union_choices_for)),
        "route_union": ("manage", of_user(selectors.route_union_choices_for)),
        "grant": ("manage", of_user(selectors.orgs_for_grant)),
        **contrib.org_purposes,
    }


def _check_needs(request, needs: str) -> None:
    if needs == "manage" and not selectors.manage_paths(request.user):
        raise PermissionDenied
    if needs in ("manage", "cadre"):
        _require_cadre(request.user)


def _chooser_results(request, queryset, label, detail=lambda obj: ""):
    query = choosers.search_text(request)
    rows = list(queryset[: choosers.MAX_RESULTS + 1]) if query else []
    results = [
        {"uuid": obj.uuid, "label": label(obj), "detail": detail(obj)} for obj in rows[: choosers.MAX_RESULTS]
    ]
    return render(
        request,
        "core/chooser_results.html",
        {
            "query": query,
            "results": results,
            "more": len(rows) > choosers.MAX_RESULTS,
            "limit": choosers.MAX_RESULTS,
        },
    )


def org_search(request):
    """Orgs whose name contains the text, among those the form for `for=` offers to this user. `public_area`
    is open to everyone (the join and volunteer forms): area union names only, nothing about people."""
    purpose = request.GET.get("for", "scope")
    if purpose == "public_area":
        queryset = selectors.public_areas()
    elif not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    else:
        purposes = _org_purposes()
        if purpose not in purposes:
            raise Http404
        needs, chooser_queryset = purposes[purpose]
        _check_needs(request, needs)
        queryset = chooser_queryset(request)
    kinds = [k for k in request.GET.getlist("kind") if k]
    if kinds:
        queryset = queryset.filter(kind__in=kinds)
    query = choosers.search_text(request)
    if query:
        queryset = (
            queryset.defer(None)
            .filter(choosers.name_q(query, name_fields=("name", "short_name")))
            .select_related("parent")
            .order_by("name", "pk")
        )
    else:
        queryset = queryset.none()
    return _chooser_results(
        request, queryset, choosers.org_label, lambda o: o.parent.name if o.parent_id else ""
    )


def enterprise_search(request):
    """Enterprises by any part of the name, or credit code prefix. Public for the join form: only the name and
    the area union's name are shown, nothing about people."""
    purpose = request.GET.get("for", "join")
    if purpose == "join":
        queryset = Enterprise.objects.all()
    elif purpose in contrib.enterprise_purposes:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        needs, chooser_queryset = contrib.enterprise_purposes[purpose]
        if needs == "manage" and not selectors.manage_paths(request.user):
            raise PermissionDenied
        queryset = chooser_queryset(request)
    else:
        raise Http404
    query = choosers.search_text(request)
    queryset = (
        (
            queryset.filter(choosers.name_q(query))
            .select_related(None)
            .select_related("org")
            .only("uuid", "name", "org__name")
            .order_by("name", "pk")
        )
        if query
        else queryset.none()
    )
    return _chooser_results(request, queryset, lambda e: e.name, lambda e: e.org.name)
