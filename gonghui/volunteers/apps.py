from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "gonghui.volunteers"
    label = "volunteers"
    verbose_name = _("志愿服务")

    def ready(self) -> None:
        from gonghui.servicedesk import reporters
        from gonghui.volunteers.selectors import reporting_areas

        reporters.register(reporting_areas)

        from gonghui.core import facts
        from gonghui.volunteers.models import Volunteer, VolunteerTask, VolunteerTeam

        facts.follow(Volunteer)
        facts.follow(VolunteerTask, lambda task: [task.leader_id])
        facts.follow(
            VolunteerTeam,
            lambda team: Volunteer.objects.filter(pk=team.leader_id).values_list("user_id", flat=True),
        )  # team_set_leader forgets the old leader
