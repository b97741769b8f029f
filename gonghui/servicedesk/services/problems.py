"""Problem lists (问题清单): partner units, problems and their resolution, dialogue meetings, escalation.

Every state change of a problem goes through PROBLEM_FLOW (row lock + transition log).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gonghui.accounts.selectors import managing_positions
from gonghui.accounts.services import user_get_or_create
from gonghui.core import audit, workdays
from gonghui.core.notifications import notify
from gonghui.core.scoping import can_manage, require_manage
from gonghui.core.validators import normalize_mobile
from gonghui.orgs.models import Enterprise, Org, OrgKind
from gonghui.orgs.selectors import is_enterprise_contact
from gonghui.servicedesk import tallies as desk_tallies
from gonghui.servicedesk.models import DeskSettings, DialogueMeeting, PartnerUnit, Problem
from gonghui.servicedesk.reporters import reporting_areas
from gonghui.servicedesk.workflows import PROBLEM_FLOW

DEFAULT_DUE_DAYS = 10
OPEN_STATES = Problem.OPEN_STATES


def _today() -> datetime.date:
    return timezone.localdate()


def cn_date(day: datetime.date) -> str:
    """A date for people: the active language's DATE_FORMAT (2026年12月3日; Dec. 3, 2026)."""
    return date_format(day)


# ---------------------------------------------------------------- partner units


def _contacts_from_mobiles(mobiles: list[str]) -> list:
    users = []
    for raw in mobiles:
        try:
            phone = normalize_mobile(raw)
        except ValidationError:
            raise ValidationError(
                {"contact_mobiles": _("“%(m)s”不是有效的手机号码。") % {"m": raw}}
            ) from None
        user, _created = user_get_or_create(phone=phone)
        users.append(user)
    return users


def _unit_fields(
    unit: PartnerUnit, *, name: str, department: str, contact_name: str, contact_phone: str
) -> None:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写单位名称。")})
    unit.name = name
    unit.department = (department or "").strip()
    unit.contact_name = (contact_name or "").strip()
    unit.contact_phone = (contact_phone or "").strip()


@transaction.atomic
def partner_unit_create(
    *,
    org: Org,
    name: str,
    department: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    contact_mobiles: list[str] = (),
    actor,
) -> PartnerUnit:
    """A responsible unit of a federation; contacts (by mobile) may log in and answer its problems."""
    require_manage(actor, org)
    unit = PartnerUnit(org=org)
    _unit_fields(
        unit, name=name, department=department, contact_name=contact_name, contact_phone=contact_phone
    )
    if PartnerUnit.objects.filter(org=org, name=unit.name).exists():
        raise ValidationError({"name": _("本组织已有名为“%(name)s”的责任单位。") % {"name": unit.name}})
    unit.save()
    unit.contacts.set(_contacts_from_mobiles(list(contact_mobiles)))
    audit.record(unit, action="unit_create", actor=actor, changes={"name": [None, unit.name]})
    return unit


@transaction.atomic
def partner_unit_update(
    *,
    unit: PartnerUnit,
    name: str,
    department: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    is_active: bool = True,
    contact_mobiles: list[str] = (),
    actor,
) -> PartnerUnit:
    require_manage(actor, unit.org)
    before = audit.snapshot(unit, ["name", "department", "contact_name", "contact_phone", "is_active"])
    _unit_fields(
        unit, name=name, department=department, contact_name=contact_name, contact_phone=contact_phone
    )
    if PartnerUnit.objects.filter(org=unit.org, name=unit.name).exclude(pk=unit.pk).exists():
        raise ValidationError({"name": _("本组织已有名为“%(name)s”的责任单位。") % {"name": unit.name}})
    unit.is_active = is_active
    unit.save(
        update_fields=["name", "department", "contact_name", "contact_phone", "is_active", "updated_at"]
    )
    old_contacts = sorted(unit.contacts.values_list("pk", flat=True))
    new_contacts = _contacts_from_mobiles(list(contact_mobiles))
    unit.contacts.set(new_contacts)
    changes = audit.diff(before, unit)
    if old_contacts != sorted(u.pk for u in new_contacts):
        changes["contacts"] = [len(old_contacts), len(new_contacts)]
    if changes:
        audit.record(unit, action="unit_update", actor=actor, changes=changes)
    return unit


# ---------------------------------------------------------------- who may raise


def may_raise_for(user, enterprise: Enterprise) -> bool:
    """Cadres over the enterprise's area, its contacts, and whom a registered rule lets report there
    (servicedesk.reporters: an active volunteer of the county)."""
    return (
        can_manage(user, enterprise.org)
        or is_enterprise_contact(user, enterprise)
        or any(enterprise.org.path.startswith(path) for path in reporting_areas(user))
    )


# ---------------------------------------------------------------- the problem flow


@transaction.atomic
def problem_raise(
    *,
    enterprise: Enterprise,
    reporter,
    category: str,
    title: str,
    description: str,
    urgency: str = Problem.Urgency.NORMAL,
) -> Problem:
    """Record a problem of an enterprise; it belongs to the enterprise's area org."""
    if not may_raise_for(reporter, enterprise):
        raise PermissionDenied
    title, description = (title or "").strip(), (description or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("请用一句话概括问题。")
    if not description:
        errors["description"] = _("请填写问题的具体情况。")
    if category not in dict(Problem._meta.get_field("category").choices):
        errors["category"] = _("请选择问题类别。")
    if urgency not in Problem.Urgency.values:
        errors["urgency"] = _("请选择紧急程度。")
    if errors:
        raise ValidationError(errors)
    # A double-submitted form (or a retried API call) returns the problem it already created.
    duplicate = Problem.objects.filter(
        enterprise=enterprise,
        reporter=reporter,
        title=title,
        description=description,
        created_at__gte=timezone.now() - datetime.timedelta(minutes=10),
    ).first()
    if duplicate is not None:
        return duplicate
    problem = Problem.objects.create(
        org=enterprise.org,
        enterprise=enterprise,
        reporter=reporter,
        category=category,
        title=title,
        description=description,
        urgency=urgency,
    )
    desk_tallies.problem_raised(problem)
    audit.record(problem, action="problem_raise", actor=reporter, changes={"title": [None, title]})
    return problem


def problem_due_days(org: Org) -> int:
    """Working days to solve a problem: the nearest DeskSettings at or above the org, else 10."""
    setting = (
        DeskSettings.objects.filter(org__path__in=org.ancestor_paths())
        .order_by("-org__depth")
        .values_list("problem_due_days", flat=True)
        .first()
    )
    return setting or DEFAULT_DUE_DAYS


@transaction.atomic
def problem_assign(
    *, problem: Problem, unit: PartnerUnit, due_date: datetime.date | None = None, actor, note: str = ""
) -> Problem:
    """Hand the problem to a responsible unit with a working-day due date; notify its contacts."""
    if unit.org.path not in problem.org.ancestor_paths() or not unit.is_active:
        raise ValidationError({"unit": _("只能交办给本组织或上级组织的有效责任单位。")})
    today = _today()
    if due_date is None:
        due_date = workdays.calendar_for(problem.org).add_working_days(today, problem_due_days(problem.org))
    elif due_date < today:
        raise ValidationError({"due_date": _("办理期限不能早于今天。")})
    if problem.state == "assigned" and problem.unit_id == unit.pk and problem.due_date == due_date:
        return problem  # a double submit: already assigned exactly so
    problem.unit = unit
    problem.due_date = due_date
    problem.assigned_at = timezone.now()
    problem.escalated_at = None  # a new deadline: it may escalate again if missed
    PROBLEM_FLOW.fire(
        problem,
        "assign",
        actor=actor,
        note=note or unit.name,
        extra_fields=["unit", "due_date", "assigned_at", "escalated_at"],
    )
    notify(
        recipients=unit.contacts.all(),
        title=_("新交办问题：%(title)s") % {"title": problem.title},
        body=_("%(enterprise)s，请于%(due)s前答复。")
        % {"enterprise": problem.enterprise.name, "due": cn_date(due_date)},
        url=problem.get_absolute_url(),
        actor=actor,
    )
    return problem


def _reporter_side(problem: Problem) -> list:
    from gonghui.accounts.models import User

    return [problem.reporter, *User.objects.filter(enterprise_contacts__enterprise=problem.enterprise_id)]


@transaction.atomic
def problem_answer(*, problem: Problem, actor, answer: str) -> Problem:
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("请填写办理答复。")})
    problem.answer = answer
    problem.answered_at = timezone.now()
    PROBLEM_FLOW.fire(problem, "answer", actor=actor, extra_fields=["answer", "answered_at"])
    notify(
        recipients=_reporter_side(problem),
        title=_("问题已答复：%(title)s") % {"title": problem.title},
        body=_("请查看答复，确认是否已解决。"),
        url=problem.get_absolute_url(),
        actor=actor,
    )
    return problem


@transaction.atomic
def problem_confirm(*, problem: Problem, actor, note: str = "") -> Problem:
    problem.resolved_at = timezone.now()
    PROBLEM_FLOW.fire(problem, "confirm", actor=actor, note=note, extra_fields=["resolved_at"])
    desk_tallies.problem_resolved(problem)
    audit.record(problem, action="problem_resolved", actor=actor)
    return problem


@transaction.atomic
def problem_reopen(*, problem: Problem, actor, reason: str) -> Problem:
    PROBLEM_FLOW.fire(problem, "reopen", actor=actor, note=reason)
    recipients = list(problem.unit.contacts.all()) if problem.unit_id else []
    notify(
        recipients=recipients,
        title=_("问题未解决，需重新办理：%(title)s") % {"title": problem.title},
        body=(reason or "").strip(),
        url=problem.get_absolute_url(),
        actor=actor,
    )
    return problem


@transaction.atomic
def problem_close(*, problem: Problem, actor, reason: str) -> Problem:
    """Close a problem that will not be handled (duplicate, withdrawn, not a real problem)."""
    PROBLEM_FLOW.fire(problem, "close", actor=actor, note=reason)
    audit.record(
        problem, action="problem_close", actor=actor, changes={"reason": [None, (reason or "").strip()]}
    )
    return problem


# ---------------------------------------------------------------- dialogue meetings (亲清茶室)


def _meeting_fields(
    meeting: DialogueMeeting, *, title: str, date: datetime.date, place: str, participants: str
) -> None:
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("请填写会议主题。")
    if not (place or "").strip():
        errors["place"] = _("请填写会议地点。")
    if date is None:
        errors["date"] = _("请填写会议日期。")
    if errors:
        raise ValidationError(errors)
    meeting.title, meeting.date = title.strip(), date
    meeting.place, meeting.participants = place.strip(), (participants or "").strip()


def _check_meeting_problems(org: Org, problems) -> list[Problem]:
    problems = list(problems)
    if not problems:
        raise ValidationError({"problems": _("请至少选择一个议题。")})
    if any(not p.org_path.startswith(org.path) for p in problems):
        raise ValidationError({"problems": _("只能选择本组织范围内的问题。")})
    return problems


@transaction.atomic
def meeting_schedule(
    *, org: Org, title: str, date: datetime.date, place: str, participants: str = "", problems, actor
) -> DialogueMeeting:
    require_manage(actor, org)
    meeting = DialogueMeeting(org=org)
    _meeting_fields(meeting, title=title, date=date, place=place, participants=participants)
    problems = _check_meeting_problems(org, problems)
    meeting.save()
    meeting.problems.set(problems)
    audit.record(meeting, action="meeting_schedule", actor=actor, changes={"problems": [None, len(problems)]})
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: DialogueMeeting,
    title: str,
    date: datetime.date,
    place: str,
    participants: str = "",
    minutes: str = "",
    problems,
    actor,
) -> DialogueMeeting:
    """Edit a meeting; the minutes are added here after it took place."""
    require_manage(actor, meeting.org)
    before = audit.snapshot(meeting, ["title", "date", "place", "participants", "minutes"])
    _meeting_fields(meeting, title=title, date=date, place=place, participants=participants)
    meeting.minutes = (minutes or "").strip()
    problems = _check_meeting_problems(meeting.org, problems)
    meeting.save(update_fields=["title", "date", "place", "participants", "minutes", "updated_at"])
    meeting.problems.set(problems)
    changes = audit.diff(before, meeting)
    if changes:
        audit.record(meeting, action="meeting_update", actor=actor, changes=changes)
    return meeting


# ---------------------------------------------------------------- escalation of overdue problems


def _escalation_recipients(problems: list[Problem]) -> dict[int, list]:
    """Chair/staff of each problem's org and of its federation ancestors, in one query."""
    wanted: dict[int, set[str]] = {}
    all_paths: set[str] = set()
    for p in problems:
        paths = set(p.org.ancestor_paths())
        wanted[p.pk] = paths
        all_paths |= paths
    positions = managing_positions(org_paths=all_paths)
    by_problem: dict[int, list] = {p.pk: [] for p in problems}
    for pos in positions:
        for p in problems:
            if pos.org.path in wanted[p.pk] and (
                pos.org_id == p.org_id or pos.org.kind == OrgKind.FEDERATION
            ):
                by_problem[p.pk].append(pos.user)
    return by_problem


def overdue_to_escalate(*, today: datetime.date | None = None):
    return Problem.objects.filter(Problem.overdue_q(today or _today()), escalated_at__isnull=True)


def problems_escalate_overdue(*, today: datetime.date | None = None, dry_run: bool = False) -> list[Problem]:
    """Mark overdue problems escalated (once) and notify the federation cadres. Idempotent."""
    candidates = list(
        overdue_to_escalate(today=today).select_related("org", "enterprise", "unit").order_by("pk")
    )
    if dry_run or not candidates:
        return candidates
    escalated = []
    recipients = _escalation_recipients(candidates)
    now = timezone.now()
    for problem in candidates:
        with transaction.atomic():
            # The conditional update makes a concurrent second run a no-op for this problem.
            if not Problem.objects.filter(pk=problem.pk, escalated_at__isnull=True).update(escalated_at=now):
                continue
            problem.escalated_at = now
            audit.record(
                problem,
                action="problem_escalate",
                actor=None,
                changes={"due_date": [None, problem.due_date.isoformat()]},
            )
            notify(
                recipients=recipients[problem.pk],
                title=_("问题逾期未办结：%(title)s") % {"title": problem.title},
                body=_("%(enterprise)s · 责任单位：%(unit)s · 办理期限：%(due)s")
                % {
                    "enterprise": problem.enterprise.name,
                    "unit": problem.unit.name if problem.unit_id else "—",
                    "due": cn_date(problem.due_date),
                },
                url=problem.get_absolute_url(),
            )
            escalated.append(problem)
    return escalated
