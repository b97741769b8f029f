from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "gonghui.orgs"
    label = "orgs"
    verbose_name = _("组织")

    def ready(self) -> None:
        from gonghui.accounts import contrib
        from gonghui.orgs.selectors import org_get_for, orgs_for_grant

        contrib.register_orgs(org_get_for=org_get_for, orgs_for_grant=orgs_for_grant)

        from django.db.models.signals import post_delete

        from gonghui.core import facts, stamps
        from gonghui.orgs.models import Enterprise, EnterpriseContact, Org
        from gonghui.orgs.stats import ENTERPRISES

        facts.follow(Org)  # a move, rename or closing changes every cadre's scope below it
        facts.follow(EnterpriseContact)
        stamps.follow(Enterprise, ENTERPRISES)  # the org page's pipeline (orgs.stats.pipeline_list)
        # A deleted union leaves the enterprises it covered by a bulk update (SET_NULL): no signal.
        post_delete.connect(
            stamps.touch_everything, sender=Org, dispatch_uid="gonghui.orgs.stamps.deleted", weak=False
        )
