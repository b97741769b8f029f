"""Desk settings (per-federation deadlines) and the holiday calendar pages."""

import datetime
import uuid as uuid_module
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.pages import apply_errors
from gonghui.core.workdays import package_knows
from gonghui.servicedesk.forms.settings import CalendarDayForm, CalendarPasteForm, DeskSettingsForm
from gonghui.servicedesk.selectors import settings as selectors
from gonghui.servicedesk.services import settings as services


def desk_links(user) -> dict:
    """Which settings pages to link from the desk lists (only those the user may open)."""
    return selectors.desk_link_flags(user)


@login_required
def settings_index(request):
    orgs = selectors.settings_orgs_for(request.user)
    if not orgs:
        raise PermissionDenied
    if len(orgs) == 1:
        return redirect("servicedesk:settings_edit", orgs[0].uuid)
    return render(request, "servicedesk/settings_index.html", {"orgs": orgs})


@login_required
def settings_edit(request, uuid):
    org = selectors.settings_org_get_for(request.user, uuid)
    current = selectors.desk_settings_for(org)
    initial = {f: getattr(current, f) for f in services.DEADLINE_FIELDS}
    form = DeskSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.desk_settings_update(org=org, actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("服务时限已保存。"))
            return redirect("servicedesk:settings_edit", org.uuid)
    inherited = current.pk is not None and current.org_id != org.pk
    return render(
        request,
        "servicedesk/settings_edit.html",
        {
            "org": org,
            "form": form,
            "current": current,
            "inherited": inherited,
        },
    )


# --- holiday calendar -----------------------------------------------------------------------------
# One page for two tables: a platform admin keeps the national table; a federation cadre keeps
# their federation's local adjustments and sees the national table (and those above) read-only.


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or datetime.date.today().year)
    except (ValueError, OverflowError):
        year = datetime.date.today().year
    return min(max(year, services.MIN_YEAR), services.MAX_YEAR)


def _target(request):
    """The table the request edits: ?org=<uuid> (a federation's adjustments), else the national
    table for a platform admin, else the cadre's own federation."""
    uuid = request.GET.get("org")
    if uuid:
        try:
            return selectors.calendar_org_get_for(request.user, uuid_module.UUID(uuid))
        except ValueError:
            raise Http404 from None
    if request.user.is_superuser:
        return None
    orgs = selectors.calendar_orgs_for(request.user)
    if not orgs:
        raise PermissionDenied
    return orgs[0]


def _calendar_url(org, year: int | None = None) -> str:
    query = {}
    if org is not None:
        query["org"] = str(org.uuid)
    if year is not None:
        query["year"] = str(year)
    return reverse("servicedesk:calendar") + ("?" + urlencode(query) if query else "")


def _calendar_page(request, *, org, year: int, day_form=None):
    return render(
        request,
        "servicedesk/calendar_list.html",
        {
            "org": org,
            "org_query": f"?{urlencode({'org': str(org.uuid)})}" if org is not None else "",
            "orgs": selectors.calendar_orgs_for(request.user),
            "year": year,
            "days": selectors.calendar_days_of(year, org),
            "national_days": selectors.calendar_days_of(year) if org is not None else None,
            "inherited_days": selectors.calendar_inherited_of(year, org) if org is not None else None,
            "package_days": selectors.package_schedule(year),
            "package_knows": package_knows(year),
            "years": selectors.calendar_years(org),
            "day_form": day_form or CalendarDayForm(),
        },
    )


@login_required
def calendar_list(request):
    org = _target(request)
    return _calendar_page(request, org=org, year=_year(request))


@login_required
@require_POST
def calendar_add(request):
    org = _target(request)
    form = CalendarDayForm(request.POST)
    if form.is_valid():
        try:
            day = services.calendar_day_set(actor=request.user, org=org, **form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("已保存%(date)s的安排。") % {"date": formats.date_format(day.date)})
            return redirect(_calendar_url(org, day.date.year))
    year = form.cleaned_data.get("date").year if form.cleaned_data.get("date") else _year(request)
    return _calendar_page(
        request, org=org, year=min(max(year, services.MIN_YEAR), services.MAX_YEAR), day_form=form
    )


@login_required
@require_POST
def calendar_remove(request, date):
    org = _target(request)
    try:
        day = datetime.date.fromisoformat(date)
    except ValueError:
        raise Http404 from None
    try:
        services.calendar_day_remove(date=day, actor=request.user, org=org)
    except ValidationError as e:
        messages.error(request, e.messages[0])
    else:
        messages.success(request, _("已删除%(date)s的自定义安排。") % {"date": formats.date_format(day)})
    return redirect(_calendar_url(org, min(max(day.year, services.MIN_YEAR), services.MAX_YEAR)))


@login_required
def calendar_paste(request):
    """Paste a State Council notice: preview first, then save every line or none."""
    org = _target(request)
    form = CalendarPasteForm(request.POST or None)
    planned = None
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        try:
            if request.POST.get("action") == "save":
                saved = services.calendar_import(text=text, actor=request.user, org=org)
                messages.success(request, _("已保存%(n)d天的节假日安排。") % {"n": len(saved)})
                return redirect(_calendar_url(org, saved[0].date.year))
            planned = services.calendar_parse(text, org=org)
        except ValidationError as e:
            for message in e.messages:
                form.add_error("text", message)
    return render(
        request,
        "servicedesk/calendar_paste.html",
        {"form": form, "planned": planned, "org": org, "back": _calendar_url(org)},
    )


urlpatterns = [
    path("settings/", settings_index, name="settings"),
    path("settings/<uuid:uuid>/", settings_edit, name="settings_edit"),
    path("calendar/", calendar_list, name="calendar"),
    path("calendar/add", calendar_add, name="calendar_add"),
    path("calendar/paste", calendar_paste, name="calendar_paste"),
    path("calendar/<str:date>/remove", calendar_remove, name="calendar_remove"),
]
