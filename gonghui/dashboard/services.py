"""Writes of the dashboard: targets, set by a cadre of the federation above."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core import audit, indicators
from gonghui.dashboard.models import Target
from gonghui.dashboard.selectors import may_set_targets


@transaction.atomic
def targets_set(*, org, year: int, values: dict[str, Decimal | None], actor) -> list[str]:
    """Set (a number), change or clear (None) the org's targets for the year; one audit entry per
    changed indicator. Only a chair or staff of an ancestor org may (never for their own org).
    Returns the keys of the indicators changed."""
    if not may_set_targets(actor, org):
        raise PermissionDenied
    known = {i.key: i for i in indicators.indicators() if i.takes_target}
    unknown = set(values) - set(known)
    if unknown:
        raise ValidationError(_("没有这些指标：%(keys)s") % {"keys": "、".join(sorted(unknown))})
    current = {t.indicator: t for t in Target.objects.select_for_update().filter(org=org, year=year)}
    changed = []
    for key, value in values.items():
        row = current.get(key)
        old = row.value if row else None
        if value is not None and value < 0:
            raise ValidationError({key: _("目标值不能为负数。")})
        if value is not None and known[key].kind == "rate" and value > 100:
            raise ValidationError({key: _("比率的目标值不能超过100％。")})
        if old == value or (old is not None and value is not None and Decimal(old) == Decimal(value)):
            continue
        if value is None:
            target = Target(pk=row.pk, org=org, year=year, indicator=key)  # the audit names the row gone
            row.delete()
        elif row is None:
            target = Target.objects.create(org=org, year=year, indicator=key, value=value, set_by=actor)
        else:
            row.value, row.set_by = value, actor
            row.save(update_fields=["value", "set_by", "updated_at"])
            target = row
        audit.record(
            target,
            action="target_set" if value is not None else "target_cleared",
            actor=actor,
            changes={key: [_plain(old), _plain(value)], "year": year},
            org=org,
        )
        changed.append(key)
    return changed


def _plain(value) -> str | None:
    return None if value is None else str(value)
