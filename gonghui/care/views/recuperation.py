"""Care: recuperation — pages (form → access → service → render)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.care.forms.recuperation import ApplyForm, CancelForm, DrawForm, PriorityForm, ProgrammeForm
from gonghui.care.models.recuperation import PriorityGroup
from gonghui.care.selectors import recuperation as selectors
from gonghui.care.services import recuperation as services
from gonghui.core import pii
from gonghui.core.pages import apply_errors, querystring
from gonghui.core.scoping import can_manage, can_view, is_cadre
from gonghui.core.xlsx import build_xlsx, xlsx_response
from gonghui.orgs.selectors import drilled


def _flash(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
def programme_list(request):
    """The programmes open to me, and my applications."""
    return render(
        request,
        "care/recuperation/list.html",
        {
            "programmes": list(selectors.open_for(request.user)[:50]),
            "mine": list(selectors.my_applications(request.user)[:10]),
            "cadre": is_cadre(request.user),
        },
    )


@login_required
def my_applications(request):
    page = Paginator(selectors.my_applications(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "care/recuperation/mine.html", {"page_obj": page})


def _detail_context(request, programme, form=None):
    entry = selectors.application_of(request.user, programme)
    manage = can_manage(request.user, programme.org)
    drawn = programme.state == programme.State.DRAWN
    return {
        "programme": programme,
        "trips": selectors.trips_of(programme),
        "entry": entry,
        "refusal": services.application_refusal(request.user, programme),
        "form": form or ApplyForm(programme=programme),
        "manage": manage,
        "oversee": manage or can_view(request.user, programme.org),
        "results": [
            (e, pii.mask_name(e.member.name), services.draw_key(programme.seed, e.number))
            for e in selectors.draw_results(programme)
        ]
        if drawn
        else [],
    }


@login_required
def programme_detail(request, uuid):
    programme = selectors.programme_get_for(request.user, uuid)
    return render(request, "care/recuperation/detail.html", _detail_context(request, programme))


@login_required
@require_POST
def apply(request, uuid):
    programme = selectors.programme_get_for(request.user, uuid)
    form = ApplyForm(request.POST, programme=programme)
    if form.is_valid():
        try:
            entry = services.application_submit(
                programme=programme,
                trip=form.cleaned_data["trip"],
                declared=form.cleaned_data.get("declared") or (),
                actor=request.user,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("申请已提交，申请截止后将公开抽签分配名额。"))
            return redirect(entry)
    context = _detail_context(request, programme, form=form)
    return render(request, "care/recuperation/detail.html", context, status=400)


@login_required
def application_detail(request, uuid):
    entry = selectors.application_get_for(request.user, uuid)
    return render(
        request,
        "care/recuperation/application.html",
        {
            "entry": entry,
            "programme": entry.programme,
            "position": services.waitlist_position(entry),
            "own": entry.user_id == request.user.pk,
            "now": timezone.now(),
        },
    )


def _entry_action(request, uuid, action, done):
    entry = selectors.application_get_for(request.user, uuid)
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
    return _entry_action(request, uuid, services.application_withdraw, _("已退出疗休养申请。"))


@login_required
@require_POST
def accept(request, uuid):
    return _entry_action(request, uuid, services.application_accept, _("已确认递补名额。"))


# ---------------------------------------------------------------- the cadre's pages


@login_required
def manage_list(request):
    if not is_cadre(request.user):
        raise PermissionDenied
    drill = drilled(request.user, request.GET)
    page = Paginator(selectors.managed_for(request.user, drilled=drill), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "care/recuperation/manage_list.html",
        {
            "page_obj": page,
            "now": timezone.now(),
            "drilled": drill,
            "querystring_base": querystring(request),
        },
    )


@login_required
def programme_create(request):
    if not is_cadre(request.user):
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            programme = services.programme_create(
                org=data["org"],
                title=data["title"],
                destination=data["destination"],
                description=data["description"],
                price_cap=data["price_cap"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                priority_groups=data["priority_groups"],
                trips=form.trips(),
                actor=request.user,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("疗休养项目已发布。"))
            return redirect("care:recuperation_applications", uuid=programme.uuid)
    return render(request, "care/recuperation/form.html", {"form": form}, status=400 if form.errors else 200)


def _applications_context(request, programme, draw_form=None, cancel_form=None):
    return {
        "programme": programme,
        "trips": selectors.trips_of(programme),
        "entries": list(selectors.applications_of(programme)),
        "counts": selectors.counts(programme),
        "manage": can_manage(request.user, programme.org),
        "draw_form": draw_form or DrawForm(),
        "cancel_form": cancel_form or CancelForm(),
        "priority_choices": [
            (g, label) for g, label in PriorityGroup.choices if g in programme.priority_groups
        ],
        "now": timezone.now(),
    }


@login_required
def applications(request, uuid):
    programme = selectors.programme_get_for(request.user, uuid)
    if not can_view(request.user, programme.org):
        raise Http404
    return render(request, "care/recuperation/applications.html", _applications_context(request, programme))


@login_required
@require_POST
def draw(request, uuid):
    programme = selectors.programme_get_for(request.user, uuid, write=True)
    form = DrawForm(request.POST)
    if form.is_valid():
        try:
            services.programme_draw(
                programme=programme, public_value=form.cleaned_data["public_value"], actor=request.user
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("已按公开种子抽签分配名额，结果已公布。"))
            return redirect(programme)
    context = _applications_context(request, programme, draw_form=form)
    return render(request, "care/recuperation/applications.html", context, status=400)


@login_required
@require_POST
def cancel(request, uuid):
    programme = selectors.programme_get_for(request.user, uuid, write=True)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.programme_cancel(
                programme=programme, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("疗休养项目已取消，已通知申请人。"))
            return redirect("care:recuperation_applications", uuid=programme.uuid)
    context = _applications_context(request, programme, cancel_form=form)
    return render(request, "care/recuperation/applications.html", context, status=400)


@login_required
@require_POST
def priority(request, uuid):
    """The cadre confirms an applicant's priority groups before the draw."""
    entry = selectors.application_get_for(request.user, uuid)
    if not can_manage(request.user, entry.programme.org):
        raise PermissionDenied
    form = PriorityForm(request.POST)
    if form.is_valid():
        try:
            services.application_priority_set(
                entry=entry, priority=form.cleaned_data["priority"], actor=request.user
            )
        except ValidationError as e:
            _flash(request, e)
        else:
            messages.success(request, _("已更新优先群体认定。"))
    else:
        messages.error(request, _("请选择本项目的优先群体。"))
    return redirect("care:recuperation_applications", uuid=entry.programme.uuid)


@login_required
def roster(request, uuid):
    trip = selectors.trip_get_for(request.user, uuid)
    entries = list(selectors.roster_of(trip))
    rows = [(e, pii.mask_name(e.member.name), pii.mask_mobile(e.member.mobile)) for e in entries]
    return render(
        request, "care/recuperation/roster.html", {"trip": trip, "programme": trip.programme, "rows": rows}
    )


@login_required
def roster_export(request, uuid):
    """The trip's roster as .xlsx, ID numbers and phones masked (core.pii), cells made safe."""
    trip = selectors.trip_get_for(request.user, uuid)
    programme = trip.programme
    headers = [
        _("序号"),
        _("申请编号"),
        _("姓名"),
        _("性别"),
        _("身份证号码"),
        _("手机号码"),
        _("所在工会"),
        _("状态"),
    ]
    rows = [
        [
            i,
            e.number,
            e.member.name,
            e.member.get_gender_display(),
            e.member.id_number_masked,
            pii.mask_mobile(e.member.mobile),
            e.member.org.name,
            str(e.get_state_display()),
        ]
        for i, e in enumerate(selectors.roster_of(trip), start=1)
    ]
    content = build_xlsx(headers, rows, title=_("疗休养名单"))
    return xlsx_response(f"{programme.title}-{trip.starts_on.isoformat()}.xlsx", content)
