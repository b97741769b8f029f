"""Membership indicators and charts (core.indicators). The figures are those of orgs.stats (the
member tally and the joined-on index, which members keeps); the composition and the monthly
joins come from members.selectors.figures."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.indicators import Chart, register
from gonghui.members.selectors import figures
from gonghui.orgs.indicators import STATS, org_page


def _roster(org, period) -> str:
    from django.urls import reverse

    from gonghui.members.selectors.roster import HOLDING

    return f"{reverse('members:roster')}?org={org.uuid}&status={HOLDING}"  # whom the tile counts


register(
    STATS("members.members", _("会员"), _("人"), state=True, drill=_roster, order=20),
    STATS("members.new_members", _("新入会会员"), _("人"), order=21),
    STATS(
        "members.membership_rate",
        _("入会率"),
        "%",
        kind="rate",
        state=True,
        help=_("会员人数÷已建会企业的职工人数"),
        order=22,
    ),
    STATS("members.new_form_members", _("新就业形态会员"), _("人"), state=True, order=23),
    Chart(
        key="members.joined_by_month",
        name=_("每月新入会会员"),
        kind="trend",
        unit=_("人"),
        compute=figures.joined_by_month,
        drill=org_page,
        order=20,
    ),
    Chart(
        key="members.by_kind",
        name=_("会员构成"),
        kind="composition",
        unit=_("人"),
        compute=figures.members_by_kind,
        drill=_roster,
        order=21,
    ),
)
