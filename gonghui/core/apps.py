from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _create_cache_table(sender, **kwargs) -> None:
    from gonghui.core.jobs import ensure_cache_table

    ensure_cache_table()


class CoreConfig(AppConfig):
    name = "gonghui.core"
    label = "core"
    verbose_name = _("公共机制")

    def ready(self) -> None:
        from gonghui.core import tasks  # noqa: F401  (registers the task runner)

        # `gonghui migrate` (and demo, serve --migrate) also create the database cache's table.
        post_migrate.connect(_create_cache_table, sender=self, dispatch_uid="gonghui.core.cache_table")
        from gonghui.core.scoping import connect_org_path_sync

        connect_org_path_sync()
        from gonghui.core import tallies
        from gonghui.core.scoping import path_moved

        path_moved.connect(tallies.moved, dispatch_uid="gonghui.core.tallies.moved")
        from gonghui.core import stamps

        path_moved.connect(stamps.touch_everything, dispatch_uid="gonghui.core.stamps.moved")
