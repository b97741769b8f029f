"""Care: retirement honors — queries and access: the retiring members of a period, ceremonies,
certificates, figures."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gonghui.care.models.honors import RetirementCeremony, RetirementHonouree
from gonghui.core.indicators import Scan, Source, Window
from gonghui.core.scoping import can_manage, can_view, subtree_q
from gonghui.members.models import Gender, Member

CANDIDATES_MAX = 500

# The statutory retirement age (国务院《关于渐进式延迟法定退休年龄的办法》, from 2025-01-01): men from
# 60 to 63 and women from 55 to 58, one month later for every four months of birth from January
# 1965 (men) and January 1970 (women); women in worker posts (from 50 to 55, one month per two
# months from January 1975) are not told apart by the membership, so the 55 line is used for women
# and a cadre corrects the date when recording the retirement.
RULES = {
    Gender.MALE: (60, datetime.date(1965, 1, 1), 4, 36),
    Gender.FEMALE: (55, datetime.date(1970, 1, 1), 4, 36),
}


def add_months(day: datetime.date, months: int) -> datetime.date:
    import calendar

    total = day.year * 12 + (day.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def retirement_date(birth_date: datetime.date, gender: str) -> datetime.date:
    """When a member reaches the statutory retirement age."""
    base, reform_from, step, most = RULES.get(gender, RULES[Gender.MALE])
    months = base * 12
    born = (birth_date.year - reform_from.year) * 12 + birth_date.month - reform_from.month
    if born >= 0:
        months += min(born // step + 1, most)
    return add_months(birth_date, months)


@dataclass(frozen=True)
class Retiree:
    member: Member
    retires_on: datetime.date
    recorded: bool  # the retirement was recorded (status retired), not only due by age


def retiring_members(org, start: datetime.date, end: datetime.date) -> list[Retiree]:
    """Members of the org's subtree who retire in [start, end]: retirement recorded in the period,
    or active members reaching the retirement age in it."""
    in_tree = Member.objects.filter(subtree_q(org.path, "org_path")).select_related("org")
    recorded = in_tree.filter(status=Member.Status.RETIRED, retired_on__gte=start, retired_on__lte=end)
    # birth dates that can reach the age in the period, per gender (then the exact date per person)
    q = Q(pk__in=[])
    for gender, (base, _from, _step, most) in RULES.items():
        oldest = add_months(start, -(base * 12 + most) - 1)
        youngest = add_months(end, -base * 12)
        q |= Q(gender=gender, birth_date__gte=oldest, birth_date__lte=youngest)
    due = in_tree.filter(q, status=Member.Status.ACTIVE).order_by("birth_date", "pk")
    rows = [Retiree(m, m.retired_on, True) for m in recorded[:CANDIDATES_MAX]]
    for m in due.iterator(chunk_size=500):
        on = retirement_date(m.birth_date, m.gender)
        if start <= on <= end:
            rows.append(Retiree(m, on, False))
            if len(rows) >= CANDIDATES_MAX:
                break
    return sorted(rows, key=lambda r: (r.retires_on, r.member.pk))


def ceremonies_for(user, *, drilled=None):
    """The ceremonies a cadre's list shows; `drilled` (orgs.selectors.drilled): only those a glance
    tile counted."""
    qs = RetirementCeremony.objects.visible_to(user)
    if drilled is not None:
        qs = qs.filter(pk__in=drilled.counted(FIGURES).values("pk"))
    return qs.select_related("org").annotate(n=Count("honourees")).order_by("-held_on", "-pk")


def ceremony_get_for(user, uuid, *, write: bool = False) -> RetirementCeremony:
    ceremony = get_object_or_404(RetirementCeremony.objects.select_related("org"), uuid=uuid)
    if can_manage(user, ceremony.org):
        return ceremony
    if can_view(user, ceremony.org):
        if write:
            raise PermissionDenied
        return ceremony
    raise Http404


def honourees_of(ceremony: RetirementCeremony):
    return ceremony.honourees.select_related("member__org").order_by("certificate_no")


def candidates_for(ceremony: RetirementCeremony) -> list[Retiree]:
    """The period's retiring members not yet honoured."""
    rows = retiring_members(ceremony.org, ceremony.period_start, ceremony.period_end)
    honoured = set(
        RetirementHonouree.objects.filter(member_id__in=[r.member.pk for r in rows]).values_list(
            "member_id", flat=True
        )
    )
    return [r for r in rows if r.member.pk not in honoured]


def honouree_get_for(user, uuid) -> RetirementHonouree:
    """A certificate: the honouree's own, or one in a cadre's view (others: 404)."""
    honouree = get_object_or_404(
        RetirementHonouree.objects.select_related("ceremony__org", "member__org"), uuid=uuid
    )
    own = getattr(user, "is_authenticated", False) and honouree.member.user_id == user.pk
    if own or can_view(user, honouree.ceremony.org):
        return honouree
    raise Http404


def my_certificates(user):
    if not getattr(user, "is_authenticated", False):
        return RetirementHonouree.objects.none()
    return RetirementHonouree.objects.filter(member__user=user).select_related("ceremony__org", "member")


# ---------------------------------------------------------------- figures


def _held(lo, hi, field: str = "held_on") -> Q:
    return Q(
        **{f"{field}__gte": timezone.localtime(lo).date(), f"{field}__lt": timezone.localtime(hi).date()}
    )


def _clean(row: dict) -> dict:
    return {k: row.get(k) or 0 for k in ("ceremonies", "honoured")}


# Ceremonies held in a subtree in a period and the members honoured at them.
FIGURES = Source(
    Scan(RetirementCeremony.objects, "org_path", (Window({"ceremonies": Count("pk")}, _held),)),
    Scan(
        RetirementHonouree.objects,
        "ceremony__org_path",
        (Window({"honoured": Count("pk")}, lambda lo, hi: _held(lo, hi, "ceremony__held_on")),),
    ),
    clean=_clean,
)
