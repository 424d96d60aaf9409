from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PairingConfig(AppConfig):
    name = "skilled_township.pairing"
    verbose_name = _("结对帮扶")
    url_prefix = "pairing/"

    @property
    def menu(self):
        return []

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
