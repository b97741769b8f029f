"""Care: women-worker care pages — thin views (form → access → service → render)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.care.forms.women import KindFilter, PlaceForm, RecordForm
from gonghui.care.models.women import WomenCareRecord
from gonghui.care.selectors import women as selectors
from gonghui.care.services import women as services
from gonghui.core.indicators import period_from_query
from gonghui.core.pages import apply_errors, querystring
from gonghui.core.scoping import can_view_personal_data, is_cadre
from gonghui.orgs.selectors import drilled, figures_roots


def _cadre(request) -> None:
    if not is_cadre(request.user):
        raise PermissionDenied


@login_required
def records(request):
    _cadre(request)
    kinds = KindFilter(request.GET)
    drill = drilled(request.user, request.GET)
    page = Paginator(selectors.records_for(request.user, kind=kinds.value(), drilled=drill), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "care/women/records.html",
        {"page_obj": page, "kinds": kinds, "drilled": drill, "querystring_base": querystring(request)},
    )


@login_required
def record_create(request):
    _cadre(request)
    form = RecordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = services.record_add(
                org=data["org"],
                kind=data["kind"],
                date=data["date"],
                people_reached=data["people_reached"],
                note=data["note"],
                member_no=data["member_no"],
                health_details=data["health_details"],
                client_token=data["client_token"],
                actor=request.user,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("关爱记录已保存。"))
            return redirect("care:women_record", uuid=record.uuid)
    status = 400 if request.method == "POST" else 200
    return render(request, "care/women/record_form.html", {"form": form}, status=status)


def _record_context(request, record: WomenCareRecord, details: str = "") -> dict:
    return {
        "record": record,
        "details": details,
        "may_open": record.has_health_details and can_view_personal_data(request.user, record.org),
    }


@login_required
def record_detail(request, uuid):
    record = selectors.record_get_for(request.user, uuid)
    return render(request, "care/women/record_detail.html", _record_context(request, record))


@login_required
@require_POST
def record_reveal(request, uuid):
    record = selectors.record_get_for(request.user, uuid)
    details = services.health_details_open(record=record, actor=request.user)
    response = render(request, "care/women/record_detail.html", _record_context(request, record, details))
    response["Cache-Control"] = "no-store"
    return response


@login_required
def places(request):
    _cadre(request)
    page = Paginator(selectors.places_for(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "care/women/places.html", {"page_obj": page, "manage_any": True})


def places_open(request):
    """Mother-and-baby rooms and rest rooms open now: anyone may look them up."""
    page = Paginator(selectors.open_places(), 30).get_page(request.GET.get("page"))
    return render(request, "care/women/places_open.html", {"page_obj": page})


@login_required
def place_create(request):
    _cadre(request)
    form = PlaceForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.place_add(**form.cleaned_data, actor=request.user)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("场所已登记。"))
            return redirect("care:women_places")
    status = 400 if request.method == "POST" else 200
    return render(request, "care/women/place_form.html", {"form": form}, status=status)


@login_required
@require_POST
def place_toggle(request, uuid):
    place = selectors.place_get_for(request.user, uuid, write=True)
    services.place_toggle(place=place, actor=request.user)
    messages.success(request, _("已开放。") if place.is_active else _("已暂停开放。"))
    return redirect("care:women_places")


@login_required
def figures(request):
    _cadre(request)
    period = period_from_query(request.GET)
    rows = []
    for org in figures_roots(request.user, request.GET):
        f = selectors.figures(org, *period.bounds())
        kinds = [(label, f[f"kind_{value}"]) for value, label in WomenCareRecord.Kind.choices]
        rows.append((org, f, kinds))
    return render(
        request,
        "care/women/figures.html",
        {"rows": rows, "period": period},
    )
