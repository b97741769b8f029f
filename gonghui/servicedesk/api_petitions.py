"""Petitions over the API (/api/v1/desk/petitions): the same services and selectors as the pages."""

import datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from gonghui.core.api import pagination, responses
from gonghui.core.pii import mask_mobile
from gonghui.servicedesk.selectors import petitions as selectors
from gonghui.servicedesk.services import petitions as services
from gonghui.servicedesk.workflows import PETITION_FLOW

router = Router(tags=["信访"])


class PetitionIn(Schema):
    org: UUID | None = None  # the federation addressed; default: the one over the user's membership
    subject: str
    content: str
    enterprise_name: str = ""
    consent: bool = False


class PetitionOut(Schema):
    uuid: UUID
    channel: str
    org: str
    petitioner_name: str
    petitioner_phone: str  # masked
    enterprise_name: str
    subject: str
    content: str
    received_on: datetime.date
    reply_due: datetime.date
    state: str
    state_label: str
    reply: str
    replied_at: datetime.datetime | None
    overdue: bool
    working_days_left: int | None


def _out(petition) -> dict:
    selectors.annotate_deadlines([petition])
    return {
        "uuid": petition.uuid,
        "channel": petition.channel,
        "org": petition.org.name,
        "petitioner_name": petition.petitioner_name,
        "petitioner_phone": mask_mobile(petition.petitioner_phone),
        "enterprise_name": petition.enterprise_name,
        "subject": petition.subject,
        "content": petition.content,
        "received_on": petition.received_on,
        "reply_due": petition.reply_due,
        "state": petition.state,
        "state_label": PETITION_FLOW.label(petition.state),
        "reply": petition.reply,
        "replied_at": petition.replied_at,
        "overdue": petition.is_overdue,
        "working_days_left": petition.days_left,
    }


@router.post("/", response=responses({201: PetitionOut}), summary="提交网上信访")
def petition_submit(request, payload: PetitionIn):
    """The logged-in user petitions online; name and phone come from the account."""
    orgs = selectors.receiving_orgs()
    if payload.org is not None:
        org = orgs.filter(uuid=payload.org).first()
    else:
        org = selectors.default_receiving_org(request.user)
    if org is None:
        raise ValidationError({"org": _("请选择受理的总工会。")})
    petition = services.petition_submit_online(
        actor=request.user,
        org=org,
        subject=payload.subject,
        content=payload.content,
        consent=payload.consent,
        enterprise_name=payload.enterprise_name,
    )
    return Status(201, _out(petition))


@router.get("/mine", response=responses(list[PetitionOut]), summary="我的信访")
def petition_mine(request, page: Query[pagination(default=50, maximum=200)]):
    return [_out(p) for p in page.slice(selectors.petition_mine(request.user))]


@router.get("/{uuid}", response=responses(PetitionOut), summary="信访详情")
def petition_detail(request, uuid: UUID):
    return _out(selectors.petition_get_for(request.user, uuid))
