"""Membership figures for the indicators registry (members/indicators.py): monthly joins and the
members by kind of a subtree. The members and rates themselves are orgs.stats' (the member tally)."""

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from gonghui.core.scoping import subtree_q
from gonghui.members.contrib import member_rows
from gonghui.orgs.models import JobType, OrgMemberTally


def joined_by_month(org, period) -> dict:
    """{first day of the month: members (active or retired now) who joined then}: one query through
    the (joined_on, org_path, status) index, as orgs.stats counts new members."""
    rows = (
        member_rows()
        .filter(subtree_q(org.path, "org_path"), joined_on__gte=period.start, joined_on__lte=period.end)
        .annotate(month=TruncMonth("joined_on"))
        .values("month")
        .annotate(n=Count("org_path"))
        .order_by()
    )
    return {row["month"]: row["n"] for row in rows}


def members_by_kind(org, period) -> list[tuple[str, int]]:
    """Members now by kind: the new-employment-form members by job type (the partial index
    member_new_form_kind), and the other members (the tally's total less those). Two queries."""
    by_job = dict(
        member_rows()
        .filter(subtree_q(org.path, "org_path"))
        .exclude(job_type="")
        .values_list("job_type")
        .annotate(n=Count("org_path"))
        .order_by()
    )
    total = (
        OrgMemberTally.objects.filter(subtree_q(org.path, "org_path")).aggregate(n=Sum("members"))["n"] or 0
    )
    labels = dict(JobType.choices)
    parts = [(_("职工会员"), max(total - sum(by_job.values()), 0))]
    parts += [(str(labels.get(job, job)), n) for job, n in sorted(by_job.items(), key=lambda kv: -kv[1])]
    return parts
