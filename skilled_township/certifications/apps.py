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
                _("技能鉴定"),
                "certifications:appraisal_list",
                "certifications.view",
                _("理论、实操、综合鉴定的成绩和结果，合格即发证"),
                group=MenuGroup.CERTIFICATES,
            ),
            MenuItem(
                _("技能证书"),
                "certifications:certificate_list",
                "certifications.view",
                _("证书编号、等级、有效期，撤销及原因"),
                group=MenuGroup.CERTIFICATES,
            ),
            MenuItem(
                _("持证情况"),
                "certifications:compliance",
                "certifications.view",
                _("在岗干部持有有效证书的比例，按乡镇、县和全市，以及未持证干部名单"),
                group=MenuGroup.CERTIFICATES,
            ),
            MenuItem(
                _("人才库"),
                "certifications:talent_pool",
                "certifications.view",
                _("各乡镇持证干部的技能和等级，可筛选、导出"),
                group=MenuGroup.CERTIFICATES,
            ),
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
        """For the organisation department and the township secretaries: the in-post cadres in their scope still
        without a valid certificate (seed 004: every cadre holds one), and the service requests open longer than
        ``ServiceRequest.OVERDUE_DAYS`` days; each links to the list it counts."""
        if not user.has_role_perm("certifications.manage"):
            return []
        return [*self._uncertified_notices(user), *self._overdue_notices(user)]

    def _uncertified_notices(self, user):
        from django.urls import reverse
        from django.utils.translation import ngettext

        from skilled_township.cadres.models import Cadre
        from skilled_township.core.navigation import Notice

        from .services.compliance import without_valid_certificate

        count = without_valid_certificate(Cadre.objects.visible_to(user)).count()
        if not count:
            return []
        text = ngettext("%(count)s名在岗干部还没有有效的技能证书", "%(count)s名在岗干部还没有有效的技能证书", count) % {
            "count": count
        }
        return [Notice(text, reverse("certifications:uncertified_list"), count, key="cadres-without-certificate")]

    def _overdue_notices(self, user):
        from django.urls import reverse
        from django.utils import timezone
        from django.utils.translation import ngettext

        from skilled_township.core.navigation import Notice

        from .models import ServiceRequest

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
