"""What accounts contributes to the navigation (discovered by core.homes)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.accounts.selectors import may_manage_positions
from gonghui.core import homes


@homes.modules
def account_modules(user):
    if user.is_authenticated and may_manage_positions(user):
        yield homes.Module(
            _("职务管理"), reverse("accounts:positions"), homes.GROUP_SETTINGS, homes.ORDER_SETTINGS + 1
        )
