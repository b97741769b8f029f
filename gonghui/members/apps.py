from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "gonghui.members"
    label = "members"
    verbose_name = _("会籍")

    def ready(self) -> None:
        from gonghui.members import contrib

        contrib.register()

        from gonghui.core import facts, stamps
        from gonghui.members.models import (
            DataRequest,
            Member,
            MembershipEvent,
            TransferRequest,
            member_user_ids,
        )
        from gonghui.members.selectors.roster import MEMBERS

        facts.follow(Member)  # membership decides the card and join entries of the navigation
        stamps.follow(Member, MEMBERS)  # the roster's counts and pages (members.selectors.roster)
        # Whether a member has an open transfer or any data request (their own page skips both
        # lists when not): a request made, decided or deleted makes them read it again.
        facts.follow(TransferRequest, member_user_ids)
        facts.follow(DataRequest, member_user_ids)
        facts.follow(MembershipEvent, member_user_ids)  # the history on their own page
