"""Who an offer reaches (its audience): the owning org's subtree, optionally only some member
kinds (e.g. new-employment-form workers), and members only or every registered worker.

One rule for activities, tournaments, notices and whatever else is published to workers: a
record's audience is its `org` subtree (`org_path`) plus the two fields of `AudienceFields`.
Lists ask `reaching_q(user)` (one indexed IN over the prefixes of the member's union path);
actions ask `audience_refusal(user, record)` for the reason in Chinese, or None.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import path_prefixes
from gonghui.orgs.models import JobType


class AudienceFields(models.Model):
    """Add to a model that has `org` and `org_path`: the org's subtree is the audience."""

    # ",delivery_rider,courier," (delimited, so a lookup cannot match part of a name); "" = any kind.
    audience_job_types = models.CharField(_("面向职业类型"), max_length=200, blank=True, default="")
    members_only = models.BooleanField(_("仅限会员"), default=True)

    class Meta:
        abstract = True

    @property
    def job_type_list(self) -> list[str]:
        return job_types_list(self.audience_job_types)

    @property
    def job_type_labels(self) -> list[str]:
        return job_type_labels(self.audience_job_types)


def job_types_list(value: str) -> list[str]:
    return [t for t in value.split(",") if t]


def job_type_labels(value: str) -> list[str]:
    labels = dict(JobType.choices)
    return [str(labels.get(t, t)) for t in job_types_list(value)]


def job_types_value(job_types) -> str:
    """The stored form of a list of job types (unknown values are refused by the form first)."""
    kept = [t for t in dict.fromkeys(job_types or ()) if t in JobType.values]
    return f",{','.join(kept)}," if kept else ""


def _member(user):
    if not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_gonghui_audience_member", False)
    if cached is False:
        from gonghui.members.models import Member

        cached = Member.objects.filter(user=user).only("org_path", "job_type", "status").first()
        user._gonghui_audience_member = cached
    return cached if cached is not None and cached.is_member else None


def reaching_q(user, *, prefix: str = "") -> Q:
    """Records whose audience includes `user` (`prefix` for a related model, e.g. "activity__").

    A member is reached by records of their union's subtree (any ancestor org) and by records open
    to every registered worker, either way only when for all kinds or for the member's kind; a
    registered non-member (whose kind is not known) and an anonymous visitor by open records (a
    visitor sees them, and registers to take part).
    """
    member = _member(user)
    open_q = Q(**{f"{prefix}members_only": False})
    if member is None:
        return open_q
    kind_q = Q(**{f"{prefix}audience_job_types": ""})
    if member.job_type:
        kind_q |= Q(**{f"{prefix}audience_job_types__contains": f",{member.job_type},"})
    return (Q(**{f"{prefix}org_path__in": path_prefixes(member.org_path)}) | open_q) & kind_q


def audience_refusal(user, record) -> str | None:
    """Why `record` is not for `user`, in Chinese; None when it is."""
    return member_refusal(_member(user), record)


def member_refusal(member, record) -> str | None:
    """Why `record` is not for `member` (a Member, or None for a non-member), in Chinese; None when
    it is: the same rule for a person named by someone else (a player on a captain's roster)."""
    if member is None or not member.is_member:
        if record.members_only:
            return gettext("本项目仅限工会会员参加。")
        return None
    if record.members_only and not member.org_path.startswith(record.org_path):
        return gettext("本项目面向{org}的会员，您所在的工会不在其中。").format(org=record.org.name)
    kinds = job_types_list(record.audience_job_types)
    if kinds and member.job_type not in kinds:
        return gettext("本项目面向{kinds}。").format(
            kinds="、".join(job_type_labels(record.audience_job_types))
        )
    return None
