from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "skilled_township.api"
    verbose_name = _("接口")
    url_prefix = "api/v1/"

    @property
    def permissions(self):
        """This app's permission codes → the roles that hold them (joined in ``accounts.roles.permissions``)."""
        from skilled_township.accounts import roles

        return {
            # API schema and its documentation page.
            "api.docs": roles.ALL_ROLES,
        }
