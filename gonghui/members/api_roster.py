"""The roster over the API (GET /api/v1/roster): scoped, paginated, masked personal data only."""

import datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from gonghui.core.api import page_number_field, responses
from gonghui.members.forms.roster import RosterFilterForm
from gonghui.members.selectors import roster as sel

router = Router(tags=["名册"])


class RosterQuery(Schema):
    page: int = page_number_field()
    page_size: int = Field(sel.PAGE_SIZE, ge=1, le=sel.MAX_PAGE_SIZE)
    q: str = ""
    status: str = Field(
        "",
        description="members（会员：在册和退休）、active（在册）、retired（退休）、left（已退会）；空为全部",
    )
    org: UUID | None = None
    new_form: str = ""
    job_type: str = ""


class OrgRef(Schema):
    uuid: UUID
    name: str


class RosterMember(Schema):
    uuid: UUID
    member_no: str
    name: str
    gender: str
    id_number_masked: str
    mobile_masked: str
    org: OrgRef
    employer_name: str
    job_type: str
    job_type_label: str
    status: str
    status_label: str
    joined_on: datetime.date


class RosterPage(Schema):
    count: int
    page: int
    page_size: int
    num_pages: int
    results: list[RosterMember]


def _member(m) -> dict:
    return {
        "uuid": m.uuid,
        "member_no": m.member_no,
        "name": m.name,
        "gender": m.gender,
        "id_number_masked": m.id_number_masked,
        "mobile_masked": m.mobile_masked,
        "org": {"uuid": m.org.uuid, "name": m.org.name},
        "employer_name": m.employer_name,
        "job_type": m.job_type,
        "job_type_label": m.get_job_type_display() if m.job_type else "",
        "status": m.status,
        "status_label": m.get_status_display(),
        "joined_on": m.joined_on,
    }


@router.get("", response=responses(RosterPage), summary="会员名册（脱敏）")
def roster_list(request, filters: Query[RosterQuery]):
    """Members in the caller's scope; ID numbers and mobiles masked. 403 for a user who is not a cadre.

    Searching by ID or mobile number goes through POST /roster/search: such numbers never go in a URL.
    """
    if sel.is_personal_number(filters.q):
        raise ValidationError(
            _("按身份证号码或手机号码查询请使用 POST /api/v1/roster/search，号码不能放在网址中。")
        )
    return _roster_page(request, filters)


@router.post("/search", response=responses(RosterPage), summary="会员名册查询（可按身份证号码、手机号码）")
def roster_search(request, filters: RosterQuery):
    """The same as GET /roster, with the filters in the request body."""
    return _roster_page(request, filters)


def _checked_choices(filters: RosterQuery) -> None:
    """The choices the roster page offers, checked by its own form's fields: an unknown status
    is refused with the choices, never answered with an empty list."""
    form = RosterFilterForm()
    errors = {}
    for name in ("status", "new_form", "job_type"):
        value = getattr(filters, name)
        field = form.fields[name]
        if value and not field.valid_value(value):
            choices = "、".join(f"{v}（{label}）" for v, label in field.choices if v)
            errors[name] = [
                _("%(field)s不能为“%(value)s”，可选：%(choices)s。")
                % {"field": field.label, "value": value[:40], "choices": choices}
            ]
    if errors:
        raise ValidationError(errors)


def _roster_page(request, filters: RosterQuery) -> dict:
    sel.require_roster_access(request.user)
    _checked_choices(filters)
    org = sel.org_in_scope_or_404(request.user, filters.org) if filters.org else None
    f = sel.RosterFilter(
        q=filters.q[:40], org=org, status=filters.status, new_form=filters.new_form, job_type=filters.job_type
    )
    size = filters.page_size
    page = Paginator(sel.members_for(request.user, f), size).get_page(filters.page)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "page_size": size,
        "num_pages": page.paginator.num_pages,
        "results": [_member(m) for m in page.object_list],
    }
