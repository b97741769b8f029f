"""Rights: supervision letters — API routes (mounted by rights/api.py at /api/v1/rights/letters)."""

import datetime
from uuid import UUID

from ninja import Router, Schema

from gonghui.core import documents
from gonghui.core.api import responses
from gonghui.rights.selectors import letters as sel
from gonghui.rights.services import letters as svc

router = Router()


class LetterOut(Schema):
    uuid: UUID
    kind: str
    kind_label: str
    number: str
    title: str
    addressee: str
    org: str
    state: str
    state_label: str
    issued_on: datetime.date | None
    served_on: datetime.date | None
    reply_due: datetime.date | None
    replied_on: datetime.date | None
    verified_on: datetime.date | None


def _letter(letter) -> dict:
    return {
        "uuid": letter.uuid,
        "kind": letter.kind,
        "kind_label": letter.get_kind_display(),
        "number": letter.number,
        "title": letter.title,
        "addressee": letter.addressee,
        "org": letter.org.name,
        "state": letter.state,
        "state_label": letter.get_state_display(),
        "issued_on": letter.issued_on,
        "served_on": letter.served_on,
        "reply_due": letter.reply_due,
        "replied_on": letter.replied_on,
        "verified_on": letter.verified_on,
    }


@router.get("", response=responses(list[LetterOut]), summary="本工会及下级工会的一函两书")
def letter_list(request, state: str = "", kind: str = ""):
    """`state`: a state, `open` or `overdue`; `kind`: reminder, opinion, recommendation. 403 for a non-cadre."""
    return [_letter(x) for x in sel.letter_list_for(request.user, state=state, kind=kind)[:200]]


@router.get("/{uuid}", response=responses(LetterOut), summary="一份函件")
def letter_get(request, uuid: UUID):
    return _letter(sel.letter_get_for(request.user, uuid))


@router.get(
    "/{uuid}/document",
    response=responses(None),
    summary="函件的 Word 文档",
    openapi_extra={"responses": {200: {"content": {documents.DOCX_TYPE: {}}}}},
)
def letter_document(request, uuid: UUID):
    letter = sel.letter_get_for(request.user, uuid)
    return documents.docx_response(
        f"{letter.number or letter.get_kind_display()}.docx", svc.letter_document(letter)
    )
