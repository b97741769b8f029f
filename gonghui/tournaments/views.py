"""Tournament pages: organiser pages (a cadre managing the org), a captain's registration, and the
public schedule, standings and bracket. Form → access → service → render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.pages import apply_errors
from gonghui.core.scoping import can_manage
from gonghui.members.audience import audience_refusal
from gonghui.members.selectors.lifecycle import member_for_user
from gonghui.members.selectors.people import members_by_mobile
from gonghui.orgs.selectors import drilled, manage_paths, manageable_orgs
from gonghui.tournaments import selectors, services
from gonghui.tournaments.forms import (
    CourtForm,
    DivisionForm,
    MoveForm,
    RegisterForm,
    ResultForm,
    SlotsForm,
    TournamentForm,
)
from gonghui.tournaments.models import Match


def tournament_list(request):
    drill = drilled(request.user, request.GET)
    tournaments = list(selectors.tournament_list_for(request.user, drilled=drill)[:100])
    can_create = bool(manage_paths(request.user)) if request.user.is_authenticated else False
    return render(
        request,
        "tournaments/list.html",
        {"tournaments": tournaments, "can_create": can_create, "drilled": drill},
    )


@login_required
def tournament_create(request):
    if not manage_paths(request.user):
        raise PermissionDenied
    form = TournamentForm(request.POST or None, orgs=manageable_orgs(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            tournament = services.tournament_create(actor=request.user, **data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("赛事已创建，请添加组别、场地和时段。"))
            return redirect("tournaments:manage", tournament.uuid)
    return render(request, "tournaments/form.html", {"form": form, "title": _("创建赛事")})


def tournament_detail(request, uuid):
    tournament = selectors.tournament_get_public(uuid)
    divisions = list(selectors.divisions_open_for(tournament))
    manage = request.user.is_authenticated and can_manage(request.user, tournament.org)
    return render(
        request,
        "tournaments/detail.html",
        {
            "tournament": tournament,
            "divisions": divisions,
            "manage": manage,
            "refusal": audience_refusal(request.user, tournament),
            "tab": "detail",
        },
    )


def _manage_context(tournament, **forms):
    return {
        "tournament": tournament,
        "divisions": list(selectors.divisions_open_for(tournament)),
        "courts": list(tournament.courts.all()),
        "slot_count": tournament.slots.count(),
        "unplaced": tournament.matches.filter(slot__isnull=True)
        .exclude(outcome=Match.Outcome.WALKOVER)
        .count(),
        "division_form": forms.get("division_form") or DivisionForm(),
        "court_form": forms.get("court_form") or CourtForm(),
        "slots_form": forms.get("slots_form") or SlotsForm(),
        "errors": forms.get("errors", []),
    }


@login_required
def tournament_manage(request, uuid):
    tournament = selectors.tournament_get_for(request.user, uuid, write=True)
    return render(request, "tournaments/manage.html", _manage_context(tournament))


@login_required
@require_POST
def division_add(request, uuid):
    tournament = selectors.tournament_get_for(request.user, uuid, write=True)
    form = DivisionForm(request.POST)
    if form.is_valid():
        try:
            services.division_create(tournament=tournament, actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("组别已添加。"))
            return redirect("tournaments:manage", tournament.uuid)
    return render(
        request, "tournaments/manage.html", _manage_context(tournament, division_form=form), status=400
    )


@login_required
@require_POST
def court_add(request, uuid):
    tournament = selectors.tournament_get_for(request.user, uuid, write=True)
    form = CourtForm(request.POST)
    if form.is_valid():
        services.court_add(tournament=tournament, name=form.cleaned_data["name"], actor=request.user)
        messages.success(request, _("场地已添加。"))
        return redirect("tournaments:manage", tournament.uuid)
    return render(
        request, "tournaments/manage.html", _manage_context(tournament, court_form=form), status=400
    )


@login_required
@require_POST
def slots_add(request, uuid):
    tournament = selectors.tournament_get_for(request.user, uuid, write=True)
    form = SlotsForm(request.POST)
    if form.is_valid():
        n = services.slots_add(tournament=tournament, actor=request.user, **form.cleaned_data)
        messages.success(request, _("已添加 %(n)s 个比赛时段。") % {"n": n})
        return redirect("tournaments:manage", tournament.uuid)
    return render(
        request, "tournaments/manage.html", _manage_context(tournament, slots_form=form), status=400
    )


@login_required
@require_POST
def division_draw(request, uuid):
    division = selectors.division_get_public(uuid)
    selectors.tournament_get_for(request.user, division.tournament.uuid, write=True)
    try:
        n = services.division_draw(
            division=division, actor=request.user, redraw=request.POST.get("redraw") == "1"
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("%(d)s已分组并编排 %(n)s 场比赛。") % {"d": division.name, "n": n})
    return redirect("tournaments:manage", division.tournament.uuid)


@login_required
@require_POST
def swiss_next(request, uuid):
    division = selectors.division_get_public(uuid)
    selectors.tournament_get_for(request.user, division.tournament.uuid, write=True)
    try:
        n = services.swiss_next_round(division=division, actor=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("%(d)s已编排下一轮 %(n)s 场比赛。") % {"d": division.name, "n": n})
    return redirect("tournaments:manage", division.tournament.uuid)


@login_required
@require_POST
def schedule_generate(request, uuid):
    tournament = selectors.tournament_get_for(request.user, uuid, write=True)
    try:
        n = services.schedule_generate(tournament=tournament, actor=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    except ValueError as e:  # not enough slots
        messages.error(request, str(e))
    else:
        messages.success(request, _("已为 %(n)s 场比赛安排场地和时段。") % {"n": n})
    return redirect("tournaments:manage", tournament.uuid)


@login_required
def match_detail(request, uuid):
    match = selectors.match_get_for(request.user, uuid, write=True)
    return render(
        request,
        "tournaments/match.html",
        {
            "match": match,
            "tournament": match.tournament,
            "result_form": ResultForm(match=match, initial=_result_initial(match)),
            "move_form": MoveForm(
                tournament=match.tournament, initial={"slot": match.slot, "court": match.court}
            ),
        },
    )


def _result_initial(match: Match) -> dict:
    return {
        "sets": " ".join(f"{h}:{a}" for h, a in match.sets),
        "home_score": match.home_score,
        "away_score": match.away_score,
    }


@login_required
@require_POST
def match_result(request, uuid):
    match = selectors.match_get_for(request.user, uuid, write=True)
    form = ResultForm(request.POST, match=match)
    if form.is_valid():
        data = form.cleaned_data
        forfeit_by = {"home": match.home, "away": match.away}.get(data.get("forfeit") or "")
        try:
            services.match_record(
                match=match,
                actor=request.user,
                sets=data.get("sets"),
                home_score=data.get("home_score"),
                away_score=data.get("away_score"),
                forfeit_by=forfeit_by,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("比赛结果已保存。"))
            return redirect("tournaments:schedule", match.tournament.uuid)
    return render(
        request,
        "tournaments/match.html",
        {
            "match": match,
            "tournament": match.tournament,
            "result_form": form,
            "move_form": MoveForm(tournament=match.tournament),
        },
        status=400,
    )


@login_required
@require_POST
def match_move(request, uuid):
    match = selectors.match_get_for(request.user, uuid, write=True)
    form = MoveForm(request.POST, tournament=match.tournament)
    if form.is_valid():
        try:
            services.match_move(
                match=match,
                slot=form.cleaned_data["slot"],
                court=form.cleaned_data["court"],
                actor=request.user,
            )
        except ValidationError as e:
            apply_errors(form, e)
        except IntegrityError:
            form.add_error(None, _("该场地在这一时段已安排了比赛。"))
        else:
            messages.success(request, _("比赛已调整。"))
            return redirect("tournaments:schedule", match.tournament.uuid)
    return render(
        request,
        "tournaments/match.html",
        {
            "match": match,
            "tournament": match.tournament,
            "result_form": ResultForm(match=match, initial=_result_initial(match)),
            "move_form": form,
        },
        status=400,
    )


@login_required
def team_register(request, uuid):
    division = selectors.division_get_public(uuid)
    tournament = division.tournament
    captain = member_for_user(request.user)
    refusal = audience_refusal(request.user, tournament) or (
        None if captain is not None and captain.is_member else _("本项目仅限工会会员参加。")
    )
    if refusal:
        raise PermissionDenied(refusal)
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        found = members_by_mobile(data["players"])
        missing = [p for p in data["players"] if p not in found]
        if missing:
            form.add_error("players", _("找不到这些号码的会员：%(p)s") % {"p": "、".join(missing)})
        else:
            try:
                team = services.team_register(
                    division=division,
                    name=data["name"],
                    unit=data["unit"],
                    captain=captain,
                    players=[found[p] for p in data["players"]],
                    actor=request.user,
                )
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(
                    request, _("%(team)s已报名%(d)s。") % {"team": team.name, "d": division.name}
                )
                return redirect("tournaments:detail", tournament.uuid)
    return render(
        request, "tournaments/register.html", {"form": form, "division": division, "tournament": tournament}
    )


def schedule(request, uuid):
    tournament = selectors.tournament_get_public(uuid)
    manage = request.user.is_authenticated and can_manage(request.user, tournament.org)
    division = None
    if request.GET.get("division"):
        division = (
            tournament.divisions.filter(uuid=request.GET["division"]).first()
            if _is_uuid(request.GET["division"])
            else None
        )
    matches = list(selectors.schedule_of(tournament, division=division))
    return render(
        request,
        "tournaments/schedule.html",
        {
            "tournament": tournament,
            "matches": matches,
            "manage": manage,
            "tab": "schedule",
            "divisions": list(tournament.divisions.all()),
            "division": division,
        },
    )


def _is_uuid(value: str) -> bool:
    import uuid as uuid_module

    try:
        uuid_module.UUID(value)
    except ValueError:
        return False
    return True


def standings(request, uuid):
    tournament = selectors.tournament_get_public(uuid)
    return render(
        request,
        "tournaments/standings.html",
        {"tournament": tournament, "tables": selectors.standings_of(tournament), "tab": "standings"},
    )


def bracket(request, uuid):
    tournament = selectors.tournament_get_public(uuid)
    return render(
        request,
        "tournaments/bracket.html",
        {"tournament": tournament, "brackets": selectors.bracket_of(tournament), "tab": "bracket"},
    )


@login_required
def my_next(request):
    matches = selectors.next_matches_for(request.user, limit=10)
    return render(request, "tournaments/my_next.html", {"matches": matches})
