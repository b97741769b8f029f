"""Notice indicators (core.indicators): notices published in the period and their read rate."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.indicators import register
from gonghui.notices.selectors import FIGURES

_notices = FIGURES.family(drill="notices:manage_list", drill_org=True)  # the notices counted (one scan)

register(
    _notices("notices.published", _("发布公告"), _("条"), help=_("本期发布（未撤回）的通知公告"), order=80),
    _notices(
        "notices.read_rate",
        _("公告阅读率"),
        "%",
        kind="rate",
        help=_("本期公告的已读人数÷面向人数"),
        order=81,
    ),
)
