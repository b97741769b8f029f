"""Legal aid: reads, access and figures.

Consultations and cases are seen by the cadres of the handling union's subtree and by the worker
they are about (their own pages: the state, the answer and the next date); outside that they do
not exist (404). The cadre's case list puts overdue next actions first (core.workdays' one rule).
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gonghui.core import workdays
from gonghui.core.indicators import Scan, Source, Window
from gonghui.core.scoping import can_manage, is_cadre, path_prefixes, subtree_q
from gonghui.orgs.models import Enterprise, Org
from gonghui.orgs.selectors import manageable_orgs
from gonghui.rights.models.legal import CASE_FLOW, CLOSED, OPEN_STATES, Consultation, Lawyer, LegalCase, Topic

SOON_WORKING_DAYS = 3  # a next action due within this many working days is "due soon"


def require_cadre(user) -> None:
    if not is_cadre(user):
        raise PermissionDenied


# ---------------------------------------------------------------- consultations


def consultation_list_for(user, *, channel: str = "", topic: str = "", q: str = "") -> QuerySet[Consultation]:
    require_cadre(user)
    qs = Consultation.objects.visible_to(user, own=False).select_related("org", "enterprise")
    if channel in Consultation.Channel.values:
        qs = qs.filter(channel=channel)
    if topic in Topic.values:
        qs = qs.filter(topic=topic)
    if q:
        qs = qs.filter(
            Q(worker_name__icontains=q) | Q(employer_name__icontains=q) | Q(enterprise__name__icontains=q)
        )
    return qs.order_by("-created_at", "-pk")


def consultation_get_for(user, uuid, *, write: bool = False) -> Consultation:
    consultation = get_object_or_404(
        Consultation.objects.visible_to(user, own=False).select_related("org", "enterprise", "member"),
        uuid=uuid,
    )
    if write and not can_manage(user, consultation.org):
        raise PermissionDenied
    return consultation


def consultations_of_worker(user) -> QuerySet[Consultation]:
    if not getattr(user, "is_authenticated", False):
        return Consultation.objects.none()
    return (
        Consultation.objects.filter(worker_user=user)
        .select_related("org", "enterprise", "case")
        .order_by("-created_at", "-pk")
    )


# ---------------------------------------------------------------- cases


def _overdue_first(qs: QuerySet[LegalCase], today: datetime.date | None = None) -> QuerySet[LegalCase]:
    overdue = workdays.overdue_q("next_due", today=today) & Q(state__in=OPEN_STATES)
    return qs.annotate(
        overdue_rank=Case(When(overdue, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("overdue_rank", F("next_due").asc(nulls_last=True), "-opened_on", "-pk")


def case_list_for(user, *, state: str = "", topic: str = "", q: str = "") -> QuerySet[LegalCase]:
    """The cases of the cadre's subtrees: `state` is a stage, `open`, `overdue` or `closed`; overdue first."""
    require_cadre(user)
    qs = LegalCase.objects.visible_to(user, own=False).select_related("org", "enterprise", "lawyer")
    if state == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    elif state == "overdue":
        qs = qs.filter(state__in=OPEN_STATES).filter(workdays.overdue_q("next_due"))
    elif state in dict(CASE_FLOW.choices()):
        qs = qs.filter(state=state)
    if topic in Topic.values:
        qs = qs.filter(topic=topic)
    if q:
        qs = qs.filter(
            Q(worker_name__icontains=q)
            | Q(number__icontains=q)
            | Q(employer_name__icontains=q)
            | Q(enterprise__name__icontains=q)
        )
    return _overdue_first(qs)


def case_get_for(user, uuid, *, write: bool = False) -> LegalCase:
    case = get_object_or_404(
        LegalCase.objects.visible_to(user, own=False).select_related(
            "org", "enterprise", "lawyer", "consultation", "member"
        ),
        uuid=uuid,
    )
    if write and not can_manage(user, case.org):
        raise PermissionDenied
    return case


def cases_of_worker(user) -> QuerySet[LegalCase]:
    if not getattr(user, "is_authenticated", False):
        return LegalCase.objects.none()
    return (
        LegalCase.objects.filter(worker_user=user)
        .select_related("org", "lawyer", "enterprise")
        .order_by("-opened_on", "-pk")
    )


def open_cases_card(user) -> list[tuple]:
    """The worker's open cases for their home card, kept in core.facts (no query on most homes):
    (uuid, topic label, employer, state label, next action, next date), at most five."""
    from gonghui.core import facts

    def compute():
        rows = cases_of_worker(user).filter(state__in=OPEN_STATES)[:5]
        return [(str(c.uuid), c.topic, c.employer, c.state, c.next_action, c.next_due) for c in rows]

    return facts.remembered(user, "rights.legal.open_cases", compute)


def own_case_get(user, uuid) -> LegalCase:
    return get_object_or_404(cases_of_worker(user), uuid=uuid)


def stages_of(case: LegalCase):
    return list(case.stages.order_by("on", "pk"))


def history_of(case: LegalCase):
    return list(CASE_FLOW.history(case).order_by("pk"))


def due_for(user, *, today: datetime.date | None = None) -> QuerySet[LegalCase]:
    """Open cases of the cadre's managed subtrees whose next action is overdue or due within
    SOON_WORKING_DAYS working days, overdue first."""
    today = today or timezone.localdate()
    horizon = workdays.add_working_days(today, SOON_WORKING_DAYS)
    qs = (
        LegalCase.objects.visible_to(user, own=False)
        .filter(state__in=OPEN_STATES, next_due__isnull=False, next_due__lte=horizon)
        .select_related("org")
    )
    return _overdue_first(qs, today)


def due_card(user, *, limit: int = 5) -> tuple[int, list[tuple]]:
    """(count, first rows) of `due_for` for the cadre's home, kept in core.facts per day (a change to
    a case in the subtree makes the cadres over it read again): rows are (uuid, number, worker
    name, state, next action, next date, org path)."""
    from gonghui.core import facts

    today = timezone.localdate()

    def compute():
        rows = list(due_for(user, today=today)[: limit + 1])
        count = len(rows) if len(rows) <= limit else due_for(user, today=today).count()
        return count, [
            (str(c.uuid), c.number, c.worker_name, c.state, c.next_action, c.next_due, c.org_path)
            for c in rows[:limit]
        ]

    return facts.remembered(user, f"rights.legal.due.{today.isoformat()}", compute)


def is_overdue(case: LegalCase, today: datetime.date | None = None) -> bool:
    return case.is_open and workdays.is_overdue(case.next_due, org=case.org_path, today=today)


def lawyer_list_for(user) -> QuerySet[Lawyer]:
    require_cadre(user)
    return (
        Lawyer.objects.visible_to(user)
        .select_related("org")
        .prefetch_related("advises")
        .order_by("name", "pk")
    )


def lawyer_get_for(user, uuid, *, write: bool = False) -> Lawyer:
    lawyer = get_object_or_404(Lawyer.objects.visible_to(user).select_related("org"), uuid=uuid)
    if write and not can_manage(user, lawyer.org):
        raise PermissionDenied
    return lawyer


def member_find_for(user, text: str):
    """The member in the user's subtrees by ID number or member number (never by name: two may share it)."""
    from gonghui.members.selectors.roster import RosterFilter, is_personal_number, members_for

    text = (text or "").strip()
    if not text:
        return None
    found = list(members_for(user, RosterFilter(q=text))[:2])
    by_number = [m for m in found if m.member_no == text]
    if by_number:
        return by_number[0]
    return found[0] if is_personal_number(text) and len(found) == 1 else None


def lawyers_for_case(case: LegalCase) -> QuerySet[Lawyer]:
    """The lawyers of the case's union and the unions above it."""
    return (
        Lawyer.objects.filter(org_path__in=path_prefixes(case.org_path), is_active=True)
        .select_related("org")
        .prefetch_related("advises")
        .order_by("name", "pk")
    )


def handling_orgs_for(user) -> QuerySet[Org]:
    return manageable_orgs(user).order_by("path")


def enterprises_for(user) -> QuerySet[Enterprise]:
    """Enterprises a cadre may name as an employer or a lawyer's client: those in their subtrees'
    areas and those their unions cover."""
    q = Q(pk__in=[])
    for org in manageable_orgs(user):
        q |= subtree_q(org.path, "org_path") | subtree_q(org.path, "union__path")
    return Enterprise.objects.filter(q).order_by("name")


# ---------------------------------------------------------------- figures


def _day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def _finish(row: dict) -> dict:
    out = {k: (v or 0) for k, v in row.items() if k != "satisfaction_sum"}
    rated = out["rated"]
    out["satisfaction"] = round(row["satisfaction_sum"] / rated, 2) if rated else None
    closed = out["closed"]
    out["on_time_rate"] = (out["closed_on_time"] / closed) if closed else None
    out["by_topic"] = [(label, out[f"cases_{value}"]) for value, label in Topic.choices]
    return out


# For a subtree in a period: consultations (by channel), cases opened (by kind), cases closed,
# closed on time, amounts recovered on closure and the mean satisfaction; cases open now.
FIGURES = Source(
    Scan(
        Consultation.objects,
        "org_path",
        (
            Window(
                {
                    "consultations": Count("pk"),
                    **{
                        f"consultations_{c}": Count("pk", filter=Q(channel=c))
                        for c in Consultation.Channel.values
                    },
                },
                lambda lo, hi: Q(created_at__gte=lo, created_at__lt=hi),
            ),
        ),
    ),
    Scan(
        LegalCase.objects,
        "org_path",
        (
            Window(
                {
                    "cases": Count("pk"),
                    **{f"cases_{t}": Count("pk", filter=Q(topic=t)) for t in Topic.values},
                },
                lambda lo, hi: Q(opened_on__gte=_day(lo), opened_on__lt=_day(hi)),
            ),
            Window(
                {
                    "closed": Count("pk"),
                    "closed_on_time": Count("pk", filter=Q(closed_on__lte=F("close_due"))),
                    "recovered": Sum("amount_recovered"),
                    "recovered_wages": Sum("amount_recovered", filter=Q(topic=Topic.WAGES)),
                    "rated": Count("satisfaction"),
                    "satisfaction_sum": Sum("satisfaction"),  # the mean is sum ÷ rated: it adds up
                },
                lambda lo, hi: Q(state=CLOSED, closed_on__gte=_day(lo), closed_on__lt=_day(hi)),
            ),
            Window({"open": Count("pk")}, lambda lo, hi: Q(state__in=OPEN_STATES), state=True),
        ),
    ),
    clean=_finish,
)
figures = FIGURES.figures
figures_by_child = FIGURES.figures_by_child
