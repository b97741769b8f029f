"""Problem lists (问题清单) pages: raise, lists, detail with actions, partner units, dialogue meetings,
figures. Form → access → service → render."""

import uuid as uuid_module

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.core.pages import apply_errors, querystring
from gonghui.core.scoping import can_manage, is_cadre
from gonghui.members.selectors.roster import orgs_for_filter
from gonghui.orgs.models import Enterprise
from gonghui.orgs.selectors import area_choices_for
from gonghui.servicedesk.forms import problems as forms
from gonghui.servicedesk.selectors import problems as sel
from gonghui.servicedesk.services import problems as svc

PAGE_SIZE = 30


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


# ---------------------------------------------------------------- lists


@login_required
def problem_list(request):
    if not is_cadre(request.user):
        if sel.units_of_contact(request.user).exists():
            return redirect("servicedesk:problem_inbox")
        return redirect("servicedesk:problem_mine")
    form = forms.ProblemFilterForm(
        request.GET or None,
        units=sel.units_for_filter(request.user),
        orgs=orgs_for_filter(request.user),
        enterprises=Enterprise.objects.visible_to(request.user),
    )
    filters = sel.ProblemFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = sel.ProblemFilters(
            state=data["state"],
            category=data["category"],
            unit=data["unit"],
            urgency=data["urgency"],
            overdue=data["overdue"],
            org=data.get("org"),
            enterprise=data.get("enterprise"),
        )
    page = _page(request, sel.problem_list_for(request.user, filters))
    return render(
        request,
        "servicedesk/problem_list.html",
        {
            "filters": form,
            "page_obj": page,
            "problems": page.object_list,
            "querystring_base": querystring(request),
            "may_report": sel.may_report(request.user),
        },
    )


@login_required
def problem_mine(request):
    page = _page(request, sel.problems_mine(request.user))
    return render(
        request,
        "servicedesk/problem_mine.html",
        {
            "page_obj": page,
            "problems": page.object_list,
            "querystring_base": "",
            "may_report": sel.may_report(request.user),
        },
    )


@login_required
def problem_inbox(request):
    units = list(sel.units_of_contact(request.user))
    if not units:
        raise PermissionDenied
    show_all = request.GET.get("all") == "1"
    page = _page(request, sel.unit_inbox(request.user, open_only=not show_all))
    return render(
        request,
        "servicedesk/problem_inbox.html",
        {
            "units": units,
            "page_obj": page,
            "problems": page.object_list,
            "show_all": show_all,
            "querystring_base": "all=1&" if show_all else "",
        },
    )


# ---------------------------------------------------------------- raise


@login_required
@require_http_methods(["GET", "POST"])
def problem_raise(request):
    enterprises = sel.enterprises_to_report_for(request.user)
    if not enterprises.exists():
        raise PermissionDenied
    initial = {}
    if request.GET.get("enterprise"):
        found = (
            enterprises.filter(uuid=request.GET["enterprise"]).first()
            if _is_uuid(request.GET["enterprise"])
            else None
        )
        if found is not None:
            initial["enterprise"] = found
    form = forms.ProblemRaiseForm(request.POST or None, enterprises=enterprises, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            problem = svc.problem_raise(
                enterprise=data["enterprise"],
                reporter=request.user,
                category=data["category"],
                title=data["title"],
                description=data["description"],
                urgency=data["urgency"],
            )
        except ValidationError as e:
            apply_errors(form, e)
        except PermissionDenied:
            form.add_error("enterprise", _("您不能为该企业记录问题。"))
        else:
            messages.success(request, _("问题已记录，等待总工会交办。"))
            return redirect(problem)
    return render(request, "servicedesk/problem_raise.html", {"form": form})


def _is_uuid(value: str) -> bool:
    try:
        uuid_module.UUID(str(value))
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------- detail and actions


def _detail(request, problem, *, status: int = 200, **forms_in):
    actions = sel.problem_actions(request.user, problem)
    available = actions["available"]
    context = {
        "problem": problem,
        "history": sel.problem_history(problem),
        "meetings": sel.problem_meetings(problem),
        "is_overdue": problem.is_overdue,
        "available": available,
        "can_schedule": actions["can_schedule"],
        "is_cadre_view": can_manage(request.user, problem.org),
    }
    if "assign" in available:
        context["assign_form"] = forms_in.get("assign_form") or forms.AssignForm(
            units=sel.units_for_problem(problem), initial={"unit": problem.unit_id}
        )
    if "answer" in available:
        context["answer_form"] = forms_in.get("answer_form") or forms.AnswerForm()
    if "confirm" in available:
        context["confirm_form"] = forms_in.get("confirm_form") or forms.ConfirmForm()
    if "reopen" in available:
        context["reopen_form"] = forms_in.get("reopen_form") or forms.ReasonForm(prefix="reopen")
    if "close" in available:
        context["close_form"] = forms_in.get("close_form") or forms.ReasonForm(prefix="close")
    return render(request, "servicedesk/problem_detail.html", context, status=status)


@login_required
def problem_detail(request, uuid):
    return _detail(request, sel.problem_get_for(request.user, uuid))


def _act(request, uuid, *, transition: str, form_key: str, make_form, run):
    problem = sel.problem_get_for(request.user, uuid)
    if transition not in sel.problem_actions(request.user, problem)["available"]:
        from gonghui.servicedesk.workflows import PROBLEM_FLOW

        t = PROBLEM_FLOW.transitions[transition]
        if problem.state in t.sources:
            raise PermissionDenied
        messages.error(
            request,
            _("当前状态为“%(state)s”，不能执行“%(action)s”。")
            % {"state": problem.get_state_display(), "action": t.label},
        )
        return redirect(problem)
    form = make_form(problem)
    if form.is_valid():
        try:
            run(problem, form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            return redirect(problem)
    return _detail(request, problem, status=400, **{form_key: form})


@login_required
@require_POST
def problem_assign(request, uuid):
    def run(problem, data):
        svc.problem_assign(
            problem=problem,
            unit=data["unit"],
            due_date=data["due_date"],
            note=data["note"],
            actor=request.user,
        )
        messages.success(request, _("已交办给“%(unit)s”。") % {"unit": data["unit"].name})

    return _act(
        request,
        uuid,
        transition="assign",
        form_key="assign_form",
        run=run,
        make_form=lambda p: forms.AssignForm(request.POST, units=sel.units_for_problem(p)),
    )


@login_required
@require_POST
def problem_answer(request, uuid):
    def run(problem, data):
        svc.problem_answer(problem=problem, actor=request.user, answer=data["answer"])
        messages.success(request, _("答复已提交，等待企业确认。"))

    return _act(
        request,
        uuid,
        transition="answer",
        form_key="answer_form",
        run=run,
        make_form=lambda p: forms.AnswerForm(request.POST),
    )


@login_required
@require_POST
def problem_confirm(request, uuid):
    def run(problem, data):
        svc.problem_confirm(problem=problem, actor=request.user, note=data["note"])
        messages.success(request, _("已确认问题解决。"))

    return _act(
        request,
        uuid,
        transition="confirm",
        form_key="confirm_form",
        run=run,
        make_form=lambda p: forms.ConfirmForm(request.POST),
    )


@login_required
@require_POST
def problem_reopen(request, uuid):
    def run(problem, data):
        svc.problem_reopen(problem=problem, actor=request.user, reason=data["reason"])
        messages.success(request, _("已退回重新办理。"))

    return _act(
        request,
        uuid,
        transition="reopen",
        form_key="reopen_form",
        run=run,
        make_form=lambda p: forms.ReasonForm(request.POST, prefix="reopen"),
    )


@login_required
@require_POST
def problem_close(request, uuid):
    def run(problem, data):
        svc.problem_close(problem=problem, actor=request.user, reason=data["reason"])
        messages.success(request, _("问题已关闭。"))

    return _act(
        request,
        uuid,
        transition="close",
        form_key="close_form",
        run=run,
        make_form=lambda p: forms.ReasonForm(request.POST, prefix="close"),
    )


# ---------------------------------------------------------------- dialogue meetings (亲清茶室)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_schedule(request, uuid):
    problem = sel.problem_get_for(request.user, uuid, manage=True)
    choices = sel.meeting_problem_choices(problem.org)
    form = forms.MeetingForm(
        request.POST or None, problems=choices, initial={"problems": [problem.pk], "title": problem.title}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = svc.meeting_schedule(
                org=problem.org,
                title=data["title"],
                date=data["date"],
                place=data["place"],
                participants=data["participants"],
                problems=data["problems"],
                actor=request.user,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("亲清茶室已安排。"))
            return redirect("servicedesk:meeting_detail", meeting.uuid)
    return render(request, "servicedesk/meeting_form.html", {"form": form, "problem": problem})


@login_required
def meeting_list(request):
    page = _page(request, sel.meeting_list_for(request.user))
    return render(
        request,
        "servicedesk/meeting_list.html",
        {"page_obj": page, "meetings": page.object_list, "querystring_base": ""},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_detail(request, uuid):
    meeting = sel.meeting_get_for(request.user, uuid)
    may_edit = can_manage(request.user, meeting.org)
    if request.method == "POST" and not may_edit:
        raise PermissionDenied
    form = None
    if may_edit:
        form = forms.MeetingForm(
            request.POST or None,
            problems=sel.meeting_problem_choices(meeting.org) | meeting.problems.all(),
            with_minutes=True,
            initial={
                "title": meeting.title,
                "date": meeting.date,
                "place": meeting.place,
                "participants": meeting.participants,
                "minutes": meeting.minutes,
                "problems": list(meeting.problems.values_list("pk", flat=True)),
            },
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                svc.meeting_update(
                    meeting=meeting,
                    title=data["title"],
                    date=data["date"],
                    place=data["place"],
                    participants=data["participants"],
                    minutes=data["minutes"],
                    problems=data["problems"],
                    actor=request.user,
                )
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(request, _("已保存。"))
                return redirect("servicedesk:meeting_detail", meeting.uuid)
    problems = meeting.problems.select_related("enterprise").order_by("-created_at")
    return render(
        request, "servicedesk/meeting_detail.html", {"meeting": meeting, "form": form, "problems": problems}
    )


# ---------------------------------------------------------------- partner units


@login_required
def unit_list(request):
    units = sel.unit_list_for(request.user)
    may_add = area_choices_for(request.user).exists()
    return render(request, "servicedesk/unit_list.html", {"units": units, "may_add": may_add})


def _unit_orgs(user):
    return area_choices_for(user)


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request):
    orgs = _unit_orgs(request.user)
    if not orgs.exists():
        raise PermissionDenied
    form = forms.UnitForm(request.POST or None, orgs=orgs, initial={"org": orgs.first()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = svc.partner_unit_create(
                org=data["org"],
                name=data["name"],
                department=data["department"],
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
                contact_mobiles=data["contact_mobiles"],
                actor=request.user,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("责任单位“%(name)s”已添加。") % {"name": unit.name})
            return redirect("servicedesk:unit_detail", unit.pk)
    return render(request, "servicedesk/unit_form.html", {"form": form})


@login_required
def unit_detail(request, pk):
    unit = sel.unit_get_for(request.user, pk)
    problems = sel.with_list_relations(unit.problems.all()).order_by("-created_at")[:50]
    problems = list(problems)
    return render(
        request,
        "servicedesk/unit_detail.html",
        {
            "unit": unit,
            "contacts": unit.contacts.all(),
            "problems": problems,
            "may_edit": can_manage(request.user, unit.org),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request, pk):
    unit = sel.unit_get_for(request.user, pk, manage=True)
    initial = {
        "name": unit.name,
        "department": unit.department,
        "contact_name": unit.contact_name,
        "contact_phone": unit.contact_phone,
        "is_active": unit.is_active,
        "contact_mobiles": "\n".join(unit.contacts.values_list("phone", flat=True)),
    }
    form = forms.UnitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            svc.partner_unit_update(
                unit=unit,
                name=data["name"],
                department=data["department"],
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
                is_active=data["is_active"],
                contact_mobiles=data["contact_mobiles"],
                actor=request.user,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("已保存。"))
            return redirect("servicedesk:unit_detail", unit.pk)
    return render(request, "servicedesk/unit_form.html", {"form": form, "unit": unit})


# ---------------------------------------------------------------- figures


@login_required
def problem_figures(request):
    if not is_cadre(request.user):
        raise PermissionDenied
    orgs = orgs_for_filter(request.user)
    form = forms.FiguresForm(request.GET or None, orgs=orgs, initial=forms.FiguresForm.defaults())
    figures = None
    if not request.GET:
        data = forms.FiguresForm.defaults()
        figures_org = orgs.first()
        if figures_org is not None:
            figures = sel.problem_figures(org=figures_org, start=data["start"], end=data["end"])
    elif form.is_valid():
        figures_org = form.cleaned_data.get("org") or orgs.first()
        if figures_org is not None:
            figures = sel.problem_figures(
                org=figures_org, start=form.cleaned_data["start"], end=form.cleaned_data["end"]
            )
    return render(request, "servicedesk/figures_problems.html", {"form": form, "figures": figures})


urlpatterns = [
    path("problems/", problem_list, name="problem_list"),
    path("problems/new/", problem_raise, name="problem_raise"),
    path("problems/mine/", problem_mine, name="problem_mine"),
    path("problems/inbox/", problem_inbox, name="problem_inbox"),
    path("problems/figures/", problem_figures, name="problem_figures"),
    path("problems/<uuid:uuid>/", problem_detail, name="problem_detail"),
    path("problems/<uuid:uuid>/assign/", problem_assign, name="problem_assign"),
    path("problems/<uuid:uuid>/answer/", problem_answer, name="problem_answer"),
    path("problems/<uuid:uuid>/confirm/", problem_confirm, name="problem_confirm"),
    path("problems/<uuid:uuid>/reopen/", problem_reopen, name="problem_reopen"),
    path("problems/<uuid:uuid>/close/", problem_close, name="problem_close"),
    path("problems/<uuid:uuid>/meetings/new/", meeting_schedule, name="meeting_schedule"),
    path("meetings/", meeting_list, name="meeting_list"),
    path("meetings/<uuid:uuid>/", meeting_detail, name="meeting_detail"),
    path("units/", unit_list, name="unit_list"),
    path("units/new/", unit_create, name="unit_create"),
    path("units/<int:pk>/", unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", unit_edit, name="unit_edit"),
]
