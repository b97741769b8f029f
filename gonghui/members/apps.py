from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "gonghui.members"
    label = "members"
    verbose_name = _("会籍")

    def ready(self) -> None:
        from gonghui.members import contrib

        contrib.register()
