from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _cadres_above(path: str) -> list[int]:
    """Who lists a team of `path` on their board: its managing cadres and those above, and the
    superusers (whose board holds every subtree)."""
    from gonghui.accounts.models import Position, User
    from gonghui.core.scoping import MANAGING_ROLES, path_prefixes

    positions = Position.objects.filter(role__in=MANAGING_ROLES, org__path__in=path_prefixes(path))
    superusers = User.objects.filter(is_superuser=True, is_active=True)
    return [*positions.values_list("user_id", flat=True), *superusers.values_list("pk", flat=True)]


class ServicedeskConfig(AppConfig):
    name = "gonghui.servicedesk"
    label = "servicedesk"
    verbose_name = _("服务阵地与点单")

    def ready(self) -> None:
        from gonghui.core import facts
        from gonghui.servicedesk.models import BusTrip, PartnerUnit, ServiceTeam, ServiceTeamMember

        # What desk_roles and the navigation read: teams, their members, units' contacts, crews.
        # team_set_leader forgets the old leader; the cadres above it list it on their board
        facts.follow(ServiceTeam, lambda team: [team.leader_id, *_cadres_above(team.org_path)])
        facts.follow(ServiceTeamMember)
        facts.follow_m2m(ServiceTeam.members)
        facts.follow_m2m(PartnerUnit.contacts)
        facts.follow_m2m(BusTrip.teams, everyone=True)

        from gonghui.core import stamps
        from gonghui.servicedesk.models import ServiceOrder
        from gonghui.servicedesk.selectors.orders import ORDERS

        stamps.follow(ServiceOrder, ORDERS)  # the dispatch board's counts and page keys

        from gonghui.servicedesk import tallies

        tallies.register()  # the daily order and problem tallies, for recount_tallies and moves
