"""Petition (信访) pages: the cadres' list and registration, the worker's online form and own list,
the detail with assign / reply / close, and the logged reveal of a petitioner's phone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.pages import apply_errors, querystring
from gonghui.core.pii import mask_mobile
from gonghui.core.scoping import is_cadre
from gonghui.orgs.models import Org
from gonghui.servicedesk.forms.petitions import (
    PetitionAssignForm,
    PetitionCloseForm,
    PetitionFilter,
    PetitionOnlineForm,
    PetitionRegisterForm,
    PetitionReplyForm,
)
from gonghui.servicedesk.selectors import diary as diary_selectors
from gonghui.servicedesk.selectors import petitions as selectors
from gonghui.servicedesk.services import petitions as services
from gonghui.servicedesk.views.diary import PAGE_SIZE, labelled_history
from gonghui.servicedesk.views.settings import desk_links
from gonghui.servicedesk.workflows import PETITION_FLOW


@login_required
def petition_list(request):
    if not is_cadre(request.user):
        return redirect("servicedesk:petition_mine")
    diary_selectors.require_cadre(request.user)  # a platform superuser without a position: 403
    form = PetitionFilter(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    petitions = selectors.petition_list_for(
        request.user,
        state=data.get("state", ""),
        overdue=data.get("overdue", False),
        mine_to_handle=data.get("mine", False),
        search=data.get("q", ""),
        today=today,
    )
    page_obj = Paginator(petitions, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.annotate_deadlines(page_obj, today=today)
    for p in page_obj:
        p.petitioner_phone_masked = mask_mobile(p.petitioner_phone)
    return render(
        request,
        "servicedesk/petition_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "querystring_base": querystring(request),
            "can_write": bool(diary_selectors.writing_orgs_for(request.user)),
            "links": desk_links(request.user),
        },
    )


@login_required
def petition_register(request):
    diary_selectors.require_writer(request.user)
    orgs = Org.objects.filter(pk__in=[o.pk for o in diary_selectors.writing_orgs_for(request.user)]).order_by(
        "path"
    )
    form = PetitionRegisterForm(request.POST or None, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        try:
            petition = services.petition_register(actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(
                request,
                _("信访已登记，答复期限为%(date)s。") % {"date": formats.date_format(petition.reply_due)},
            )
            return redirect("servicedesk:petition_detail", petition.uuid)
    return render(request, "servicedesk/petition_form.html", {"form": form, "online": False})


@login_required
def petition_submit(request):
    """A logged-in worker petitions online; name and phone come from the account."""
    orgs = selectors.receiving_orgs()
    initial = {}
    default = selectors.default_receiving_org(request.user)
    if default is not None:
        initial["org"] = default.pk
    form = PetitionOnlineForm(request.POST or None, orgs=orgs, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            petition = services.petition_submit_online(actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(
                request,
                _("您的信访已提交，我们将在%(date)s前答复。")
                % {"date": formats.date_format(petition.reply_due)},
            )
            return redirect("servicedesk:petition_detail", petition.uuid)
    return render(
        request,
        "servicedesk/petition_form.html",
        {
            "form": form,
            "online": True,
            "phone_masked": mask_mobile(request.user.phone),
        },
    )


@login_required
def petition_mine(request):
    page_obj = Paginator(selectors.petition_mine(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "servicedesk/petition_mine.html", {"page_obj": page_obj})


def _detail(request, petition, *, assign_form=None, reply_form=None, close_form=None, phone=None):
    as_cadre = selectors.acts_as_cadre(request.user, petition)
    available = {t.name for t in PETITION_FLOW.available(petition, request.user)} if as_cadre else set()
    selectors.annotate_deadlines([petition])
    return render(
        request,
        "servicedesk/petition_detail.html",
        {
            "petition": petition,
            "as_cadre": as_cadre,
            "phone": phone or mask_mobile(petition.petitioner_phone),
            "phone_revealed": phone is not None,
            "may_reveal": as_cadre and selectors.may_reveal_phone(request.user, petition),
            "assign_form": (assign_form or PetitionAssignForm()) if "assign" in available else None,
            "reply_form": (reply_form or PetitionReplyForm()) if "reply" in available else None,
            "close_form": (close_form or PetitionCloseForm()) if "close" in available else None,
            "history": labelled_history(PETITION_FLOW, petition) if as_cadre else [],
        },
    )


@login_required
def petition_detail(request, uuid):
    return _detail(request, selectors.petition_get_for(request.user, uuid))


def _refused(request, petition, error: ValidationError):
    """A transition the state no longer allows (a double submit, someone was quicker): say why."""
    messages.error(request, error.messages[0])
    return redirect("servicedesk:petition_detail", petition.uuid)


def _transition_allowed(request, petition, name: str) -> None:
    """404 outside the scope (petition_get_for), 403 for whoever may not act on it."""
    if not selectors.acts_as_cadre(request.user, petition):
        raise PermissionDenied
    if not PETITION_FLOW.transitions[name].may(request.user, petition):
        raise PermissionDenied


@login_required
@require_POST
def petition_assign(request, uuid):
    petition = selectors.petition_get_for(request.user, uuid)
    _transition_allowed(request, petition, "assign")
    form = PetitionAssignForm(request.POST)
    if form.is_valid():
        mobile = form.cleaned_data["assignee_mobile"]
        assignee = request.user if not mobile else diary_selectors.cadre_for_org(petition.org, mobile)
        try:
            services.petition_assign(
                petition=petition, actor=request.user, assignee=assignee, note=form.cleaned_data["note"]
            )
        except ValidationError as e:
            if not hasattr(e, "error_dict"):
                return _refused(request, petition, e)
            form.add_error("assignee_mobile", e.error_dict.get("assignee") or e.messages)
        else:
            messages.success(request, _("已分派给%(name)s。") % {"name": assignee.name})
            return redirect("servicedesk:petition_detail", petition.uuid)
    return _detail(request, selectors.petition_get_for(request.user, uuid), assign_form=form)


@login_required
@require_POST
def petition_reply(request, uuid):
    petition = selectors.petition_get_for(request.user, uuid)
    _transition_allowed(request, petition, "reply")
    form = PetitionReplyForm(request.POST)
    if form.is_valid():
        try:
            services.petition_reply(petition=petition, actor=request.user, reply=form.cleaned_data["reply"])
        except ValidationError as e:
            if not hasattr(e, "error_dict"):
                return _refused(request, petition, e)
            apply_errors(form, e)
        else:
            messages.success(request, _("答复已保存。"))
            return redirect("servicedesk:petition_detail", petition.uuid)
    return _detail(request, selectors.petition_get_for(request.user, uuid), reply_form=form)


@login_required
@require_POST
def petition_close(request, uuid):
    petition = selectors.petition_get_for(request.user, uuid)
    _transition_allowed(request, petition, "close")
    form = PetitionCloseForm(request.POST)
    if form.is_valid():
        try:
            services.petition_close(petition=petition, actor=request.user, note=form.cleaned_data["note"])
        except ValidationError as e:
            if not hasattr(e, "error_dict"):
                return _refused(request, petition, e)
            apply_errors(form, e)
        else:
            messages.success(request, _("信访已办结。"))
            return redirect("servicedesk:petition_detail", petition.uuid)
    return _detail(request, selectors.petition_get_for(request.user, uuid), close_form=form)


@login_required
@require_POST
def petition_phone(request, uuid):
    petition = selectors.petition_get_for(request.user, uuid)
    phone = services.petition_phone_reveal(petition=petition, actor=request.user)
    return _detail(request, petition, phone=phone)


urlpatterns = [
    path("petitions/", petition_list, name="petition_list"),
    path("petitions/new", petition_register, name="petition_register"),
    path("petitions/submit", petition_submit, name="petition_submit"),
    path("petitions/mine", petition_mine, name="petition_mine"),
    path("petitions/<uuid:uuid>/", petition_detail, name="petition_detail"),
    path("petitions/<uuid:uuid>/assign", petition_assign, name="petition_assign"),
    path("petitions/<uuid:uuid>/reply", petition_reply, name="petition_reply"),
    path("petitions/<uuid:uuid>/close", petition_close, name="petition_close"),
    path("petitions/<uuid:uuid>/phone", petition_phone, name="petition_phone"),
]
