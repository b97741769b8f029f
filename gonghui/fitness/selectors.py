"""Reads and access for fitness programmes.

Who sees what:
- a programme: cadres of its subtree (`visible_to`), the people it reaches (members.audience), and
  those enrolled in it; anyone else gets 404;
- organising (teams, contests, the confirmation queue, recording weigh-ins): a cadre who manages the
  programme's org; a read-only cadre gets 403;
- body data (height, weights, BMI): the person themselves, and the programme's organisers, whose
  every look is logged (core.pii.log_access); nobody else, not a read-only cadre (404 for a record
  outside the viewer's reach, 403 for a cadre who sees the programme but may not organise it);
- leaderboards: participants and cadres who see the programme, percentages only (never weights).
"""

import uuid as uuid_module
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Q, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import pii
from gonghui.core.indicators import Scan, Source, Window
from gonghui.core.scoping import can_manage, can_view, subtree_q
from gonghui.fitness import bmi as bmi_module
from gonghui.fitness.models import Contest, Enrolment, Programme, Team, WeighIn
from gonghui.members.audience import audience_refusal, reaching_q


def _uuid(value) -> uuid_module.UUID:
    try:
        return value if isinstance(value, uuid_module.UUID) else uuid_module.UUID(str(value))
    except ValueError:
        raise Http404 from None


def is_organiser(user, programme: Programme) -> bool:
    return getattr(user, "is_authenticated", False) and can_manage(user, programme.org)


# ---------------------------------------------------------------- programmes


def programmes_for(user, *, drilled=None):
    """Programmes the user may open: their cadre subtree, the ones reaching them, their own;
    `drilled` (orgs.selectors.drilled): only those a glance tile counted."""
    if not getattr(user, "is_authenticated", False):
        return Programme.objects.none()
    q = Q(pk__in=Programme.objects.visible_to(user).values("pk")) | reaching_q(user)
    q |= Q(pk__in=Enrolment.objects.filter(user=user).values("programme_id"))
    qs = Programme.objects.filter(q).select_related("org").order_by("-starts_on", "pk")
    if drilled is not None:
        # the programmes scan (fitness.programmes): the participants' enrolments belong to these
        qs = qs.filter(pk__in=drilled.counted(FIGURES).values("pk"))
    return qs


def programme_get_for(user, uuid, *, manage: bool = False) -> Programme:
    programme = Programme.objects.select_related("org").filter(uuid=_uuid(uuid)).first()
    if programme is None:
        raise Http404
    cadre = can_view(user, programme.org)
    enrolled = enrolment_of(programme, user) is not None
    reached = audience_refusal(user, programme) is None and getattr(user, "is_authenticated", False)
    if not (cadre or enrolled or reached):
        raise Http404
    if manage and not is_organiser(user, programme):
        raise PermissionDenied
    return programme


def enrolment_of(programme: Programme, user) -> Enrolment | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Enrolment.objects.select_related("team").filter(programme=programme, user=user).first()


def my_enrolments(user):
    """The user's enrolments in programmes not yet ended, soonest end first (the home's card)."""
    today = timezone.localdate()
    return (
        Enrolment.objects.filter(user=user, programme__ends_on__gte=today)
        .select_related("programme", "team")
        .order_by("programme__ends_on", "pk")
    )


def enrol_refusal(user, programme: Programme, *, today=None) -> str | None:
    """Why `user` may not enrol now, in Chinese; None when they may."""
    today = today or timezone.localdate()
    if today < programme.enrol_opens:
        return _("报名尚未开始。")
    if today > programme.enrol_closes:
        return _("报名已截止。")
    return audience_refusal(user, programme)


def contests_of(programme: Programme):
    return Contest.objects.filter(programme=programme)


def teams_of(programme: Programme):
    return Team.objects.filter(programme=programme).annotate(size=Count("enrolments"))


def participants(programme: Programme):
    """Enrolments with the person and team (organisers' list; no body data in it). One query."""
    return (
        Enrolment.objects.filter(programme=programme)
        .select_related("user", "team", "member")
        .order_by("user__name", "pk")
    )


def enrolment_get_for(user, programme: Programme, uuid, *, purpose: str) -> Enrolment:
    """One participant's record for an organiser: the access is logged (it opens body data)."""
    enrolment = (
        Enrolment.objects.select_related("user", "team").filter(programme=programme, uuid=_uuid(uuid)).first()
    )
    if enrolment is None:
        raise Http404
    if enrolment.user_id != user.pk:
        if not is_organiser(user, programme):
            raise PermissionDenied
        pii.log_access(actor=user, action="view", subject=enrolment, org=programme.org, purpose=purpose)
    return enrolment


# ---------------------------------------------------------------- body data


@dataclass(frozen=True)
class Reading:
    """A weigh-in as its owner or an organiser sees it: decrypted, with BMI and category."""

    weigh_in: WeighIn
    weight: Decimal
    bmi: Decimal
    category: str
    category_label: str

    @property
    def state(self) -> str:
        return self.weigh_in.state


def readings(enrolment: Enrolment, *, states=None) -> list[Reading]:
    """Decrypts: only for the person or an organiser (enrolment_get_for / weigh_in_queue log it)."""
    height = enrolment.height_plain()
    rows = WeighIn.objects.filter(enrolment=enrolment).order_by("measured_on", "pk")
    if states is not None:
        rows = rows.filter(state__in=states)
    found = []
    for w in rows:
        weight = w.weight_plain()
        value = bmi_module.bmi(weight, height)
        found.append(Reading(w, weight, value, bmi_module.category(value), bmi_module.category_label(value)))
    return found


def weigh_in_queue(user, programme: Programme) -> list[tuple[WeighIn, Decimal, Decimal]]:
    """Submitted weigh-ins waiting for an organiser, with the weight and the person's height.

    Opening the queue shows body data: the access is logged once, with how many people it showed.
    """
    if not is_organiser(user, programme):
        raise PermissionDenied
    rows = list(
        WeighIn.objects.filter(enrolment__programme=programme, state=WeighIn.State.SUBMITTED)
        .select_related("enrolment__user", "enrolment__team")
        .order_by("measured_on", "pk")
    )
    if rows:
        pii.log_access(
            actor=user,
            action="view",
            subject=programme,
            org=programme.org,
            count=len({w.enrolment_id for w in rows}),
            purpose=_("健身项目体重确认"),
        )
    out = []
    for w in rows:
        weight, height = w.weight_plain(), w.enrolment.height_plain()
        out.append((w, weight, bmi_module.bmi(weight, height)))
    return out


def weigh_in_get_for(user, programme: Programme, uuid) -> WeighIn:
    weigh_in = (
        WeighIn.objects.select_related("enrolment__programme__org")
        .filter(enrolment__programme=programme, uuid=_uuid(uuid))
        .first()
    )
    if weigh_in is None:
        raise Http404
    return weigh_in


def pending_count(programme: Programme) -> int:
    return WeighIn.objects.filter(enrolment__programme=programme, state=WeighIn.State.SUBMITTED).count()


def pending_by_programme(user) -> list[tuple[dict, int]]:
    """Programmes the user organises (chair or staff over their org) with weigh-ins waiting, and how
    many: the home's to-do, in one query (an enrolment carries its programme's org path)."""
    from gonghui.orgs.selectors import manage_paths

    paths = manage_paths(user)
    if not paths:
        return []
    q = Q(pk__in=[])
    for path in paths:
        q |= subtree_q(path, "enrolment__org_path")
    rows = (
        WeighIn.objects.filter(q, state=WeighIn.State.SUBMITTED)
        .values(
            "enrolment__programme__uuid", "enrolment__programme__title", "enrolment__programme__starts_on"
        )
        .annotate(n=Count("pk"))
        .order_by("enrolment__programme__starts_on", "enrolment__programme__uuid")
    )
    return [
        ({"uuid": r["enrolment__programme__uuid"], "title": r["enrolment__programme__title"]}, r["n"])
        for r in rows
    ]


# ---------------------------------------------------------------- leaderboards


def may_see_leaderboard(user, programme: Programme) -> bool:
    return can_view(user, programme.org) or enrolment_of(programme, user) is not None


@dataclass(frozen=True)
class Standing:
    rank: int
    label: str  # a masked name, a team's name
    loss_percent: Decimal
    team: str = ""
    people: int = 1
    mine: bool = False


def _ranked(rows):
    """Ranks with ties sharing a place (1, 2, 2, 4), by percentage lost, highest first."""
    out, previous, rank = [], None, 0
    for i, row in enumerate(rows, 1):
        if row[1] != previous:
            rank, previous = i, row[1]
        out.append((rank, *row))
    return out


def individual_standings(programme: Programme, *, viewer=None) -> list[Standing]:
    """Participants with at least two confirmed weigh-ins, by percentage lost. Names masked."""
    rows = (
        Enrolment.objects.filter(programme=programme, loss_percent__isnull=False)
        .select_related("user", "team")
        .order_by("-loss_percent", "enrolled_at", "pk")
    )
    viewer_id = getattr(viewer, "pk", None)
    return [
        Standing(
            rank=rank,
            label=pii.mask_name(e.user.name),
            loss_percent=pct,
            team=e.team.name if e.team_id else "",
            mine=e.user_id == viewer_id,
        )
        for rank, e, pct in _ranked([(e, e.loss_percent) for e in rows])
    ]


def team_standings(programme: Programme, *, viewer=None) -> list[Standing]:
    """Teams by the AVERAGE percentage lost of their ranked members (a bigger team does not win by
    headcount, as it would with a total); a team with nobody ranked yet is not listed."""
    rows = (
        Team.objects.filter(programme=programme, enrolments__loss_percent__isnull=False)
        .annotate(avg=Avg("enrolments__loss_percent"), people=Count("enrolments"))
        .order_by("-avg", "name")
    )
    mine = None
    if viewer is not None and getattr(viewer, "is_authenticated", False):
        mine = (
            Enrolment.objects.filter(programme=programme, user=viewer)
            .values_list("team_id", flat=True)
            .first()
        )
    two = Decimal("0.01")
    rows = [(t, Decimal(t.avg).quantize(two)) for t in rows]
    return [
        Standing(rank=rank, label=t.name, loss_percent=pct, people=t.people, mine=t.pk == mine)
        for rank, t, pct in _ranked(rows)
    ]


def standings(contest: Contest, *, viewer=None) -> list[Standing]:
    if contest.kind == Contest.Kind.TEAM:
        return team_standings(contest.programme, viewer=viewer)
    return individual_standings(contest.programme, viewer=viewer)


# ---------------------------------------------------------------- indicators


def _running(lo, hi, field: str = "") -> Q:
    """Programmes running on a day of [lo, hi)."""
    return Q(
        **{
            f"{field}starts_on__lt": timezone.localtime(hi).date(),
            f"{field}ends_on__gte": timezone.localtime(lo).date(),
        }
    )


def _clean(row: dict) -> dict:
    weighed = row.get("weighed") or 0
    return {
        "programmes": row.get("programmes") or 0,
        "participants": row.get("participants") or 0,
        # the mean of the enrolments' losses (those with two confirmed weigh-ins): sum ÷ count adds up
        "average_loss": row["loss_sum"] / weighed if weighed else None,
    }


# Programmes of a subtree running in a period, their participants and the average % of weight lost.
FIGURES = Source(
    Scan(Programme.objects, "org_path", (Window({"programmes": Count("pk")}, _running),)),
    Scan(
        Enrolment.objects,  # org_path: the programme's
        "org_path",
        (
            Window(
                {
                    "participants": Count("pk"),
                    "loss_sum": Sum("loss_percent"),
                    "weighed": Count("loss_percent"),
                },
                lambda lo, hi: _running(lo, hi, "programme__"),
            ),
        ),
    ),
    clean=_clean,
)
figures = FIGURES.figures
figures_by_child = FIGURES.figures_by_child
