"""Rights: contracts — API routes (mounted by rights/api.py at /api/v1/rights/contracts)."""

import datetime
from uuid import UUID

from ninja import Router, Schema

from gonghui.core.api import responses
from gonghui.rights.selectors import contracts as sel

router = Router()


class ContractOut(Schema):
    uuid: UUID
    round_uuid: UUID
    title: str
    org: str
    kind: str
    kind_label: str
    level: str
    level_label: str
    state: str
    state_label: str
    starts_on: datetime.date
    ends_on: datetime.date
    employees_covered: int
    enterprises: list[str]
    filing_due: datetime.date | None
    filed_on: datetime.date | None
    filed_late: bool
    objection_until: datetime.date | None
    effective_on: datetime.date | None
    published_on: datetime.date | None


class PublishedOut(Schema):
    uuid: UUID
    title: str
    org: str
    kind_label: str
    state_label: str
    starts_on: datetime.date
    ends_on: datetime.date
    effective_on: datetime.date | None
    published_on: datetime.date
    text: str


class RoundOut(Schema):
    uuid: UUID
    title: str
    org: str
    started_on: datetime.date
    renews: UUID | None
    demands: list[str]
    meetings: int
    voted_on: datetime.date | None
    representatives_total: int | None
    representatives_present: int | None
    votes_in_favour: int | None
    contract_state: str


def _contract(c) -> dict:
    return {
        "uuid": c.uuid,
        "round_uuid": c.round.uuid,
        "title": c.title,
        "org": c.org.name,
        "kind": c.kind,
        "kind_label": c.get_kind_display(),
        "level": c.level,
        "level_label": c.get_level_display(),
        "state": c.state,
        "state_label": c.get_state_display(),
        "starts_on": c.starts_on,
        "ends_on": c.ends_on,
        "employees_covered": c.employees_covered,
        "enterprises": [e.name for e in c.enterprises.all()],
        "filing_due": c.filing_due,
        "filed_on": c.filed_on,
        "filed_late": c.filed_late,
        "objection_until": c.objection_until,
        "effective_on": c.effective_on,
        "published_on": c.published_on,
    }


@router.get("/", response=responses(list[ContractOut]), summary="本工会及下级工会的集体合同")
def contract_list(request, state: str = ""):
    """`state`: a contract state, `expiring` (in force, ending within three months) or `filing` (to be filed). 403 for a non-cadre."""
    qs = sel.contract_list_for(request.user, state=state).prefetch_related("enterprises")
    return [_contract(c) for c in qs[:500]]


@router.get("/rounds", response=responses(list[RoundOut]), summary="本工会及下级工会的集体协商")
def round_list(request):
    qs = sel.round_list_for(request.user).select_related("renews").prefetch_related("demands", "meetings")
    return [
        {
            "uuid": r.uuid,
            "title": r.title,
            "org": r.org.name,
            "started_on": r.started_on,
            "renews": r.renews.uuid if r.renews_id else None,
            "demands": [d.text for d in r.demands.all()],
            "meetings": len(r.meetings.all()),
            "voted_on": r.voted_on,
            "representatives_total": r.representatives_total,
            "representatives_present": r.representatives_present,
            "votes_in_favour": r.votes_in_favour,
            "contract_state": r.contract.state,
        }
        for r in qs[:500]
    ]


@router.get("/mine", response=responses(list[PublishedOut]), summary="我单位已公布的集体合同")
def mine(request):
    return [
        {
            "uuid": c.uuid,
            "title": c.title,
            "org": c.org.name,
            "kind_label": c.get_kind_display(),
            "state_label": c.get_state_display(),
            "starts_on": c.starts_on,
            "ends_on": c.ends_on,
            "effective_on": c.effective_on,
            "published_on": c.published_on,
            "text": c.text,
        }
        for c in sel.published_for_member(request.user)
    ]
