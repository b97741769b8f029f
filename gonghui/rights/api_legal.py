"""Rights: legal aid — API routes (mounted by rights/api.py at /api/v1/rights/legal): a worker's
consultations and cases, and asking online. The same services as the pages."""

import datetime
from decimal import Decimal
from uuid import UUID

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from gonghui.core.api import responses
from gonghui.orgs.selectors import public_areas
from gonghui.rights.selectors import legal as sel
from gonghui.rights.services import legal as svc

router = Router()


class LegalConsultationOut(Schema):
    uuid: UUID
    created_at: datetime.datetime
    channel: str
    channel_label: str
    topic: str
    topic_label: str
    summary: str
    answer: str
    answered: bool
    org: str


class LegalStageOut(Schema):
    stage: str
    stage_label: str
    on: datetime.date
    outcome: str


class LegalCaseOut(Schema):
    uuid: UUID
    number: str
    topic: str
    topic_label: str
    employer: str
    org: str
    lawyer: str
    state: str
    state_label: str
    next_action: str
    next_due: datetime.date | None
    amount_claimed: Decimal
    amount_recovered: Decimal
    opened_on: datetime.date
    closed_on: datetime.date | None
    outcome_label: str
    satisfaction: int | None
    may_rate: bool
    stages: list[LegalStageOut]


class LegalMineOut(Schema):
    consultations: list[LegalConsultationOut]
    cases: list[LegalCaseOut]


class LegalAskIn(Schema):
    topic: str
    summary: str
    employer_name: str = ""
    submission: UUID
    org: UUID | None = None  # the area union, for a worker who is not a member
    phone: str = ""


class LegalRateIn(Schema):
    score: int
    note: str = ""


def _consultation(c) -> dict:
    return {
        "uuid": c.uuid,
        "created_at": c.created_at,
        "channel": c.channel,
        "channel_label": c.get_channel_display(),
        "topic": c.topic,
        "topic_label": c.get_topic_display(),
        "summary": c.summary,
        "answer": c.answer,
        "answered": bool(c.answer),
        "org": c.org.name,
    }


def _case(c) -> dict:
    return {
        "uuid": c.uuid,
        "number": c.number,
        "topic": c.topic,
        "topic_label": c.get_topic_display(),
        "employer": c.employer,
        "org": c.org.name,
        "lawyer": f"{c.lawyer.name}（{c.lawyer.firm}）" if c.lawyer else "",
        "state": c.state,
        "state_label": c.state_label,
        "next_action": c.next_action if c.is_open else "",
        "next_due": c.next_due if c.is_open else None,
        "amount_claimed": c.amount_claimed,
        "amount_recovered": c.amount_recovered,
        "opened_on": c.opened_on,
        "closed_on": c.closed_on,
        "outcome_label": c.get_outcome_display() if c.outcome else "",
        "satisfaction": c.satisfaction,
        "may_rate": not c.is_open and c.satisfaction is None,
        "stages": [
            {"stage": s.stage, "stage_label": s.get_stage_display(), "on": s.on, "outcome": s.outcome}
            for s in c.stages.all()
        ],
    }


@router.get("/mine", response=responses(LegalMineOut), summary="我的法律咨询和法律援助案件")
def mine(request):
    return {
        "consultations": [_consultation(c) for c in sel.consultations_of_worker(request.auth)[:50]],
        "cases": [_case(c) for c in sel.cases_of_worker(request.auth).prefetch_related("stages")[:50]],
    }


@router.post(
    "/ask",
    response=responses({201: LegalConsultationOut}),
    summary="网上法律咨询（同一表单重复提交只记一次）",
)
def ask(request, payload: LegalAskIn):
    org = get_object_or_404(public_areas(), uuid=payload.org) if payload.org else None
    consultation = svc.consultation_ask(
        user=request.auth,
        topic=payload.topic,
        summary=payload.summary,
        employer_name=payload.employer_name,
        submission=payload.submission,
        org=org,
        phone=payload.phone,
    )
    return Status(201, _consultation(consultation))


@router.get("/cases/{uuid}", response=responses(LegalCaseOut), summary="我的一个法律援助案件")
def my_case(request, uuid: UUID):
    return _case(sel.own_case_get(request.auth, uuid))


@router.post("/cases/{uuid}/rate", response=responses(LegalCaseOut), summary="评价已结案的法律援助（一次）")
def rate(request, uuid: UUID, payload: LegalRateIn):
    case = sel.own_case_get(request.auth, uuid)
    svc.case_rate(case=case, user=request.auth, score=payload.score, note=payload.note)
    return _case(sel.own_case_get(request.auth, uuid))
