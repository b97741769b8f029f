"""The shared pages' navigation entries (discovered by core.homes like every app's home.py)."""

from django.utils.translation import gettext as _

from gonghui.core import homes, scoping


@homes.modules
def core_modules(user):
    if scoping.is_cadre(user):
        yield homes.Module(_("接口文档"), "/api/v1/docs", homes.GROUP_SETTINGS, homes.ORDER_SETTINGS + 9)
