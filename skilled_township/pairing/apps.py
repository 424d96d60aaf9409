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
            # A cadre's own households: the pairing pages are the township's, this one is theirs.
            MenuItem(
                _("我的帮扶户"),
                "pairing:mine",
                "pairing.own",
                _("本人正在结对帮扶的农户：目标状态、最近走访和今年走访次数"),
                group=MenuGroup.PAIRING,
            ),
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
            MenuItem(
                _("结对帮扶"),
                "pairing:pairing_list",
                "pairing.view",
                _("干部与农户一对一结对，帮扶目标与收入状态"),
                group=MenuGroup.PAIRING,
            ),
            MenuItem(
                _("待交接的结对"),
                "pairing:handover_list",
                "pairing.manage",
                _("离岗或调离干部的结对，一次交接给本乡镇在岗干部"),
                group=MenuGroup.PAIRING,
            ),
            MenuItem(
                _("收入预警"),
                "pairing:at_risk",
                "pairing.view",
                _("收入滞后或未录入的结对，差距大的在前"),
                group=MenuGroup.PAIRING,
            ),
            MenuItem(
                _("结对目标汇总"),
                "pairing:target_summary",
                "pairing.view",
                _("各县、各乡镇的达标、按期、滞后户数和技能比例"),
                group=MenuGroup.PAIRING,
            ),
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
        """For those who pair and hand over: the active pairings in their scope whose cadre left the post or moved
        to another township (linking to the handover list), the paired cadres below the visit norm last month, and
        visits still unconfirmed a week after they were logged; each links to the list it counts."""
        from django.urls import reverse
        from django.utils.translation import ngettext

        from skilled_township.core.navigation import Notice

        from .models import Pairing
        from .services import norms
        from .services.pairings import awaiting_handover

        if not user.has_role_perm("pairing.manage"):
            return []
        found = norms.notices(user)
        count = awaiting_handover(Pairing.objects.visible_to(user)).count()
        if not count:
            return found
        text = ngettext(
            "%(count)s户的结对干部已离岗或调离，待交接",
            "%(count)s户的结对干部已离岗或调离，待交接",
            count,
        ) % {"count": count}
        return [Notice(text, reverse("pairing:handover_list"), count, key="pairings-awaiting-handover"), *found]

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
            # 我的帮扶户: a cadre's own active pairings and those households' pages (``visible_to``: their own).
            "pairing.own": roles.CADRE_ONLY,
            # The monthly visit norm per region and year: the organisation department sets it.
            "pairing.norms": roles.ORG,
        }
