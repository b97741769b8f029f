from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicedeskConfig(AppConfig):
    name = "gonghui.servicedesk"
    label = "servicedesk"
    verbose_name = _("服务阵地与点单")

    def ready(self) -> None:
        from gonghui.core import facts
        from gonghui.servicedesk.models import BusTrip, PartnerUnit, ServiceTeam, ServiceTeamMember

        # What desk_roles and the navigation read: teams, their members, units' contacts, crews.
        facts.follow(ServiceTeam, lambda team: [team.leader_id])  # team_set_leader forgets the old one
        facts.follow(ServiceTeamMember)
        facts.follow_m2m(ServiceTeam.members)
        facts.follow_m2m(PartnerUnit.contacts)
        facts.follow_m2m(BusTrip.teams, everyone=True)

        from gonghui.servicedesk import tallies

        tallies.register()  # the monthly order and problem tallies, for recount_tallies and moves
