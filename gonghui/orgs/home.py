"""What the org tree contributes to the home and the navigation (discovered by core.homes)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core import homes
from gonghui.core.scoping import is_cadre
from gonghui.orgs.models import JOINT_KINDS
from gonghui.orgs.selectors import is_federation_cadre, position_kinds


@homes.modules
def org_modules(user):
    if not is_cadre(user):
        return
    yield homes.Module(_("组织架构"), reverse("orgs:list"), homes.GROUP_ORGS, homes.ORDER_ORGS + 1)
    yield homes.Module(_("企业"), reverse("orgs:enterprise_list"), homes.GROUP_ORGS, homes.ORDER_ORGS + 2)
    joint = any(kind in JOINT_KINDS for kinds in position_kinds(user).values() for kind in kinds)
    if joint or is_federation_cadre(user):
        yield homes.Module(
            _("新就业形态入会路由"), reverse("orgs:routes"), homes.GROUP_ORGS, homes.ORDER_ORGS + 9
        )
