"""What members contributes to the levels below it, registered in MembersConfig.ready: to the org
tree (orgs.contrib) the memberships the tally and the statistics count, and the org/enterprise
chooser purposes of the members' forms (the roster filter, an import, a transfer, a rejoin); to
the login (accounts.contrib) the members who may sign in by code before having an account."""

import uuid as uuid_module

from django.http import Http404
from django.shortcuts import get_object_or_404

from gonghui.accounts import contrib as accounts_contrib
from gonghui.orgs import contrib


def member_rows():
    from gonghui.members.models import Member

    return Member.objects.filter(status__in=(Member.Status.ACTIVE, Member.Status.RETIRED))


def members_without_account(phone: str):
    """Who may sign in by a code before having an account: members holding membership."""
    from gonghui.members.models import Member

    return Member.objects.filter(
        mobile=phone, user__isnull=True, status__in=[Member.Status.ACTIVE, Member.Status.RETIRED]
    )


def _transfer_member(request):
    """The member a transfer is for: the member's own record, or one in the cadre's scope (else 404)."""
    from gonghui.members.models import Member

    try:
        pk = uuid_module.UUID(str(request.GET.get("member")))
    except ValueError:
        raise Http404 from None
    return get_object_or_404(Member.objects.visible_to(request.user).select_related("org"), uuid=pk)


def register() -> None:
    from gonghui.members.selectors import lifecycle, roster

    accounts_contrib.register_unlinked_people(members_without_account)
    contrib.register_member_rows(member_rows)
    contrib.register_org_purpose("scope", "cadre", lambda request: roster.orgs_for_filter(request.user))
    contrib.register_org_purpose("import", "manage", lambda request: roster.unions_for_import(request.user))
    contrib.register_org_purpose(
        "rejoin", "manage", lambda request: lifecycle.rejoin_unions_for(request.user)
    )
    contrib.register_org_purpose(
        "transfer", "login", lambda request: lifecycle.transfer_unions_for(_transfer_member(request))
    )
    contrib.register_enterprise_purpose(
        "transfer", "login", lambda request: lifecycle.transfer_enterprises_for(_transfer_member(request))
    )
    contrib.register_enterprise_purpose(
        "rejoin", "manage", lambda request: lifecycle.rejoin_enterprises_for(request.user)
    )
