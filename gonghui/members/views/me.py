"""A member's own page and their PIPL requests; the union's list of those requests."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from gonghui.core.pages import apply_errors
from gonghui.core.pii import mask_mobile
from gonghui.core.scoping import can_manage
from gonghui.members.forms.lifecycle import AccessRequestForm, CorrectionForm, ReplyForm
from gonghui.members.models import DataRequest
from gonghui.members.selectors import lifecycle as sel
from gonghui.members.services import requests as svc
from gonghui.members.workflows import DATA_REQUEST_FLOW


def _own_member_or_redirect(request, find=sel.member_for_user):
    member = find(request.user)
    if member is None:
        messages.info(request, _("您还不是工会会员，可以先申请入会。"))
    return member


@login_required
def me(request):
    member = _own_member_or_redirect(request, find=sel.member_summary_for_user)
    if member is None:
        return redirect("home")
    return render(
        request,
        "members/me.html",
        {
            "member": member,
            "events": sel.my_member_events(request.user, member),
            **sel.member_open_requests(member, user=request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def correction_request(request):
    member = _own_member_or_redirect(request)
    if member is None:
        return redirect("home")
    form = CorrectionForm(
        request.POST if request.method == "POST" else None,
        initial={
            "name": member.name,
            "mobile": member.mobile,
            "employer_name": member.employer_name,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            svc.data_request_create(
                member=member, kind=DataRequest.Kind.CORRECTION, details=form.cleaned_data, actor=request.user
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("更正申请已提交，工会核实后会为您更正。"))
            return redirect("members:me")
    return render(request, "members/correction.html", {"form": form, "member": member})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def data_access_request(request):
    """The member sees their data in full at once (logged), or asks the union for a written copy."""
    member = _own_member_or_redirect(request)
    if member is None:
        return redirect("home")
    form = AccessRequestForm(request.POST if request.POST.get("action") == "request" else None)
    if request.method == "POST" and request.POST.get("action") == "view":
        data = svc.member_own_data_view(member=member, actor=request.user)
        return render(request, "members/data_request_copy.html", {"data": data, "member": member})
    if request.method == "POST" and form.is_valid():
        try:
            svc.data_request_create(
                member=member, kind=DataRequest.Kind.ACCESS, details=form.cleaned_data, actor=request.user
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("查阅申请已提交，工会将答复您。"))
            return redirect("members:me")
    return render(request, "members/data_request_access.html", {"form": form, "member": member})


@login_required
def data_request_list(request):
    state = request.GET.get("state", "open")
    if state not in DATA_REQUEST_FLOW.states:
        state = ""
    kind = request.GET.get("kind", "")
    if kind not in DataRequest.Kind.values:
        kind = ""
    page = Paginator(sel.data_request_list_for(request.user, state=state, kind=kind), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "members/data_request_list.html",
        {
            "page_obj": page,
            "state": state,
            "kind": kind,
            "states": DATA_REQUEST_FLOW.choices(),
            "kinds": DataRequest.Kind.choices,
            "querystring_base": f"state={state}&kind={kind}&",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def data_request_decide(request, uuid, action):
    """GET shows the request and the reply form; POST completes or declines it."""
    if action not in ("complete", "decline"):
        raise Http404
    data_request = sel.data_request_get_for(request.user, uuid, write=request.method == "POST")
    form = ReplyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            if action == "complete":
                svc.data_request_complete(
                    request=data_request, actor=request.user, reply=form.cleaned_data["reply"]
                )
                messages.success(request, _("已办结。"))
            else:
                svc.data_request_decline(
                    request=data_request, actor=request.user, reply=form.cleaned_data["reply"]
                )
                messages.success(request, _("已答复不予更正。"))
        except ValidationError as e:
            data_request.refresh_from_db()
            apply_errors(form, e)
        else:
            return redirect("members:data_request_list")
    return render(
        request,
        "members/data_request_decide.html",
        {
            "form": form,
            "data_request": data_request,
            "action": action,
            "history": sel.data_request_history(data_request),
            "can_manage": can_manage(request.user, data_request.member.org),
            "new_mobile_masked": mask_mobile(data_request.details.get("mobile", "")),
        },
        status=400 if form.errors else 200,
    )
