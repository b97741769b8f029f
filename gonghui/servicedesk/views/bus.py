"""Service-bus pages (流动服务车): trips, route of stops, services at stops, trip report, season summary."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.core.pages import apply_errors
from gonghui.core.scoping import is_cadre
from gonghui.members.selectors.roster import orgs_for_filter
from gonghui.orgs.models import Enterprise
from gonghui.orgs.selectors import area_choices_for
from gonghui.servicedesk.forms import bus as forms
from gonghui.servicedesk.models import BusStop, BusTrip
from gonghui.servicedesk.selectors import bus as sel
from gonghui.servicedesk.services import bus as svc

PAGE_SIZE = 30


@login_required
def trip_list(request):
    state = request.GET.get("state", "")
    if state not in BusTrip.State.values:
        state = ""
    if not is_cadre(request.user) and not sel.trips_accessible(request.user).exists():
        raise PermissionDenied  # neither a cadre nor on the crew of any trip
    page = Paginator(sel.trip_list_for(request.user, state=state), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "servicedesk/bus_list.html",
        {
            "page_obj": page,
            "trips": page.object_list,
            "state": state,
            "states": BusTrip.State.choices,
            "may_plan": sel.may_plan(request.user),
            "querystring_base": f"state={state}&" if state else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def trip_plan(request):
    orgs = area_choices_for(request.user)
    if not sel.may_plan(request.user) or not orgs.exists():
        raise PermissionDenied
    form = forms.TripForm(
        request.POST or None,
        orgs=orgs,
        teams=sel.team_choices_for(request.user),
        items=sel.item_choices_for(request.user),
        initial={"org": orgs.first()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            trip = svc.trip_plan(
                org=data["org"],
                title=data["title"],
                date=data["date"],
                vehicle=data["vehicle"],
                teams=data["teams"],
                items=data["items"],
                actor=request.user,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("行程已创建，请添加站点。"))
            return redirect("servicedesk:trip_detail", trip.uuid)
    return render(request, "servicedesk/bus_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def trip_edit(request, uuid):
    trip = sel.trip_get_for(request.user, uuid, manage=True)
    form = forms.TripForm(
        request.POST or None,
        teams=sel.team_choices_for(request.user, trip.org),
        items=sel.item_choices_for(request.user, trip.org),
        initial={
            "title": trip.title,
            "date": trip.date,
            "vehicle": trip.vehicle,
            "teams": list(trip.teams.values_list("pk", flat=True)),
            "items": list(trip.items.values_list("pk", flat=True)),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            svc.trip_update(
                trip=trip,
                title=data["title"],
                date=data["date"],
                vehicle=data["vehicle"],
                teams=data["teams"],
                items=data["items"],
                actor=request.user,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("已保存。"))
            return redirect("servicedesk:trip_detail", trip.uuid)
    return render(request, "servicedesk/bus_form.html", {"form": form, "trip": trip})


def _enterprises(trip: BusTrip):
    return Enterprise.objects.in_subtree(trip.org.path)


def _detail(
    request,
    trip: BusTrip,
    *,
    status: int = 200,
    stop_form=None,
    service_forms=None,
    complete_form=None,
    cancel_form=None,
):
    access = sel.trip_access(request.user, trip)
    report = sel.trip_report(trip)
    planned = trip.state == BusTrip.State.PLANNED
    service_forms = service_forms or {}
    if access["may_record"] and trip.state != BusTrip.State.CANCELLED:
        items = trip.items.order_by("category", "title")
        for stop in report["stops"]:
            stop.service_form = service_forms.get(stop.pk) or forms.ServiceForm(
                items=items, prefix=f"stop{stop.pk}"
            )
    context = {"trip": trip, **report, **access, "planned": planned}
    if access["may_manage"] and planned:
        context["stop_form"] = stop_form or forms.StopForm(enterprises=_enterprises(trip))
        context["complete_form"] = complete_form or forms.CompleteForm()
        context["cancel_form"] = cancel_form or forms.CancelForm()
    return render(request, "servicedesk/trip_detail.html", context, status=status)


@login_required
def trip_detail(request, uuid):
    return _detail(request, sel.trip_get_for(request.user, uuid))


@login_required
def trip_report(request, uuid):
    trip = sel.trip_get_for(request.user, uuid)
    return render(request, "servicedesk/trip_report.html", {"trip": trip, **sel.trip_report(trip)})


@login_required
@require_POST
def stop_add(request, uuid):
    trip = sel.trip_get_for(request.user, uuid, manage=True)
    form = forms.StopForm(request.POST, enterprises=_enterprises(trip))
    if form.is_valid():
        data = form.cleaned_data
        try:
            svc.stop_add(
                trip=trip,
                kind=data["kind"],
                place=data["place"],
                enterprise=data.get("enterprise"),
                arrive_at=data["arrive_at"],
                note=data["note"],
                actor=request.user,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("站点已添加。"))
            return redirect("servicedesk:trip_detail", trip.uuid)
    return _detail(request, trip, status=400, stop_form=form)


def _stop(trip: BusTrip, pk: int) -> BusStop:
    return get_object_or_404(BusStop.objects.select_related("trip__org"), trip=trip, pk=pk)


def _simple_action(request, action) -> None:
    try:
        action()
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)


@login_required
@require_POST
def stop_move(request, uuid, pk, direction):
    trip = sel.trip_get_for(request.user, uuid, manage=True)
    stop = _stop(trip, pk)
    if direction not in ("up", "down"):
        raise Http404
    _simple_action(request, lambda: svc.stop_move(stop=stop, up=direction == "up", actor=request.user))
    return redirect("servicedesk:trip_detail", trip.uuid)


@login_required
@require_POST
def stop_remove(request, uuid, pk):
    trip = sel.trip_get_for(request.user, uuid, manage=True)
    stop = _stop(trip, pk)
    _simple_action(request, lambda: svc.stop_remove(stop=stop, actor=request.user))
    return redirect("servicedesk:trip_detail", trip.uuid)


@login_required
@require_POST
def stop_service(request, uuid, pk):
    trip = sel.trip_get_for(request.user, uuid)
    if not sel.trip_access(request.user, trip)["may_record"]:
        raise PermissionDenied
    stop = _stop(trip, pk)
    form = forms.ServiceForm(request.POST, items=trip.items.all(), prefix=f"stop{stop.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            svc.stop_service_record(
                stop=stop,
                item=data["item"],
                people_served=data["people_served"],
                note=data["note"],
                actor=request.user,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("已记录“%(place)s”的服务情况。") % {"place": stop.place})
            return redirect("servicedesk:trip_detail", trip.uuid)
    return _detail(request, trip, status=400, service_forms={stop.pk: form})


@login_required
@require_POST
def trip_complete(request, uuid):
    trip = sel.trip_get_for(request.user, uuid, manage=True)
    form = forms.CompleteForm(request.POST)
    if form.is_valid():
        try:
            svc.trip_complete(trip=trip, summary=form.cleaned_data["summary"], actor=request.user)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("行程已完成。"))
            return redirect("servicedesk:trip_report", trip.uuid)
    return _detail(request, trip, status=400, complete_form=form)


@login_required
@require_POST
def trip_cancel(request, uuid):
    trip = sel.trip_get_for(request.user, uuid, manage=True)
    form = forms.CancelForm(request.POST)
    if form.is_valid():
        try:
            svc.trip_cancel(trip=trip, reason=form.cleaned_data["reason"], actor=request.user)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("行程已取消。"))
            return redirect("servicedesk:trip_detail", trip.uuid)
    return _detail(request, trip, status=400, cancel_form=form)


@login_required
def bus_summary(request):
    if not is_cadre(request.user):
        raise PermissionDenied
    orgs = orgs_for_filter(request.user)
    form = forms.SummaryForm(request.GET or None, orgs=orgs, initial=forms.SummaryForm.defaults())
    summary = None
    if not request.GET:
        data, org = forms.SummaryForm.defaults(), orgs.first()
        if org is not None:
            summary = sel.season_summary(org=org, start=data["start"], end=data["end"])
    elif form.is_valid():
        org = form.cleaned_data.get("org") or orgs.first()
        if org is not None:
            summary = sel.season_summary(
                org=org, start=form.cleaned_data["start"], end=form.cleaned_data["end"]
            )
    return render(request, "servicedesk/bus_summary.html", {"form": form, "summary": summary})


urlpatterns = [
    path("bus/", trip_list, name="trip_list"),
    path("bus/new/", trip_plan, name="trip_plan"),
    path("bus/summary/", bus_summary, name="bus_summary"),
    path("bus/<uuid:uuid>/", trip_detail, name="trip_detail"),
    path("bus/<uuid:uuid>/edit/", trip_edit, name="trip_edit"),
    path("bus/<uuid:uuid>/report/", trip_report, name="trip_report"),
    path("bus/<uuid:uuid>/stops/", stop_add, name="stop_add"),
    path("bus/<uuid:uuid>/stops/<int:pk>/move/<str:direction>/", stop_move, name="stop_move"),
    path("bus/<uuid:uuid>/stops/<int:pk>/remove/", stop_remove, name="stop_remove"),
    path("bus/<uuid:uuid>/stops/<int:pk>/services/", stop_service, name="stop_service"),
    path("bus/<uuid:uuid>/complete/", trip_complete, name="trip_complete"),
    path("bus/<uuid:uuid>/cancel/", trip_cancel, name="trip_cancel"),
]
