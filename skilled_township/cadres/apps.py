from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadresConfig(AppConfig):
    name = "skilled_township.cadres"
    verbose_name = _("干部")
    url_prefix = "cadres/"

    def ready(self):
        from .services import import_jobs  # noqa: F401  (the background import's file generator)

    @property
    def menu(self):
        from skilled_township.core.navigation import MenuGroup, MenuItem

        return [
            MenuItem(
                _("干部名册"), "cadres:cadre_list", "cadres.view", _("干部信息、挂职、证书"), group=MenuGroup.CADRES
            ),
            MenuItem(
                _("挂职干部"),
                "cadres:secondment_list",
                "cadres.view",
                _("科技副镇长、第一书记的任期，即将期满的标出"),
                group=MenuGroup.CADRES,
            ),
            MenuItem(
                _("调入申请"),
                "cadres:transfer_list",
                "cadres.manage",
                _("干部在乡镇之间调动：本辖区的申请，以及待本部门审核的申请"),
                group=MenuGroup.CADRES,
            ),
            MenuItem(
                _("学历结构"),
                "cadres:education",
                "cadres.education",
                _("乡镇党委书记、班子成员、其他乡镇干部、村党组织书记、后备干部的学历达标情况，可逐级查看"),
                group=MenuGroup.CADRES,
            ),
            MenuItem(
                _("学历目标"),
                "cadres:target_list",
                "cadres.targets",
                _("各群体每年的学历要求与目标比例"),
                group=MenuGroup.CADRES,
            ),
        ]

    def notices(self, user):
        """For those who keep the roster: the secondments in their scope that end within 60 days, so a successor
        is sent in time; the notice links to the list filtered to them."""
        from django.urls import reverse
        from django.utils import timezone
        from django.utils.translation import ngettext

        from skilled_township.core.navigation import Notice

        from .models import Secondment

        if not user.has_role_perm("cadres.manage"):
            return []
        count = Secondment.objects.visible_to(user).ending_soon(timezone.localdate()).count()
        if not count:
            return []
        text = ngettext(
            "%(count)s名挂职干部的任期将在%(days)s天内届满",
            "%(count)s名挂职干部的任期将在%(days)s天内届满",
            count,
        ) % {"count": count, "days": Secondment.ENDING_SOON_DAYS}
        url = f"{reverse('cadres:secondment_list')}?status=ending_soon"
        return [Notice(text, url, count, key="secondments-ending")]

    @property
    def permissions(self):
        """This app's permission codes → the roles that hold them (joined in ``accounts.roles.permissions``)."""
        from skilled_township.accounts import roles

        return {
            # Cadre roster and secondments; HR appraisers read it to appraise and certify.
            "cadres.view": roles.STAFF_ROLES,
            "cadres.manage": roles.ORG_AND_SECRETARY,
            # Open sign-in accounts for a township's cadres (one step from the roster).
            "cadres.accounts": roles.ORG_AND_SECRETARY,
            # Full resident ID numbers are shown only to those who keep the roster.
            "cadres.view_id_number": roles.ORG_AND_SECRETARY,
            # Education structure of the roster against the targets, and the targets themselves.
            "cadres.education": roles.PROGRAMME_READERS,
            "cadres.targets": roles.ORG,
            # Decide requests to move a cadre between townships (both must lie in the decider's scope).
            "cadres.transfers": roles.ORG,
        }
