"""Care: hardship — API routes (mounted by care/api.py at /api/v1/care/hardship)."""

import datetime
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema

from gonghui.care.selectors import hardship as sel
from gonghui.core.api import responses

router = Router()


class AidOut(Schema):
    kind: str
    kind_label: str
    need: str
    amount: Decimal
    given_on: datetime.date
    org: str


class OwnFileOut(Schema):
    uuid: UUID
    org: str
    state: str
    status_label: str
    hardship_class: str
    hardship_class_label: str
    assistance: list[AidOut]


class AwaitingOut(Schema):
    uuid: UUID
    member_name: str
    org: str
    hardship_class: str
    hardship_class_label: str
    state: str
    state_label: str
    approval_due: datetime.date | None


def _aid(a) -> dict:
    return {
        "kind": a.kind,
        "kind_label": a.get_kind_display(),
        "need": a.need,
        "amount": a.amount,
        "given_on": a.given_on,
        "org": a.org.name,
    }


@router.get("/mine", response=responses(list[OwnFileOut]), summary="我的困难职工档案和所获帮扶")
def my_files(request):
    files = sel.files_of_worker(request.user).prefetch_related("assistance__org")
    return [
        {
            "uuid": f.uuid,
            "org": f.org.name,
            "state": f.state,
            "status_label": f.status_label,
            "hardship_class": f.hardship_class,
            "hardship_class_label": f.get_hardship_class_display(),
            "assistance": [_aid(a) for a in f.assistance.all()],
        }
        for f in files
    ]


@router.get("/awaiting", response=responses(list[AwaitingOut]), summary="待我审批的困难职工档案")
def awaiting(request):
    """Files waiting at a level the caller acts at (names only: the figures are on the page). 403 for a non-cadre."""
    from gonghui.core.scoping import is_cadre

    if not is_cadre(request.user):
        raise PermissionDenied
    return [
        {
            "uuid": f.uuid,
            "member_name": f.member.name,
            "org": f.org.name,
            "hardship_class": f.hardship_class,
            "hardship_class_label": f.get_hardship_class_display(),
            "state": f.state,
            "state_label": f.status_label,
            "approval_due": f.approval_due,
        }
        for f in sel.awaiting_for(request.user)[:200]
    ]
