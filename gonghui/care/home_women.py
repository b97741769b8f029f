"""Care: women — home cards and modules (core.homes), imported by care/home.py."""

from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core import homes
from gonghui.core.scoping import is_cadre


@homes.modules
def women_modules(user):
    yield homes.Module(
        _("爱心妈妈小屋"), reverse("care:women_places_open"), homes.GROUP_WORKER, homes.ORDER_WORKER + 45
    )
    if is_cadre(user):
        yield homes.Module(
            _("女职工关爱"), reverse("care:women_records"), homes.GROUP_DESK, homes.ORDER_DESK + 45
        )
