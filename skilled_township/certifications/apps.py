from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationsConfig(AppConfig):
    name = "skilled_township.certifications"
    verbose_name = _("技能鉴定与证书")
    url_prefix = "certifications/"
    #: The public's pages (no sign-in): the township directory, certificate verification, service requests.
    public_url_prefix = ""

    def ready(self):
        from .services import cards  # noqa: F401  (the generator of a township's service cards)

    @property
    def menu(self):
        from skilled_township.core.navigation import MenuGroup, MenuItem

        return [
            MenuItem(
                _("便民服务卡"),
                "certifications:cards",
                "certifications.manage",
                _("全镇干部的服务卡 PDF：技能等级、公开电话和证书查验二维码"),
                group=MenuGroup.CERTIFICATES,
            ),
            MenuItem(
                _("我的服务卡"),
                "certifications:my_card",
                "certifications.serve",
                _("打印本人的便民服务卡，发给服务的群众"),
                group=MenuGroup.CERTIFICATES,
            ),
        ]

    @property
    def permissions(self):
        """This app's permission codes → the roles that hold them (joined in ``accounts.roles.permissions``)."""
        from skilled_township.accounts import roles

        return {
            # Appraisals, certificates, compliance, the talent pool, service requests and the service ledger:
            # read in scope (HR appraisers city-wide).
            "certifications.view": roles.STAFF_ROLES,
            # Record appraisals, issue and revoke certificates (seed 004: the HR/labour department).
            "certifications.appraise": frozenset({roles.Role.HR_APPRAISER}),
            # A township's public listing (duties, published phone with consent), service cards, the request
            # queue (reassigning) and the service ledger.
            "certifications.manage": roles.ORG_AND_SECRETARY,
            # A cadre's own side: the requests assigned to them, closing them, their own listing and card.
            "certifications.serve": roles.CADRE_ONLY,
        }
