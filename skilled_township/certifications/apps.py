from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationsConfig(AppConfig):
    name = "skilled_township.certifications"
    verbose_name = _("技能鉴定与证书")
    url_prefix = "certifications/"
    #: The public's pages (no sign-in): the township directory, certificate verification, service requests.
    public_url_prefix = ""

    @property
    def menu(self):
        from skilled_township.core.navigation import MenuGroup, MenuItem

        return [
            MenuItem(
                _("服务请求"),
                "certifications:request_list",
                "certifications.services",
                _("群众求助的分派、改派、办结，超期提醒"),
                group=MenuGroup.CERTIFICATES,
            ),
            MenuItem(
                _("服务台账"),
                "certifications:ledger_list",
                "certifications.services",
                _("服务有记录：日期、干部、技能、服务对象与结果"),
                group=MenuGroup.CERTIFICATES,
            ),
            MenuItem(
                _("公开信息"),
                "certifications:profile_list",
                "certifications.manage",
                _("人才库公开名录：服务职责、本人同意公开的电话"),
                group=MenuGroup.CERTIFICATES,
            ),
            MenuItem(
                _("我的公开信息"),
                "certifications:profile_mine",
                "certifications.serve",
                _("人才库公开名录中显示的职责和电话"),
                group=MenuGroup.CERTIFICATES,
            ),
        ]

    def notices(self, user):
        """For those who keep the request queue: requests open longer than ``ServiceRequest.OVERDUE_DAYS`` days,
        linking to the list filtered to them."""
        from django.urls import reverse
        from django.utils import timezone
        from django.utils.translation import ngettext

        from skilled_township.core.navigation import Notice

        from .models import ServiceRequest

        if not user.has_role_perm("certifications.manage"):
            return []
        count = ServiceRequest.objects.visible_to(user).overdue(timezone.now()).count()
        if not count:
            return []
        text = ngettext(
            "%(count)s件服务请求超过%(days)s天未办结",
            "%(count)s件服务请求超过%(days)s天未办结",
            count,
        ) % {"count": count, "days": ServiceRequest.OVERDUE_DAYS}
        url = f"{reverse('certifications:request_list')}?overdue=true"
        return [Notice(text, url, count, key="service-requests-overdue")]

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
            # Service requests and the service ledger row by row, through ``visible_to``: staff in scope, a cadre
            # their own.
            "certifications.services": roles.STAFF_ROLES | roles.CADRE_ONLY,
        }
