"""Activity pages: thin views (form → access → service → render)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.activities import calendar, selectors, services
from gonghui.activities.forms import (
    ActivityForm,
    CancelForm,
    KindFilter,
    PhotoForm,
    RegisterForm,
    SummaryForm,
)
from gonghui.activities.models import Activity, Photo
from gonghui.core import checkin
from gonghui.core.pages import apply_errors, querystring
from gonghui.core.qr import qr_svg
from gonghui.core.scoping import can_manage, can_view, is_cadre
from gonghui.orgs.selectors import drilled


def _flash(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def activity_list(request):
    """What reaches me (anonymous visitors: the open ones, with a register link)."""
    kinds = KindFilter(request.GET)
    page = Paginator(selectors.upcoming_for(request.user, kind=kinds.value()), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "activities/list.html",
        {
            "page_obj": page,
            "kinds": kinds,
            "querystring_base": querystring(request),
            "cadre": is_cadre(request.user),
        },
    )


@login_required
def manage_list(request):
    if not is_cadre(request.user):
        raise PermissionDenied
    kinds = KindFilter(request.GET)
    drill = drilled(request.user, request.GET)
    page = Paginator(selectors.managed_for(request.user, kind=kinds.value(), drilled=drill), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "activities/manage_list.html",
        {"page_obj": page, "kinds": kinds, "drilled": drill, "querystring_base": querystring(request)},
    )


def _readable(request, uuid):
    """The activity for this visitor; an anonymous one is sent to log in for a members' activity."""
    try:
        return selectors.activity_get_for(request.user, uuid), None
    except Http404:
        if request.user.is_authenticated:
            raise
        return None, redirect_to_login(request.get_full_path())


def activity_detail(request, uuid):
    activity, login = _readable(request, uuid)
    if login:
        return login
    entry = selectors.registration_of(request.user, activity)
    manage = can_manage(request.user, activity.org)
    context = {
        "activity": activity,
        "entry": entry,
        "position": services.waitlist_position(entry) if entry else None,
        "refusal": services.registration_refusal(request.user, activity)
        if request.user.is_authenticated
        else None,
        "form": RegisterForm(),
        "manage": manage,
        "oversee": manage or can_view(request.user, activity.org),
        "photos": list(activity.photos.all()),
        "now": timezone.now(),
    }
    if context["oversee"]:
        context["counts"] = selectors.counts(activity)
    return render(request, "activities/detail.html", context)


@login_required
@require_POST
def register(request, uuid):
    activity = selectors.activity_get_for(request.user, uuid)
    form = RegisterForm(request.POST)
    if form.is_valid():
        try:
            entry = services.registration_create(
                activity=activity,
                family_count=form.cleaned_data["family_count"] or 0,
                family_note=form.cleaned_data["family_note"],
                actor=request.user,
            )
        except ValidationError as e:
            _flash(request, e)
        else:
            if entry.state == "registered":
                messages.success(request, _("报名成功。"))
            else:
                messages.info(
                    request,
                    _("名额已满，您已进入候补名单第%(n)d位；有名额时我们会通知您确认。")
                    % {"n": services.waitlist_position(entry)},
                )
            return redirect(entry)
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    return redirect(activity)


@login_required
def registration_detail(request, uuid):
    entry = selectors.registration_get_for(request.user, uuid)
    context = {
        "entry": entry,
        "activity": entry.activity,
        "position": services.waitlist_position(entry),
        "now": timezone.now(),
    }
    code = services.registration_code(entry) if entry.user_id == request.user.pk else None
    if code and entry.activity.ends_at > timezone.now():
        # the SVG is drawn here from our own code, not from user input
        context.update(code=checkin.display_token(code), qr=mark_safe(qr_svg(code)))  # noqa: S308
    return render(request, "activities/registration.html", context)


def _entry_action(request, uuid, action, done):
    entry = selectors.registration_get_for(request.user, uuid)
    try:
        action(entry=entry, actor=request.user)
    except ValidationError as e:
        _flash(request, e)
    else:
        messages.success(request, done)
    return redirect(entry)


@login_required
@require_POST
def withdraw(request, uuid):
    return _entry_action(request, uuid, services.registration_withdraw, _("已退出报名。"))


@login_required
@require_POST
def accept(request, uuid):
    return _entry_action(request, uuid, services.registration_accept, _("已确认递补名额，报名成功。"))


@login_required
def my_registrations(request):
    page = Paginator(selectors.my_registrations(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "activities/mine.html", {"page_obj": page, "now": timezone.now()})


@login_required
def activity_create(request):
    form = ActivityForm(request.POST or None, user=request.user)
    if not is_cadre(request.user):
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activity = services.activity_publish(
                org=data["org"],
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                place=data["place"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                registration_closes_at=data["registration_closes_at"],
                capacity=data["capacity"],
                family_max=data["family_max"],
                offer_hours=data["offer_hours"],
                audience_job_types=data["audience_job_types"],
                members_only=data["members_only"],
                actor=request.user,
            )
        except (ValidationError, PermissionDenied) as e:
            if isinstance(e, PermissionDenied):
                raise
            apply_errors(form, e)
        else:
            messages.success(request, _("活动已发布。"))
            return redirect(activity)
    return render(request, "activities/form.html", {"form": form})


@login_required
def activity_edit(request, uuid):
    activity = selectors.activity_get_for(request.user, uuid, write=True)
    initial = {f: getattr(activity, f) for f in (*services.EDITABLE, "capacity")}
    form = ActivityForm(request.POST or None, user=request.user, activity=activity, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {f: data[f] for f in services.EDITABLE if data.get(f) is not None}
        try:
            services.activity_update(
                activity=activity, capacity=data["capacity"], actor=request.user, **fields
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("活动已修改。"))
            return redirect(activity)
    return render(request, "activities/form.html", {"form": form, "activity": activity})


@login_required
@require_POST
def activity_cancel(request, uuid):
    activity = selectors.activity_get_for(request.user, uuid, write=True)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.activity_cancel(
                activity=activity, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ValidationError as e:
            _flash(request, e)
        else:
            messages.success(request, _("活动已取消，已通知报名者。"))
            return redirect(activity)
    context = _registrations_context(activity, cancel_form=form)
    context["manage"] = True
    return render(request, "activities/registrations.html", context, status=400)


def _registrations_context(activity, **extra):
    return {
        "activity": activity,
        "entries": list(selectors.registrations_of(activity)),
        "counts": selectors.counts(activity),
        "cancel_form": extra.get("cancel_form") or CancelForm(),
        "summary_form": extra.get("summary_form") or SummaryForm(initial={"summary": activity.summary}),
        "photo_form": extra.get("photo_form") or PhotoForm(),
        "now": timezone.now(),
    }


@login_required
def registrations(request, uuid):
    activity = selectors.activity_get_for(request.user, uuid)
    if not can_view(request.user, activity.org):
        raise Http404
    context = _registrations_context(activity)
    context["manage"] = can_manage(request.user, activity.org)
    return render(request, "activities/registrations.html", context)


@login_required
@require_POST
def summary(request, uuid):
    activity = selectors.activity_get_for(request.user, uuid, write=True)
    form = SummaryForm(request.POST)
    if form.is_valid():
        try:
            services.activity_summarise(
                activity=activity, summary=form.cleaned_data["summary"], actor=request.user
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("活动总结已保存。"))
            return redirect("activities:registrations", uuid=activity.uuid)
    context = _registrations_context(activity, summary_form=form)
    context["manage"] = True
    return render(request, "activities/registrations.html", context, status=400)


@login_required
@require_POST
def photo_upload(request, uuid):
    activity = selectors.activity_get_for(request.user, uuid, write=True)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.photo_add(
                activity=activity,
                upload=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
                actor=request.user,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("照片已上传。"))
            return redirect("activities:registrations", uuid=activity.uuid)
    context = _registrations_context(activity, photo_form=form)
    context["manage"] = True
    return render(request, "activities/registrations.html", context, status=400)


def photo(request, uuid, pk):
    """A photo, to whoever may see the activity (media is not served publicly)."""
    activity, login = _readable(request, uuid)
    if login:
        return login
    item = get_object_or_404(Photo, activity=activity, pk=pk)
    try:
        handle = item.image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=item.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


def ics(request, uuid):
    activity, login = _readable(request, uuid)
    if login:
        return login
    response = HttpResponse(
        calendar.activity_ics(activity, request=request), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="activity-{activity.uuid.hex[:8]}.ics"'
    return response


@login_required
def figures(request):
    from gonghui.activities.indicators import figures_page_context

    if not is_cadre(request.user):
        raise PermissionDenied
    return render(request, "activities/figures.html", figures_page_context(request))


__all__ = ["Activity"]


@login_required
def scan(request, uuid):
    """The organiser's scanning page at one of several gates (core/scanner.html, offline-capable)."""
    activity = selectors.activity_get_for(request.user, uuid, write=True)
    config = services.registration_desk(activity).page_config(
        post_url=reverse("activities:scan_batch", args=[activity.uuid]), checkout=True, name=activity.title
    )
    return render(request, "activities/scan.html", {"activity": activity, "scanner": config})


@login_required
@require_POST
def scan_batch(request, uuid):
    """The scanning page's queue: JSON {"scans": [...]} in, {"results": [...]} out."""
    activity = selectors.activity_get_for(request.user, uuid, write=True)
    try:
        scans = checkin.read_batch(request.body)
    except ValueError:
        return JsonResponse({"error": _("请求格式有误。")}, status=400)
    try:
        results = services.checkin_batch(activity=activity, actor=request.user, scans=scans)
    except ValidationError as e:
        return JsonResponse({"error": e.messages[0]}, status=400)
    return JsonResponse({"results": results})
