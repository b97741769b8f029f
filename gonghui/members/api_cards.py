"""API: the member's e-member card, and the public verification of a scanned card."""

import datetime

from django.http import Http404
from ninja import Router, Schema

from gonghui.core.api import PUBLIC, responses
from gonghui.members.selectors.lifecycle import card_for, card_verify

router = Router(tags=["电子会员证"])


class CardOut(Schema):
    name: str
    member_no: str
    union: str
    status: str
    status_label: str
    joined_on: datetime.date
    verify_url: str
    valid: bool


class VerifyOut(Schema):
    valid: bool
    union: str
    name_masked: str
    member_no: str


@router.get("/me/card", response=responses(CardOut), summary="我的电子会员证")
def my_card(request):
    card = card_for(request.auth)
    if card is None:
        raise Http404
    return card


@router.get(
    "/verify/{token}",
    response=responses(VerifyOut, codes=PUBLIC),
    auth=None,
    summary="核验电子会员证（公开：姓名打码，显示会员编号）",
)
def verify(request, token: str):
    check = card_verify(token)
    return {
        "valid": check.valid,
        "union": check.union,
        "name_masked": check.name_masked,
        "member_no": check.member_no,
    }
