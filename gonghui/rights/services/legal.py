"""Legal aid: writes.

Consultations are recorded by a cadre (hotline, worker home or station) or asked online by the
worker; cases are opened from a consultation or directly, move through 咨询 → 调解 → 仲裁 → 诉讼 on
core.workflow (a stage may be skipped, never gone back to) with a stage-log entry each time, carry
a next action due in working days (core.workdays), the amounts claimed and recovered, and close
with an outcome. The worker rates a closed case once.

Conflict of interest: a lawyer who advises an enterprise (its 法律顾问) is never assigned a case
against it, and an enterprise a lawyer with an open case against it cannot be added to the
lawyer's clients either.
"""

import datetime
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gonghui.core import audit, notifications, sequences, workdays
from gonghui.core.scoping import can_manage, in_subtree
from gonghui.core.validators import normalize_mobile
from gonghui.rights.models.legal import (
    CASE_FLOW,
    CLOSED,
    CONSULT,
    OPEN_STATES,
    STAGE_TRANSITION,
    CaseStage,
    Consultation,
    Lawyer,
    LegalCase,
)

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("100000000")  # one worker's claim above 100 million 元 is a typing error
CLOSE_WORKING_DAYS = 60  # a case should close within this many working days of opening
NEXT_WORKING_DAYS = 5  # the default time to the next action
MAX_NEXT_WORKING_DAYS = 250
STAGE_ORDER = {state: i for i, state in enumerate(OPEN_STATES)}
AUDITED = ("amount_claimed", "amount_recovered", "lawyer_id", "next_action", "next_due")


def money(value, *, field: str, label: str) -> Decimal:
    """An amount in 元 (2 places): never negative, never absurd, never NaN."""
    try:
        amount = Decimal(str(value if value not in (None, "") else 0)).quantize(CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("%(label)s应为金额数字。") % {"label": label}}) from None
    if not amount.is_finite():
        raise ValidationError({field: _("%(label)s应为金额数字。") % {"label": label}})
    if amount < 0:
        raise ValidationError({field: _("%(label)s不能为负数。") % {"label": label}})
    if amount > MAX_AMOUNT:
        raise ValidationError({field: _("%(label)s不能超过 100,000,000 元，请核对。") % {"label": label}})
    return amount


def yuan(value) -> str:
    return _("%(amount)s 元") % {"amount": f"{Decimal(value):,.2f}"}


def _text(value, length: int) -> str:
    return " ".join(unicodedata.normalize("NFKC", value or "").split())[:length]


def _long_text(value, length: int) -> str:
    return unicodedata.normalize("NFKC", value or "").strip()[:length]


def _phone(value) -> str:
    if not (value or "").strip():
        return ""
    try:
        return normalize_mobile(value)
    except ValidationError as exc:
        raise ValidationError({"worker_phone": exc.messages}) from None


def _user_with_phone(phone: str):
    if not phone:
        return None
    return get_user_model().objects.filter(phone=phone, is_active=True).first()


def _worker(*, member, worker_name: str, worker_phone: str) -> dict:
    """Who the worker is: a member (their name, phone and account), or a non-member by name and phone."""
    if member is not None:
        return {
            "member": member,
            "worker_user": member.user,
            "worker_name": member.name,
            "worker_phone": member.mobile or "",
        }
    name = _text(worker_name, 40)
    if not name:
        raise ValidationError({"worker_name": _("请填写职工姓名。")})
    phone = _phone(worker_phone)
    if not phone:
        raise ValidationError({"worker_phone": _("非会员职工请填写手机号码，以便联系。")})
    return {
        "member": None,
        "worker_user": _user_with_phone(phone),
        "worker_name": name,
        "worker_phone": phone,
    }


def _topic(topic: str) -> str:
    if topic not in Consultation.Topic.values:
        raise ValidationError({"topic": _("请选择咨询事项。")})
    return topic


def _employer(enterprise, employer_name: str) -> tuple:
    name = _text(employer_name, 150)
    if enterprise is None and not name:
        raise ValidationError({"employer_name": _("请填写用人单位名称。")})
    return enterprise, ("" if enterprise is not None else name)


# ---------------------------------------------------------------- lawyers


def _fold(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name or "").split()).lower()


def conflict_of(lawyer: Lawyer, *, enterprise=None, employer_name: str = ""):
    """The enterprise the lawyer advises that the case is against, or None."""
    advised = list(lawyer.advises.all())
    if enterprise is not None:
        return next((e for e in advised if e.pk == enterprise.pk), None)
    folded = _fold(employer_name)
    return next((e for e in advised if folded and _fold(e.name) == folded), None)


def _refuse_conflict(lawyer: Lawyer, enterprise) -> ValidationError:
    return ValidationError(
        {
            "lawyer": _(
                "利益冲突：%(lawyer)s（%(firm)s）是%(enterprise)s的法律顾问，不能承办针对该企业的案件，请另选律师。"
            )
            % {"lawyer": lawyer.name, "firm": lawyer.firm, "enterprise": enterprise.name}
        },
        code="conflict",
    )


@transaction.atomic
def lawyer_save(
    *,
    org,
    actor,
    name: str,
    firm: str,
    kind: str,
    phone: str = "",
    enterprises=(),
    lawyer: Lawyer | None = None,
) -> Lawyer:
    """Add a lawyer to a union's list, or correct one; `enterprises` are those they advise."""
    if not can_manage(actor, org) or (lawyer is not None and not can_manage(actor, lawyer.org)):
        raise PermissionDenied
    name, firm = _text(name, 40), _text(firm, 100)
    if not name:
        raise ValidationError({"name": _("请填写律师姓名。")})
    if not firm:
        raise ValidationError({"firm": _("请填写律师事务所。")})
    if kind not in Lawyer.Kind.values:
        raise ValidationError({"kind": _("请选择律师类别。")})
    try:
        phone = normalize_mobile(phone) if (phone or "").strip() else ""
    except ValidationError as exc:
        raise ValidationError({"phone": exc.messages}) from None
    enterprises = list(enterprises)
    if lawyer is not None:
        lawyer = Lawyer.objects.select_for_update().get(pk=lawyer.pk)
        against = LegalCase.objects.filter(
            lawyer=lawyer, state__in=OPEN_STATES, enterprise__in=[e.pk for e in enterprises]
        ).select_related("enterprise")
        clash = against.first()
        if clash is not None:
            raise ValidationError(
                {
                    "enterprises": _(
                        "利益冲突：%(lawyer)s正在承办针对%(enterprise)s的案件（%(number)s），不能同时担任该企业的法律顾问。"
                    )
                    % {"lawyer": lawyer.name, "enterprise": clash.enterprise.name, "number": clash.number}
                }
            )
        lawyer.org, lawyer.name, lawyer.firm, lawyer.kind, lawyer.phone = org, name, firm, kind, phone
        lawyer.save()
        action = "update"
    else:
        lawyer = Lawyer.objects.create(org=org, name=name, firm=firm, kind=kind, phone=phone)
        action = "create"
    lawyer.advises.set(enterprises)
    audit.record(
        lawyer,
        action=action,
        actor=actor,
        org=org,
        changes={"advises": ["", "、".join(e.name for e in enterprises)]},
    )
    return lawyer


# ---------------------------------------------------------------- consultations


@transaction.atomic
def consultation_record(
    *,
    org,
    actor,
    channel: str,
    topic: str,
    summary: str,
    member=None,
    worker_name: str = "",
    worker_phone: str = "",
    enterprise=None,
    employer_name: str = "",
    answer: str = "",
    submission=None,
) -> Consultation:
    """A consultation taken by a cadre (on the hotline, at a worker home or station). `submission`
    is the form's one-time key: the same form sent twice is one consultation."""
    if not can_manage(actor, org):
        raise PermissionDenied
    if submission is not None:
        earlier = Consultation.objects.filter(submission=submission).first()
        if earlier is not None:
            if earlier.created_by_id != actor.pk:
                raise PermissionDenied
            return earlier
    if member is not None and not can_manage(actor, member.org):
        raise PermissionDenied
    if channel not in Consultation.Channel.values:
        raise ValidationError({"channel": _("请选择咨询渠道。")})
    summary = _long_text(summary, 2000)
    if not summary:
        raise ValidationError({"summary": _("请填写咨询内容。")})
    enterprise, employer_name = _employer(enterprise, employer_name)
    answer = _long_text(answer, 4000)
    now = timezone.now()
    consultation = Consultation(
        org=org,
        channel=channel,
        topic=_topic(topic),
        summary=summary,
        enterprise=enterprise,
        employer_name=employer_name,
        answer=answer,
        answered_at=now if answer else None,
        answered_by=actor if answer else None,
        created_by=actor,
        submission=submission,
        **_worker(member=member, worker_name=worker_name, worker_phone=worker_phone),
    )
    try:
        with transaction.atomic():
            consultation.save()
    except IntegrityError:  # the second click raced the first
        return Consultation.objects.get(submission=submission)
    audit.record(consultation, action="create", actor=actor, org=org)
    return consultation


@transaction.atomic
def consultation_ask(
    *, user, topic: str, summary: str, employer_name: str, submission, org=None, phone: str = ""
) -> Consultation:
    """A worker asks online from their phone. A member's question goes to their union; a non-member
    picks the area union. `submission` is the form's one-time key: the same form twice is one record."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied
    earlier = Consultation.objects.filter(submission=submission).first()
    if earlier is not None:
        if earlier.worker_user_id != user.pk:
            raise PermissionDenied
        return earlier
    member = getattr(user, "member", None)
    if member is not None and not member.is_member:
        member = None
    if member is not None:
        org = member.org
    elif org is None:
        raise ValidationError({"org": _("请选择您工作所在地区的工会。")})
    summary = _long_text(summary, 2000)
    if len(summary) < 5:
        raise ValidationError({"summary": _("请把遇到的问题写清楚一些（至少 5 个字）。")})
    employer_name = _text(employer_name, 150)
    # A member's employer is on their membership unless they name another (a new job).
    enterprise = (
        member.enterprise if member is not None and member.enterprise_id and not employer_name else None
    )
    if enterprise is None and not employer_name:
        raise ValidationError({"employer_name": _("请填写用人单位名称。")})
    worker_phone = _phone(phone) or user.phone
    consultation = Consultation(
        org=org,
        channel=Consultation.Channel.ONLINE,
        topic=_topic(topic),
        summary=summary,
        member=member,
        worker_user=user,
        worker_name=member.name if member is not None else (user.name or _("网上咨询职工")),
        worker_phone=worker_phone,
        enterprise=enterprise,
        employer_name="" if enterprise is not None else employer_name,
        submission=submission,
        created_by=user,
    )
    try:
        with transaction.atomic():
            consultation.save()
    except IntegrityError:  # the second click raced the first
        return Consultation.objects.get(submission=submission)
    return consultation


@transaction.atomic
def consultation_answer(*, consultation: Consultation, answer: str, actor) -> Consultation:
    consultation = Consultation.objects.select_for_update().select_related("org").get(pk=consultation.pk)
    if not can_manage(actor, consultation.org):
        raise PermissionDenied
    answer = _long_text(answer, 4000)
    if not answer:
        raise ValidationError({"answer": _("请填写解答内容。")})
    before = {"answer": consultation.answer}
    consultation.answer, consultation.answered_at, consultation.answered_by = answer, timezone.now(), actor
    consultation.save(update_fields=["answer", "answered_at", "answered_by", "updated_at"])
    audit.record(consultation, action="answer", actor=actor, changes=audit.diff(before, consultation))
    if consultation.worker_user_id and not before["answer"]:
        notifications.notify(
            recipients=[consultation.worker_user],
            title=_("工会已解答您的法律咨询"),
            body=_("咨询事项：%(topic)s") % {"topic": consultation.get_topic_display()},
            url=reverse("rights:legal_mine"),
            actor=actor,
        )
    return consultation


# ---------------------------------------------------------------- cases


def _next_due(case: LegalCase, *, on: datetime.date, next_days, next_due) -> datetime.date | None:
    if next_due:
        if next_due < on:
            raise ValidationError({"next_due": _("下一步期限不能早于本次记录的日期。")})
        return next_due
    if next_days in (None, ""):
        return None
    days = int(next_days)
    if not 1 <= days <= MAX_NEXT_WORKING_DAYS:
        raise ValidationError(
            {"next_days": _("下一步期限应在 1 至 %(n)d 个工作日之间。") % {"n": MAX_NEXT_WORKING_DAYS}}
        )
    return workdays.add_working_days(on, days, org=case.org)


def _check_lawyer(case: LegalCase, lawyer: Lawyer) -> None:
    if not lawyer.is_active:
        raise ValidationError({"lawyer": _("%(name)s已不在律师名册中。") % {"name": lawyer.name}})
    if not in_subtree(case.org_path, lawyer.org_path):
        raise ValidationError({"lawyer": _("只能选择本工会或上级工会名册中的律师。")})
    clash = conflict_of(lawyer, enterprise=case.enterprise, employer_name=case.employer_name)
    if clash is not None:
        raise _refuse_conflict(lawyer, clash)


def _not_future(day: datetime.date, field: str, label: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("%(label)s不能晚于今天。") % {"label": label}})


@transaction.atomic
def case_open(
    *,
    actor,
    org=None,
    consultation: Consultation | None = None,
    member=None,
    worker_name: str = "",
    worker_phone: str = "",
    enterprise=None,
    employer_name: str = "",
    topic: str = "",
    summary: str = "",
    amount_claimed=0,
    lawyer: Lawyer | None = None,
    opened_on: datetime.date | None = None,
    next_action: str = "",
    next_days=NEXT_WORKING_DAYS,
    submission=None,
) -> LegalCase:
    """Open a case, from a consultation (its worker, employer and topic) or directly. One case per
    consultation; `submission` (the direct form's one-time key) makes the same form sent twice one case."""
    if submission is not None:
        earlier = LegalCase.objects.filter(submission=submission).first()
        if earlier is not None:
            if earlier.created_by_id != actor.pk:
                raise PermissionDenied
            return earlier
    if consultation is not None:
        consultation = (
            Consultation.objects.select_for_update(of=("self",))
            .select_related("org", "member", "enterprise")
            .get(pk=consultation.pk)
        )
        existing = LegalCase.objects.filter(consultation=consultation).first()
        if existing is not None:
            raise ValidationError(
                _("这次咨询已立案（%(number)s），不能重复立案。") % {"number": existing.number},
                code="duplicate",
            )
        org = consultation.org
        worker = {
            "member": consultation.member,
            "worker_user": consultation.worker_user,
            "worker_name": consultation.worker_name,
            "worker_phone": consultation.worker_phone,
        }
        enterprise = enterprise or consultation.enterprise
        employer_name = employer_name or consultation.employer_name
        topic = topic or consultation.topic
        summary = summary or consultation.summary
    else:
        if org is None:
            raise ValidationError({"org": _("请选择承办工会。")})
        if member is not None and not can_manage(actor, member.org):
            raise PermissionDenied
        worker = None
    if not can_manage(actor, org):
        raise PermissionDenied
    if worker is None:
        worker = _worker(member=member, worker_name=worker_name, worker_phone=worker_phone)
    enterprise, employer_name = _employer(enterprise, employer_name)
    summary = _long_text(summary, 4000)
    if not summary:
        raise ValidationError({"summary": _("请填写案情摘要。")})
    today = timezone.localdate()
    opened_on = opened_on or today
    _not_future(opened_on, "opened_on", _("立案日期"))
    if opened_on < today - datetime.timedelta(days=366 * 3):
        raise ValidationError({"opened_on": _("立案日期不能早于三年前，请核对。")})
    year = opened_on.year
    # A case number is an identifier kept as written (法援〔2026〕3号), not a translatable phrase.
    number = f"法援〔{year}〕{sequences.take(f'rights.legal.case.{year}')[0]}号"
    case = LegalCase(
        org=org,
        number=number,
        consultation=consultation,
        enterprise=enterprise,
        employer_name=employer_name,
        topic=_topic(topic),
        summary=summary,
        opened_on=opened_on,
        close_due=workdays.add_working_days(opened_on, CLOSE_WORKING_DAYS, org=org),
        amount_claimed=money(amount_claimed, field="amount_claimed", label=_("请求金额")),
        next_action=_text(next_action, 200) or _("了解案情，收集证据"),
        created_by=actor,
        submission=submission,
        **worker,
    )
    case.org_path = org.path
    case.next_due = _next_due(case, on=opened_on, next_days=next_days, next_due=None)
    if lawyer is not None:
        _check_lawyer(case, lawyer)
        case.lawyer = lawyer
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:  # the same consultation, or the same form, raced itself
        if submission is not None and LegalCase.objects.filter(submission=submission).exists():
            return LegalCase.objects.get(submission=submission)
        raise ValidationError(_("这次咨询已立案，不能重复立案。"), code="duplicate") from None
    CaseStage.objects.create(
        case=case,
        stage=CONSULT,
        on=opened_on,
        outcome=_("立案受理"),
        next_action=case.next_action,
        next_due=case.next_due,
        recorded_by=actor,
    )
    audit.record(case, action="create", actor=actor, org=org)
    return case


def _locked(case: LegalCase, actor) -> LegalCase:
    case = (
        LegalCase.objects.select_for_update(of=("self",))
        .select_related("org", "enterprise", "lawyer")
        .get(pk=case.pk)
    )
    if not can_manage(actor, case.org):
        raise PermissionDenied
    return case


def _open(case: LegalCase) -> None:
    if not case.is_open:
        raise ValidationError(_("案件已结案，不能再办理此项。"))


@transaction.atomic
def case_assign_lawyer(*, case: LegalCase, lawyer: Lawyer, actor) -> LegalCase:
    case = _locked(case, actor)
    _open(case)
    _check_lawyer(case, lawyer)
    before = audit.snapshot(case, AUDITED)
    case.lawyer = lawyer
    case.save(update_fields=["lawyer", "updated_at"])
    audit.record(case, action="lawyer", actor=actor, changes=audit.diff(before, case))
    return case


@transaction.atomic
def case_advance(
    *,
    case: LegalCase,
    actor,
    stage: str,
    on: datetime.date,
    outcome: str = "",
    next_action: str = "",
    next_days=None,
    next_due: datetime.date | None = None,
) -> CaseStage:
    """A stage-log entry: progress in the current stage, or a move to a later stage (咨询 → 调解 →
    仲裁 → 诉讼; one may be skipped, none gone back to), with its date, outcome and the next date."""
    case = _locked(case, actor)
    _open(case)
    if stage not in STAGE_ORDER:
        raise ValidationError({"stage": _("请选择阶段。")})
    if STAGE_ORDER[stage] < STAGE_ORDER[case.state]:
        raise ValidationError(
            {
                "stage": _("案件已在“%(now)s”阶段，不能回到“%(stage)s”阶段。")
                % {"now": case.state_label, "stage": CASE_FLOW.label(stage)}
            }
        )
    _not_future(on, "on", _("日期"))
    if on < case.opened_on:
        raise ValidationError(
            {
                "on": _("日期不能早于立案日期（%(day)s）。")
                % {"day": date_format(case.opened_on, "DATE_FORMAT")}
            }
        )
    last = case.stages.order_by("-on", "-pk").first()
    if last is not None and on < last.on:
        raise ValidationError(
            {
                "on": _("日期不能早于上一条记录的日期（%(day)s）。")
                % {"day": date_format(last.on, "DATE_FORMAT")}
            }
        )
    outcome, next_action = _long_text(outcome, 500), _text(next_action, 200)
    if not outcome and not next_action:
        raise ValidationError({"outcome": _("请填写本阶段的进展或结果，或下一步安排。")})
    due = _next_due(case, on=on, next_days=next_days, next_due=next_due)
    before = audit.snapshot(case, AUDITED)
    case.next_action, case.next_due = next_action, due
    if stage != case.state:
        CASE_FLOW.fire(
            case, STAGE_TRANSITION[stage], actor=actor, note=outcome, extra_fields=["next_action", "next_due"]
        )
    else:
        case.save(update_fields=["next_action", "next_due", "updated_at"])
    entry = CaseStage.objects.create(
        case=case,
        stage=stage,
        on=on,
        outcome=outcome,
        next_action=next_action,
        next_due=due,
        recorded_by=actor,
    )
    audit.record(case, action="stage", actor=actor, changes=audit.diff(before, case))
    return entry


@transaction.atomic
def case_amounts(*, case: LegalCase, claimed, recovered, actor) -> LegalCase:
    """The amounts claimed and recovered so far. Recovered may exceed claimed (compensation, interest)."""
    case = _locked(case, actor)
    before = audit.snapshot(case, AUDITED)
    case.amount_claimed = money(claimed, field="claimed", label=_("请求金额"))
    case.amount_recovered = money(recovered, field="recovered", label=_("挽回金额"))
    case.save(update_fields=["amount_claimed", "amount_recovered", "updated_at"])
    audit.record(case, action="amounts", actor=actor, changes=audit.diff(before, case))
    return case


@transaction.atomic
def case_close(
    *, case: LegalCase, actor, closed_on: datetime.date, outcome: str, note: str = "", recovered=None
) -> LegalCase:
    case = _locked(case, actor)
    _open(case)
    if outcome not in LegalCase.Outcome.values:
        raise ValidationError({"outcome": _("请选择结案结果。")})
    _not_future(closed_on, "closed_on", _("结案日期"))
    if closed_on < case.opened_on:
        raise ValidationError(
            {
                "closed_on": _("结案日期不能早于立案日期（%(day)s）。")
                % {"day": date_format(case.opened_on, "DATE_FORMAT")}
            }
        )
    before = audit.snapshot(case, AUDITED)
    if recovered not in (None, ""):
        case.amount_recovered = money(recovered, field="recovered", label=_("挽回金额"))
    case.closed_on, case.outcome, case.outcome_note = closed_on, outcome, _long_text(note, 500)
    case.next_action, case.next_due = "", None
    CASE_FLOW.fire(
        case,
        "close",
        actor=actor,
        note=case.outcome_note,
        extra_fields=["closed_on", "outcome", "outcome_note", "amount_recovered", "next_action", "next_due"],
    )
    CaseStage.objects.create(
        case=case,
        stage=CLOSED,
        on=closed_on,
        outcome=LegalCase.Outcome(outcome).label + (f"：{case.outcome_note}" if case.outcome_note else ""),
        recorded_by=actor,
    )
    audit.record(case, action="close", actor=actor, changes=audit.diff(before, case))
    if case.worker_user_id:
        notifications.notify(
            recipients=[case.worker_user],
            title=_("您的法律援助案件已结案，请评价"),
            body=_("%(number)s：%(outcome)s。请在手机上为本次法律援助打分（1–5 分）。")
            % {"number": case.number, "outcome": case.get_outcome_display()},
            url=reverse("rights:legal_my_case", args=[case.uuid]),
            actor=actor,
        )
    return case


@transaction.atomic
def case_rate(*, case: LegalCase, user, score, note: str = "") -> LegalCase:
    """The worker rates a closed case, once (1–5)."""
    case = LegalCase.objects.select_for_update().get(pk=case.pk)
    if not getattr(user, "is_authenticated", False) or case.worker_user_id != user.pk:
        raise PermissionDenied
    if case.state != CLOSED:
        raise ValidationError(_("案件结案后才能评价。"))
    if case.satisfaction is not None:
        raise ValidationError(_("您已评价过这个案件，每个案件只能评价一次。"), code="rated")
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise ValidationError({"score": _("请选择 1 至 5 分。")})
    case.satisfaction, case.satisfaction_note, case.rated_at = score, _long_text(note, 300), timezone.now()
    case.save(update_fields=["satisfaction", "satisfaction_note", "rated_at", "updated_at"])
    return case


def overdue_remind_all(*, today: datetime.date | None = None) -> int:
    """The daily reminder: the chairs and staff of the handling union of each open case whose next
    action is overdue are told once for that date (a new next date is told again when it passes)."""
    from gonghui.accounts.selectors import managing_positions

    today = today or timezone.localdate()
    ids = list(
        LegalCase.objects.filter(state__in=OPEN_STATES, next_due__isnull=False)
        .filter(workdays.overdue_q("next_due", today=today))
        .exclude(reminded_due=F("next_due"))
        .values_list("pk", flat=True)
    )
    told = 0
    for pk in ids:
        with transaction.atomic():
            case = LegalCase.objects.select_for_update(of=("self",)).select_related("org").get(pk=pk)
            if not case.is_open or case.next_due is None or case.reminded_due == case.next_due:
                continue
            cadres = [p.user for p in managing_positions(org_paths=[case.org_path])]
            notifications.notify(
                recipients=cadres,
                title=_("法律援助案件 %(number)s 已超期") % {"number": case.number},
                body=_("下一步“%(action)s”应于%(day)s前办理。")
                % {"action": case.next_action or "—", "day": date_format(case.next_due, "DATE_FORMAT")},
                url=case.get_absolute_url(),
            )
            case.reminded_due = case.next_due
            case.save(update_fields=["reminded_due"])
            told += 1
    return told
