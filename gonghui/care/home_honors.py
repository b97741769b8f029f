"""Care: honors — home cards and modules (core.homes), imported by care/home.py."""

from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.care.selectors.honors import my_certificates
from gonghui.core import homes
from gonghui.core.scoping import is_cadre


@homes.modules
def honors_modules(user):
    if is_cadre(user):
        yield homes.Module(
            _("荣退仪式"), reverse("care:honors_list"), homes.GROUP_DESK, homes.ORDER_DESK + 55
        )


@homes.tiles
def honors_tiles(user):
    """A retired member: their certificate to download."""
    if not user.is_authenticated:
        return
    honour = my_certificates(user).first()
    if honour is not None:
        yield homes.Tile(
            "card",
            _("我的荣退证书"),
            reverse("care:honors_mine"),
            detail=f"{honour.ceremony.title} · {honour.certificate_no}",
            order=45,
        )
