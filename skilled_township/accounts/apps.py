from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "skilled_township.accounts"
    verbose_name = _("账号与审计")
    url_prefix = "accounts/"

    def ready(self):
        from . import audit, exports  # noqa: F401  (signal receivers of the audit trail; its export generator)

    @property
    def menu(self):
        from skilled_township.core.navigation import MenuGroup, MenuItem

        return [
            MenuItem(
                _("账号管理"),
                "accounts:user_list",
                "accounts.manage",
                _("乡镇填报员、鉴定员、考核组、领导账号"),
                group=MenuGroup.REGIONS,
            ),
            MenuItem(
                _("审计日志"), "accounts:audit_list", "audit.view", _("谁在何时从何处改了什么"), group=MenuGroup.REGIONS
            ),
        ]
