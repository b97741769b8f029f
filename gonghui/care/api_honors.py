"""Care: honors — API routes (mounted by care/api.py at /api/v1/care/honors): a member's own
retirement certificates."""

import datetime
from uuid import UUID

from ninja import Router, Schema

from gonghui.care.selectors import honors as selectors
from gonghui.care.services import honors as services
from gonghui.core import documents
from gonghui.core.api import responses

router = Router(tags=["荣退"])


class CertificateOut(Schema):
    uuid: UUID
    ceremony: str
    held_on: datetime.date
    org: str
    certificate_no: str
    retired_on: datetime.date
    years: int


@router.get("/me/certificates", response=responses(list[CertificateOut]), summary="我的荣退证书")
def my_certificates(request):
    return [
        {
            "uuid": h.uuid,
            "ceremony": h.ceremony.title,
            "held_on": h.ceremony.held_on,
            "org": h.ceremony.org.name,
            "certificate_no": h.certificate_no,
            "retired_on": h.retired_on,
            "years": h.years,
        }
        for h in selectors.my_certificates(request.auth)
    ]


@router.get(
    "/certificates/{uuid}",
    response=responses(None),
    summary="下载荣退证书（.docx）",
    openapi_extra={"responses": {200: {"content": {documents.DOCX_TYPE: {}}}}},
)
def certificate(request, uuid: UUID):
    honouree = selectors.honouree_get_for(request.auth, uuid)
    return documents.docx_response(
        services.certificate_filename(honouree), services.certificate_docx(honouree)
    )
