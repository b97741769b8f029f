"""Reads and access for the membership lifecycle, the e-member card and a member's own requests."""

import uuid as uuid_module
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core import audit, facts, pii
from gonghui.core.models import PersonalDataAccess
from gonghui.core.qr import qr_svg
from gonghui.core.scoping import can_manage, can_view, is_cadre, scope_paths, subtree_q
from gonghui.members.models import DataRequest, JoinApplication, Member, MembershipEvent, TransferRequest
from gonghui.members.workflows import DATA_REQUEST_FLOW, TRANSFER_FLOW
from gonghui.orgs.models import MEMBER_KINDS, Enterprise, Org
from gonghui.orgs.selectors import federation_above

CARD_SALT = "gonghui.member-card"


# --- members ---------------------------------------------------------------------------------


def member_get_for(user, uuid, *, write: bool = False) -> Member:
    """A member a cadre may see (404 outside their scope); `write` needs a managing role (403)."""
    member = get_object_or_404(
        Member.objects.visible_to(user).select_related("org", "enterprise", "work_area", "user"), uuid=uuid
    )
    if not can_view(user, member.org):
        # Only the member themselves matched through ownership: this is a cadre page.
        raise PermissionDenied
    if write and not can_manage(user, member.org):
        raise PermissionDenied
    return member


def member_for_user(user) -> Member | None:
    """The member record of the logged-in person (any status), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    # One member per user (a one-to-one): `.first()` would order by the roster's ordering, which
    # costs the ORM half a millisecond to compile and the database a sort, for nothing.
    found = Member.objects.select_related("org", "enterprise").filter(user=user).order_by()[:1]
    return next(iter(found), None)


def member_summary_for_user(user) -> Member | None:
    """The logged-in person's member record with only what their card and own page show (name,
    number, status, joined date, union's name): those pages are viewed most of all, and each column
    of the member, their union and employer costs the ORM time to compile (the whole rows took
    three times as long). Other fields load when read, one query each. Remembered with the user's
    facts (the home's card tile shows the same): a change to the member, or to any org's name,
    reads it again."""
    if not getattr(user, "is_authenticated", False):
        return None

    def read() -> Member | None:
        found = (
            Member.objects.filter(user=user)
            .select_related("org")
            .only("uuid", "name", "member_no", "status", "joined_on", "org__name")
            .order_by()[:1]
        )
        return next(iter(found), None)

    return facts.remembered(user, "members:summary", read)


def my_member_events(user, member: Member) -> list[MembershipEvent]:
    """The logged-in member's own history (their page), remembered with their facts: a new event
    of theirs reads it again (members/apps.py), as does a renamed union."""
    return facts.remembered(user, "members:events", lambda: list(member_events(member)))


def member_events(member: Member) -> QuerySet:
    """The member's history as members/_events.html shows it (kind, date, note, the unions)."""
    return (
        MembershipEvent.objects.filter(member=member)
        .select_related("org", "from_org")
        .only("member_id", "kind", "on", "note", "org__name", "from_org__name")
    )


AUDIT_ACTIONS = {
    "create": _("建立会员档案"),
    "update": _("修改信息"),
    "import": _("名册导入"),
    "transfer": _("转会"),
    "leave": _("退会"),
    "retire": _("退休"),
    "rejoin": _("重新入会"),
    "correct": _("按本人申请更正信息"),
}


def _field_label(field: str) -> str:
    try:
        return str(Member._meta.get_field(field.removesuffix("_id")).verbose_name)
    except Exception:
        return {"reason": str(_("原因"))}.get(field, field)


def _pair(value) -> tuple:
    if isinstance(value, (list, tuple)) and len(value) == 2:
        return tuple(value)
    return (None, value)


def member_audit(member: Member) -> list[dict]:
    """The member's audit trail, with Chinese labels for actions and fields."""
    return [
        {
            "at": entry.at,
            "actor": entry.actor,
            "action": AUDIT_ACTIONS.get(entry.action, entry.action),
            "changes": [(_field_label(f), *_pair(v)) for f, v in (entry.changes or {}).items()],
        }
        for entry in audit.history(member)
    ]


def member_transfers(member: Member) -> QuerySet:
    return (
        TransferRequest.objects.filter(member=member)
        .select_related("from_org", "to_org", "to_enterprise")
        .order_by("-created_at")
    )


def member_open_requests(member: Member, *, user=None) -> dict:
    """The member's open transfers and latest data requests. With `user`, the member themselves,
    whether there are any is one of their core.facts: most members have none, and their page then
    reads neither list (members.models follows both models)."""

    def lists() -> dict:
        return {
            "transfers": list(
                TransferRequest.objects.filter(member=member, state="requested")
                .select_related("to_org")
                .only("member_id", "uuid", "state", "created_at", "to_org__name")
            ),
            "data_requests": list(DataRequest.objects.filter(member=member).order_by("-created_at")[:10]),
        }

    if user is None:
        return lists()
    found = {}

    def any_open() -> bool:
        found.update(lists())
        return bool(found["transfers"] or found["data_requests"])

    if not facts.remembered(user, "members:open_requests", any_open):
        return {"transfers": [], "data_requests": []}
    return found or lists()


def member_actions(user, member: Member) -> dict:
    """Which lifecycle actions a user may take on a member (for showing buttons only)."""
    manage = can_manage(user, member.org)
    return {
        "can_manage": manage,
        "can_transfer": manage and member.status == Member.Status.ACTIVE,
        "can_leave": manage and member.is_member,
        "can_retire": manage and member.status == Member.Status.ACTIVE,
        "can_rejoin": member.status == Member.Status.LEFT and bool(rejoin_unions_for(user).exists()),
    }


def _county_path(org: Org) -> str:
    return federation_above(org).path


def transfer_unions_for(member: Member) -> QuerySet:
    """Unions a member may transfer to: those admitting members in the same federation's tree."""
    return (
        Org.objects.filter(subtree_q(_county_path(member.org)), is_active=True, kind__in=MEMBER_KINDS)
        .exclude(pk=member.org_id)
        .order_by("path")
    )


def transfer_enterprises_for(member: Member) -> QuerySet:
    """Employers with a union, in the same federation's tree (the member picks the new employer)."""
    return (
        Enterprise.objects.filter(
            subtree_q(_county_path(member.org), "org_path"), union__isnull=False, union__is_active=True
        )
        .select_related("union")
        .order_by("name")
    )


def rejoin_unions_for(user) -> QuerySet:
    """Unions admitting members that the user manages (the scope decides; viewers get none)."""
    visible = Org.objects.visible_to(user).filter(is_active=True, kind__in=MEMBER_KINDS).order_by("path")
    return visible.filter(pk__in=[o.pk for o in visible.only("pk", "path") if can_manage(user, o)])


def rejoin_enterprises_for(user) -> QuerySet:
    return (
        Enterprise.objects.filter(union__in=rejoin_unions_for(user)).select_related("union").order_by("name")
    )


# --- transfers -------------------------------------------------------------------------------


def transfer_get_for(user, uuid) -> TransferRequest:
    return get_object_or_404(
        TransferRequest.objects.visible_to(user).select_related(
            "member", "member__org", "from_org", "to_org", "to_enterprise", "requested_by"
        ),
        uuid=uuid,
    )


def transfer_list_for(user, *, direction: str = "incoming", state: str = "") -> QuerySet:
    """Transfers coming into (or going out of) the user's subtrees; open ones first, oldest first."""
    if not is_cadre(user):
        raise PermissionDenied
    field = "to_path" if direction == "incoming" else "from_path"
    qs = TransferRequest.objects.all()
    if not getattr(user, "is_superuser", False):
        q = Q(pk__in=[])
        for path in scope_paths(user):
            q |= subtree_q(path, field)
        qs = qs.filter(q)
    if state:
        qs = qs.filter(state=state)
    return qs.select_related("member", "from_org", "to_org", "to_enterprise").order_by("created_at", "pk")


def _labelled(flow, logs) -> list:
    logs = list(logs)
    for log in logs:
        log.state_label = flow.label(log.to_state)
    return logs


def transfer_history(transfer: TransferRequest) -> list:
    return _labelled(TRANSFER_FLOW, TRANSFER_FLOW.history(transfer))


def transfer_available(transfer: TransferRequest, user) -> list[str]:
    return [t.name for t in TRANSFER_FLOW.available(transfer, user)]


# --- data requests ---------------------------------------------------------------------------


def data_request_list_for(user, *, state: str = "open", kind: str = "") -> QuerySet:
    if not is_cadre(user):
        raise PermissionDenied
    qs = DataRequest.objects.all()
    if not getattr(user, "is_superuser", False):
        q = Q(pk__in=[])
        for path in scope_paths(user):
            q |= subtree_q(path, "org_path")
        qs = qs.filter(q)
    if state:
        qs = qs.filter(state=state)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("member", "member__org").order_by("created_at", "pk")


def data_request_get_for(user, uuid, *, write: bool = False) -> DataRequest:
    request = get_object_or_404(
        DataRequest.objects.visible_to(user).select_related("member", "member__org", "member__user"),
        uuid=uuid,
    )
    if not can_view(user, request.member.org):
        raise PermissionDenied  # the member themselves: this is the union's page
    if write and not can_manage(user, request.member.org):
        raise PermissionDenied
    return request


def data_request_history(request: DataRequest) -> list:
    return _labelled(DATA_REQUEST_FLOW, DATA_REQUEST_FLOW.history(request))


def member_own_data(member: Member) -> dict:
    """Everything held about a member, in full: only for the member themselves (see services)."""
    application = (
        JoinApplication.objects.filter(member=member)
        .order_by("-created_at")
        .only("consent_at", "consent_version")
        .first()
    )
    return {
        "member": member,
        "id_number": member.id_number_plain(),
        "events": list(member_events(member)),
        "transfers": list(member_transfers(member)),
        "data_requests": list(DataRequest.objects.filter(member=member).order_by("-created_at")),
        "consent": application,
        "accesses": list(
            PersonalDataAccess.objects.filter(
                content_type__app_label="members", content_type__model="member", object_id=member.pk
            ).select_related("org")[:50]
        ),
    }


# --- the e-member card -----------------------------------------------------------------------


@dataclass(frozen=True)
class CardCheck:
    """What the verification page shows: enough to match the card to the person holding it
    (the masked name and the member number printed on the card), nothing more."""

    valid: bool
    union: str = ""  # the union's name when valid, else ""
    name_masked: str = ""
    member_no: str = ""


def card_token(member: Member) -> str:
    """The same token for the same member every time (no timestamp: the card has no expiry, its
    membership does), so the card's QR code is drawn once and then served from the cache."""
    return signing.Signer(salt=CARD_SALT).sign_object(str(member.uuid))


def _card_token_value(token: str):
    try:
        return signing.Signer(salt=CARD_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        pass
    # Cards shown before tokens were made stable carry a timestamped token: still honoured.
    return signing.loads(token, salt=CARD_SALT)


def card_verify_url(member: Member) -> str:
    return settings.GONGHUI_PUBLIC_URL.rstrip("/") + reverse("members:verify", args=[card_token(member)])


def card_qr_svg(url: str) -> str:
    """An inline SVG QR code (core.qr: no external fetch, drawn once per URL)."""
    return qr_svg(url)


def card_for(user) -> dict | None:
    """The card of the logged-in member, or None when they hold no membership."""
    member = member_summary_for_user(user)
    if member is None or not member.is_member:
        return None
    url = card_verify_url(member)
    return {
        "name": member.name,
        "member_no": member.member_no,
        "union": member.org.name,
        "status": member.status,
        "status_label": member.get_status_display(),
        "joined_on": member.joined_on,
        "verify_url": url,
        "valid": True,
    }


def card_verify(token: str) -> CardCheck:
    """Valid when the token is ours and the member holds membership; the holder only as the card
    shows them (masked name, member number), never the phone or identity number."""
    try:
        value = _card_token_value(token)
    except (signing.BadSignature, ValueError, TypeError):
        return CardCheck(False)
    member = Member.objects.filter(uuid=value).select_related("org").first() if _is_uuid(value) else None
    if member is None or not member.is_member:
        return CardCheck(False)
    return CardCheck(True, member.org.name, pii.mask_name(member.name), member.member_no)


def _is_uuid(value) -> bool:
    try:
        uuid_module.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        return False
    return True
