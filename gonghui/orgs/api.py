"""Org tree and figures: /api/v1/orgs. Same selectors as the pages; outside the scope → 404."""

import datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from gonghui.core.api import pagination, responses
from gonghui.orgs import selectors, stats

router = Router(tags=["orgs"])


class OrgOut(Schema):
    uuid: UUID
    name: str
    short_name: str
    kind: str
    kind_display: str
    parent: UUID | None
    depth: int
    formed_on: datetime.date | None
    is_active: bool
    child_count: int | None = None


class FiguresOut(Schema):
    org: UUID | None
    label: str
    enterprises_25: int
    enterprises_25_with_union: int
    enterprises_25_without_union: int
    formation_rate: float | None
    unions_formed: int
    members: int
    new_members: int
    new_form_members: int
    covered_employees: int
    membership_rate: float | None


class StatsOut(Schema):
    start: datetime.date
    end: datetime.date
    total: FiguresOut
    children: list[FiguresOut]


def _org_out(org, child_count: int | None = None) -> dict:
    return {
        "uuid": org.uuid,
        "name": org.name,
        "short_name": org.short_name,
        "kind": org.kind,
        "kind_display": str(org.get_kind_display()),
        "parent": org.parent.uuid if org.parent_id else None,
        "depth": org.depth,
        "formed_on": org.formed_on,
        "is_active": org.is_active,
        "child_count": getattr(org, "child_count", child_count),
    }


def _figures_out(figures: stats.Figures) -> dict:
    return {
        "org": figures.org.uuid if figures.org else None,
        "label": str(figures.label),
        **figures.as_dict(),
    }


@router.get(
    "", response=responses(list[OrgOut]), summary="组织列表：管理范围的根组织及其下级，或指定上级的下级组织"
)
def org_list(
    request, page: Query[pagination(default=200, maximum=1000)], parent: UUID | None = None, q: str = ""
):
    parent_org = selectors.org_get_for(request.auth, parent) if parent else None
    orgs = page.slice(selectors.org_list_for(request.auth, search=q, parent=parent_org))
    return [_org_out(o) for o in orgs]


@router.get("/{uuid}", response=responses(OrgOut), summary="组织详情")
def org_get(request, uuid: UUID):
    return _org_out(selectors.org_get_for(request.auth, uuid))


@router.get("/{uuid}/stats", response=responses(StatsOut), summary="组织及其下级的建会、入会统计")
def org_stats(request, uuid: UUID, start: datetime.date | None = None, end: datetime.date | None = None):
    org = selectors.org_get_for(request.auth, uuid)
    default_start, default_end = stats.default_period()
    start, end = start or default_start, end or default_end
    if start > end:
        raise ValidationError({"start": _("开始日期不能晚于结束日期。")})
    return {
        "start": start,
        "end": end,
        "total": _figures_out(stats.subtree_stats(org, start, end)),
        "children": [_figures_out(f) for f in stats.child_stats(org, start, end)],
    }
