"""Hardship files and assistance: writes.

The class of a file follows from the region's minimum-living line (深度: below it; 相对: below
twice it; 意外致困: a disaster, or a year's own medical costs over 80% of a year's household
income). Files go up core.approval's chain; assistance is given only to a file on file, and one
need (a kind and what it pays for) is aided once, whichever level gives it.
"""

import datetime
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gonghui.care.models.hardship import (
    HARDSHIP_CHAIN,
    Assistance,
    HardshipClass,
    HardshipFile,
    HouseholdMember,
    MonthlyIncome,
    PovertyLine,
)
from gonghui.core import approval, audit, pii
from gonghui.core.models import PersonalDataAccess
from gonghui.core.scoping import can_manage, can_view_personal_data, in_subtree, path_prefixes
from gonghui.orgs.models import MEMBER_KINDS

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("1000000")  # one aid above a million yuan is a typing error, not a need
EXIT_MONTHS = 6  # income above the relative line this many months in a row: the file exits by rule
SUDDEN_SHARE = Decimal("0.8")  # a year's medical costs over 80% of a year's household income

AUDITED = ("cause", "household_size", "household_income", "medical_costs", "hardship_class", "review_due")


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def yuan(value) -> str:
    return _("%(amount)s 元") % {"amount": f"{money(value):,.2f}"}


def need_key(text: str) -> str:
    """春季学期 学费 and 春季学期学费 are one need: NFKC, no spaces, lower case."""
    folded = unicodedata.normalize("NFKC", text or "")
    return "".join(folded.split()).lower()[:100]


# ---------------------------------------------------------------- lines and classes


class NotInHardship(ValidationError):
    """The household's figures are above every line: no file (or, at a review, the file exits)."""


def line_for(org, year: int) -> PovertyLine | None:
    """The nearest line set for `year` on the org or an org above it."""
    lines = PovertyLine.objects.filter(org__path__in=path_prefixes(org.path), year=year).select_related("org")
    return max(lines, key=lambda line: len(line.org.path), default=None)


def classify(
    *, per_capita: Decimal, line: Decimal, cause: str, medical_costs: Decimal, household_income: Decimal
) -> str | None:
    """The class a household's figures give, or None when it is not in hardship."""
    if per_capita < line:
        return HardshipClass.DEEP
    if cause == HardshipFile.Cause.DISASTER or medical_costs > household_income * 12 * SUDDEN_SHARE:
        return HardshipClass.SUDDEN
    if per_capita < line * 2:
        return HardshipClass.RELATIVE
    return None


@transaction.atomic
def poverty_line_set(*, org, year: int, minimum_living, actor) -> PovertyLine:
    """A federation or township sets its region's line for a year (changing it is audited)."""
    if not can_manage(actor, org):
        raise PermissionDenied
    if org.kind in MEMBER_KINDS:
        raise ValidationError(_("低保标准由总工会或乡镇（街道、园区）工会按地区设置，基层工会不能设置。"))
    amount = money(minimum_living)
    if not Decimal("100") <= amount <= Decimal("10000"):
        raise ValidationError(_("低保标准应在 100 元至 10,000 元之间（每人每月）。"))
    this_year = timezone.localdate().year
    if not this_year - 5 <= year <= this_year + 1:
        raise ValidationError(
            _("年度应在 %(lo)d 年至 %(hi)d 年之间。") % {"lo": this_year - 5, "hi": this_year + 1}
        )
    line = PovertyLine.objects.select_for_update().filter(org=org, year=year).first()
    before = {"minimum_living": line.minimum_living} if line else {"minimum_living": None}
    if line is None:
        line = PovertyLine.objects.create(org=org, year=year, minimum_living=amount, set_by=actor)
    else:
        line.minimum_living, line.set_by = amount, actor
        line.save(update_fields=["minimum_living", "set_by", "updated_at"])
    audit.record(line, action="set", actor=actor, org=org, changes=audit.diff(before, line))
    return line


# ---------------------------------------------------------------- files


def _figures(file: HardshipFile, *, cause, household_size, household_income, medical_costs) -> None:
    """Fill in the file's income figures and class from the line of its org and this year."""
    if not 1 <= int(household_size) <= 20:
        raise ValidationError({"household_size": _("家庭人口应在 1 至 20 人之间。")})
    household_income, medical_costs = money(household_income), money(medical_costs or 0)
    if household_income < 0 or household_income > MAX_AMOUNT:
        raise ValidationError({"household_income": _("家庭月收入应在 0 至 1,000,000 元之间。")})
    if medical_costs < 0 or medical_costs > MAX_AMOUNT * 10:
        raise ValidationError({"medical_costs": _("医疗费用应在 0 至 10,000,000 元之间。")})
    year = timezone.localdate().year
    line = line_for(file.org, year)
    if line is None:
        raise ValidationError(
            _("本地区尚未设置 %(year)d 年的低保标准，无法确定困难类别。请总工会或乡镇工会先设置。")
            % {"year": year}
        )
    per_capita = money(household_income / int(household_size))
    klass = classify(
        per_capita=per_capita,
        line=line.minimum_living,
        cause=cause,
        medical_costs=medical_costs,
        household_income=household_income,
    )
    if klass is None:
        raise NotInHardship(
            _(
                "人均月收入 %(income)s，不低于本地低保标准 %(line)s 的两倍，且不属于因灾或大病致困，"
                "不符合建档条件。"
            )
            % {"income": yuan(per_capita), "line": yuan(line.minimum_living)}
        )
    file.cause, file.household_size = cause, int(household_size)
    file.household_income, file.medical_costs, file.per_capita_income = (
        household_income,
        medical_costs,
        per_capita,
    )
    file.hardship_class, file.line_year, file.line_amount = klass, line.year, line.minimum_living


def _private(file: HardshipFile, *, health: str, bank_name: str, bank_account: str) -> None:
    health = (health or "").strip()
    account = "".join(unicodedata.normalize("NFKC", bank_account or "").split())
    if account and not (account.isdigit() and 12 <= len(account) <= 30):
        raise ValidationError({"bank_account": _("银行账号应为 12 至 30 位数字。")})
    file.health_encrypted = pii.encrypt(health) if health else ""
    file.bank_name = (bank_name or "").strip()[:60]
    file.bank_account_encrypted = pii.encrypt(account) if account else ""
    file.bank_account_masked = f"{account[:4]} **** {account[-4:]}" if account else ""


@transaction.atomic
def file_create(
    *,
    member,
    actor,
    cause: str,
    household_size: int,
    household_income,
    medical_costs=0,
    cause_detail: str = "",
    health: str = "",
    bank_name: str = "",
    bank_account: str = "",
) -> HardshipFile:
    """A draft file for a member of the actor's subtree; one open file per worker."""
    if not can_manage(actor, member.org):
        raise PermissionDenied
    if not member.is_member:
        raise ValidationError(_("%(name)s目前不是会员，不能建立困难职工档案。") % {"name": member.name})
    if _open_files().filter(member=member).exists():
        raise ValidationError(
            _("%(name)s已有在办或在档的困难职工档案，请在原档案中更新。") % {"name": member.name}
        )
    file = HardshipFile(
        member=member, org=member.org, created_by=actor, cause_detail=cause_detail.strip()[:300]
    )
    _figures(
        file,
        cause=cause,
        household_size=household_size,
        household_income=household_income,
        medical_costs=medical_costs,
    )
    _private(file, health=health, bank_name=bank_name, bank_account=bank_account)
    try:
        with transaction.atomic():
            file.save()
    except IntegrityError:  # a second click raced the first
        raise ValidationError(
            _("%(name)s已有在办或在档的困难职工档案，请在原档案中更新。") % {"name": member.name}
        ) from None
    audit.record(file, action="create", actor=actor)
    return file


def _open_files():
    return HardshipFile.objects.filter(exited_on__isnull=True).exclude(state=approval.REJECTED)


def _editable(file: HardshipFile, actor) -> None:
    if not can_manage(actor, file.org):
        raise PermissionDenied
    if file.state not in (approval.DRAFT, approval.RETURNED):
        raise ValidationError(_("档案已提交审批，不能修改；如需修改请先撤回。"))


@transaction.atomic
def file_update(
    *,
    file: HardshipFile,
    actor,
    cause: str,
    household_size: int,
    household_income,
    medical_costs=0,
    cause_detail: str = "",
    health: str | None = None,
    bank_name: str = "",
    bank_account: str | None = None,
) -> HardshipFile:
    """Correct a draft or returned file. Health and bank data left blank (None) stay as they are."""
    file = HardshipFile.objects.select_for_update().get(pk=file.pk)
    _editable(file, actor)
    before = audit.snapshot(file, AUDITED)
    _figures(
        file,
        cause=cause,
        household_size=household_size,
        household_income=household_income,
        medical_costs=medical_costs,
    )
    file.cause_detail = cause_detail.strip()[:300]
    if health is not None or bank_account is not None:
        current = _plain_private(file)
        _private(
            file,
            health=current["health"] if health is None else health,
            bank_name=bank_name,
            bank_account=current["bank_account"] if bank_account is None else bank_account,
        )
    else:
        file.bank_name = (bank_name or "").strip()[:60]
    file.save()
    audit.record(file, action="update", actor=actor, changes=audit.diff(before, file))
    return file


def _plain_private(file: HardshipFile) -> dict:
    return {
        "health": pii.decrypt(file.health_encrypted) if file.health_encrypted else "",
        "bank_account": pii.decrypt(file.bank_account_encrypted) if file.bank_account_encrypted else "",
    }


@transaction.atomic
def file_reveal_private(*, file: HardshipFile, actor) -> dict:
    """The health and bank details in full, for a cadre handling the file; every look is logged."""
    if not (can_manage(actor, file.org) and can_view_personal_data(actor, file.org)):
        raise PermissionDenied
    pii.log_access(
        actor=actor,
        action=PersonalDataAccess.Action.VIEW,
        subject=file,
        org=file.org,
        purpose=_("困难职工档案"),
    )
    return _plain_private(file)


# ---------------------------------------------------------------- the approval chain


@transaction.atomic
def file_act(*, file: HardshipFile, action: str, actor, reason: str = "") -> HardshipFile:
    """One step on the chain (submit, approve, send_back, reject, withdraw)."""
    file = HardshipFile.objects.select_related("org", "member").get(pk=file.pk)
    if action == approval.SUBMIT:
        if not file.household.exists() and file.household_size > 1:
            raise ValidationError(
                _("家庭人口为 %(n)d 人，请先登记除职工本人以外的家庭成员再提交。")
                % {"n": file.household_size}
            )
    HARDSHIP_CHAIN.act(file, action, actor=actor, note=reason)
    if action == approval.APPROVE and file.state == approval.APPROVED:
        file.review_due = _a_year_after(timezone.localdate())
        file.save(update_fields=["review_due", "updated_at"])
        audit.record(file, action="approve", actor=actor)
    return file


def _a_year_after(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


# ---------------------------------------------------------------- household


@transaction.atomic
def household_add(
    *, file: HardshipFile, actor, name: str, relation: str, birth_year: int, situation: str, monthly_income=0
) -> HouseholdMember:
    _editable(file, actor)
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("请填写姓名。")})
    year = timezone.localdate().year
    if not year - 110 <= int(birth_year) <= year:
        raise ValidationError(
            {"birth_year": _("出生年份应在 %(lo)d 至 %(hi)d 之间。") % {"lo": year - 110, "hi": year}}
        )
    income = money(monthly_income or 0)
    if income < 0 or income > MAX_AMOUNT:
        raise ValidationError({"monthly_income": _("月收入应在 0 至 1,000,000 元之间。")})
    if file.household.count() >= file.household_size - 1:
        raise ValidationError(
            _("家庭人口为 %(n)d 人（含职工本人），家庭成员已登记齐。如人数有变，请先修改家庭人口。")
            % {"n": file.household_size}
        )
    return HouseholdMember.objects.create(
        file=file,
        name=name[:40],
        relation=relation,
        birth_year=birth_year,
        situation=situation,
        monthly_income=income,
    )


@transaction.atomic
def household_remove(*, person: HouseholdMember, actor) -> None:
    _editable(person.file, actor)
    person.delete()


# ---------------------------------------------------------------- on file: income, review, exit


def _on_file(file: HardshipFile, actor) -> HardshipFile:
    file = HardshipFile.objects.select_for_update().select_related("org", "member").get(pk=file.pk)
    if not can_manage(actor, file.org):
        raise PermissionDenied
    if not file.on_file:
        raise ValidationError(_("该档案不在档（未批准或已退出），不能办理此项。"))
    return file


@transaction.atomic
def income_record(*, file: HardshipFile, month: datetime.date, household_income, actor) -> MonthlyIncome:
    """A month's household income; six months in a row above the relative line exits the file by rule."""
    file = _on_file(file, actor)
    month = month.replace(day=1)
    today = timezone.localdate()
    if month > today.replace(day=1):
        raise ValidationError({"month": _("不能登记尚未到来的月份的收入。")})
    income = money(household_income)
    if income < 0 or income > MAX_AMOUNT:
        raise ValidationError({"household_income": _("家庭月收入应在 0 至 1,000,000 元之间。")})
    record, _created = MonthlyIncome.objects.update_or_create(
        file=file,
        month=month,
        defaults={
            "household_income": income,
            "per_capita_income": money(income / file.household_size),
            "recorded_by": actor,
        },
    )
    _exit_if_above_line(file, actor=actor)
    return record


def _months_before(month: datetime.date, n: int) -> list[datetime.date]:
    out = []
    for _i in range(n):
        out.append(month)
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return out


def _exit_if_above_line(file: HardshipFile, *, actor) -> bool:
    latest = file.incomes.order_by("-month").first()
    if latest is None:
        return False
    months = _months_before(latest.month, EXIT_MONTHS)
    rows = {r.month: r for r in file.incomes.filter(month__in=months)}
    if len(rows) < EXIT_MONTHS:
        return False
    line = line_for(file.org, latest.month.year)
    relative = (line.minimum_living if line else file.line_amount) * 2
    if all(rows[m].per_capita_income >= relative for m in months):
        _exit(
            file,
            kind=HardshipFile.ExitKind.RULE,
            reason=_("连续 %(n)d 个月人均月收入不低于 %(line)s（本地低保标准的两倍）")
            % {"n": EXIT_MONTHS, "line": yuan(relative)},
            actor=actor,
        )
        return True
    return False


def _exit(file: HardshipFile, *, kind: str, reason: str, actor) -> None:
    before = {"exited_on": None, "exit_reason": ""}
    file.exited_on, file.exit_kind, file.exit_reason = timezone.localdate(), kind, reason[:300]
    file.save(update_fields=["exited_on", "exit_kind", "exit_reason", "updated_at"])
    audit.record(file, action="exit", actor=actor, changes=audit.diff(before, file))


@transaction.atomic
def file_exit(*, file: HardshipFile, reason: str, actor) -> HardshipFile:
    """Leave the file by decision (the household moved away, the worker passed away …), with the reason."""
    file = _on_file(file, actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写退出原因。")})
    _exit(file, kind=HardshipFile.ExitKind.DECISION, reason=reason, actor=actor)
    return file


@transaction.atomic
def file_review(
    *,
    file: HardshipFile,
    actor,
    cause: str,
    household_size: int,
    household_income,
    medical_costs=0,
    note: str = "",
) -> HardshipFile:
    """The annual review: the figures again; the class follows, or the file exits by rule."""
    file = _on_file(file, actor)
    before = audit.snapshot(file, AUDITED)
    try:
        _figures(
            file,
            cause=cause,
            household_size=household_size,
            household_income=household_income,
            medical_costs=medical_costs,
        )
    except NotInHardship as exc:
        _exit(
            file,
            kind=HardshipFile.ExitKind.RULE,
            reason=_("年审：%(why)s") % {"why": exc.messages[0]},
            actor=actor,
        )
        return file
    file.review_due = _a_year_after(timezone.localdate())
    file.save()
    changes = audit.diff(before, file)
    if note:
        changes["note"] = ["", note.strip()[:200]]
    audit.record(file, action="review", actor=actor, changes=changes)
    return file


# ---------------------------------------------------------------- assistance


@transaction.atomic
def assistance_add(
    *,
    file: HardshipFile,
    org,
    actor,
    kind: str,
    need: str,
    amount,
    given_on: datetime.date,
    note: str = "",
) -> Assistance:
    """Aid given to a file on file by its union or a union above it; one need is aided once."""
    file = HardshipFile.objects.select_for_update().select_related("org", "member").get(pk=file.pk)
    if not can_manage(actor, org) or not in_subtree(file.org_path, org.path):
        raise PermissionDenied
    if not file.on_file:
        raise ValidationError(_("该档案不在档（未批准或已退出），不能登记帮扶。"))
    amount = money(amount)
    if amount <= 0 or amount > MAX_AMOUNT:
        raise ValidationError({"amount": _("金额应大于 0 元且不超过 1,000,000 元。")})
    today = timezone.localdate()
    if given_on > today:
        raise ValidationError({"given_on": _("帮扶日期不能晚于今天。")})
    approved_on = timezone.localdate(file.decided_at) if file.decided_at else None
    if approved_on and given_on < approved_on:
        raise ValidationError(
            {
                # The local day, as the rule compares it (the stored time is UTC).
                "given_on": _("帮扶日期不能早于档案批准日期（%(day)s）。")
                % {"day": date_format(approved_on, "DATE_FORMAT")}
            }
        )
    need = " ".join((need or "").split())
    if not need:
        raise ValidationError({"need": _("请填写帮扶事由，如“2026年春季学期学费”。")})
    key = need_key(need)
    earlier = Assistance.objects.filter(file=file, kind=kind, need_key=key).select_related("org").first()
    if earlier is not None:
        raise ValidationError(_twice(earlier))
    aid = Assistance(
        file=file,
        org=org,
        file_path=file.org_path,
        kind=kind,
        need=need[:100],
        need_key=key,
        amount=amount,
        given_on=given_on,
        note=(note or "").strip()[:200],
        created_by=actor,
    )
    try:
        with transaction.atomic():
            aid.save()
    except IntegrityError:
        raise ValidationError(
            _twice(Assistance.objects.select_related("org").get(file=file, kind=kind, need_key=key))
        ) from None
    audit.record(aid, action="create", actor=actor, org=org)
    return aid


def _twice(earlier: Assistance) -> str:
    return _("这项需要已由%(org)s于%(day)s帮扶（%(kind)s %(amount)s），同一需要不能重复帮扶。") % {
        "org": earlier.org.name,
        "day": date_format(earlier.given_on, "DATE_FORMAT"),
        "kind": earlier.get_kind_display(),
        "amount": yuan(earlier.amount),
    }


def exit_by_rule_all() -> int:
    """The periodic check: files whose incomes say they left hardship (a month's records may come late)."""
    count = 0
    ids = list(
        HardshipFile.objects.filter(state=approval.APPROVED, exited_on__isnull=True, incomes__isnull=False)
        .values_list("pk", flat=True)
        .distinct()
    )
    for pk in ids:
        with transaction.atomic():
            file = HardshipFile.objects.select_for_update().select_related("org").get(pk=pk)
            if file.on_file and _exit_if_above_line(file, actor=None):
                count += 1
    return count
