"""Membership lifecycle pages: member detail, ID reveal, transfer, leave, retire, re-join."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.core.pages import apply_errors
from gonghui.core.scoping import can_view_personal_data, is_cadre
from gonghui.members.forms.lifecycle import LeaveForm, ReasonForm, RejoinForm, RetireForm, TransferForm
from gonghui.members.models import Member
from gonghui.members.selectors import lifecycle as sel
from gonghui.members.services import lifecycle as svc
from gonghui.members.workflows import TRANSFER_FLOW


def _detail_context(request, member: Member, **extra) -> dict:
    return {
        "member": member,
        "events": sel.member_events(member),
        "audit_entries": sel.member_audit(member),
        "transfers": sel.member_transfers(member),
        "can_reveal": can_view_personal_data(request.user, member.org),
        **sel.member_actions(request.user, member),
        **extra,
    }


@login_required
def member_detail(request, uuid):
    member = sel.member_get_for(request.user, uuid)
    return render(request, "members/member_detail.html", _detail_context(request, member))


@never_cache
@login_required
@require_POST
def member_reveal_id(request, uuid):
    """Shows the full ID number once, to a cadre allowed to see it, and logs that it was seen."""
    member = sel.member_get_for(request.user, uuid)
    id_number = svc.member_reveal_id_number(member=member, actor=request.user, purpose=_("会员详情页查看"))
    return render(
        request, "members/member_detail.html", _detail_context(request, member, revealed_id=id_number)
    )


def _transfer_form_page(request, member: Member, *, by_member: bool):
    form = TransferForm(request.POST if request.method == "POST" else None, member=member)
    if request.method == "POST" and form.is_valid():
        try:
            transfer = svc.transfer_request(
                member=member,
                to_org=form.cleaned_data["to_org"],
                to_enterprise=form.cleaned_data["to_enterprise"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("转会申请已提交，等待“%(org)s”接收。") % {"org": transfer.to_org})
            if by_member:
                return redirect("members:me")
            return redirect("members:transfer_detail", transfer.uuid)
    return render(
        request, "members/transfer_form.html", {"form": form, "member": member, "by_member": by_member}
    )


@login_required
@require_http_methods(["GET", "POST"])
def transfer_request(request, uuid):
    member = sel.member_get_for(request.user, uuid, write=True)
    return _transfer_form_page(request, member, by_member=False)


@login_required
@require_http_methods(["GET", "POST"])
def transfer_request_by_member(request):
    member = sel.member_for_user(request.user)
    if member is None or member.status != Member.Status.ACTIVE:
        messages.info(request, _("只有在册会员可以申请转会。"))
        return redirect("members:me" if member else "home")
    return _transfer_form_page(request, member, by_member=True)


def _lifecycle_page(request, uuid, *, form_class, template: str, action):
    member = sel.member_get_for(request.user, uuid, write=True)
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            action(member, form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            return redirect(member)
    return render(request, template, {"form": form, "member": member})


@login_required
@require_http_methods(["GET", "POST"])
def member_leave(request, uuid):
    def action(member, data):
        svc.member_leave(member=member, actor=request.user, on=data["on"], reason=data["reason"])
        messages.success(request, _("已办理退会。"))

    return _lifecycle_page(
        request, uuid, form_class=LeaveForm, template="members/member_leave.html", action=action
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_retire(request, uuid):
    def action(member, data):
        svc.member_retire(member=member, actor=request.user, on=data["on"])
        messages.success(request, _("已办理退休，会籍保留。"))

    return _lifecycle_page(
        request, uuid, form_class=RetireForm, template="members/member_retire.html", action=action
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_rejoin(request, uuid):
    member = sel.member_get_for(request.user, uuid)
    form = RejoinForm(request.POST if request.method == "POST" else None, user=request.user, member=member)
    if not form.fields["org"].queryset.exists():
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            svc.member_rejoin(
                member=member,
                org=form.cleaned_data["org"],
                enterprise=form.cleaned_data["enterprise"],
                actor=request.user,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("已重新入会，会员编号不变。"))
            return redirect(member)
    return render(request, "members/member_rejoin.html", {"form": form, "member": member})


# --- transfers, cadre side ------------------------------------------------------------------------


@login_required
def transfer_list(request):
    direction = "outgoing" if request.GET.get("direction") == "outgoing" else "incoming"
    state = request.GET.get("state", "requested")
    if state not in TRANSFER_FLOW.states:
        state = ""
    page = Paginator(sel.transfer_list_for(request.user, direction=direction, state=state), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "members/transfer_list.html",
        {
            "page_obj": page,
            "direction": direction,
            "state": state,
            "states": TRANSFER_FLOW.choices(),
            "querystring_base": f"direction={direction}&state={state}&",
        },
    )


def _transfer_detail_context(request, transfer, **extra) -> dict:
    return {
        "transfer": transfer,
        "history": sel.transfer_history(transfer),
        "available": sel.transfer_available(transfer, request.user),
        "reason_form": ReasonForm(),
        **extra,
    }


@login_required
def transfer_detail(request, uuid):
    transfer = sel.transfer_get_for(request.user, uuid)
    return render(request, "members/transfer_detail.html", _transfer_detail_context(request, transfer))


@login_required
@require_POST
def transfer_decide(request, uuid, action):
    if action not in ("approve", "reject", "cancel"):
        raise Http404
    transfer = sel.transfer_get_for(request.user, uuid)
    reason_form = ReasonForm(request.POST if action == "reject" else None)
    if action == "reject" and not reason_form.is_valid():
        return render(
            request,
            "members/transfer_detail.html",
            _transfer_detail_context(request, transfer, reason_form=reason_form),
            status=400,
        )
    try:
        if action == "approve":
            svc.transfer_approve(transfer=transfer, actor=request.user)
            messages.success(request, _("已同意接收，会籍已转入。"))
        elif action == "cancel":
            svc.transfer_cancel(transfer=transfer, actor=request.user)
            messages.success(request, _("转会申请已取消。"))
        else:
            svc.transfer_reject(
                transfer=transfer, actor=request.user, reason=reason_form.cleaned_data["reason"]
            )
            messages.success(request, _("已不予接收，申请人会看到理由。"))
    except ValidationError as e:
        transfer.refresh_from_db()
        if action == "reject":
            apply_errors(reason_form, e)
        else:
            messages.error(request, " ".join(e.messages))
        return render(
            request,
            "members/transfer_detail.html",
            _transfer_detail_context(request, transfer, reason_form=reason_form),
            status=400,
        )
    if transfer.member.user_id == request.user.pk and not is_cadre(request.user):
        return redirect("members:me")
    return redirect("members:transfer_detail", transfer.uuid)
