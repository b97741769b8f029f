"""Problem lists over the API (/api/v1/desk/problems): the same services and selectors as the pages."""

import datetime
from uuid import UUID

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from gonghui.core.api import column, pagination, responses
from gonghui.servicedesk.models import Problem
from gonghui.servicedesk.selectors import problems as sel
from gonghui.servicedesk.services import problems as svc
from gonghui.servicedesk.workflows import PROBLEM_FLOW

router = Router(tags=["问题清单"])


class ProblemIn(Schema):
    enterprise: UUID
    category: str
    title: str = column(Problem, "title")
    description: str
    urgency: str = Problem.Urgency.NORMAL


class ProblemHistoryOut(Schema):
    transition: str
    state: str
    state_label: str
    actor: str
    note: str
    at: datetime.datetime


class ProblemOut(Schema):
    uuid: UUID
    title: str
    enterprise: str
    category: str
    category_label: str
    urgency: str
    state: str
    state_label: str
    unit: str | None = None
    due_date: datetime.date | None = None
    overdue: bool
    created_at: datetime.datetime


class ProblemDetailOut(ProblemOut):
    description: str
    answer: str
    answered_at: datetime.datetime | None = None
    resolved_at: datetime.datetime | None = None
    actions: list[str]
    history: list[ProblemHistoryOut]


class AnswerIn(Schema):
    answer: str


class ProblemReasonIn(Schema):
    reason: str = ""


class NoteIn(Schema):
    note: str = ""


def _out(problem: Problem) -> dict:
    return {
        "uuid": problem.uuid,
        "title": problem.title,
        "enterprise": problem.enterprise.name,
        "category": problem.category,
        "category_label": problem.get_category_display(),
        "urgency": problem.urgency,
        "state": problem.state,
        "state_label": PROBLEM_FLOW.label(problem.state),
        "unit": problem.unit.name if problem.unit_id else None,
        "due_date": problem.due_date,
        "overdue": problem.is_overdue,
        "created_at": problem.created_at,
    }


def _detail(user, problem: Problem) -> dict:
    return {
        **_out(problem),
        "description": problem.description,
        "answer": problem.answer,
        "answered_at": problem.answered_at,
        "resolved_at": problem.resolved_at,
        "actions": sorted(sel.problem_actions(user, problem)["available"]),
        "history": [
            {
                "transition": h.transition,
                "state": h.to_state,
                "state_label": h.state_label,
                "actor": str(h.actor) if h.actor else "",
                "note": h.note,
                "at": h.at,
            }
            for h in sel.problem_history(problem)
        ],
    }


@router.post("/", response=responses({201: ProblemDetailOut}), summary="记录企业问题")
def problem_raise(request, payload: ProblemIn):
    enterprise = sel.enterprises_to_report_for(request.auth).filter(uuid=payload.enterprise).first()
    if enterprise is None:
        raise Http404(_("未找到该企业。"))
    problem = svc.problem_raise(
        enterprise=enterprise,
        reporter=request.auth,
        category=payload.category,
        title=payload.title,
        description=payload.description,
        urgency=payload.urgency,
    )
    return Status(201, _detail(request.auth, sel.problem_get_for(request.auth, problem.uuid)))


@router.get("/mine", response=responses(list[ProblemOut]), summary="我反映的问题")
def problem_mine(request, page: Query[pagination(default=50, maximum=200)]):
    return [_out(p) for p in page.slice(sel.problems_mine(request.auth))]


@router.get("/{uuid}", response=responses(ProblemDetailOut), summary="问题办理情况")
def problem_detail(request, uuid: UUID):
    return _detail(request.auth, sel.problem_get_for(request.auth, uuid))


@router.post("/{uuid}/answer", response=responses(ProblemDetailOut), summary="责任单位答复")
def problem_answer(request, uuid: UUID, payload: AnswerIn):
    problem = sel.problem_get_for(request.auth, uuid)
    svc.problem_answer(problem=problem, actor=request.auth, answer=payload.answer)
    return _detail(request.auth, problem)


@router.post("/{uuid}/confirm", response=responses(ProblemDetailOut), summary="确认问题已解决")
def problem_confirm(request, uuid: UUID, payload: NoteIn | None = None):
    problem = sel.problem_get_for(request.auth, uuid)
    svc.problem_confirm(problem=problem, actor=request.auth, note=payload.note if payload else "")
    return _detail(request.auth, problem)


@router.post("/{uuid}/reopen", response=responses(ProblemDetailOut), summary="未解决，退回重新办理")
def problem_reopen(request, uuid: UUID, payload: ProblemReasonIn):
    problem = sel.problem_get_for(request.auth, uuid)
    svc.problem_reopen(problem=problem, actor=request.auth, reason=payload.reason)
    return _detail(request.auth, problem)
