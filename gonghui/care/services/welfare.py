"""Care: welfare — services: rules, condolence requests, batches (computed as a background job),
sign-off and the sign-off list.

Every limit is checked against the effective rule (selectors.welfare.effective_rule): the strictest
along the org's ancestors, and a refusal names the rule that set the limit broken.
"""

import datetime
import logging
import secrets
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gonghui.care.models.welfare import (
    CONDOLENCE_CHAIN,
    COUNTING_STATES,
    CondolenceRequest,
    CondolenceRule,
    GiftForm,
    Occasion,
    WelfareBatch,
    WelfareGift,
)
from gonghui.care.selectors import welfare as sel
from gonghui.core import approval, audit, checkin, pii
from gonghui.core.models import Job
from gonghui.core.scoping import can_manage, subtree_q
from gonghui.core.tasks import enqueue, finish, report_progress, task
from gonghui.members.models import Member
from gonghui.orgs.models import Org

log = logging.getLogger(__name__)

MAX_AMOUNT = Decimal("100000.00")  # no single condolence or gift, and no cap, is above this
BATCH_TASK = "care.welfare_batch"
ORGS_PER_CHUNK = 200  # orgs computed in one INSERT … SELECT (and one transaction)
EXPORT_MAX_ROWS = 100_000


def money(value) -> str:
    return f"{Decimal(value):,.2f}"


def rule_name(rule: CondolenceRule) -> str:
    return _("%(org)s“%(occasion)s”标准") % {"org": rule.org.name, "occasion": rule.get_occasion_display()}


def clean_amount(value, *, label: str, allow_empty: bool = False) -> Decimal | None:
    """An amount in 元: positive, two decimals at most, not absurd. ValidationError in Chinese."""
    if value in (None, ""):
        if allow_empty:
            return None
        raise ValidationError(_("请填写%(label)s。") % {"label": label})
    try:
        amount = Decimal(str(value).strip().replace(",", "").replace("，", ""))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("%(label)s应为数字（元）。") % {"label": label}) from None
    if not amount.is_finite():
        raise ValidationError(_("%(label)s应为数字（元）。") % {"label": label})
    if amount <= 0:
        raise ValidationError(_("%(label)s必须大于0元。") % {"label": label})
    if amount > MAX_AMOUNT:
        raise ValidationError(_("%(label)s不能超过%(max)s元。") % {"label": label, "max": money(MAX_AMOUNT)})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(_("%(label)s最多保留两位小数（分）。") % {"label": label})
    return amount.quantize(Decimal("0.01"))


# ---------------------------------------------------------------- rules


RULE_FIELDS = (
    "cap_per_occasion",
    "cap_per_year",
    "times_per_year",
    "once_per_case",
    "allow_goods",
    "allow_voucher",
    "allow_cash",
    "retired_eligible",
    "min_member_years",
    "note",
)


def _no_looser(org: Org, occasion: str, values: dict) -> None:
    """A lower org may only tighten what the orgs above it allow."""
    above = sel.effective_rule(org, occasion, above_only=True)
    if not above.exists:
        return
    errors: dict[str, str] = {}

    def looser(name: str, mine, theirs, rule) -> None:
        errors[name] = _("不能宽于上级的%(rule)s（%(value)s）。") % {"rule": rule_name(rule), "value": theirs}

    if above.cap_per_occasion is not None and (
        values["cap_per_occasion"] is None or values["cap_per_occasion"] > above.cap_per_occasion
    ):
        looser(
            "cap_per_occasion",
            values["cap_per_occasion"],
            money(above.cap_per_occasion) + _("元"),
            above.cap_per_occasion_rule,
        )
    if above.cap_per_year is not None and (
        values["cap_per_year"] is None or values["cap_per_year"] > above.cap_per_year
    ):
        looser(
            "cap_per_year",
            values["cap_per_year"],
            money(above.cap_per_year) + _("元"),
            above.cap_per_year_rule,
        )
    if above.times_per_year is not None and (
        values["times_per_year"] is None or values["times_per_year"] > above.times_per_year
    ):
        looser(
            "times_per_year",
            values["times_per_year"],
            _("%(n)d次") % {"n": above.times_per_year},
            above.times_per_year_rule,
        )
    if above.once_per_case and not values["once_per_case"]:
        looser("once_per_case", False, _("同一事由每年一次"), above.once_per_case_rule)
    for name, form in (
        ("allow_goods", GiftForm.GOODS),
        ("allow_voucher", GiftForm.VOUCHER),
        ("allow_cash", GiftForm.CASH),
    ):
        if values[name] and form not in above.forms:
            looser(
                name, True, _("不得发放%(form)s") % {"form": GiftForm(form).label}, above.forms_rules[form]
            )
    if values["retired_eligible"] and not above.retired_eligible:
        looser("retired_eligible", True, _("退休会员不享受"), above.retired_rule)
    if values["min_member_years"] < above.min_member_years:
        looser(
            "min_member_years",
            values["min_member_years"],
            _("入会满%(n)d年") % {"n": above.min_member_years},
            above.min_member_years_rule,
        )
    if errors:
        raise ValidationError(errors)


def _rule_values(data: dict) -> dict:
    values = {name: data.get(name) for name in RULE_FIELDS}
    values["cap_per_occasion"] = clean_amount(
        values["cap_per_occasion"], label=_("每人每次上限"), allow_empty=True
    )
    values["cap_per_year"] = clean_amount(values["cap_per_year"], label=_("每人每年上限"), allow_empty=True)
    times = values["times_per_year"]
    if times in ("", None):
        values["times_per_year"] = None
    else:
        try:
            times = int(times)
        except (TypeError, ValueError):
            raise ValidationError({"times_per_year": _("每人每年次数上限应为整数。")}) from None
        if not 1 <= times <= 366:
            raise ValidationError({"times_per_year": _("每人每年次数上限应在1到366之间。")})
        values["times_per_year"] = times
    years = values["min_member_years"] or 0
    try:
        years = int(years)
    except (TypeError, ValueError):
        raise ValidationError({"min_member_years": _("入会年限应为整数。")}) from None
    if not 0 <= years <= 60:
        raise ValidationError({"min_member_years": _("入会年限应在0到60年之间。")})
    values["min_member_years"] = years
    for name in ("once_per_case", "allow_goods", "allow_voucher", "allow_cash", "retired_eligible"):
        values[name] = bool(values[name])
    values["note"] = (values["note"] or "").strip()[:200]
    if not (values["allow_goods"] or values["allow_voucher"] or values["allow_cash"]):
        raise ValidationError({"allow_goods": _("请至少允许一种慰问形式。")})
    if (
        values["cap_per_occasion"] is not None
        and values["cap_per_year"] is not None
        and values["cap_per_occasion"] > values["cap_per_year"]
    ):
        raise ValidationError({"cap_per_occasion": _("每人每次上限不能高于每人每年上限。")})
    return values


@transaction.atomic
def rule_save(
    *, org: Org, occasion: str, data: dict, actor, rule: CondolenceRule | None = None
) -> CondolenceRule:
    """Create or change the rule of `org` for `occasion` (one per org and occasion)."""
    if not can_manage(actor, org):
        raise PermissionDenied
    if occasion not in Occasion.values:
        raise ValidationError({"occasion": _("请选择慰问事项。")})
    values = _rule_values(data)
    _no_looser(org, occasion, values)
    Org.objects.select_for_update().filter(pk=org.pk).exists()  # one rule per org and occasion
    existing = CondolenceRule.objects.filter(org=org, occasion=occasion).first()
    if rule is None and existing is not None:
        raise ValidationError(
            {
                "occasion": _("%(org)s已有“%(occasion)s”标准，请修改原标准。")
                % {"org": org.name, "occasion": Occasion(occasion).label}
            }
        )
    if rule is not None and existing is not None and existing.pk != rule.pk:
        raise ValidationError({"occasion": _("该组织已有此事项的标准。")})
    before = audit.snapshot(rule, RULE_FIELDS) if rule is not None else {}
    if rule is None:
        rule = CondolenceRule(org=org, occasion=occasion)
    rule.occasion = occasion
    for name, value in values.items():
        setattr(rule, name, value)
    rule.save()
    audit.record(
        rule,
        action="update" if before else "create",
        actor=actor,
        changes=audit.diff(before, rule) if before else None,
        org=org,
    )
    return rule


@transaction.atomic
def rule_delete(*, rule: CondolenceRule, actor) -> None:
    if not can_manage(actor, rule.org):
        raise PermissionDenied
    audit.record(rule, action="delete", actor=actor, org=rule.org)
    rule.delete()


# ---------------------------------------------------------------- the check against the rule


def check_gift(
    *,
    member: Member,
    org: Org,
    occasion: str,
    amount: Decimal,
    form: str,
    on: datetime.date,
    case_ref: str = "",
    exclude_request=None,
) -> sel.EffectiveRule:
    """Raise ValidationError (naming the rule) if the member may not get `amount` in `form` for
    the occasion on that date under the rules that hold at `org`."""
    eff = sel.effective_rule(org, occasion)
    if not member.is_member:
        raise ValidationError(_("%(name)s已退会，不能享受慰问。") % {"name": member.name})
    if not eff.exists:
        return eff
    if form not in eff.forms:
        raise ValidationError(
            _("%(rule)s不允许以“%(form)s”形式慰问。")
            % {"rule": rule_name(eff.forms_rules[form]), "form": GiftForm(form).label}
        )
    if member.status == Member.Status.RETIRED and not eff.retired_eligible:
        raise ValidationError(
            _("按%(rule)s，退休会员不享受此项慰问。") % {"rule": rule_name(eff.retired_rule)}
        )
    if eff.min_member_years and sel.member_years(member, on) < eff.min_member_years:
        raise ValidationError(
            _("按%(rule)s，入会满%(n)d年方可享受（%(name)s入会日期%(joined)s）。")
            % {
                "rule": rule_name(eff.min_member_years_rule),
                "n": eff.min_member_years,
                "name": member.name,
                "joined": date_format(member.joined_on, "DATE_FORMAT"),
            }
        )
    if eff.cap_per_occasion is not None and amount > eff.cap_per_occasion:
        raise ValidationError(
            _("超过%(rule)s：每人每次不超过%(cap)s元。")
            % {"rule": rule_name(eff.cap_per_occasion_rule), "cap": money(eff.cap_per_occasion)}
        )
    used = sel.used_by(member, occasion, on.year, exclude_request=exclude_request)
    if eff.cap_per_year is not None and used.amount + amount > eff.cap_per_year:
        raise ValidationError(
            _("超过%(rule)s：每人每年不超过%(cap)s元，%(year)d年已慰问%(used)s元，本次最多%(left)s元。")
            % {
                "rule": rule_name(eff.cap_per_year_rule),
                "cap": money(eff.cap_per_year),
                "year": on.year,
                "used": money(used.amount),
                "left": money(max(eff.cap_per_year - used.amount, Decimal(0))),
            }
        )
    if eff.times_per_year is not None and used.times >= eff.times_per_year:
        raise ValidationError(
            _("超过%(rule)s：每人每年最多慰问%(n)d次，%(year)d年已慰问%(used)d次。")
            % {
                "rule": rule_name(eff.times_per_year_rule),
                "n": eff.times_per_year,
                "year": on.year,
                "used": used.times,
            }
        )
    if eff.once_per_case:
        if not case_ref:
            raise ValidationError(
                {
                    "case_ref": _("按%(rule)s，同一事由每年慰问一次，请填写事由（如病情）。")
                    % {"rule": rule_name(eff.once_per_case_rule)}
                }
            )
        if sel.same_case_exists(member, occasion, on.year, case_ref, exclude_request=exclude_request):
            raise ValidationError(
                _("按%(rule)s，同一事由每年只慰问一次：%(name)s %(year)d年已因“%(case)s”慰问过。")
                % {
                    "rule": rule_name(eff.once_per_case_rule),
                    "name": member.name,
                    "year": on.year,
                    "case": case_ref,
                }
            )
    return eff


# ---------------------------------------------------------------- condolence requests


def _clean_request(*, occasion: str, event_date, form: str, case_ref: str, reason: str) -> tuple[str, str]:
    if occasion not in Occasion.values:
        raise ValidationError({"occasion": _("请选择慰问事项。")})
    if form not in GiftForm.values:
        raise ValidationError({"form": _("请选择慰问形式。")})
    if not isinstance(event_date, datetime.date):
        raise ValidationError({"event_date": _("请填写事由发生日期。")})
    today = timezone.localdate()
    if event_date > today + datetime.timedelta(days=60):
        raise ValidationError({"event_date": _("事由发生日期不能晚于60天以后。")})
    if event_date < today - datetime.timedelta(days=366):
        raise ValidationError({"event_date": _("事由发生在一年以前，不能再申请慰问。")})
    return " ".join((case_ref or "").split())[:100], (reason or "").strip()[:1000]


@transaction.atomic
def condolence_request_create(
    *,
    member: Member,
    occasion: str,
    event_date: datetime.date,
    amount,
    form: str,
    case_ref: str = "",
    reason: str = "",
    actor,
) -> CondolenceRequest:
    """A cadre of the member's union (or above) proposes a condolence; it goes up the chain at once."""
    if not can_manage(actor, member.org):
        raise PermissionDenied
    amount = clean_amount(amount, label=_("慰问金额"))
    case_ref, reason = _clean_request(
        occasion=occasion, event_date=event_date, form=form, case_ref=case_ref, reason=reason
    )
    member = Member.objects.select_for_update().select_related("org").get(pk=member.pk)  # one at a time
    duplicate = CondolenceRequest.objects.filter(
        member=member,
        occasion=occasion,
        event_date=event_date,
        case_ref=case_ref,
        state__in=(*COUNTING_STATES, approval.RETURNED, approval.DRAFT),
    ).first()
    if duplicate is not None:
        raise ValidationError(
            _("%(name)s的这项慰问申请已经提交过（%(state)s），请勿重复提交。")
            % {"name": member.name, "state": duplicate.get_state_display()}
        )
    check_gift(
        member=member,
        org=member.org,
        occasion=occasion,
        amount=amount,
        form=form,
        on=event_date,
        case_ref=case_ref,
    )
    request = CondolenceRequest.objects.create(
        member=member,
        org=member.org,
        occasion=occasion,
        event_date=event_date,
        year=event_date.year,
        case_ref=case_ref,
        amount=amount,
        form=form,
        reason=reason,
        created_by=actor,
    )
    CONDOLENCE_CHAIN.submit(request, actor=actor)
    return request


ACTIONS = approval.Chain.ACTIONS


@transaction.atomic
def condolence_request_act(
    *, request: CondolenceRequest, action: str, actor, note: str = ""
) -> CondolenceRequest:
    """One step of the approval chain. Submitting again (after a return) checks the caps again."""
    if action not in ACTIONS:
        raise ValidationError(_("未知的操作。"))
    note = (note or "").strip()[:500]
    if action == approval.SUBMIT:
        Member.objects.select_for_update().filter(pk=request.member_id).exists()
        if request.state in (approval.DRAFT, approval.RETURNED):
            check_gift(
                member=request.member,
                org=request.org,
                occasion=request.occasion,
                amount=request.amount,
                form=request.form,
                on=request.event_date,
                case_ref=request.case_ref,
                exclude_request=request,
            )
    CONDOLENCE_CHAIN.act(request, action, actor=actor, note=note)
    return request


# ---------------------------------------------------------------- batches


def _check_batch_rule(eff: sel.EffectiveRule, *, value: Decimal, form: str) -> str:
    """Why a gift of `value` in `form` breaks the rule (naming it), or ""."""
    if not eff.exists:
        return ""
    if form not in eff.forms:
        return _("%(rule)s不允许以“%(form)s”形式慰问。") % {
            "rule": rule_name(eff.forms_rules[form]),
            "form": GiftForm(form).label,
        }
    if eff.cap_per_occasion is not None and value > eff.cap_per_occasion:
        return _("超过%(rule)s：每人每次不超过%(cap)s元。") % {
            "rule": rule_name(eff.cap_per_occasion_rule),
            "cap": money(eff.cap_per_occasion),
        }
    if eff.cap_per_year is not None and value > eff.cap_per_year:
        return _("超过%(rule)s：每人每年不超过%(cap)s元。") % {
            "rule": rule_name(eff.cap_per_year_rule),
            "cap": money(eff.cap_per_year),
        }
    return ""


@transaction.atomic
def batch_create(
    *,
    org: Org,
    title: str,
    occasion: str,
    description: str,
    value,
    form: str,
    date: datetime.date,
    actor,
) -> WelfareBatch:
    if not can_manage(actor, org):
        raise PermissionDenied
    title = " ".join((title or "").split())[:100]
    description = " ".join((description or "").split())[:200]
    if not title:
        raise ValidationError({"title": _("请填写批次名称。")})
    if not description:
        raise ValidationError({"description": _("请填写慰问品。")})
    if occasion not in Occasion.values:
        raise ValidationError({"occasion": _("请选择慰问事项。")})
    if form not in GiftForm.values:
        raise ValidationError({"form": _("请选择慰问形式。")})
    if not isinstance(date, datetime.date):
        raise ValidationError({"date": _("请填写发放日期。")})
    today = timezone.localdate()
    if not today - datetime.timedelta(days=366) <= date <= today + datetime.timedelta(days=366):
        raise ValidationError({"date": _("发放日期应在一年以内（前后）。")})
    value = clean_amount(value, label=_("每人价值"))
    refusal = _check_batch_rule(sel.effective_rule(org, occasion), value=value, form=form)
    if refusal:
        raise ValidationError(refusal)
    batch = WelfareBatch.objects.create(
        org=org,
        title=title,
        occasion=occasion,
        description=description,
        value=value,
        form=form,
        date=date,
        year=date.year,
        point_secret=secrets.token_hex(8),
        created_by=actor,
    )
    audit.record(batch, action="create", actor=actor, org=org)
    return batch


@transaction.atomic
def batch_compute_start(*, batch: WelfareBatch, actor) -> tuple[Job, bool]:
    """Queue the computation of the batch's eligible members (again: it only adds whoever is newly
    eligible). A second click while it runs returns the same job."""
    if not can_manage(actor, batch.org):
        raise PermissionDenied
    locked = WelfareBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.state == WelfareBatch.State.CLOSED:
        raise ValidationError(_("该批次已结束发放，不能再计算。"))
    if locked.state == WelfareBatch.State.COMPUTING and locked.job_id:
        job = Job.objects.filter(pk=locked.job_id).first()
        if job is not None and not job.finished:
            return job, False
    job = Job.objects.create(
        kind=BATCH_TASK,
        org=batch.org,
        created_by=actor,
        params={"batch": str(batch.uuid)},
        stage=_("排队中"),
    )
    WelfareBatch.objects.filter(pk=batch.pk).update(
        state=WelfareBatch.State.COMPUTING, job=job, updated_at=timezone.now()
    )
    batch.state, batch.job = WelfareBatch.State.COMPUTING, job
    enqueue(BATCH_TASK, job)
    return job, True


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _chunks(batch: WelfareBatch) -> tuple[list[tuple[str, str, sel.EffectiveRule]], list[dict]]:
    """Path ranges [lo, hi) of the batch's subtree with one rule each (at most ORGS_PER_CHUNK orgs
    a range), and the unions a rule keeps out (with why)."""
    rules = sel.effective_rules_in_subtree(batch.org, batch.occasion)
    orgs = list(
        Org.objects.filter(subtree_q(batch.org.path))
        .order_by("path")
        .values_list("path", "is_active", "name", "kind")
    )
    from gonghui.orgs.models import MEMBER_KINDS

    chunks: list[tuple[str, str, sel.EffectiveRule]] = []
    skipped: list[dict] = []
    current: list = []  # [lo path, params, rule, count]

    def close(hi: str) -> None:
        if current:
            chunks.append((current[0], hi, current[2]))
            current.clear()

    for path, active, name, kind in orgs:
        eff = rules[path]
        refusal = _check_batch_rule(eff, value=batch.value, form=batch.form) if active else "inactive"
        if refusal:
            close(path)
            if refusal != "inactive" and kind in MEMBER_KINDS:
                skipped.append({"org": name, "reason": refusal})
            continue
        if current and (current[1] != eff.params() or current[3] >= ORGS_PER_CHUNK):
            close(path)
        if not current:
            current.extend([path, eff.params(), eff, 0])
        current[3] += 1
    close(batch.org.path + "A")
    return chunks, skipped


def _others_count(batch: WelfareBatch) -> bool:
    """Whether anything else counts against the caps for the batch's occasion and year: gifts of
    another batch, or a pending or approved request. When nothing does (the year's first batch), the
    per-member sums are all zero and are not computed."""
    others = WelfareBatch.objects.filter(occasion=batch.occasion, year=batch.year).exclude(pk=batch.pk)
    if WelfareGift.objects.filter(batch__in=others.values("pk")).exists():
        return True
    return CondolenceRequest.objects.filter(
        occasion=batch.occasion, year=batch.year, state__in=COUNTING_STATES
    ).exists()


def _insert_chunk(
    batch: WelfareBatch,
    lo: str,
    hi: str,
    eff: sel.EffectiveRule,
    now,
    *,
    others: bool = True,
) -> int:
    gift = WelfareGift._meta.db_table
    member = Member._meta.db_table
    request = CondolenceRequest._meta.db_table
    statuses = [Member.Status.ACTIVE.value] + ([Member.Status.RETIRED.value] if eff.retired_eligible else [])
    where = [
        "m.org_path >= %s",
        "m.org_path < %s",
        "m.status IN (" + ", ".join(["%s"] * len(statuses)) + ")",
    ]
    params: list = [lo, hi, *statuses]
    if eff.min_member_years:
        where.append("m.joined_on <= %s")
        params.append(_years_before(batch.date, eff.min_member_years))
    counting = list(COUNTING_STATES)
    in_states = ", ".join(["%s"] * len(counting))
    if eff.cap_per_year is not None and others:
        # What the member has had for this occasion this year, in other batches and requests.
        where.append(
            f"(SELECT COALESCE(SUM(g.value), 0) FROM {gift} g WHERE g.member_id = m.id"
            " AND g.occasion = %s AND g.year = %s AND g.batch_id <> %s)"
            f" + (SELECT COALESCE(SUM(r.amount), 0) FROM {request} r WHERE r.member_id = m.id"
            f" AND r.occasion = %s AND r.year = %s AND r.state IN ({in_states})) <= CAST(%s AS NUMERIC)"
        )
        # a hundredth of a fen: SQLite sums decimals as floats
        params += [batch.occasion, batch.year, batch.pk, batch.occasion, batch.year, *counting]
        params.append(eff.cap_per_year - batch.value + Decimal("0.0001"))
    if eff.times_per_year is not None and others:
        where.append(
            f"(SELECT COUNT(*) FROM {gift} g WHERE g.member_id = m.id"
            " AND g.occasion = %s AND g.year = %s AND g.batch_id <> %s)"
            f" + (SELECT COUNT(*) FROM {request} r WHERE r.member_id = m.id"
            f" AND r.occasion = %s AND r.year = %s AND r.state IN ({in_states})) < %s"
        )
        params += [batch.occasion, batch.year, batch.pk, batch.occasion, batch.year, *counting]
        params.append(eff.times_per_year)
    sql = (
        f"INSERT INTO {gift} (batch_id, member_id, org_id, org_path, occasion, year, value, state,"
        " method, created_at)"
        " SELECT %s, m.id, m.org_id, m.org_path, %s, %s, CAST(%s AS NUMERIC), %s, '', %s"
        f" FROM {member} m WHERE " + " AND ".join(where) + " ON CONFLICT (batch_id, member_id) DO NOTHING"
    )
    head = [batch.pk, batch.occasion, batch.year, batch.value, WelfareGift.State.RESERVED.value, now]
    with connection.cursor() as cursor:
        cursor.execute(sql, head + params)
        return max(cursor.rowcount, 0)


def batch_compute(*, batch: WelfareBatch, progress=None) -> dict:
    """Reserve one gift for every eligible member of the batch's subtree who has none yet: set-based
    (INSERT … SELECT … ON CONFLICT DO NOTHING) per range of unions with one rule, one transaction
    each, so running it again, or after a crash, never gives anyone two."""
    batch = WelfareBatch.objects.select_related("org").get(pk=batch.pk)
    chunks, skipped = _chunks(batch)
    now = timezone.now()
    # For the progress page: the members who may be eligible (an index-only count of the subtree).
    members = Member.objects.filter(
        subtree_q(batch.org_path, "org_path"), status__in=[Member.Status.ACTIVE, Member.Status.RETIRED]
    ).count()
    added = 0
    for i, (lo, hi, eff) in enumerate(chunks, 1):
        with transaction.atomic():
            # Asked again for each range: a request or another batch may have come in meanwhile.
            others = _others_count(batch)
            added += _insert_chunk(batch, lo, hi, eff, now, others=others)
        if progress:
            progress(i, len(chunks), added, members)
    eligible = WelfareGift.objects.filter(batch=batch).count()
    WelfareBatch.objects.filter(pk=batch.pk).update(
        state=WelfareBatch.State.READY,
        computed_at=timezone.now(),
        skipped=skipped[:50],
        updated_at=timezone.now(),
    )
    return {"added": added, "eligible": eligible, "skipped": len(skipped)}


@task(BATCH_TASK)
def batch_compute_job(job: Job) -> None:
    batch = WelfareBatch.objects.filter(uuid=job.params.get("batch")).first()
    if batch is None:
        finish(job, errors=[{"row": None, "column": "", "reason": _("发放批次已不存在。")}])
        return

    def progress(done: int, total: int, added: int, members: int) -> None:
        report_progress(
            job,
            done=min(added, members),
            total=members,
            stage=_("正在计算第%(done)d/%(total)d组单位") % {"done": done, "total": total},
        )

    from gonghui.core.jobs import TRANSIENT

    def reset() -> None:
        WelfareBatch.objects.filter(pk=batch.pk, state=WelfareBatch.State.COMPUTING).update(
            state=WelfareBatch.State.READY if batch.computed_at else WelfareBatch.State.DRAFT
        )

    try:
        result = batch_compute(batch=batch, progress=progress)
    except TRANSIENT:
        reset()
        raise  # the engine runs the job again: the ranges done are kept and not given twice
    except Exception:
        log.exception("welfare batch %s: computation failed", batch.pk)
        reset()
        # Not the engine's "nothing was written": the ranges done are committed (and kept).
        finish(
            job,
            errors=[
                {
                    "row": None,
                    "column": "",
                    "reason": _("计算意外中断：已登记的会员保留且不会重复登记，请稍后点“重新计算”补齐。"),
                }
            ],
        )
        return
    job.stage = _("计算完成")
    finish(
        job,
        result={
            **result,
            "next_url": batch.get_absolute_url(),
            "message": _("符合条件%(eligible)s人，本次新增%(added)s人。")
            % {"eligible": f"{result['eligible']:,}", "added": f"{result['added']:,}"},
        },
    )


@transaction.atomic
def batch_close(*, batch: WelfareBatch, actor) -> WelfareBatch:
    if not can_manage(actor, batch.org):
        raise PermissionDenied
    locked = WelfareBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.state != WelfareBatch.State.READY:
        raise ValidationError(_("只有发放中的批次可以结束发放。"))
    locked.state = WelfareBatch.State.CLOSED
    locked.save(update_fields=["state", "updated_at"])
    audit.record(locked, action="close", actor=actor, org=batch.org)
    batch.state = locked.state
    return batch


@transaction.atomic
def batch_rotate_point(*, batch: WelfareBatch, actor) -> WelfareBatch:
    """A new code for the distribution point (the old QR stops working)."""
    if not can_manage(actor, batch.org):
        raise PermissionDenied
    batch.point_secret = secrets.token_hex(8)
    batch.save(update_fields=["point_secret", "updated_at"])
    return batch


# ---------------------------------------------------------------- sign-off


def _point_key(batch: WelfareBatch) -> bytes:
    return checkin.event_key(scope="care.welfare", event_id=batch.pk, secret=batch.point_secret)


def point_token(batch: WelfareBatch) -> str:
    """The code in the distribution point's QR: the batch's id, signed with its current secret."""
    return checkin.make_token(_point_key(batch), batch.pk)


def batch_for_token(token: str) -> WelfareBatch:
    invalid = ValidationError(_("签收二维码无效或已更换，请扫描发放现场的最新二维码。"))
    ref = checkin.token_ref(token or "")
    batch = WelfareBatch.objects.filter(pk=ref).select_related("org").first() if ref is not None else None
    if batch is None:
        raise invalid
    try:
        if checkin.read_token(_point_key(batch), token) != batch.pk:
            raise invalid
    except checkin.InvalidToken:
        raise invalid from None
    return batch


def _hand_out(gift: WelfareGift, *, method: str, actor) -> WelfareGift:
    if gift.batch.state not in (WelfareBatch.State.READY, WelfareBatch.State.COMPUTING):
        raise ValidationError(_("该批次不在发放中，不能签收。"))
    now = timezone.now()
    changed = WelfareGift.objects.filter(pk=gift.pk, state=WelfareGift.State.RESERVED).update(
        state=WelfareGift.State.HANDED_OUT, handed_out_at=now, method=method, confirmed_by=actor
    )
    if not changed:
        gift.refresh_from_db(fields=["state", "handed_out_at", "method"])
        when = (
            date_format(timezone.localtime(gift.handed_out_at), "SHORT_DATETIME_FORMAT")
            if gift.handed_out_at
            else ""
        )
        raise ValidationError(_("该慰问品已于%(when)s签收，不能重复签收。") % {"when": when})
    gift.state, gift.handed_out_at, gift.method, gift.confirmed_by = (
        WelfareGift.State.HANDED_OUT,
        now,
        method,
        actor,
    )
    return gift


@transaction.atomic
def gift_sign(*, gift: WelfareGift, actor, method: str = WelfareGift.Method.MEMBER) -> WelfareGift:
    """The member signs for their own gift (on their phone)."""
    if gift.member.user_id is None or gift.member.user_id != getattr(actor, "pk", None):
        raise PermissionDenied
    return _hand_out(gift, method=method, actor=actor)


@transaction.atomic
def gift_sign_by_scan(*, token: str, actor) -> WelfareGift:
    """The member scanned the distribution point's QR: their gift of that batch is signed for."""
    batch = batch_for_token(token)
    gift = (
        WelfareGift.objects.filter(batch=batch, member__user=actor).select_related("batch", "member").first()
    )
    if gift is None:
        raise ValidationError(_("您不在“%(batch)s”的发放名单中。") % {"batch": batch.title})
    return gift_sign(gift=gift, actor=actor, method=WelfareGift.Method.SCAN)


@transaction.atomic
def gift_confirm(*, gift: WelfareGift, actor) -> WelfareGift:
    """A cadre of the member's union (or above) confirms the hand-out on the list."""
    if not can_manage(actor, gift.org):
        raise PermissionDenied
    return _hand_out(gift, method=WelfareGift.Method.CADRE, actor=actor)


# ---------------------------------------------------------------- the sign-off list (.xlsx)


def signoff_headers() -> list[str]:
    return [
        _("序号"),
        _("所在工会"),
        _("会员编号"),
        _("姓名"),
        _("手机号码"),
        _("慰问品"),
        _("价值（元）"),
        _("状态"),
        _("签收方式"),
        _("签收时间"),
    ]


def signoff_rows(batch: WelfareBatch, *, org: Org | None = None):
    qs = WelfareGift.objects.filter(batch=batch)
    if org is not None:
        qs = qs.filter(subtree_q(org.path, "org_path"))
    qs = qs.select_related("member", "org").order_by("org_path", "member_id")
    states = dict(WelfareGift.State.choices)
    methods = dict(WelfareGift.Method.choices)
    for n, g in enumerate(qs.iterator(chunk_size=2000), 1):
        yield [
            n,
            g.org.name,
            g.member.member_no,
            pii.mask_name(g.member.name),
            pii.mask_mobile(g.member.mobile),
            batch.description,
            float(g.value),
            str(states.get(g.state, g.state)),
            str(methods.get(g.method, "")),
            date_format(timezone.localtime(g.handed_out_at), "SHORT_DATETIME_FORMAT")
            if g.handed_out_at
            else "",
        ]


def signoff_export(*, batch: WelfareBatch, actor, org: Org | None = None) -> bytes:
    """The batch's sign-off list, names and phones masked; the export is logged."""
    from gonghui.core.xlsx import build_xlsx

    if not sel.can_view_batch(actor, batch):
        raise PermissionDenied
    count = sel.batch_report(batch, org=org).eligible
    if count > EXPORT_MAX_ROWS:
        raise ValidationError(
            _("签收名单共%(n)s人，超过单个文件%(max)s人的上限，请按下级工会分别导出。")
            % {"n": f"{count:,}", "max": f"{EXPORT_MAX_ROWS:,}"}
        )
    pii.log_access(
        actor=actor,
        action="export",
        subject=batch,
        org=org or batch.org,
        count=count,
        purpose=_("导出慰问品签收名单（脱敏）：%(batch)s") % {"batch": batch.title},
    )
    return build_xlsx(signoff_headers(), signoff_rows(batch, org=org), title=_("签收名单"))
