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

        from gonghui.core import facts
        from gonghui.orgs.models import EnterpriseContact, Org

        facts.follow(Org)  # a move, rename or closing changes every cadre's scope below it
        facts.follow(EnterpriseContact)
