"""Fitness pages: thin views (form → access → service → render). Body data is shown only on the
person's own page and to organisers (selectors log their access); leaderboards show percentages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gonghui.core.pages import apply_errors
from gonghui.fitness import selectors, services
from gonghui.fitness.charts import trend_svg
from gonghui.fitness.forms import (
    ContestForm,
    EnrolForm,
    ProgrammeForm,
    RecordForm,
    RejectForm,
    TeamAssignForm,
    TeamForm,
    WeighInForm,
)
from gonghui.fitness.models import Contest, WeighIn
from gonghui.orgs.selectors import drilled, manage_paths


def _flash(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
def programme_list(request):
    drill = drilled(request.user, request.GET)
    programmes = list(selectors.programmes_for(request.user, drilled=drill)[:100])
    return render(
        request,
        "fitness/programme_list.html",
        {"programmes": programmes, "may_create": bool(manage_paths(request.user)), "drilled": drill},
    )


@login_required
def programme_create(request):
    if not manage_paths(request.user):
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            programme = services.programme_create(
                org=data["org"],
                title=data["title"],
                description=data["description"],
                enrol_opens=data["enrol_opens"],
                enrol_closes=data["enrol_closes"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                audience_job_types=data["audience_job_types"],
                members_only=data["members_only"],
                actor=request.user,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("健身项目已发布。"))
            return redirect("fitness:manage", programme.uuid)
    return render(request, "fitness/programme_form.html", {"form": form})


@login_required
def programme_detail(request, uuid):
    programme = selectors.programme_get_for(request.user, uuid)
    enrolment = selectors.enrolment_of(programme, request.user)
    refusal = None if enrolment else selectors.enrol_refusal(request.user, programme)
    return render(
        request,
        "fitness/programme_detail.html",
        {
            "programme": programme,
            "enrolment": enrolment,
            "refusal": refusal,
            "form": EnrolForm() if enrolment is None and refusal is None else None,
            "organiser": selectors.is_organiser(request.user, programme),
            "contests": list(selectors.contests_of(programme)),
            "may_see_leaderboard": selectors.may_see_leaderboard(request.user, programme),
        },
    )


@login_required
@require_POST
def enrol(request, uuid):
    programme = selectors.programme_get_for(request.user, uuid)
    form = EnrolForm(request.POST)
    if form.is_valid():
        try:
            services.enrol(
                programme=programme, user=request.user, height=form.cleaned_data["height"], actor=request.user
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("报名成功。请按时称重并提交体重。"))
            return redirect("fitness:my_weigh_ins", programme.uuid)
    refusal = selectors.enrol_refusal(request.user, programme)
    return render(
        request,
        "fitness/programme_detail.html",
        {
            "programme": programme,
            "enrolment": selectors.enrolment_of(programme, request.user),
            "refusal": refusal,
            "form": form,
            "organiser": selectors.is_organiser(request.user, programme),
            "contests": list(selectors.contests_of(programme)),
            "may_see_leaderboard": selectors.may_see_leaderboard(request.user, programme),
        },
    )


def _my_enrolment(request, uuid):
    programme = selectors.programme_get_for(request.user, uuid)
    enrolment = selectors.enrolment_of(programme, request.user)
    if enrolment is None:
        raise PermissionDenied  # sees the programme, has not enrolled: nothing of theirs to show
    return programme, enrolment


def _body_page(request, programme, enrolment, *, form=None, template="fitness/my_weigh_ins.html", extra=None):
    rows = selectors.readings(enrolment)
    confirmed = [r for r in rows if r.state == WeighIn.State.CONFIRMED]
    context = {
        "programme": programme,
        "enrolment": enrolment,
        "height": enrolment.height_plain(),
        "rows": rows,
        "latest": confirmed[-1] if confirmed else None,
        "trend": trend_svg(
            [(date_format(r.weigh_in.measured_on, "SHORT_DATE_FORMAT"), r.weight) for r in confirmed]
        ),
        "form": form,
        **(extra or {}),
    }
    response = render(request, template, context)
    response["Cache-Control"] = "no-store, private"  # health data: no shared or back-button cache
    return response


@never_cache
@login_required
def my_weigh_ins(request, uuid):
    programme, enrolment = _my_enrolment(request, uuid)
    return _body_page(request, programme, enrolment, form=WeighInForm())


@never_cache
@login_required
@require_POST
def weigh_in_submit(request, uuid):
    programme, enrolment = _my_enrolment(request, uuid)
    form = WeighInForm(request.POST)
    if form.is_valid():
        try:
            services.weigh_in_submit(
                enrolment=enrolment,
                measured_on=form.cleaned_data["measured_on"],
                weight=form.cleaned_data["weight"],
                actor=request.user,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("体重已提交，经组织者确认后计入比赛。"))
            return redirect("fitness:my_weigh_ins", programme.uuid)
    return _body_page(request, programme, enrolment, form=form)


# ---------------------------------------------------------------- organisers


def _manage_context(programme, **forms):
    return {
        "programme": programme,
        "participants": list(selectors.participants(programme)),
        "teams": list(selectors.teams_of(programme)),
        "contests": list(selectors.contests_of(programme)),
        "pending": selectors.pending_count(programme),
        "contest_form": forms.get("contest_form") or ContestForm(),
        "team_form": forms.get("team_form") or TeamForm(),
        "assign_form": forms.get("assign_form") or TeamAssignForm(programme=programme),
    }


@login_required
def manage(request, uuid):
    programme = selectors.programme_get_for(request.user, uuid, manage=True)
    return render(request, "fitness/manage.html", _manage_context(programme))


@login_required
@require_POST
def contest_create(request, uuid):
    programme = selectors.programme_get_for(request.user, uuid, manage=True)
    form = ContestForm(request.POST)
    if form.is_valid():
        try:
            services.contest_create(programme=programme, actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("比赛已设立。"))
            return redirect("fitness:manage", programme.uuid)
    return render(request, "fitness/manage.html", _manage_context(programme, contest_form=form))


@login_required
@require_POST
def team_create(request, uuid):
    programme = selectors.programme_get_for(request.user, uuid, manage=True)
    form = TeamForm(request.POST)
    if form.is_valid():
        try:
            services.team_create(programme=programme, name=form.cleaned_data["name"], actor=request.user)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("队伍已建立。"))
            return redirect("fitness:manage", programme.uuid)
    return render(request, "fitness/manage.html", _manage_context(programme, team_form=form))


@login_required
@require_POST
def team_assign(request, uuid):
    programme = selectors.programme_get_for(request.user, uuid, manage=True)
    form = TeamAssignForm(request.POST, programme=programme)
    if form.is_valid():
        services.team_assign(
            enrolment=form.cleaned_data["enrolment"], team=form.cleaned_data["team"], actor=request.user
        )
        messages.success(request, _("已调整队伍。"))
        return redirect("fitness:manage", programme.uuid)
    return render(request, "fitness/manage.html", _manage_context(programme, assign_form=form))


def _queue_page(request, programme, *, record_form=None, reject_form=None, status=200):
    rows = selectors.weigh_in_queue(request.user, programme)
    response = render(
        request,
        "fitness/queue.html",
        {
            "programme": programme,
            "rows": rows,
            "record_form": record_form or RecordForm(programme=programme),
            "reject_form": reject_form or RejectForm(),
        },
        status=status,
    )
    response["Cache-Control"] = "no-store, private"
    return response


@never_cache
@login_required
def queue(request, uuid):
    programme = selectors.programme_get_for(request.user, uuid, manage=True)
    return _queue_page(request, programme)


@login_required
@require_POST
def weigh_in_decide(request, uuid, weigh_in_uuid, action):
    if action not in ("confirm", "reject"):
        raise Http404
    programme = selectors.programme_get_for(request.user, uuid, manage=True)
    weigh_in = selectors.weigh_in_get_for(request.user, programme, weigh_in_uuid)
    try:
        if action == "confirm":
            services.weigh_in_confirm(weigh_in=weigh_in, actor=request.user)
            messages.success(request, _("已确认。"))
        else:
            form = RejectForm(request.POST)
            if not form.is_valid():
                return _queue_page(request, programme, reject_form=form)
            services.weigh_in_reject(
                weigh_in=weigh_in, reason=form.cleaned_data["reason"], actor=request.user
            )
            messages.success(request, _("已退回。"))
    except ValidationError as e:
        _flash(request, e)
    return redirect("fitness:queue", programme.uuid)


@never_cache
@login_required
@require_POST
def weigh_in_record(request, uuid):
    programme = selectors.programme_get_for(request.user, uuid, manage=True)
    form = RecordForm(request.POST, programme=programme)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.weigh_in_record(
                enrolment=data["enrolment"],
                measured_on=data["measured_on"],
                weight=data["weight"],
                actor=request.user,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("体重已记录。"))
            return redirect("fitness:queue", programme.uuid)
    return _queue_page(request, programme, record_form=form)


@never_cache
@login_required
def participant(request, uuid, enrolment_uuid):
    programme = selectors.programme_get_for(request.user, uuid, manage=True)
    enrolment = selectors.enrolment_get_for(
        request.user, programme, enrolment_uuid, purpose=_("健身项目查看参加人身体数据")
    )
    return _body_page(request, programme, enrolment, template="fitness/participant.html")


@login_required
def leaderboard(request, uuid):
    programme = selectors.programme_get_for(request.user, uuid)
    if not selectors.may_see_leaderboard(request.user, programme):
        raise PermissionDenied
    contests = list(selectors.contests_of(programme))
    if not contests:  # no contest set up yet: the individual ranking all the same
        contests = [Contest(programme=programme, kind=Contest.Kind.INDIVIDUAL, title=_("个人排名"))]
    boards = [(c, selectors.standings(c, viewer=request.user)) for c in contests]
    return render(request, "fitness/leaderboard.html", {"programme": programme, "boards": boards})
