"""Care: welfare — selectors: the effective rule of an org, what a member has had, lists for users."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from gonghui.care.models.welfare import (
    CONDOLENCE_CHAIN,
    COUNTING_STATES,
    CondolenceRequest,
    CondolenceRule,
    GiftForm,
    WelfareBatch,
    WelfareGift,
)
from gonghui.core.indicators import Scan, Source, Window
from gonghui.core.scoping import can_manage, child_length, group_by_prefix, subtree_q
from gonghui.members.models import Member
from gonghui.orgs.models import Org

ZERO = Decimal("0.00")


# ---------------------------------------------------------------- the effective rule


@dataclass
class EffectiveRule:
    """The strictest of the rules along an org's ancestors (and its own) for one occasion. Each
    limit remembers the rule that set it, so a refusal can name it."""

    occasion: str
    rules: list = field(default_factory=list)  # the rules it came from, top first
    cap_per_occasion: Decimal | None = None
    cap_per_occasion_rule: CondolenceRule | None = None
    cap_per_year: Decimal | None = None
    cap_per_year_rule: CondolenceRule | None = None
    times_per_year: int | None = None
    times_per_year_rule: CondolenceRule | None = None
    once_per_case_rule: CondolenceRule | None = None
    forms: set = field(default_factory=lambda: set(GiftForm.values))
    forms_rules: dict = field(default_factory=dict)  # form -> the rule that forbids it
    retired_eligible: bool = True
    retired_rule: CondolenceRule | None = None
    min_member_years: int = 0
    min_member_years_rule: CondolenceRule | None = None

    @property
    def exists(self) -> bool:
        return bool(self.rules)

    @property
    def once_per_case(self) -> bool:
        return self.once_per_case_rule is not None

    def params(self) -> tuple:
        """What a batch's eligibility depends on: orgs with equal params are computed together."""
        return (
            self.cap_per_occasion,
            self.cap_per_year,
            self.times_per_year,
            frozenset(self.forms),
            self.retired_eligible,
            self.min_member_years,
        )


def _tighten(eff: EffectiveRule, rule: CondolenceRule) -> None:
    eff.rules.append(rule)
    if rule.cap_per_occasion is not None and (
        eff.cap_per_occasion is None or rule.cap_per_occasion < eff.cap_per_occasion
    ):
        eff.cap_per_occasion, eff.cap_per_occasion_rule = rule.cap_per_occasion, rule
    if rule.cap_per_year is not None and (eff.cap_per_year is None or rule.cap_per_year < eff.cap_per_year):
        eff.cap_per_year, eff.cap_per_year_rule = rule.cap_per_year, rule
    if rule.times_per_year is not None and (
        eff.times_per_year is None or rule.times_per_year < eff.times_per_year
    ):
        eff.times_per_year, eff.times_per_year_rule = rule.times_per_year, rule
    if rule.once_per_case and eff.once_per_case_rule is None:
        eff.once_per_case_rule = rule
    for form in set(GiftForm.values) - rule.allowed_forms():
        if form in eff.forms:
            eff.forms.discard(form)
            eff.forms_rules[form] = rule
    if not rule.retired_eligible and eff.retired_eligible:
        eff.retired_eligible, eff.retired_rule = False, rule
    if rule.min_member_years > eff.min_member_years:
        eff.min_member_years, eff.min_member_years_rule = rule.min_member_years, rule


def _combine(occasion: str, rules_top_down: list[CondolenceRule]) -> EffectiveRule:
    eff = EffectiveRule(occasion=occasion)
    for rule in rules_top_down:
        _tighten(eff, rule)
    return eff


def effective_rule(org: Org, occasion: str, *, above_only: bool = False) -> EffectiveRule:
    """The rule that holds at `org` for `occasion`: the strictest of every rule set at the org and
    its ancestors (`above_only`: its ancestors only: what a rule of the org itself may not loosen)."""
    paths = org.ancestor_paths()
    if above_only:
        paths = paths[:-1]
    rules = list(
        CondolenceRule.objects.filter(org_path__in=paths, occasion=occasion)
        .select_related("org")
        .order_by("org_path")
    )
    return _combine(occasion, rules)


def effective_rules_in_subtree(root: Org, occasion: str) -> dict[str, EffectiveRule]:
    """{org path: effective rule} for every org of the subtree, from one query of the rules."""
    above = root.ancestor_paths()[:-1]
    rules = list(
        CondolenceRule.objects.filter(
            Q(org_path__in=above) | subtree_q(root.path, "org_path"), occasion=occasion
        )
        .select_related("org")
        .order_by("org_path")
    )
    by_path: dict[str, CondolenceRule] = {r.org_path: r for r in rules}
    result: dict[str, EffectiveRule] = {}
    base = [by_path[p] for p in above if p in by_path]
    for path in Org.objects.filter(subtree_q(root.path)).order_by("path").values_list("path", flat=True):
        own = [by_path[p] for p in _paths_down_to(root.path, path) if p in by_path]
        result[path] = _combine(occasion, base + own)
    return result


def _paths_down_to(root_path: str, path: str) -> list[str]:
    from gonghui.core.scoping import SEGMENT

    return [path[:i] for i in range(len(root_path), len(path) + 1, SEGMENT)]


def rules_for(user):
    """The rules a cadre works under: those of their subtrees and those set above them (inherited)."""
    from gonghui.core.scoping import SEGMENT, scope_paths

    if not getattr(user, "is_authenticated", False):
        return CondolenceRule.objects.none()
    above = {root[:i] for root in scope_paths(user) for i in range(SEGMENT, len(root), SEGMENT)}
    qs = CondolenceRule.objects.visible_to(user)
    if above:
        qs = qs | CondolenceRule.objects.filter(org_path__in=sorted(above))
    return qs.select_related("org").order_by("org_path", "occasion")


def rule_get_for(user, pk: int, *, write: bool = False) -> CondolenceRule:
    rule = get_object_or_404(rules_for(user), pk=pk)
    if write and not can_manage(user, rule.org):
        raise PermissionDenied
    return rule


# ---------------------------------------------------------------- what a member has had


@dataclass(frozen=True)
class Used:
    amount: Decimal
    times: int


def used_by(member: Member, occasion: str, year: int, *, exclude_request=None, exclude_batch=None) -> Used:
    """What counts against the member's caps for the occasion in the year: gifts of batches
    (reserved or handed out) and requests pending or approved."""
    gifts = WelfareGift.objects.filter(member=member, occasion=occasion, year=year)
    if exclude_batch is not None:
        gifts = gifts.exclude(batch=exclude_batch)
    g = gifts.aggregate(amount=Coalesce(Sum("value"), ZERO), times=Count("pk"))
    requests = CondolenceRequest.objects.filter(
        member=member, occasion=occasion, year=year, state__in=COUNTING_STATES
    )
    if exclude_request is not None and exclude_request.pk:
        requests = requests.exclude(pk=exclude_request.pk)
    r = requests.aggregate(amount=Coalesce(Sum("amount"), ZERO), times=Count("pk"))
    return Used(amount=g["amount"] + r["amount"], times=g["times"] + r["times"])


def same_case_exists(
    member: Member, occasion: str, year: int, case_ref: str, *, exclude_request=None
) -> bool:
    qs = CondolenceRequest.objects.filter(
        member=member, occasion=occasion, year=year, state__in=COUNTING_STATES, case_ref__iexact=case_ref
    )
    if exclude_request is not None and exclude_request.pk:
        qs = qs.exclude(pk=exclude_request.pk)
    return qs.exists()


def member_years(member: Member, on: datetime.date) -> int:
    years = on.year - member.joined_on.year
    if (on.month, on.day) < (member.joined_on.month, member.joined_on.day):
        years -= 1
    return max(years, 0)


# ---------------------------------------------------------------- requests


def requests_for(user, *, state: str = "", awaiting: bool = False, drilled=None):
    """The requests a cadre's list shows; `drilled` (orgs.selectors.drilled): only the condolences
    a glance tile counted."""
    qs = CondolenceRequest.objects.visible_to(user).select_related("member", "org", "approval_org")
    if drilled is not None:
        qs = qs.filter(pk__in=drilled.counted(FIGURES, scan=1).values("pk"))
    if awaiting:
        qs = qs.filter(CONDOLENCE_CHAIN.awaiting_q(user))
    elif state:
        qs = qs.filter(state=state)
    return qs.order_by("-created_at")


def awaiting_for(user):
    return requests_for(user, awaiting=True).order_by("approval_due", "created_at")


def request_get_for(user, uuid, *, write: bool = False) -> CondolenceRequest:
    qs = CondolenceRequest.objects.visible_to(user).select_related("member", "org", "approval_org")
    request = qs.filter(uuid=uuid).first()
    if request is None:
        mine = CondolenceRequest.objects.filter(uuid=uuid, member__user=user).select_related("member", "org")
        request = mine.first() if getattr(user, "is_authenticated", False) else None
        if request is None:
            from django.http import Http404

            raise Http404
        if write:
            raise PermissionDenied
    return request


def my_requests(user):
    if not getattr(user, "is_authenticated", False):
        return CondolenceRequest.objects.none()
    return CondolenceRequest.objects.filter(member__user=user).select_related("org").order_by("-created_at")


def member_for(user, member_uuid) -> Member:
    """A member a cadre may propose a condolence for (managing their union or above)."""
    member = get_object_or_404(
        Member.objects.visible_to(user, own=False).select_related("org"), uuid=member_uuid
    )
    if not can_manage(user, member.org):
        raise PermissionDenied
    return member


def find_members(user, q: str, *, limit: int = 10) -> list[Member]:
    """Members a cadre may propose for, by member number, mobile or name."""
    q = (q or "").strip()
    if not q:
        return []
    qs = Member.objects.visible_to(user, own=False).filter(status__in=["active", "retired"])
    qs = qs.filter(Q(member_no=q) | Q(mobile=q) | Q(name=q)).select_related("org")
    return [m for m in qs[:limit] if can_manage(user, m.org)]


# ---------------------------------------------------------------- batches and gifts


def batches_for(user, *, drilled=None):
    """The batches a cadre sees; `drilled` (orgs.selectors.drilled): only those of the gifts a
    glance tile counted."""
    qs = WelfareBatch.objects.visible_to(user)
    if drilled is not None:
        qs = qs.filter(pk__in=drilled.counted(FIGURES).values("batch"))
    return qs.select_related("org").order_by("-date", "-created_at")


def batch_get_for(user, uuid, *, write: bool = False) -> WelfareBatch:
    batch = get_object_or_404(batches_for(user), uuid=uuid)
    if write and not can_manage(user, batch.org):
        raise PermissionDenied
    return batch


@dataclass(frozen=True)
class BatchReport:
    eligible: int
    handed_out: int

    @property
    def remaining(self) -> int:
        return self.eligible - self.handed_out

    @property
    def percent(self) -> int:
        return int(self.handed_out * 100 / self.eligible) if self.eligible else 0


def batch_report(batch: WelfareBatch, *, org: Org | None = None) -> BatchReport:
    qs = WelfareGift.objects.filter(batch=batch)
    if org is not None:
        qs = qs.filter(subtree_q(org.path, "org_path"))
    row = qs.aggregate(eligible=Count("pk"), handed=Count("pk", filter=Q(state=WelfareGift.State.HANDED_OUT)))
    return BatchReport(eligible=row["eligible"], handed_out=row["handed"])


def batch_report_by_child(batch: WelfareBatch) -> list[tuple[Org, BatchReport]]:
    """The report per child union of the batch's org, in one grouped query."""
    length = child_length(batch.org_path)
    rows = group_by_prefix(
        WelfareGift.objects.filter(batch=batch),
        "org_path",
        length,
        {"eligible": Count("pk"), "handed": Count("pk", filter=Q(state=WelfareGift.State.HANDED_OUT))},
    )
    orgs = {o.path: o for o in Org.objects.filter(path__in=list(rows))}
    return [(orgs[p], BatchReport(r["eligible"], r["handed"])) for p, r in sorted(rows.items()) if p in orgs]


def gifts_of(batch: WelfareBatch, *, state: str = "", q: str = ""):
    qs = WelfareGift.objects.filter(batch=batch).select_related("member", "org")
    if state:
        qs = qs.filter(state=state)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(member__member_no=q) | Q(member__mobile=q) | Q(member__name=q))
    return qs.order_by("org_path", "member_id")


def gift_get_for(user, batch_uuid, member_uuid, *, write: bool = False) -> WelfareGift:
    """A member's gift of a batch, for a cadre over the member's union (write: managing it)."""
    gift = get_object_or_404(
        WelfareGift.objects.visible_to(user, own=False).select_related("batch", "member", "org"),
        batch__uuid=batch_uuid,
        member__uuid=member_uuid,
    )
    if write and not can_manage(user, gift.org):
        raise PermissionDenied
    return gift


def my_gifts(user):
    if not getattr(user, "is_authenticated", False):
        return WelfareGift.objects.none()
    return (
        WelfareGift.objects.filter(member__user=user)
        .select_related("batch", "org")
        .order_by("state", "-batch__date")
    )


def my_gift_get(user, batch_uuid) -> WelfareGift:
    """The user's own gift of a batch."""
    return get_object_or_404(my_gifts(user), batch__uuid=batch_uuid)


def my_gift_in(user, batch: WelfareBatch) -> WelfareGift | None:
    return my_gifts(user).filter(batch=batch).first()


# ---------------------------------------------------------------- figures (indicators)


def _clean(row: dict) -> dict:
    out = {k: row.get(k) or 0 for k in ("gifts_handed_out", "condolences")}
    for k in ("gift_value", "condolence_amount"):
        out[k] = float(row.get(k) or 0)
    return out


# In a subtree and a period: gifts handed out (and their value), condolences approved (and their amount).
FIGURES = Source(
    Scan(
        WelfareGift.objects,
        "org_path",
        (
            Window(
                {"gifts_handed_out": Count("pk"), "gift_value": Sum("value")},
                lambda lo, hi: Q(
                    state=WelfareGift.State.HANDED_OUT, handed_out_at__gte=lo, handed_out_at__lt=hi
                ),
            ),
        ),
    ),
    Scan(
        CondolenceRequest.objects,
        "org_path",
        (
            Window(
                {"condolences": Count("pk"), "condolence_amount": Sum("amount")},
                lambda lo, hi: Q(state="approved", decided_at__gte=lo, decided_at__lt=hi),
            ),
        ),
    ),
    clean=_clean,
)
figures = FIGURES.figures
figures_by_child = FIGURES.figures_by_child


def can_view_batch(user, batch: WelfareBatch) -> bool:
    from gonghui.core.scoping import can_view

    return can_view(user, batch.org)


def export_org(batch: WelfareBatch, org_uuid: str) -> Org | None:
    """The union under the batch's org whose part of the list is exported (None: the whole batch)."""
    import uuid as uuid_module

    from django.http import Http404

    if not org_uuid:
        return None
    try:
        key = uuid_module.UUID(str(org_uuid))
    except ValueError:
        raise Http404 from None
    org = Org.objects.filter(subtree_q(batch.org_path), uuid=key).first()
    if org is None:
        raise Http404
    return org
