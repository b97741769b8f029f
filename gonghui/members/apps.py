from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "gonghui.members"
    label = "members"
    verbose_name = _("会籍")

    def ready(self) -> None:
        from gonghui.members import contrib

        contrib.register()

        from gonghui.core import facts
        from gonghui.members.models import Member

        facts.follow(Member)  # membership decides the card and join entries of the navigation
