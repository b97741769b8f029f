"""Worker diary (工情日记) pages: entries, their follow-ups, "my follow-ups" and completing one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from gonghui.core.pages import apply_errors, querystring
from gonghui.core.scoping import is_cadre
from gonghui.orgs.models import Org
from gonghui.servicedesk.forms.diary import DiaryEntryForm, DiaryFilter, FollowUpCompleteForm, FollowUpFormSet
from gonghui.servicedesk.selectors import diary as selectors
from gonghui.servicedesk.services import diary as services
from gonghui.servicedesk.views.settings import desk_links
from gonghui.servicedesk.workflows import FOLLOW_UP_FLOW

PAGE_SIZE = 30


def labelled_history(flow, obj) -> list:
    """The transition log of `obj`, each row with the Chinese label of its transition."""
    rows = list(flow.history(obj))
    for row in rows:
        t = flow.transitions.get(row.transition)
        row.label = t.label if t else row.transition
    return rows


@login_required
def diary_list(request):
    selectors.require_cadre(request.user)
    form = DiaryFilter(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    entries = selectors.diary_list_for(
        request.user,
        enterprise=data.get("enterprise", ""),
        author=data.get("author", ""),
        start=data.get("start"),
        end=data.get("end"),
    )
    page_obj = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "servicedesk/diary_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "querystring_base": querystring(request),
            "can_write": bool(selectors.writing_orgs_for(request.user)),
            "links": desk_links(request.user),
        },
    )


def _plans(formset, org, actor) -> list[services.FollowUpPlan] | None:
    """The follow-ups of the filled rows, with each assignee found by mobile (None on an error)."""
    plans, ok = [], True
    for row in formset:
        if row.is_blank:
            continue
        mobile = row.cleaned_data["assignee_mobile"]
        assignee = actor if not mobile else selectors.cadre_for_org(org, mobile)
        if assignee is None:
            row.add_error("assignee_mobile", _("没有找到手机号为该号码、在本组织或上下级工会任职的干部。"))
            ok = False
            continue
        plans.append(
            services.FollowUpPlan(
                description=row.cleaned_data["description"],
                due_date=row.cleaned_data["due_date"],
                assignee=assignee,
            )
        )
    return plans if ok else None


@login_required
def diary_create(request):
    selectors.require_writer(request.user)
    orgs = Org.objects.filter(pk__in=[o.pk for o in selectors.writing_orgs_for(request.user)]).order_by(
        "path"
    )
    enterprises = selectors.enterprises_in_scope(request.user)
    form = DiaryEntryForm(request.POST or None, orgs=orgs, enterprises=enterprises)
    formset = FollowUpFormSet(request.POST or None, prefix="fu")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        plans = _plans(formset, form.cleaned_data["org"], request.user)
        if plans is not None:
            try:
                entry = services.diary_entry_create(actor=request.user, follow_ups=plans, **form.cleaned_data)
            except ValidationError as e:
                apply_errors(form, e)  # follow-up errors (no such field) go to the top of the form
            else:
                messages.success(request, _("工情日记已保存。"))
                return redirect("servicedesk:diary_detail", entry.uuid)
    return render(request, "servicedesk/diary_form.html", {"form": form, "formset": formset})


@login_required
def diary_detail(request, uuid):
    entry = selectors.diary_get_for(request.user, uuid)
    follow_ups = list(selectors.follow_ups_of(entry))
    for f in follow_ups:
        f.can_complete = bool(FOLLOW_UP_FLOW.available(f, request.user))
    return render(request, "servicedesk/diary_detail.html", {"entry": entry, "follow_ups": follow_ups})


@login_required
def followup_list(request):
    scope = request.GET.get("scope", "mine")
    if scope == "all":
        selectors.require_cadre(request.user)
    state = request.GET.get("state", "open")
    if state not in ("open", "done", "all"):
        state = "open"
    follow_ups = selectors.follow_up_list_for(request.user, mine=scope != "all", state=state)
    page_obj = Paginator(follow_ups, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "servicedesk/followup_list.html",
        {
            "page_obj": page_obj,
            "scope": "all" if scope == "all" else "mine",
            "state": state,
            "querystring_base": querystring(request),
            "is_cadre": is_cadre(request.user),
        },
    )


@login_required
def followup_complete(request, pk: int):
    follow_up = selectors.follow_up_get_for(request.user, pk)
    if not FOLLOW_UP_FLOW.transitions["complete"].may(request.user, follow_up):
        raise PermissionDenied
    form = FollowUpCompleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_complete(
                follow_up=follow_up, actor=request.user, result=form.cleaned_data["result"]
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("跟进事项已完成。"))
            return redirect("servicedesk:followups")
    return render(
        request,
        "servicedesk/followup_complete.html",
        {
            "follow_up": follow_up,
            "entry": follow_up.entry,
            "form": form,
            "history": labelled_history(FOLLOW_UP_FLOW, follow_up),
        },
    )


urlpatterns = [
    path("diary/", diary_list, name="diary_list"),
    path("diary/new", diary_create, name="diary_create"),
    path("diary/<uuid:uuid>/", diary_detail, name="diary_detail"),
    path("followups/", followup_list, name="followups"),
    path("followups/<int:pk>/", followup_complete, name="followup_complete"),
]
