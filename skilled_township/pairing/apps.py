from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PairingConfig(AppConfig):
    name = "skilled_township.pairing"
    verbose_name = _("结对帮扶")
    url_prefix = "pairing/"

    @property
    def menu(self):
        from skilled_township.core.navigation import MenuGroup, MenuItem

        return [
            MenuItem(
                _("民情日志"),
                "pairing:visit_list",
                "pairing.read_visits",
                _("走访结对农户的记录，农户用短信验证码或签名确认"),
                group=MenuGroup.PAIRING,
            ),
            MenuItem(
                _("走访达标情况"),
                "pairing:norm_report",
                "pairing.view",
                _("每月驻村走访天数和走访户数，未达标的干部"),
                group=MenuGroup.PAIRING,
            ),
            MenuItem(
                _("帮扶工作标准"),
                "pairing:norm_list",
                "pairing.norms",
                _("各地每年的每月驻村天数和技能掌握比例目标"),
                group=MenuGroup.PAIRING,
            ),
        ]

    def notices(self, user):
        """For the township: the paired cadres below the visit norm last month, and visits still unconfirmed a
        week after they were logged; each links to the list it counts."""
        from .services import norms

        if not user.has_role_perm("pairing.manage"):
            return []
        return norms.notices(user)

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
            # The 民情日志: the programme's readers in their scope, a cadre their own (``visible_to``).
            "pairing.read_visits": roles.PROGRAMME_READERS | roles.CADRE_ONLY,
            # The monthly visit norm per region and year: the organisation department sets it.
            "pairing.norms": roles.ORG,
        }
