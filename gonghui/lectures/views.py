"""Lecture pages: thin views (form → access → service → render)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.pages import apply_errors, querystring
from gonghui.core.scoping import can_manage
from gonghui.lectures import selectors, services
from gonghui.lectures.forms import AttendanceForm, LecturerForm, ScheduleForm, StopForm, TourForm
from gonghui.lectures.models import LectureTour
from gonghui.orgs.selectors import drilled

PAGE = 20


def _flash(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
def tour_list(request):
    drill = drilled(request.user, request.GET)
    page = Paginator(selectors.tour_list_for(request.user, drilled=drill), PAGE).get_page(
        request.GET.get("page")
    )
    waiting = selectors.lecture_requests_for(request.user).count()
    return render(
        request,
        "lectures/tour_list.html",
        {"page_obj": page, "waiting": waiting, "drilled": drill, "querystring_base": querystring(request)},
    )


@login_required
def tour_create(request):
    selectors.require_manager(request.user)
    form = TourForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            tour = services.tour_create(
                org=d["org"],
                title=d["title"],
                theme=d["theme"],
                description=d["description"],
                is_public=d["is_public"],
                actor=request.user,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("宣讲活动已创建。"))
            return redirect(tour)
    return render(request, "lectures/form.html", {"form": form, "heading": _("新建宣讲活动")})


@login_required
def tour_detail(request, uuid):
    tour = selectors.tour_get_for(request.user, uuid)
    return render(
        request,
        "lectures/tour_detail.html",
        {
            "tour": tour,
            "stops": list(selectors.stops_of(tour)),
            "figures": selectors.tour_figures(tour),
            "can_manage": can_manage(request.user, tour.org),
        },
    )


def tour_public(request, uuid):
    """The public schedule: upcoming stops, and what the tour has done so far."""
    tour = selectors.tour_get_public(uuid)
    return render(
        request,
        "lectures/tour_public.html",
        {
            "tour": tour,
            "stops": list(selectors.upcoming_stops_of(tour)[:50]),
            "figures": selectors.tour_figures(tour),
        },
    )


@login_required
def stop_add(request, uuid):
    tour = selectors.tour_get_for(request.user, uuid, write=True)
    form = StopForm(request.POST or None, lecturers=selectors.lecturer_choices(tour))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.stop_add(tour=tour, actor=request.user, **d)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("宣讲场次已加入日程。"))
            return redirect(tour)
    return render(request, "lectures/form.html", {"form": form, "tour": tour, "heading": _("添加宣讲场次")})


@login_required
def stop_record(request, uuid, pk):
    tour = selectors.tour_get_for(request.user, uuid, write=True)
    stop = selectors.stop_get_for(request.user, tour, pk)
    initial = {"headcount": stop.headcount, "note": stop.note, "photo_url": stop.photo_url}
    form = AttendanceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.stop_record(stop=stop, actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("听众人数已登记。"))
            return redirect(tour)
    return render(
        request,
        "lectures/form.html",
        {"form": form, "tour": tour, "stop": stop, "heading": _("登记宣讲情况")},
    )


@login_required
@require_POST
def stop_cancel(request, uuid, pk):
    tour = selectors.tour_get_for(request.user, uuid, write=True)
    stop = selectors.stop_get_for(request.user, tour, pk)
    try:
        services.stop_cancel(stop=stop, actor=request.user)
    except ValidationError as e:
        _flash(request, e)
    else:
        messages.success(request, _("宣讲场次已取消。"))
    return redirect(tour)


@login_required
def lecturer_list(request):
    page = Paginator(selectors.lecturers_for(request.user), PAGE).get_page(request.GET.get("page"))
    return render(request, "lectures/lecturer_list.html", {"page_obj": page})


@login_required
def lecturer_create(request):
    selectors.require_manager(request.user)
    form = LecturerForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.lecturer_create(actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("宣讲员已入库。"))
            return redirect("lectures:lecturer_list")
    return render(request, "lectures/form.html", {"form": form, "heading": _("添加宣讲员")})


@login_required
def request_list(request):
    """Lecture requests (service orders of category lecture) waiting to be scheduled."""
    selectors.require_cadre(request.user)
    page = Paginator(selectors.lecture_requests_for(request.user), PAGE).get_page(request.GET.get("page"))
    return render(request, "lectures/request_list.html", {"page_obj": page})


@login_required
def request_schedule(request, uuid):
    order = selectors.lecture_order_for(request.user, uuid)
    if not can_manage(request.user, order.org):
        raise PermissionDenied
    tours = LectureTour.objects.visible_to(request.user).order_by("-created_at")
    lecturers = selectors.lecturers_for(request.user).filter(is_active=True)
    form = ScheduleForm(request.POST or None, tours=tours, lecturers=lecturers)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.stop_from_order(
                tour=d["tour"],
                order=order,
                starts_at=d["starts_at"],
                lecturer=d["lecturer"],
                kind=d["kind"],
                actor=request.user,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("宣讲需求已排入日程。"))
            return redirect(d["tour"])
    return render(request, "lectures/form.html", {"form": form, "order": order, "heading": _("安排宣讲")})
