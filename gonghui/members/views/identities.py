"""Suspected duplicate memberships (疑似重复会籍): the list and the cadre's decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gonghui.core.pages import apply_errors
from gonghui.core.pii import mask_name
from gonghui.core.scoping import can_view
from gonghui.members.forms.lifecycle import DuplicateResolveForm
from gonghui.members.models import SuspectedDuplicate
from gonghui.members.selectors import identities as sel
from gonghui.members.services import identities as svc


@login_required
def duplicate_list(request):
    state = request.GET.get("state", SuspectedDuplicate.State.OPEN)
    if state not in SuspectedDuplicate.State.values:
        state = ""
    page = Paginator(sel.duplicate_list_for(request.user, state=state), 50).get_page(request.GET.get("page"))
    for duplicate in page:
        _label(request.user, duplicate.members.all())
    return render(
        request,
        "members/duplicate_list.html",
        {
            "page_obj": page,
            "state": state,
            "states": SuspectedDuplicate.State.choices,
            "querystring_base": f"state={state}&",
        },
    )


def _label(user, members) -> list:
    """Names masked, as on every list; a link only to the memberships the cadre may open."""
    members = list(members)
    for m in members:
        m.name_masked = mask_name(m.name)
        m.in_scope = can_view(user, m.org)
    return members


@login_required
@require_http_methods(["GET", "POST"])
def duplicate_detail(request, uuid):
    duplicate = sel.duplicate_get_for(request.user, uuid)
    members = _label(request.user, duplicate.members.all())
    can_resolve = duplicate.state == SuspectedDuplicate.State.OPEN and svc.duplicate_can_resolve(
        request.user, duplicate
    )
    form = DuplicateResolveForm(request.POST if request.method == "POST" else None, members=members)
    if request.method == "POST" and form.is_valid():
        keep = next(m for m in members if str(m.uuid) == form.cleaned_data["keep"])
        try:
            svc.duplicate_resolve(
                duplicate=duplicate, keep=keep, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(
                request, _("已处理：保留会员%(no)s，其余会籍已按退会办理。") % {"no": keep.member_no}
            )
            return redirect("members:duplicate_list")
    return render(
        request,
        "members/duplicate_detail.html",
        {"duplicate": duplicate, "members": members, "form": form, "can_resolve": can_resolve},
        status=400 if form.errors else 200,
    )
