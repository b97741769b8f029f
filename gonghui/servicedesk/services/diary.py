"""Worker diary (工情日记): entries of visits and the follow-ups promised during them."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.core import audit
from gonghui.core.notifications import notify
from gonghui.core.scoping import can_manage
from gonghui.orgs.models import Enterprise, Org
from gonghui.servicedesk.models import DiaryEntry, FollowUp
from gonghui.servicedesk.selectors.diary import is_cadre_for_org
from gonghui.servicedesk.workflows import FOLLOW_UP_FLOW

DUPLICATE_WINDOW = datetime.timedelta(minutes=10)


@dataclass(frozen=True)
class FollowUpPlan:
    description: str
    due_date: datetime.date
    assignee: User


def _today() -> datetime.date:
    return timezone.localdate()


@transaction.atomic
def diary_entry_create(
    *,
    org: Org,
    actor,
    visited_on: datetime.date,
    visited: str,
    heard: str,
    enterprise: Enterprise | None = None,
    follow_ups: list[FollowUpPlan] = (),
) -> DiaryEntry:
    """Record a visit. A repeated submit of the same entry (double click, resent form) within ten
    minutes returns the entry already saved instead of a second one."""
    if not can_manage(actor, org):
        raise PermissionDenied
    visited, heard = (visited or "").strip(), (heard or "").strip()
    errors = {}
    if visited_on > _today():
        errors["visited_on"] = _("走访日期不能晚于今天。")
    if not visited:
        errors["visited"] = _("请填写走访对象。")
    if not heard:
        errors["heard"] = _("请填写听到的情况。")
    if enterprise is not None and not Enterprise.objects.visible_to(actor).filter(pk=enterprise.pk).exists():
        errors["enterprise"] = _("只能选择您管辖范围内的企业。")
    for plan in follow_ups:
        if plan.due_date < visited_on:
            errors.setdefault(
                "follow_ups", _("跟进事项“%(d)s”的完成期限不能早于走访日期。") % {"d": plan.description}
            )
        if not is_cadre_for_org(plan.assignee, org):
            errors.setdefault(
                "follow_ups",
                _("“%(name)s”不是本组织或上下级工会的干部，不能负责跟进事项。") % {"name": plan.assignee},
            )
    if errors:
        raise ValidationError(errors)

    # Serialise this author's submits so a double click cannot slip two entries past the check.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    duplicate = DiaryEntry.objects.filter(
        author=actor,
        org=org,
        visited_on=visited_on,
        visited=visited,
        heard=heard,
        enterprise=enterprise,
        created_at__gte=timezone.now() - DUPLICATE_WINDOW,
    ).first()
    if duplicate is not None:
        return duplicate

    entry = DiaryEntry.objects.create(
        org=org, author=actor, visited_on=visited_on, enterprise=enterprise, visited=visited, heard=heard
    )
    for plan in follow_ups:
        follow_up = FollowUp.objects.create(
            entry=entry,
            description=plan.description.strip()[:200],
            due_date=plan.due_date,
            assignee=plan.assignee,
        )
        notify(
            recipients=[plan.assignee],
            actor=actor,
            title=_("新的跟进事项：%(d)s") % {"d": follow_up.description[:60]},
            body=_("完成期限：%(date)s") % {"date": formats.date_format(plan.due_date)},
            url=reverse("servicedesk:followup_complete", args=[follow_up.pk]),
        )
    audit.record(
        entry,
        action="diary_entry_create",
        actor=actor,
        changes={"visited_on": visited_on.isoformat(), "follow_ups": len(follow_ups)},
    )
    return entry


@transaction.atomic
def follow_up_complete(*, follow_up: FollowUp, actor, result: str) -> FollowUp:
    result = (result or "").strip()
    if not result:
        raise ValidationError({"result": _("请填写完成情况。")})
    follow_up.result = result
    follow_up.done_at = timezone.now()
    FOLLOW_UP_FLOW.fire(
        follow_up, "complete", actor=actor, note=result[:200], extra_fields=["result", "done_at"]
    )
    entry = follow_up.entry
    notify(
        recipients=[entry.author],
        actor=actor,
        title=_("跟进事项已完成：%(d)s") % {"d": follow_up.description[:60]},
        body=result[:300],
        url=reverse("servicedesk:diary_detail", args=[entry.uuid]),
    )
    return follow_up
