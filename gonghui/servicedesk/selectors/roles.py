"""Which desk roles a person holds beside their positions: on a service team, a partner unit's
contact, an enterprise contact. One query for them all, once per request (home and navigation)."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef

from gonghui.core import facts
from gonghui.orgs.models import EnterpriseContact
from gonghui.servicedesk.models import PartnerUnit, ServiceTeam, ServiceTeamMember


@dataclass(frozen=True)
class DeskRoles:
    on_team: bool = False  # leads or belongs to a service team
    leads_team: bool = False
    unit_contact: bool = False  # answers problems for a partner unit
    enterprise_contact: bool = False


def desk_roles(user) -> DeskRoles:
    if not getattr(user, "is_authenticated", False):
        return DeskRoles()

    def compute() -> DeskRoles:
        me = OuterRef("pk")
        row = (
            get_user_model()
            .objects.filter(pk=user.pk)
            .annotate(
                h_leads=Exists(ServiceTeam.objects.filter(leader=me)),
                h_member=Exists(ServiceTeamMember.objects.filter(user=me)),
                h_unit=Exists(PartnerUnit.objects.filter(contacts=me)),
                h_contact=Exists(EnterpriseContact.objects.filter(user=me)),
            )
            .values("h_leads", "h_member", "h_unit", "h_contact")
            .first()
        ) or {}
        return DeskRoles(
            on_team=bool(row.get("h_leads") or row.get("h_member")),
            leads_team=bool(row.get("h_leads")),
            unit_contact=bool(row.get("h_unit")),
            enterprise_contact=bool(row.get("h_contact")),
        )

    # Kept across requests: servicedesk's apps.py follows the teams, crews and contacts it reads.
    return facts.remembered(user, "desk_roles", compute)
