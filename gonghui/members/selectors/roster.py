"""Reads and access for the roster (名册): search, filters, export and the unions one may import into."""

import re
import uuid
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import facts, pii, stamps
from gonghui.core.scoping import (
    SEGMENT,
    PermissionDenied,
    can_view_personal_data,
    holds_personal_data_permission,
    is_cadre,
)
from gonghui.core.validators import fold_identity_input, normalize_resident_id
from gonghui.members.models import HOLDING_STATUSES, JobType, Member
from gonghui.orgs.models import MEMBER_KINDS, Org
from gonghui.orgs.selectors import manageable_orgs, root_paths

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
_ID_LIKE = re.compile(r"[0-9]{17}[0-9X]|[0-9]{15}")


def require_roster_access(user) -> None:
    """The roster is for cadres (any role). Members and workers get a 403 page."""
    if not is_cadre(user):
        raise PermissionDenied


# The roster's "会员" choice: those holding membership, as the figures count them (a glance's
# 会员 tile opens the roster with it, so the list's count is the tile's).
HOLDING = "members"
HOLDING_LABEL = gettext_lazy("会员（在册和退休）")


@dataclass
class RosterFilter:
    q: str = ""
    org: Org | None = None
    status: str = ""
    new_form: str = ""  # "", "1" (new-employment-form workers only) or "0" (the others)
    job_type: str = ""


def org_in_scope_or_404(user, value) -> Org:
    try:
        key = uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None
    return get_object_or_404(Org.objects.visible_to(user), uuid=key)


def orgs_for_filter(user) -> QuerySet[Org]:
    """Every org the user sees, in tree order, for the filter select (one query)."""
    return (
        Org.objects.visible_to(user)
        .filter(is_active=True)
        .only("uuid", "name", "depth", "path")
        .order_by("path")
    )


def unions_for_import(user) -> QuerySet[Org]:
    """Active unions that admit members and that the user manages (chair or staff over them)."""
    # One indexed range per managed subtree (never a check per org: a province has 100,000).
    return manageable_orgs(user, only_kinds=MEMBER_KINDS)


def can_import(user) -> bool:
    """Whether the user manages a union to import a roster into, kept with the user's facts
    (core.facts follows positions and orgs)."""
    return facts.remembered(user, "members:can_import", lambda: unions_for_import(user).exists())


def _search_q(q: str) -> Q:
    """Name, member number, mobile; an ID number only through its keyed hash (never plaintext)."""
    text = q.strip()
    compact = fold_identity_input(text)  # a number typed in full-width digits finds the same member
    if _ID_LIKE.fullmatch(compact):
        try:
            number = normalize_resident_id(compact)
        except Exception:
            number = compact
        return Q(id_number_hash__in=pii.lookup_hashes(number))
    cond = Q(name__icontains=text) | Q(member_no=text)
    if compact.isascii() and compact.isdigit() and len(compact) >= 4:
        cond |= Q(mobile__contains=compact) | Q(member_no__endswith=compact)
    return cond


# What a roster row shows (members.views.roster.roster_rows), read as values: a page of members
# with every column of them and their union took a third of the page's time to convert, and fifty
# instances of the columns left cost 4,500 Python calls to fetch where the values cost 1,300.
ROSTER_ROW_FIELDS = (
    "uuid", "name", "member_no", "id_number_masked", "mobile", "job_type", "status", "joined_on",
    "org__name",
)  # fmt: skip


def members_for(user, f: RosterFilter) -> QuerySet[Member]:
    """Members in the user's orgs' subtrees, filtered; `org` (already checked in scope) includes its
    subtree. A cadre's own membership elsewhere is on their own page, not in the roster."""
    qs = Member.objects.visible_to(user, own=False).select_related("org")
    if f.org is not None:
        qs = qs.in_subtree(f.org.path)
    if f.status == HOLDING:
        qs = qs.filter(status__in=HOLDING_STATUSES)
    elif f.status:
        qs = qs.filter(status=f.status)
    if f.new_form == "1":
        qs = qs.exclude(job_type="")
    elif f.new_form == "0":
        qs = qs.filter(job_type="")
    if f.job_type:
        qs = qs.filter(job_type=f.job_type)
    if f.q:
        qs = qs.filter(_search_q(f.q))
    return qs.order_by("org_path", "member_no")


MEMBERS = "members.member"  # core.stamps kind: the roster's counts and pages as drawn


def roster_rows(user, f: RosterFilter) -> stamps.KeptList:
    """`members_for(user, f)` for a Paginator, its count and each page (ROSTER_ROW_FIELDS) kept in
    core.stamps until a member of the user's subtrees changes (members.apps follows Member; the
    import, which writes without signals, touches the stamps itself): a roster is paged through and
    opened again far more often than a member changes."""
    org = f.org.path if f.org is not None else ""
    kept = stamps.Kept(MEMBERS, root_paths(user), f"roster:{f.q}\n{org}:{f.status}:{f.new_form}:{f.job_type}")
    return stamps.KeptList(members_for(user, f), kept, ROSTER_ROW_FIELDS)


def export_orgs(qs: QuerySet[Member]) -> list[Org]:
    """The distinct unions whose members a queryset holds."""
    return list(Org.objects.filter(pk__in=qs.order_by().values("org_id").distinct()))


def offers_full_export(user, org: Org | None) -> bool:
    """Show the full-export button: the permission over the filtered org, or over some org of the user's.
    The export itself checks every exported union (check_full_export)."""
    return can_view_personal_data(user, org) if org is not None else holds_personal_data_permission(user)


def check_full_export(user, orgs: list[Org]) -> None:
    """Full ID numbers only for a cadre allowed to see personal data over every exported union."""
    if not all(can_view_personal_data(user, org) for org in orgs):
        raise PermissionDenied


def common_org(orgs: list[Org], fallback: Org | None = None) -> Org | None:
    """The nearest org above all of these (for the access log): the filter's org, else their common ancestor."""
    if fallback is not None:
        return fallback
    if not orgs:
        return None
    prefix = orgs[0].path
    for org in orgs[1:]:
        while not org.path.startswith(prefix):
            prefix = prefix[:-SEGMENT]
    prefix = prefix[: len(prefix) - len(prefix) % SEGMENT]
    return Org.objects.filter(path=prefix).first() if prefix else None


_PERSONAL_NUMBER = re.compile(r"(?:\+86|0086)?1[3-9][0-9]{9}|[0-9]{15}|[0-9]{17}[0-9X]")


def is_personal_number(text: str) -> bool:
    """A mobile or resident ID number: searched by POST, never carried in a URL (logs keep URLs)."""
    return bool(_PERSONAL_NUMBER.fullmatch(fold_identity_input(text)))


def filter_description(f: RosterFilter) -> str:
    """The export's filter in words for the access log; a personal number searched for is not written."""
    parts = []
    if f.org is not None:
        parts.append(_("工会：%(org)s") % {"org": f.org.name})
    if f.status:
        label = HOLDING_LABEL if f.status == HOLDING else Member.Status(f.status).label
        parts.append(_("状态：%(s)s") % {"s": label})
    if f.new_form:
        parts.append(_("新就业形态：%(v)s") % {"v": _("是") if f.new_form == "1" else _("否")})
    if f.job_type:
        parts.append(_("职业类型：%(v)s") % {"v": JobType(f.job_type).label})
    if f.q:
        parts.append(
            _("搜索：%(q)s")
            % {"q": _("身份证号码或手机号码（不记录）") if is_personal_number(f.q) else f.q[:40]}
        )
    return _("；").join(parts) or _("全部")
