"""Join applications over the API: the same services and selectors as the pages."""

from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from gonghui.accounts import throttle
from gonghui.accounts.services import client_ip
from gonghui.core.api import PUBLIC, responses
from gonghui.members.selectors.join import application_get_for, application_get_public
from gonghui.members.services.join import (
    JOIN_SUBMIT_PER_HOUR,
    join_approve,
    join_reject,
    join_submit,
    join_withdraw,
)
from gonghui.members.workflows import JOIN_FLOW
from gonghui.orgs.models import Enterprise
from gonghui.orgs.selectors import public_areas

router = Router(tags=["入会"])


class JoinIn(Schema):
    name: str
    id_number: str
    mobile: str
    consent: bool = False
    enterprise: UUID | None = None
    employer_name: str = ""
    job_type: str = ""
    work_area: UUID | None = None


class JoinOut(Schema):
    uuid: UUID
    state: str
    state_label: str
    union: str
    reason: str = ""


class RejectIn(Schema):
    reason: str = ""


class ApproveOut(Schema):
    uuid: UUID
    state: str
    state_label: str
    union: str
    member_no: str


def _out(application) -> dict:
    return {
        "uuid": application.uuid,
        "state": application.state,
        "state_label": JOIN_FLOW.label(application.state),
        "union": application.org.name,
        "reason": application.reason,
    }


def _applicant(request):
    """Who submits: a bearer-token app user, a browser session (CSRF-checked), or nobody."""
    from gonghui.api import caller  # gonghui.api imports this module while it registers routers

    return caller(request)


@router.post(
    "/join-applications",
    auth=None,
    response=responses({201: JoinOut}, codes=PUBLIC, also=(401, 429)),
    summary="提交入会申请",
)
def join_application_submit(request, payload: JoinIn):
    """线上一键入会. Anyone may apply; a logged-in user becomes the applicant."""
    throttle.rate_limit("join_submit", client_ip(request), limit=JOIN_SUBMIT_PER_HOUR, period=3600)
    enterprise = work_area = None
    if payload.enterprise:
        enterprise = Enterprise.objects.filter(uuid=payload.enterprise).select_related("union", "org").first()
        if enterprise is None:
            raise ValidationError({"enterprise": _("请从列表中选择工作单位。")})
    if payload.work_area:
        work_area = public_areas().filter(uuid=payload.work_area).first()
        if work_area is None:
            raise ValidationError({"work_area": _("请从列表中选择工作区域。")})
    application = join_submit(
        name=payload.name,
        id_number=payload.id_number,
        mobile=payload.mobile,
        consent=payload.consent,
        enterprise=enterprise,
        employer_name=payload.employer_name,
        job_type=payload.job_type,
        work_area=work_area,
        applicant=_applicant(request),
    )
    return Status(201, _out(application))


@router.get(
    "/join-applications/{uuid}", auth=None, response=responses(JoinOut, codes=PUBLIC), summary="查询入会进度"
)
def join_application_status(request, uuid: UUID):
    return _out(application_get_public(uuid))


@router.post("/join-applications/{uuid}/approve", response=responses(ApproveOut), summary="通过入会申请")
def join_application_approve(request, uuid: UUID):
    application = application_get_for(request.auth, uuid, write=True)
    member = join_approve(application=application, actor=request.auth)
    return {**_out(application), "member_no": member.member_no}


@router.post("/join-applications/{uuid}/reject", response=responses(JoinOut), summary="不予通过入会申请")
def join_application_reject(request, uuid: UUID, payload: RejectIn):
    application = application_get_for(request.auth, uuid, write=True)
    join_reject(application=application, actor=request.auth, reason=payload.reason)
    return _out(application)


@router.post("/join-applications/{uuid}/withdraw", response=responses(JoinOut), summary="撤回入会申请")
def join_application_withdraw(request, uuid: UUID):
    application = application_get_for(request.auth, uuid)
    if application.applicant_id != request.auth.pk:
        raise PermissionDenied
    join_withdraw(application=application, actor=request.auth)
    return _out(application)
