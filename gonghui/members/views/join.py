"""Online join pages (applicant side) and the approval pages (cadre side)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.accounts import throttle
from gonghui.accounts.services import client_ip
from gonghui.core import pii
from gonghui.core.scoping import can_manage, can_view, is_cadre
from gonghui.members.forms.join import ApplicationFilterForm, JoinForm, RejectForm, StatusLookupForm
from gonghui.members.selectors.join import (
    application_get_for,
    application_get_public,
    application_lookup,
    applications_for,
)
from gonghui.members.selectors.lifecycle import member_for_user
from gonghui.members.services.join import (
    JOIN_SUBMIT_PER_HOUR,
    join_approve,
    join_reject,
    join_submit,
    join_withdraw,
)
from gonghui.members.workflows import JOIN_FLOW

PAGE_SIZE = 20
LOOKUP_LIMIT = 20  # misses per client address before the lookup pauses (guessing ID + mobile pairs)


def join(request):
    """线上一键入会: phone-first form; on success, the applicant goes to the status page."""
    if request.method == "POST":
        form = JoinForm(request.POST)
        if form.is_valid():
            try:
                throttle.rate_limit(
                    "join_submit", client_ip(request), limit=JOIN_SUBMIT_PER_HOUR, period=3600
                )
                application = join_submit(**form.service_kwargs(), applicant=request.user)
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, _("入会申请已提交，请收藏本页面，随时查看审核进度。"))
                return redirect("members:join_status", uuid=application.uuid)
    else:
        initial = {}
        if request.user.is_authenticated:
            initial = {"name": request.user.name, "mobile": request.user.phone}
        form = JoinForm(initial=initial)
    return render(request, "members/join.html", {"form": form, "member": member_for_user(request.user)})


def join_status(request, uuid):
    """The applicant's progress page, reachable by its uuid; the applicant may withdraw here."""
    application = application_get_public(uuid)
    is_applicant = request.user.is_authenticated and application.applicant_id == request.user.pk
    if request.method == "POST":
        if not is_applicant:
            raise PermissionDenied
        try:
            join_withdraw(application=application, actor=request.user)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, _("入会申请已撤回。"))
        return redirect("members:join_status", uuid=application.uuid)
    return render(
        request,
        "members/join_status.html",
        {
            "application": application,
            "state_label": JOIN_FLOW.label(application.state),
            "masked_name": pii.mask_name(application.name),
            "can_withdraw": is_applicant and application.state == "submitted",
        },
    )


def join_status_lookup(request):
    """ID number + mobile → the newest application's status page; anything else → a neutral '未找到'."""
    not_found = False
    locked = 0
    lock_key = throttle.key("join_lookup", client_ip(request))
    if request.method == "POST":
        form = StatusLookupForm(request.POST)
        locked = throttle.locked_for(lock_key)
        if not locked and form.is_valid():
            application = application_lookup(
                id_number=form.cleaned_data["id_number"], mobile=form.cleaned_data["mobile"]
            )
            if application is not None:
                return redirect("members:join_status", uuid=application.uuid)
            not_found = True
            throttle.count(lock_key, limit=LOOKUP_LIMIT, period=throttle.lock_seconds())
    else:
        form = StatusLookupForm()
    return render(
        request,
        "members/join_status_lookup.html",
        {
            "form": form,
            "not_found": not_found,
            "locked_text": throttle.wait_text(locked) if locked else "",
        },
    )


@login_required
def application_list(request):
    """Join applications in the cadre's scope: pending first, oldest first, filterable by state."""
    if not is_cadre(request.user):
        raise PermissionDenied
    filters = ApplicationFilterForm(request.GET or None)
    state = filters.state_value() if request.GET else ""
    page_obj = Paginator(applications_for(request.user, state=state), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "members/application_list.html",
        {
            "filters": filters,
            "page_obj": page_obj,
            "applications": page_obj.object_list,
            "querystring_base": f"state={state}&" if state else "",
            "state_labels": dict(JOIN_FLOW.choices()),
        },
    )


@login_required
def application_detail(request, uuid):
    application = application_get_for(request.user, uuid)
    if not can_view(request.user, application.org):
        # The applicant's own record: their page is the status page.
        return redirect("members:join_status", uuid=application.uuid)
    return _detail(request, application, reject_form=RejectForm())


def _detail(request, application, *, reject_form, status: int = 200):
    return render(
        request,
        "members/application_detail.html",
        {
            "application": application,
            "state_label": JOIN_FLOW.label(application.state),
            "history": JOIN_FLOW.history(application),
            "can_decide": can_manage(request.user, application.org) and application.state == "submitted",
            "reject_form": reject_form,
        },
        status=status,
    )


@login_required
@require_POST
def application_approve(request, uuid):
    application = application_get_for(request.user, uuid, write=True)
    try:
        member = join_approve(application=application, actor=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("members:application_detail", uuid=application.uuid)
    messages.success(
        request,
        _("已通过%(name)s的入会申请，会员编号%(no)s。") % {"name": member.name, "no": member.member_no},
    )
    if member.user is None:
        messages.warning(
            request,
            _("注意：该手机号码已是另一名会员的登录账号，这名会员暂时不能登录。请与会员核实手机号码。"),
        )
    elif not member.user.is_active:
        messages.warning(
            request,
            _(
                "注意：该手机号码对应的账号已停用，这名会员暂时不能登录。"
                "如号码已换人使用，请联系系统管理员处理该账号。"
            ),
        )
    return redirect("members:application_list")


@login_required
@require_POST
def application_reject(request, uuid):
    application = application_get_for(request.user, uuid, write=True)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            join_reject(application=application, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as e:
            if hasattr(e, "error_dict") and set(e.error_dict) <= {"reason"}:
                form.add_error(None, e)
            else:
                messages.error(request, " ".join(e.messages))
                return redirect("members:application_detail", uuid=application.uuid)
        else:
            messages.success(request, _("已不予通过%(name)s的入会申请。") % {"name": application.name})
            return redirect("members:application_list")
    application = application_get_for(request.user, uuid)  # fresh copy for the page
    return _detail(request, application, reject_form=form, status=400)
