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
