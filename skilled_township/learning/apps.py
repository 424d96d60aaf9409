from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "skilled_township.learning"
    verbose_name = _("学习")
    url_prefix = "learning/"

    @property
    def menu(self):
        from skilled_township.core.navigation import MenuGroup, MenuItem

        return [
            MenuItem(
                _("我的学习"),
                "learning:mine",
                "learning.own",
                _("我的学习计划、本月学习，记一条学习"),
                group=MenuGroup.LEARNING,
            ),
            MenuItem(
                _("学习计划"),
                "learning:plan_overview",
                "learning.view",
                _("必修加选修，谁还没达到计划规则"),
                group=MenuGroup.LEARNING,
            ),
            MenuItem(
                _("学习台账"),
                "learning:study_list",
                "learning.read",
                _("学习有笔记：日期、学时、技能、方式"),
                group=MenuGroup.LEARNING,
            ),
            MenuItem(
                _("一月一述学"),
                "learning:report_list",
                "learning.read",
                _("每月学了什么、用在哪里、存在问题，领导讲评"),
                group=MenuGroup.LEARNING,
            ),
            MenuItem(_("月度学习汇总"), "learning:monthly", "learning.view", _("一月一述学"), group=MenuGroup.LEARNING),
            MenuItem(
                _("需求缺口"),
                "learning:demand_gap",
                "demand.view",
                _("群众需要什么，干部学习什么"),
                group=MenuGroup.LEARNING,
            ),
            MenuItem(
                _("计划规则"),
                "learning:rule_list",
                "learning.rules",
                _("每年的选修和分类最少技能数"),
                group=MenuGroup.LEARNING,
            ),
        ]

    @property
    def permissions(self):
        """This app's permission codes → the roles that hold them (joined in ``accounts.roles.permissions``)."""
        from skilled_township.accounts import roles

        return {
            # A township's learning: plan overview, monthly summaries (every cadre of the township at once).
            "learning.view": roles.PROGRAMME_READERS,
            # Learning plans, and removing mistyped study records.
            "learning.manage": roles.ORG_AND_SECRETARY,
            # Plans and study records row by row, through ``visible_to``: a cadre reads only their own.
            "learning.read": roles.PROGRAMME_READERS | roles.CADRE_ONLY,
            # Log and correct study records, through ``visible_to``: a cadre logs only their own.
            "learning.log": roles.ORG_AND_SECRETARY | roles.CADRE_ONLY,
            # One study session logged for several cadres at once (those who keep the township's ledger).
            "learning.log_many": roles.ORG_AND_SECRETARY,
            # A cadre's own page (我的学习): their plan, this month's study, their roster entry.
            "learning.own": roles.CADRE_ONLY,
            # Write and correct the monthly 述学, through ``visible_to``: a cadre writes only their own.
            "learning.report": roles.ORG_AND_SECRETARY | roles.CADRE_ONLY,
            # 讲评 on a 述学: the party leadership over the cadre (the township's secretary, the county's and
            # city's leaders, the organisation department), not the reviewers of certificates, not the cadre.
            "learning.review": roles.ORG_AND_SECRETARY | {roles.Role.LEADER},
            # Yearly plan rule.
            "learning.rules": roles.ORG,
        }
