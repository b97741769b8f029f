"""Volunteer pages: thin views (form → access → service → render)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gonghui.core import checkin as core_checkin
from gonghui.core.pages import apply_errors, querystring
from gonghui.core.pii import mask_name
from gonghui.core.qr import qr_svg
from gonghui.core.scoping import can_manage, is_cadre
from gonghui.orgs.selectors import area_choices_for, drilled, manage_paths
from gonghui.volunteers import certificates, selectors, services
from gonghui.volunteers.forms import (
    AllianceForm,
    AllianceTeamForm,
    HoursForm,
    LeaderForm,
    ProfileForm,
    RegisterForm,
    TaskForm,
    TeamForm,
    YearForm,
)
from gonghui.volunteers.models import Volunteer, VolunteerTask, VolunteerTeam


def _flash(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _qr_svg(url: str) -> str:
    return qr_svg(url)


def _year(request) -> int:
    return YearForm(request.GET).year_or_current()


# ---------------------------------------------------------------- the volunteer's own pages


@login_required
def home(request):
    volunteer = selectors.volunteer_for(request.user)
    active = volunteer if volunteer is not None and volunteer.status == Volunteer.Status.ACTIVE else None
    context = {
        "volunteer": volunteer,
        "active": active,
        "tasks": list(selectors.open_tasks_for(active)[:5]),
        "my_signups": list(selectors.upcoming_signups(volunteer)[:10]) if volunteer else [],
        "my_teams": list(VolunteerTeam.objects.filter(memberships__volunteer=volunteer).select_related("org"))
        if volunteer
        else [],
        "led_tasks": list(
            VolunteerTask.objects.filter(leader=request.user, ends_at__gte=timezone.now())
            .exclude(state=VolunteerTask.State.CANCELLED)
            .order_by("starts_at")[:10]
        ),
        "cadre": is_cadre(request.user),
    }
    return render(request, "volunteers/home.html", context)


@login_required
def register(request):
    volunteer = selectors.volunteer_for(request.user)
    if volunteer is not None and volunteer.status == Volunteer.Status.ACTIVE:
        messages.info(request, _("您已登记为志愿者。"))
        return redirect("volunteers:profile")
    member = selectors.member_of(request.user)
    form = RegisterForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.volunteer_register(
                user=request.user,
                org=data.get("org"),
                skills=data["skills"],
                availability=data["availability"],
                consent=data["consent"],
                member=member,
                actor=request.user,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("登记成功，欢迎加入志愿者队伍！"))
            return redirect("volunteers:home")
    return render(
        request, "volunteers/register.html", {"form": form, "member": member, "volunteer": volunteer}
    )


def _my_volunteer(request) -> Volunteer:
    volunteer = selectors.volunteer_for(request.user)
    if volunteer is None:
        raise Http404
    return volunteer


@login_required
def profile(request):
    volunteer = selectors.volunteer_for(request.user)
    if volunteer is None or volunteer.status != Volunteer.Status.ACTIVE:
        return redirect("volunteers:register")
    form = ProfileForm(
        request.POST or None, initial={"skills": volunteer.skills, "availability": volunteer.availability}
    )
    if request.method == "POST" and form.is_valid():
        services.volunteer_update(
            volunteer=volunteer,
            skills=form.cleaned_data["skills"],
            availability=form.cleaned_data["availability"],
            actor=request.user,
        )
        messages.success(request, _("已保存。"))
        return redirect("volunteers:profile")
    return render(request, "volunteers/profile.html", {"volunteer": volunteer, "form": form})


@login_required
@require_POST
def leave(request):
    volunteer = _my_volunteer(request)
    try:
        services.volunteer_leave(volunteer=volunteer, actor=request.user)
    except ValidationError as e:
        _flash(request, e)
    else:
        messages.success(request, _("您已退出志愿者队伍，尚未开始的任务报名已一并取消。"))
    return redirect("volunteers:home")


@login_required
def my_hours(request):
    volunteer = _my_volunteer(request)
    year = _year(request)
    years = selectors.hours_by_year(volunteer)
    signups = list(selectors.confirmed_signups(volunteer, year))
    return render(
        request,
        "volunteers/my_hours.html",
        {
            "volunteer": volunteer,
            "year": year,
            "years": years,
            "signups": signups,
            "total": sum((s.hours for s in signups), 0),
            "pending": list(selectors.pending_signups(volunteer)),
        },
    )


@login_required
def my_certificate(request, year: int):
    volunteer = _my_volunteer(request)
    return certificates.certificate_response(volunteer, year)


# ---------------------------------------------------------------- cadres: the volunteer register


@login_required
def volunteer_list(request):
    if not is_cadre(request.user):
        raise PermissionDenied
    search = (request.GET.get("q") or "").strip()[:40]
    page = Paginator(selectors.volunteers_for(request.user, search=search), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request, "volunteers/volunteer_list.html", {"page_obj": page, "q": search, "year": _year(request)}
    )


@login_required
def certificate(request, uuid, year: int):
    volunteer = selectors.volunteer_get_for_certificate(request.user, uuid)
    return certificates.certificate_response(volunteer, year)


@never_cache
def certificate_verify(request, token: str):
    """Public: whether the certificate is genuine, with the name masked; nothing else personal."""
    check = certificates.certificate_check(token)
    response = render(request, "volunteers/certificate_verify.html", {"check": check})
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


# ---------------------------------------------------------------- teams


@login_required
def team_list(request):
    volunteer = selectors.volunteer_for(request.user)
    teams = selectors.teams_for(request.user, volunteer)
    page = Paginator(teams, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "volunteers/team_list.html",
        {
            "page_obj": page,
            "volunteer": volunteer,
            "can_create": bool(manage_paths(request.user)),
            "my_team_ids": set(volunteer.memberships.values_list("team_id", flat=True))
            if volunteer
            else set(),
        },
    )


@login_required
def team_create(request):
    if not manage_paths(request.user):
        raise PermissionDenied
    form = TeamForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            team = services.team_create(
                org=data["org"],
                name=data["name"],
                description=data["description"],
                leader=data["leader_phone"],
                actor=request.user,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("志愿服务队已建立。"))
            return redirect("volunteers:team_detail", team.uuid)
    return render(request, "volunteers/team_form.html", {"form": form})


@login_required
def team_detail(request, uuid):
    team = selectors.team_get_for(request.user, uuid)
    year = _year(request)
    volunteer = selectors.volunteer_for(request.user)
    members = list(selectors.team_members(team, year))
    manage = selectors.is_team_leader(request.user, team) or can_manage(request.user, team.org)
    for m in members:
        # Fellow volunteers see each other by masked name and without hours; those who manage the team see all.
        m.shown = manage or m.user_id == request.user.pk
        m.shown_name = m.user.name if m.shown else mask_name(m.user.name)
    leader_name = ""
    if team.leader is not None:
        leader = team.leader.user
        leader_name = leader.name if manage or leader.pk == request.user.pk else mask_name(leader.name)
    return render(
        request,
        "volunteers/team_detail.html",
        {
            "team": team,
            "year": year,
            "members": members,
            "leader_name": leader_name,
            "team_hours": selectors.team_hours(team, year),
            "is_member": volunteer is not None and any(m.pk == volunteer.pk for m in members),
            "volunteer": volunteer,
            "manage": manage,
            "cadre": can_manage(request.user, team.org),
            "leader_form": LeaderForm(user=request.user),
            "tasks": list(team.tasks.order_by("-starts_at")[:10]),
        },
    )


@login_required
@require_POST
def team_join(request, uuid):
    team = selectors.team_get_for(request.user, uuid)
    volunteer = selectors.active_volunteer_for(request.user)
    if volunteer is None:
        messages.info(request, _("请先登记为志愿者。"))
        return redirect("volunteers:register")
    try:
        services.team_join(team=team, volunteer=volunteer, actor=request.user)
    except ValidationError as e:
        _flash(request, e)
    else:
        messages.success(request, _("已加入%(team)s。") % {"team": team.name})
    return redirect("volunteers:team_detail", team.uuid)


@login_required
@require_POST
def team_member_remove(request, uuid, volunteer_uuid):
    team = selectors.team_get_for(request.user, uuid)
    volunteer = Volunteer.objects.filter(uuid=volunteer_uuid, memberships__team=team).first()
    if volunteer is None:
        raise Http404
    try:
        services.team_member_remove(team=team, volunteer=volunteer, actor=request.user)
    except ValidationError as e:
        _flash(request, e)
    else:
        messages.success(
            request, _("已退出该队。") if volunteer.user_id == request.user.pk else _("已将该队员移出。")
        )
    return redirect("volunteers:team_detail", team.uuid)


@login_required
@require_POST
def team_leader(request, uuid):
    team = selectors.team_get_for(request.user, uuid)
    if not can_manage(request.user, team.org):
        raise PermissionDenied
    form = LeaderForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.team_set_leader(team=team, leader=form.cleaned_data["leader_phone"], actor=request.user)
        except ValidationError as e:
            _flash(request, e)
        else:
            messages.success(request, _("已指定队长。"))
            return redirect("volunteers:team_detail", team.uuid)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("volunteers:team_detail", team.uuid)


# ---------------------------------------------------------------- alliances


@login_required
def alliance_list(request):
    if not is_cadre(request.user):
        raise PermissionDenied
    return render(
        request,
        "volunteers/alliance_list.html",
        {
            "alliances": list(selectors.alliances_for(request.user)),
            "can_create": area_choices_for(request.user).exists(),
        },
    )


@login_required
def alliance_create(request):
    if not area_choices_for(request.user).exists():
        raise PermissionDenied
    form = AllianceForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            alliance = services.alliance_create(
                org=data["org"], name=data["name"], description=data["description"], actor=request.user
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("志愿服务联盟已组建。"))
            return redirect("volunteers:alliance_detail", alliance.pk)
    return render(request, "volunteers/alliance_form.html", {"form": form})


@login_required
def alliance_detail(request, pk: int):
    alliance = selectors.alliance_get_for(request.user, pk)
    year = _year(request)
    manage = can_manage(request.user, alliance.org)
    teams = list(selectors.alliance_teams(alliance, year))
    form = AllianceTeamForm(teams=selectors.alliance_candidate_teams(alliance)) if manage else None
    return render(
        request,
        "volunteers/alliance_detail.html",
        {
            "alliance": alliance,
            "teams": teams,
            "year": year,
            "manage": manage,
            "form": form,
            "total": sum((t.hours or 0 for t in teams), 0),
        },
    )


@login_required
@require_POST
def alliance_team_add(request, pk: int):
    alliance = selectors.alliance_get_for(request.user, pk, write=True)
    form = AllianceTeamForm(request.POST, teams=selectors.alliance_candidate_teams(alliance))
    if form.is_valid():
        try:
            services.alliance_team_add(alliance=alliance, team=form.cleaned_data["team"], actor=request.user)
        except ValidationError as e:
            _flash(request, e)
        else:
            messages.success(request, _("已吸纳该志愿服务队。"))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("volunteers:alliance_detail", alliance.pk)


@login_required
@require_POST
def alliance_team_remove(request, pk: int, team_uuid):
    alliance = selectors.alliance_get_for(request.user, pk, write=True)
    team = alliance.teams.filter(uuid=team_uuid).first()
    if team is None:
        raise Http404
    services.alliance_team_remove(alliance=alliance, team=team, actor=request.user)
    messages.success(request, _("已将该队移出联盟。"))
    return redirect("volunteers:alliance_detail", alliance.pk)


# ---------------------------------------------------------------- tasks


@login_required
def task_list(request):
    volunteer = selectors.active_volunteer_for(request.user)
    page = Paginator(selectors.open_tasks_for(volunteer), 30).get_page(request.GET.get("page"))
    return render(request, "volunteers/task_list.html", {"page_obj": page, "volunteer": volunteer})


@login_required
def task_manage_list(request):
    drill = drilled(request.user, request.GET)
    qs = selectors.managed_tasks_for(request.user, drilled=drill)
    if not is_cadre(request.user) and not qs.exists():
        raise PermissionDenied
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "volunteers/task_manage_list.html",
        {
            "page_obj": page,
            "can_create": bool(manage_paths(request.user)),
            "drilled": drill,
            "querystring_base": querystring(request),
        },
    )


def _task_context(request):
    """Where a new task comes from: a team, a dispatched order, a bus trip, or nothing (ad hoc)."""
    user = request.user
    source = {"team": None, "order": None, "trip": None, "org": None, "teams": None, "initial": {}}
    if request.GET.get("team"):
        team = selectors.team_get_for(user, request.GET["team"], write=True)
        source.update(team=team, org=team.org)
    elif request.GET.get("order"):
        order = selectors.orders_for_task(user, request.GET["order"])
        if not can_manage(user, order.org):
            raise PermissionDenied
        source.update(order=order, org=order.org)
        date = order.service_date or order.wished_date
        source["initial"] = {
            "title": order.item.title,
            "place": order.service_place or order.place,
            "starts_at": f"{date:%Y-%m-%d}T09:00",
            "ends_at": f"{date:%Y-%m-%d}T11:00",
        }
    elif request.GET.get("trip"):
        trip = selectors.trip_for_task(user, request.GET["trip"])
        if not can_manage(user, trip.org):
            raise PermissionDenied
        source.update(trip=trip, org=trip.org)
        first = trip.stops.order_by("seq").first()
        source["initial"] = {
            "title": trip.title,
            "place": first.place if first else "",
            "starts_at": f"{trip.date:%Y-%m-%d}T08:30",
            "ends_at": f"{trip.date:%Y-%m-%d}T17:00",
        }
    elif not manage_paths(user):
        raise PermissionDenied
    if source["org"] is not None and source["team"] is None:
        source["teams"] = VolunteerTeam.objects.filter(org=source["org"]).order_by("name")
    return source


@login_required
def task_create(request):
    source = _task_context(request)
    form = TaskForm(
        request.POST or None,
        user=request.user,
        org=source["org"],
        teams=source["teams"],
        initial=source["initial"],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task = services.task_create(
                org=source["org"] or data["org"],
                title=data["title"],
                description=data["description"],
                place=data["place"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                capacity=data["capacity"],
                leader=data["leader_phone"] or request.user,
                team=source["team"] or data.get("team"),
                order=source["order"],
                trip=source["trip"],
                actor=request.user,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("志愿服务任务已发布。"))
            return redirect(task)
    return render(request, "volunteers/task_form.html", {"form": form, **source})


def checkin_url(task: VolunteerTask) -> str:
    return settings.GONGHUI_PUBLIC_URL.rstrip("/") + reverse(
        "volunteers:checkin", args=[task.uuid, services.checkin_token(task)]
    )


@login_required
def task_detail(request, uuid):
    task = selectors.task_get_for(request.user, uuid)
    volunteer = selectors.volunteer_for(request.user)
    manage = selectors.may_manage_task(request.user, task)
    context = {
        "task": task,
        "volunteer": volunteer,
        "signup": selectors.signup_of(task, volunteer),
        "manage": manage,
        "now": timezone.now(),
        "places_left": task.capacity - task.signed_up,
    }
    signup = context["signup"]
    if signup is not None and signup.state == signup.State.SIGNED_UP and task.state != task.State.CANCELLED:
        code = services.signup_code(signup)
        # The SVG is drawn here from our own code, not from user input.
        context.update(my_code=core_checkin.display_token(code), my_qr=mark_safe(_qr_svg(code)))  # noqa: S308
    if manage:
        url = checkin_url(task)
        # The SVG is generated here from our own URL, not from user input.
        context.update(
            signups=list(selectors.task_signups(task)),
            checkin_url=url,
            qr=mark_safe(_qr_svg(url)),  # noqa: S308
            hours_form=HoursForm(),
        )
    return render(request, "volunteers/task_detail.html", context)


@login_required
@require_POST
def task_signup(request, uuid):
    task = selectors.task_get_for(request.user, uuid)
    volunteer = selectors.active_volunteer_for(request.user)
    if volunteer is None:
        messages.info(request, _("请先登记为志愿者，再报名任务。"))
        return redirect("volunteers:register")
    try:
        services.signup_create(task=task, volunteer=volunteer, actor=request.user)
    except ValidationError as e:
        _flash(request, e)
    else:
        messages.success(request, _("报名成功。请在任务开始时扫描现场二维码签到。"))
    return redirect(task)


@login_required
@require_POST
def task_withdraw(request, uuid):
    task = selectors.task_get_for(request.user, uuid)
    signup = selectors.signup_of(task, selectors.volunteer_for(request.user))
    if signup is None:
        raise Http404
    try:
        services.signup_withdraw(signup=signup, actor=request.user)
    except ValidationError as e:
        _flash(request, e)
    else:
        messages.success(request, _("已退出报名。"))
    return redirect(task)


def _task_action(request, uuid, action, done: str):
    task = selectors.task_get_for(request.user, uuid, write=True)
    try:
        action(task=task, actor=request.user)
    except ValidationError as e:
        _flash(request, e)
    else:
        messages.success(request, done)
    return redirect(task)


@login_required
@require_POST
def task_close(request, uuid):
    return _task_action(request, uuid, services.task_close, _("已停止招募。"))


@login_required
@require_POST
def task_cancel(request, uuid):
    return _task_action(request, uuid, services.task_cancel, _("任务已取消，已通知报名的志愿者。"))


@login_required
@require_POST
def task_rotate_code(request, uuid):
    return _task_action(request, uuid, services.task_rotate_code, _("已更换签到二维码，旧二维码失效。"))


@login_required
@require_POST
def hours_confirm(request, uuid, pk: int):
    task = selectors.task_get_for(request.user, uuid, write=True)
    signup = selectors.signup_get_for(request.user, task, pk)
    form = HoursForm(request.POST)
    if form.is_valid():
        try:
            services.hours_confirm(signup=signup, actor=request.user, hours=form.cleaned_data["hours"])
        except ValidationError as e:
            _flash(request, e)
        else:
            messages.success(request, _("已确认%(name)s的服务时长。") % {"name": signup.volunteer.user.name})
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(task)


# ---------------------------------------------------------------- check-in by QR code


@login_required
def checkin(request, task_uuid, token: str):
    """The page the task's QR code opens: one button to check in, then (second scan) to check out."""
    try:
        task = services.task_for_token(token)
    except ValidationError as e:
        return render(request, "volunteers/checkin.html", {"error": e.messages[0]}, status=400)
    if task.uuid != task_uuid:
        return render(
            request,
            "volunteers/checkin.html",
            {"error": _("签到二维码无效或已更换，请扫描现场的最新二维码。")},
            status=400,
        )
    signup = selectors.signup_of(task, selectors.volunteer_for(request.user))
    if request.method == "POST":
        try:
            signup, direction = services.checkin_scan(token=token, actor=request.user)
        except ValidationError as e:
            return render(
                request,
                "volunteers/checkin.html",
                {"task": task, "signup": signup, "error": e.messages[0]},
                status=400,
            )
        if direction == "in":
            messages.success(request, _("签到成功。"))
        else:
            messages.success(
                request, _("签退成功，本次服务%(h)s小时，待任务负责人确认后计入时长。") % {"h": signup.hours}
            )
        return redirect("volunteers:checkin", task.uuid, token)
    return render(request, "volunteers/checkin.html", {"task": task, "signup": signup})


# ---------------------------------------------------------------- the leader scans volunteers' codes


@login_required
@never_cache
def task_scan(request, uuid):
    """The leader's scanning page (core/scanner.html): volunteers' own codes, offline-tolerant."""
    task = selectors.task_get_for(request.user, uuid, write=True)
    if not selectors.may_manage_task(request.user, task):
        raise PermissionDenied
    config = services.signup_desk(task).page_config(
        post_url=reverse("volunteers:task_scan_batch", args=[task.uuid]), checkout=True, name=task.title
    )
    return render(request, "volunteers/task_scan.html", {"task": task, "scanner": config})


@login_required
@require_POST
def task_scan_batch(request, uuid):
    """The scanning page's queue: JSON {"scans": [...]} in, {"results": [...]} out (core.checkin)."""
    task = selectors.task_get_for(request.user, uuid, write=True)
    if not selectors.may_manage_task(request.user, task):
        raise PermissionDenied
    try:
        scans = core_checkin.read_batch(request.body)
    except ValueError:
        return JsonResponse({"error": _("请求格式有误。")}, status=400)
    return JsonResponse({"results": services.checkin_batch(task=task, actor=request.user, scans=scans)})
