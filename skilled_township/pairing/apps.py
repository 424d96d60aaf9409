from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PairingConfig(AppConfig):
    name = "skilled_township.pairing"
    verbose_name = _("结对帮扶")
    url_prefix = "pairing/"

    def ready(self):
        from .services import import_jobs  # noqa: F401  (the background import's file generator)

    @property
    def menu(self):
        from skilled_township.core.navigation import MenuGroup, MenuItem

        return [
            # Households, members, incomes, import and export.
            MenuItem(
                _("农户"),
                "pairing:household_list",
                "pairing.view",
                _("农户、家庭成员及其技能、每年人均纯收入，导入与导出"),
                group=MenuGroup.PAIRING,
            ),
            MenuItem(
                _("掌握致富技能"),
                "pairing:skill_share",
                "pairing.view",
                _("帮扶户有劳动能力的成员中掌握致富技能的比例，对照目标，可逐级查看"),
                group=MenuGroup.PAIRING,
            ),
        ]

    @property
    def permissions(self):
        """This app's permission codes → the roles that hold them (joined in ``accounts.roles.permissions``)."""
        from skilled_township.accounts import roles

        return {
            # Households, incomes, pairings, visits, the monthly visit norm and the early warning: read in scope.
            "pairing.view": roles.PROGRAMME_READERS,
            # Register households, members, incomes; pair, hand over; import and export.
            "pairing.manage": roles.ORG_AND_SECRETARY,
            # Log visits to one's own paired households and have them confirmed.
            "pairing.visit": roles.CADRE_ONLY | roles.ORG_AND_SECRETARY,
        }
