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
