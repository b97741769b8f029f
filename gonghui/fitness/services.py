"""Fitness operations: programmes, contests, teams, enrolment and weigh-ins.

Every function takes the acting user, runs in one transaction and raises ValidationError with a
Chinese message when a rule is broken (PermissionDenied when the actor may not do it). Heights
and weights arrive as typed (a form's or the API's string) and are normalised here, once, by
core.validators.normalize_measurement; they are stored encrypted and never written to the audit
trail or a log.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, pii
from gonghui.core.scoping import can_manage
from gonghui.core.validators import normalize_measurement
from gonghui.fitness import bmi
from gonghui.fitness.models import Contest, Enrolment, Programme, Team, WeighIn
from gonghui.fitness.selectors import enrol_refusal
from gonghui.fitness.workflows import WEIGH_IN_FLOW
from gonghui.members.audience import job_types_value

WEIGHT_RANGE = (Decimal("20"), Decimal("300"))  # kg: an adult on a bathroom scale
HEIGHT_RANGE = (Decimal("100"), Decimal("250"))  # cm


def weight_value(value) -> Decimal:
    return normalize_measurement(
        value, label=_("体重"), low=WEIGHT_RANGE[0], high=WEIGHT_RANGE[1], unit="kg", example="65.5"
    )


def height_value(value) -> Decimal:
    return normalize_measurement(
        value, label=_("身高"), low=HEIGHT_RANGE[0], high=HEIGHT_RANGE[1], unit="cm", example="170"
    )


def _field(name: str, exc: ValidationError) -> ValidationError:
    return ValidationError({name: exc.messages})


# ---------------------------------------------------------------- programmes, contests, teams


@transaction.atomic
def programme_create(
    *,
    org,
    title: str,
    enrol_opens: datetime.date,
    enrol_closes: datetime.date,
    starts_on: datetime.date,
    ends_on: datetime.date,
    description: str = "",
    audience_job_types=(),
    members_only: bool = True,
    actor,
) -> Programme:
    if not can_manage(actor, org):
        raise PermissionDenied
    errors = {}
    if enrol_closes < enrol_opens:
        errors["enrol_closes"] = _("报名截止日期不能早于报名开始日期。")
    if ends_on < starts_on:
        errors["ends_on"] = _("结束日期不能早于开始日期。")
    if enrol_opens > ends_on:
        errors["enrol_opens"] = _("报名须在项目结束前开始。")
    if errors:
        raise ValidationError(errors)
    programme = Programme.objects.create(
        org=org,
        org_path=org.path,
        title=title.strip(),
        description=description.strip(),
        enrol_opens=enrol_opens,
        enrol_closes=enrol_closes,
        starts_on=starts_on,
        ends_on=ends_on,
        audience_job_types=job_types_value(audience_job_types),
        members_only=members_only,
        created_by=actor,
    )
    audit.record(programme, action="fitness_programme_create", actor=actor, changes={"title": [None, title]})
    return programme


def _require_organiser(actor, programme: Programme) -> None:
    if not can_manage(actor, programme.org):
        raise PermissionDenied


@transaction.atomic
def contest_create(*, programme: Programme, kind: str, title: str, actor) -> Contest:
    _require_organiser(actor, programme)
    if kind not in Contest.Kind.values:
        raise ValidationError({"kind": _("请选择比赛类别。")})
    title = title.strip()
    try:
        with transaction.atomic():
            contest = Contest.objects.create(programme=programme, kind=kind, title=title)
    except IntegrityError:
        raise ValidationError({"title": _("本项目已有同名比赛。")}) from None
    audit.record(contest, action="fitness_contest_create", actor=actor, org=programme.org)
    return contest


@transaction.atomic
def team_create(*, programme: Programme, name: str, actor) -> Team:
    _require_organiser(actor, programme)
    name = name.strip()
    try:
        with transaction.atomic():
            team = Team.objects.create(programme=programme, name=name)
    except IntegrityError:
        raise ValidationError({"name": _("本项目已有同名队伍。")}) from None
    audit.record(team, action="fitness_team_create", actor=actor, org=programme.org)
    return team


@transaction.atomic
def team_assign(*, enrolment: Enrolment, team: Team | None, actor) -> Enrolment:
    _require_organiser(actor, enrolment.programme)
    if team is not None and team.programme_id != enrolment.programme_id:
        raise ValidationError({"team": _("请选择本项目的队伍。")})
    before = audit.snapshot(enrolment, ["team"])
    enrolment.team = team
    enrolment.save(update_fields=["team", "updated_at"])
    audit.record(enrolment, action="fitness_team_assign", actor=actor, changes=audit.diff(before, enrolment))
    return enrolment


# ---------------------------------------------------------------- enrolment


@transaction.atomic
def enrol(*, programme: Programme, user, height, actor) -> Enrolment:
    """The person enrols themselves, giving their height once (stored encrypted)."""
    if actor.pk != user.pk:
        raise PermissionDenied
    refusal = enrol_refusal(user, programme)
    if refusal:
        raise ValidationError(refusal)
    try:
        height_cm = height_value(height)
    except ValidationError as e:
        raise _field("height", e) from None
    from gonghui.members.selectors.lifecycle import member_for_user

    member = member_for_user(user)
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                programme=programme,
                org=programme.org,
                org_path=programme.org_path,
                user=user,
                member=member if member is not None and member.is_member else None,
                height_encrypted=pii.encrypt_decimal(height_cm),
            )
    except IntegrityError:
        raise ValidationError(_("您已报名该项目，无需重复报名。")) from None
    audit.record(enrolment, action="fitness_enrol", actor=actor, changes={"height": ["***", "***"]})
    return enrolment


# ---------------------------------------------------------------- weigh-ins


def _check_day(programme: Programme, measured_on: datetime.date) -> None:
    today = timezone.localdate()
    if measured_on > today:
        raise ValidationError({"measured_on": _("称重日期不能晚于今天。")})
    if not programme.starts_on <= measured_on <= programme.ends_on:
        raise ValidationError({"measured_on": _("称重日期须在项目期间内。")})


def _create_weigh_in(*, enrolment: Enrolment, measured_on, weight, actor, state: str) -> WeighIn:
    _check_day(enrolment.programme, measured_on)
    try:
        weight_kg = weight_value(weight)
    except ValidationError as e:
        raise _field("weight", e) from None
    now = timezone.now()
    confirmed = state == WeighIn.State.CONFIRMED
    try:
        with transaction.atomic():
            weigh_in = WeighIn.objects.create(
                enrolment=enrolment,
                measured_on=measured_on,
                weight_encrypted=pii.encrypt_decimal(weight_kg),
                state=state,
                submitted_by=actor,
                decided_by=actor if confirmed else None,
                decided_at=now if confirmed else None,
            )
    except IntegrityError:
        raise ValidationError({"measured_on": _("该日期已有体重记录，无需重复提交。")}) from None
    return weigh_in


@transaction.atomic
def weigh_in_submit(*, enrolment: Enrolment, measured_on: datetime.date, weight, actor) -> WeighIn:
    """The person submits a weighing; it counts once an organiser confirms it."""
    if actor.pk != enrolment.user_id:
        raise PermissionDenied
    weigh_in = _create_weigh_in(
        enrolment=enrolment,
        measured_on=measured_on,
        weight=weight,
        actor=actor,
        state=WeighIn.State.SUBMITTED,
    )
    audit.record(
        weigh_in,
        action="fitness_weigh_in_submit",
        actor=actor,
        org=enrolment.programme.org,
        changes={"measured_on": [None, measured_on.isoformat()]},
    )
    return weigh_in


@transaction.atomic
def weigh_in_record(*, enrolment: Enrolment, measured_on: datetime.date, weight, actor) -> WeighIn:
    """An organiser records a weighing they took (at a weigh-in session): confirmed at once."""
    _require_organiser(actor, enrolment.programme)
    enrolment = Enrolment.objects.select_for_update().select_related("programme").get(pk=enrolment.pk)
    weigh_in = _create_weigh_in(
        enrolment=enrolment,
        measured_on=measured_on,
        weight=weight,
        actor=actor,
        state=WeighIn.State.CONFIRMED,
    )
    audit.record(
        weigh_in,
        action="fitness_weigh_in_record",
        actor=actor,
        org=enrolment.programme.org,
        changes={"measured_on": [None, measured_on.isoformat()]},
    )
    _recompute(enrolment)
    return weigh_in


@transaction.atomic
def weigh_in_confirm(*, weigh_in: WeighIn, actor) -> WeighIn:
    enrolment = (
        Enrolment.objects.select_for_update().select_related("programme").get(pk=weigh_in.enrolment_id)
    )
    WEIGH_IN_FLOW.fire(weigh_in, "confirm", actor=actor)
    weigh_in.decided_by, weigh_in.decided_at = actor, timezone.now()
    weigh_in.save(update_fields=["decided_by", "decided_at", "updated_at"])
    _recompute(enrolment)
    return weigh_in


@transaction.atomic
def weigh_in_reject(*, weigh_in: WeighIn, reason: str, actor) -> WeighIn:
    """Back to the person with a reason (a photo of the scale was unreadable …); they may submit again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写退回理由。")})
    WEIGH_IN_FLOW.fire(weigh_in, "reject", actor=actor, note=reason)
    weigh_in.decided_by, weigh_in.decided_at, weigh_in.reason = actor, timezone.now(), reason[:200]
    weigh_in.save(update_fields=["decided_by", "decided_at", "reason", "updated_at"])
    return weigh_in


def _recompute(enrolment: Enrolment) -> None:
    """The percentage lost from the first confirmed weigh-in (the baseline) to the latest one.

    Called under the enrolment's row lock, so two confirmations at once cannot leave a stale figure.
    """
    confirmed = list(
        WeighIn.objects.filter(enrolment=enrolment, state=WeighIn.State.CONFIRMED)
        .order_by("measured_on", "pk")
        .values_list("weight_encrypted", flat=True)
    )
    enrolment.confirmed_count = len(confirmed)
    if len(confirmed) >= 2:
        enrolment.loss_percent = bmi.loss_percent(
            pii.decrypt_decimal(confirmed[0]), pii.decrypt_decimal(confirmed[-1])
        )
    else:
        enrolment.loss_percent = None
    enrolment.save(update_fields=["confirmed_count", "loss_percent", "updated_at"])
