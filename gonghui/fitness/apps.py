from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FitnessConfig(AppConfig):
    name = "gonghui.fitness"
    label = "fitness"
    verbose_name = _("全员健身")
