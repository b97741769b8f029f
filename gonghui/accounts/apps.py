from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "gonghui.accounts"
    label = "accounts"
    verbose_name = _("账号与职务")

    def ready(self) -> None:
        from gonghui.accounts.models import Position
        from gonghui.core import facts

        facts.follow(Position)  # a grant or revoke, by a service or the admin, changes scope at once
