"""Collective consultation and contracts: writes.

The rules (Labour Law art. 33–35, 集体合同规定 art. 36–47):
- a contract runs one to three years;
- the workers' congress needs at least two thirds of all representatives present (quorum) and more
  than half of all of them in favour (majority), both computed exactly with integers;
- the contract is filed with the labour authority within 10 days of the vote; the authority has 15
  calendar days from receiving it to object, and without an objection the contract takes effect;
- renewal talks start in the last three months (the reminder job), with a new round linked to it.
"""

import datetime
import unicodedata

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gonghui.core import audit, notifications
from gonghui.core.scoping import can_manage, in_subtree
from gonghui.orgs.models import OrgKind
from gonghui.rights.models.contracts import (
    REMIND_MONTHS,
    ConsultationDemand,
    ConsultationMeeting,
    ConsultationRound,
    Contract,
    ContractKind,
    ContractLevel,
    ContractState,
    add_months,
    add_years,
)

FILING_DAYS = 10  # from the vote to the filing with the labour authority
OBJECTION_DAYS = 15  # the authority's review, in calendar days from receiving the text
MIN_YEARS, MAX_YEARS = 1, 3

LIVE_STATES = (ContractState.DRAFT, ContractState.VOTED, ContractState.FILED, ContractState.IN_FORCE)


def _day(value: datetime.date) -> str:
    return date_format(value, "DATE_FORMAT")


def check_term(starts_on: datetime.date, ends_on: datetime.date) -> None:
    """One to three years: 2026-01-01 to 2026-12-31 is one year, to 2028-12-31 three."""
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("终止日期不能早于起始日期。")})
    after = ends_on + datetime.timedelta(days=1)
    shortest, longest = add_years(starts_on, MIN_YEARS), add_years(starts_on, MAX_YEARS)
    if not shortest <= after <= longest:
        raise ValidationError(
            {
                "ends_on": _(
                    "集体合同期限为一至三年：起始日期为%(start)s时，终止日期应在%(low)s至%(high)s之间。"
                )
                % {
                    "start": _day(starts_on),
                    "low": _day(shortest - datetime.timedelta(days=1)),
                    "high": _day(longest - datetime.timedelta(days=1)),
                }
            }
        )


def check_vote(*, total: int, present: int, in_favour: int) -> None:
    """Quorum: present ≥ 2/3 of all (3·present ≥ 2·total). Majority: in favour > 1/2 of all
    (2·in_favour > total) — of all the representatives, not of those present."""
    if total is None or total < 1:
        raise ValidationError({"representatives_total": _("职工代表总数至少为 1 人。")})
    if present is None or present < 0 or in_favour is None or in_favour < 0:
        raise ValidationError(_("人数不能为负数。"))
    if present > total:
        raise ValidationError(
            {
                "representatives_present": _("出席代表 %(present)s 人，超过了职工代表总数 %(total)s 人。")
                % {"present": present, "total": total}
            }
        )
    if in_favour > present:
        raise ValidationError(
            {
                "votes_in_favour": _("赞成票 %(yes)s 票，超过了出席代表 %(present)s 人。")
                % {"yes": in_favour, "present": present}
            }
        )
    if 3 * present < 2 * total:
        need = (2 * total + 2) // 3
        raise ValidationError(
            {
                "representatives_present": _(
                    "未达到法定人数：职工代表 %(total)s 人，须有三分之二以上（至少 %(need)s 人）出席，"
                    "实际出席 %(present)s 人。"
                )
                % {"total": total, "need": need, "present": present}
            }
        )
    if 2 * in_favour <= total:
        need = total // 2 + 1
        raise ValidationError(
            {
                "votes_in_favour": _(
                    "未获通过：须经全体职工代表半数以上（%(total)s 人中至少 %(need)s 人）同意，"
                    "实际赞成 %(yes)s 票。"
                )
                % {"total": total, "need": need, "yes": in_favour}
            }
        )


def _require_manage(user, org) -> None:
    if not can_manage(user, org):
        raise PermissionDenied


def _check_enterprises(org, enterprises: list, level: str) -> str:
    """Which enterprises a union may sign for; returns the contract's level."""
    if not enterprises:
        raise ValidationError({"enterprises": _("请选择合同覆盖的企业。")})
    if org.kind == OrgKind.GRASSROOTS and len(enterprises) != 1:
        raise ValidationError({"enterprises": _("企业工会签订的集体合同只覆盖本企业一家。")})
    for enterprise in enterprises:
        union_path = enterprise.union.path if enterprise.union_id else ""
        if not (
            in_subtree(enterprise.org_path, org.path) or (union_path and in_subtree(union_path, org.path))
        ):
            raise ValidationError(
                {"enterprises": _("%(name)s不在本工会的覆盖范围内。") % {"name": enterprise.name}}
            )
    if org.kind == OrgKind.GRASSROOTS:
        return ContractLevel.ENTERPRISE
    if level not in (ContractLevel.REGIONAL, ContractLevel.INDUSTRY):
        return ContractLevel.REGIONAL
    return level


def _check_employees(employees_covered) -> None:
    if employees_covered is None or employees_covered < 1:
        raise ValidationError({"employees_covered": _("覆盖职工人数至少为 1 人。")})


@transaction.atomic
def round_start(
    *,
    org,
    actor,
    title: str,
    kind: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    employees_covered: int,
    enterprises: list,
    level: str = "",
    started_on: datetime.date | None = None,
    renews: Contract | None = None,
    text: str = "",
) -> ConsultationRound:
    """A new round and the draft contract it negotiates."""
    _require_manage(actor, org)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("请填写协商事项。")})
    if kind not in ContractKind.values:
        raise ValidationError({"kind": _("请选择合同类型。")})
    check_term(starts_on, ends_on)
    _check_employees(employees_covered)
    enterprises = list(enterprises)
    level = _check_enterprises(org, enterprises, level)
    if renews is not None:
        renews = Contract.objects.select_for_update().get(pk=renews.pk)
        if renews.state not in (ContractState.IN_FORCE, ContractState.EXPIRED):
            raise ValidationError(_("只有生效中或已到期的集体合同可以续签。"))
        if ConsultationRound.objects.filter(renews=renews).exists():
            raise ValidationError(_("这份集体合同已发起续签协商。"))
    busy = _("本工会已有一轮正在协商的%(kind)s，请在该轮协商中继续。") % {"kind": ContractKind(kind).label}
    if Contract.objects.filter(org=org, kind=kind, state=ContractState.DRAFT).exists():
        raise ValidationError(busy)
    try:
        with transaction.atomic():
            round_ = ConsultationRound.objects.create(
                org=org,
                title=title,
                started_on=started_on or timezone.localdate(),
                renews=renews,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            contract = Contract.objects.create(
                round=round_,
                org=org,
                kind=kind,
                level=level,
                title=title,
                starts_on=starts_on,
                ends_on=ends_on,
                employees_covered=employees_covered,
                text=text,
            )
    except IntegrityError:  # a second click raced the first
        raise ValidationError(busy if renews is None else _("这份集体合同已发起续签协商。")) from None
    contract.enterprises.set(enterprises)
    audit.record(round_, action="round_start", actor=actor, changes={"renews": renews.pk if renews else None})
    return round_


@transaction.atomic
def contract_update(
    *,
    contract: Contract,
    actor,
    title: str,
    kind: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    employees_covered: int,
    enterprises: list,
    level: str = "",
    text: str = "",
) -> Contract:
    """The terms while they are negotiated; after the vote the text is what the congress approved."""
    _require_manage(actor, contract.org)
    contract = Contract.objects.select_for_update().select_related("org").get(pk=contract.pk)
    if contract.state != ContractState.DRAFT:
        raise ValidationError(_("合同已经职工代表大会表决，不能再修改。"))
    check_term(starts_on, ends_on)
    _check_employees(employees_covered)
    enterprises = list(enterprises)
    contract.level = _check_enterprises(contract.org, enterprises, level)
    contract.title, contract.kind, contract.text = (title or "").strip() or contract.title, kind, text
    contract.starts_on, contract.ends_on, contract.employees_covered = starts_on, ends_on, employees_covered
    try:
        with transaction.atomic():
            contract.save(
                update_fields=[
                    "title",
                    "kind",
                    "level",
                    "text",
                    "starts_on",
                    "ends_on",
                    "employees_covered",
                    "updated_at",
                ]
            )
    except IntegrityError:
        raise ValidationError(
            {"kind": _("本工会已有一轮正在协商的%(kind)s。") % {"kind": ContractKind(kind).label}}
        ) from None
    contract.enterprises.set(enterprises)
    audit.record(contract, action="contract_update", actor=actor)
    return contract


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()[:300]


def _open_round(round_: ConsultationRound, actor) -> ConsultationRound:
    _require_manage(actor, round_.org)
    round_ = ConsultationRound.objects.select_for_update().select_related("org").get(pk=round_.pk)
    if round_.voted:
        raise ValidationError(_("本轮协商已经表决，不能再修改。"))
    return round_


@transaction.atomic
def demand_add(*, round: ConsultationRound, actor, text: str) -> ConsultationDemand:
    round_ = _open_round(round, actor)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("请填写职工诉求。")})
    demand, created = ConsultationDemand.objects.get_or_create(
        round=round_, text_key=_key(text), defaults={"text": text[:300]}
    )
    if not created:
        raise ValidationError({"text": _("这条诉求已经登记。")})
    return demand


@transaction.atomic
def meeting_add(
    *, round: ConsultationRound, actor, held_on: datetime.date, place: str, minutes: str
) -> ConsultationMeeting:
    round_ = _open_round(round, actor)
    place, minutes = (place or "").strip(), (minutes or "").strip()
    if held_on is None:
        raise ValidationError({"held_on": _("请填写会议日期。")})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("会议日期不能晚于今天：纪要在会后登记。")})
    if held_on < round_.started_on:
        raise ValidationError({"held_on": _("会议日期不能早于协商发起日期。")})
    if not place:
        raise ValidationError({"place": _("请填写会议地点。")})
    if not minutes:
        raise ValidationError({"minutes": _("请填写会议纪要。")})
    meeting, created = ConsultationMeeting.objects.get_or_create(
        round=round_, held_on=held_on, place=place[:100], defaults={"minutes": minutes}
    )
    if not created:
        raise ValidationError(_("这次会议已经登记。"))
    return meeting


@transaction.atomic
def vote_record(
    *,
    round: ConsultationRound,
    actor,
    voted_on: datetime.date,
    representatives_total: int,
    representatives_present: int,
    votes_in_favour: int,
) -> ConsultationRound:
    """The workers' congress vote: recorded only when it meets the quorum and the majority."""
    round_ = _open_round(round, actor)
    check_vote(total=representatives_total, present=representatives_present, in_favour=votes_in_favour)
    if voted_on is None:
        raise ValidationError({"voted_on": _("请填写表决日期。")})
    if voted_on > timezone.localdate():
        raise ValidationError({"voted_on": _("表决日期不能晚于今天。")})
    if voted_on < round_.started_on:
        raise ValidationError({"voted_on": _("表决日期不能早于协商发起日期。")})
    round_.voted_on = voted_on
    round_.representatives_total = representatives_total
    round_.representatives_present = representatives_present
    round_.votes_in_favour = votes_in_favour
    round_.save(
        update_fields=[
            "voted_on",
            "representatives_total",
            "representatives_present",
            "votes_in_favour",
            "updated_at",
        ]
    )
    contract = Contract.objects.select_for_update().get(round=round_)
    contract.state = ContractState.VOTED
    contract.filing_due = voted_on + datetime.timedelta(days=FILING_DAYS)
    contract.save(update_fields=["state", "filing_due", "updated_at"])
    audit.record(
        round_,
        action="vote",
        actor=actor,
        changes={"total": representatives_total, "present": representatives_present, "yes": votes_in_favour},
    )
    return round_


def objection_until(filed_on: datetime.date) -> datetime.date:
    """The last day the authority may object: 15 calendar days counted from the day after filing."""
    return filed_on + datetime.timedelta(days=OBJECTION_DAYS)


def effective_date(contract: Contract, filed_on: datetime.date) -> datetime.date:
    """Without an objection: the day after the review ends, or the term's start if later."""
    return max(objection_until(filed_on) + datetime.timedelta(days=1), contract.starts_on)


@transaction.atomic
def contract_file(*, contract: Contract, actor, filed_on: datetime.date, filed_with: str) -> Contract:
    """Filed with the labour authority: a date after the due date is recorded, and flagged late."""
    _require_manage(actor, contract.org)
    contract = Contract.objects.select_for_update().select_related("round").get(pk=contract.pk)
    if contract.state != ContractState.VOTED:
        if contract.filed_on:
            raise ValidationError(_("这份集体合同已于%(day)s报送。") % {"day": _day(contract.filed_on)})
        raise ValidationError(_("集体合同须经职工代表大会表决通过后才能报送。"))
    filed_with = (filed_with or "").strip()
    if not filed_with:
        raise ValidationError({"filed_with": _("请填写受理的劳动行政部门。")})
    if filed_on is None:
        raise ValidationError({"filed_on": _("请填写报送日期。")})
    if filed_on > timezone.localdate():
        raise ValidationError({"filed_on": _("报送日期不能晚于今天。")})
    if filed_on < contract.round.voted_on:
        raise ValidationError({"filed_on": _("报送日期不能早于表决日期。")})
    contract.state = ContractState.FILED
    contract.filed_on, contract.filed_with = filed_on, filed_with[:100]
    contract.filed_late = filed_on > contract.filing_due
    contract.objection_until = objection_until(filed_on)
    contract.effective_on = effective_date(contract, filed_on)
    contract.save(
        update_fields=[
            "state",
            "filed_on",
            "filed_with",
            "filed_late",
            "objection_until",
            "effective_on",
            "updated_at",
        ]
    )
    audit.record(contract, action="file", actor=actor, changes={"late": contract.filed_late})
    advance(contract_ids=[contract.pk])
    contract.refresh_from_db()
    return contract


@transaction.atomic
def contract_objection(*, contract: Contract, actor, received_on: datetime.date, note: str) -> Contract:
    """The labour authority objected within its review: back to negotiation; the vote is cleared
    (kept in the audit log) so the revised text goes to the workers' congress again."""
    _require_manage(actor, contract.org)
    contract = Contract.objects.select_for_update().select_related("round").get(pk=contract.pk)
    if contract.state != ContractState.FILED:
        raise ValidationError(_("只有报送审查期间的集体合同可以登记审查意见。"))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("请填写劳动行政部门的审查意见。")})
    if received_on is None:
        raise ValidationError({"received_on": _("请填写收到审查意见的日期。")})
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("日期不能晚于今天。")})
    if not contract.filed_on <= received_on <= contract.objection_until:
        raise ValidationError(
            {
                "received_on": _("审查期为%(start)s至%(end)s，期满未提出异议的合同即行生效。")
                % {"start": _day(contract.filed_on), "end": _day(contract.objection_until)}
            }
        )
    round_ = contract.round
    before = {
        "voted_on": str(round_.voted_on),
        "total": round_.representatives_total,
        "present": round_.representatives_present,
        "yes": round_.votes_in_favour,
        "filed_on": str(contract.filed_on),
    }
    contract.state = ContractState.DRAFT
    contract.objected_on, contract.objection_note = received_on, note[:300]
    contract.filing_due = contract.filed_on = contract.objection_until = contract.effective_on = None
    contract.filed_with, contract.filed_late = "", False
    try:
        with transaction.atomic():
            contract.save(
                update_fields=[
                    "state",
                    "objected_on",
                    "objection_note",
                    "filing_due",
                    "filed_on",
                    "objection_until",
                    "effective_on",
                    "filed_with",
                    "filed_late",
                    "updated_at",
                ]
            )
    except IntegrityError:
        raise ValidationError(
            _("本工会已有一轮正在协商的%(kind)s，请先处理该轮协商。") % {"kind": contract.get_kind_display()}
        ) from None
    round_.voted_on = round_.representatives_total = round_.representatives_present = (
        round_.votes_in_favour
    ) = None
    round_.save(
        update_fields=[
            "voted_on",
            "representatives_total",
            "representatives_present",
            "votes_in_favour",
            "updated_at",
        ]
    )
    audit.record(round_, action="objection", actor=actor, changes={**before, "note": note[:300]})
    return contract


@transaction.atomic
def contract_publish(*, contract: Contract, actor, published_on: datetime.date) -> Contract:
    """Made known to the workers: from then on the members of the covered enterprises see it."""
    _require_manage(actor, contract.org)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if contract.published_on:
        raise ValidationError(_("这份集体合同已于%(day)s公布。") % {"day": _day(contract.published_on)})
    if contract.state not in (ContractState.FILED, ContractState.IN_FORCE):
        raise ValidationError(_("集体合同报送劳动行政部门后才能向职工公布。"))
    if published_on is None:
        raise ValidationError({"published_on": _("请填写公布日期。")})
    if published_on > timezone.localdate():
        raise ValidationError({"published_on": _("公布日期不能晚于今天。")})
    if published_on < contract.filed_on:
        raise ValidationError({"published_on": _("公布日期不能早于报送日期。")})
    contract.published_on = published_on
    contract.save(update_fields=["published_on", "updated_at"])
    audit.record(contract, action="publish", actor=actor)
    return contract


@transaction.atomic
def renewal_start(
    *, contract: Contract, actor, starts_on=None, ends_on=None, started_on=None
) -> ConsultationRound:
    """A new round for the successor: same union, kind, enterprises and people; the term follows on."""
    _require_manage(actor, contract.org)
    starts_on = starts_on or contract.ends_on + datetime.timedelta(days=1)
    years = max(MIN_YEARS, min(MAX_YEARS, contract.ends_on.year - contract.starts_on.year + 1))
    ends_on = ends_on or add_years(starts_on, years) - datetime.timedelta(days=1)
    return round_start(
        org=contract.org,
        actor=actor,
        title=_("%(title)s（续签）") % {"title": contract.title.removesuffix(_("（续签）"))},
        kind=contract.kind,
        level=contract.level,
        starts_on=starts_on,
        ends_on=ends_on,
        employees_covered=contract.employees_covered,
        enterprises=list(contract.enterprises.all()),
        started_on=started_on,
        renews=contract,
        text=contract.text,
    )


# ---------------------------------------------------------------- the daily job


def advance(*, today: datetime.date | None = None, contract_ids=None) -> dict:
    """Filed contracts past their review take effect (and the one they renew is renewed); contracts
    past their end expire (or are renewed when their successor has been voted). Idempotent."""
    today = today or timezone.localdate()
    counts = {"in_force": 0, "expired": 0, "renewed": 0}
    with transaction.atomic():
        filed = Contract.objects.select_for_update().filter(
            state=ContractState.FILED, effective_on__lte=today
        )
        if contract_ids is not None:
            filed = filed.filter(pk__in=contract_ids)
        for contract in filed.select_related("round"):
            contract.state = ContractState.IN_FORCE
            contract.save(update_fields=["state", "updated_at"])
            counts["in_force"] += 1
            old = contract.round.renews_id
            if old:
                counts["renewed"] += Contract.objects.filter(
                    pk=old, state__in=(ContractState.IN_FORCE, ContractState.EXPIRED)
                ).update(state=ContractState.RENEWED, updated_at=timezone.now())
        if contract_ids is None:
            ended = Contract.objects.select_for_update().filter(
                state=ContractState.IN_FORCE, ends_on__lt=today
            )
            for contract in ended:
                successor = Contract.objects.filter(
                    round__renews=contract,
                    state__in=(ContractState.VOTED, ContractState.FILED, ContractState.IN_FORCE),
                ).exists()
                contract.state = ContractState.RENEWED if successor else ContractState.EXPIRED
                contract.save(update_fields=["state", "updated_at"])
                counts["renewed" if successor else "expired"] += 1
    return counts


def remind_from(contract: Contract) -> datetime.date:
    return add_months(contract.ends_on, -REMIND_MONTHS)


def remind_expiring(*, today: datetime.date | None = None) -> int:
    """Tell the union's cadres once per contract, from three months before its end. Idempotent:
    the mark is set by a conditional update, so a second run (or a concurrent one) tells nobody."""
    from gonghui.accounts.selectors import managing_positions

    today = today or timezone.localdate()
    horizon = add_months(today, REMIND_MONTHS)
    told = 0
    due = Contract.objects.filter(
        state=ContractState.IN_FORCE,
        expiry_notified_at__isnull=True,
        ends_on__lte=horizon,
        ends_on__gte=today,
    ).select_related("org", "round")
    for contract in due:
        with transaction.atomic():
            if not Contract.objects.filter(pk=contract.pk, expiry_notified_at__isnull=True).update(
                expiry_notified_at=timezone.now()
            ):
                continue
            cadres = [p.user for p in managing_positions(org_paths=[contract.org.path])]
            notifications.notify(
                recipients=cadres,
                title=_("集体合同即将到期：%(title)s") % {"title": contract.title},
                body=_("%(title)s将于%(day)s到期，请启动续签协商。")
                % {"title": contract.title, "day": _day(contract.ends_on)},
                url=contract.get_absolute_url(),
            )
            told += 1
    return told
