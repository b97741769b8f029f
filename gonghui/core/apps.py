from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gonghui.core"
    label = "core"
    verbose_name = _("公共机制")

    def ready(self) -> None:
        from gonghui.core import tasks  # noqa: F401  (registers the task runner)
        from gonghui.core.scoping import connect_org_path_sync

        connect_org_path_sync()
