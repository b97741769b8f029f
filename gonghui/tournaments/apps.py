from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TournamentsConfig(AppConfig):
    name = "gonghui.tournaments"
    label = "tournaments"
    verbose_name = _("赛事")
