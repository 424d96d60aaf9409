from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadresConfig(AppConfig):
    name = "skilled_township.cadres"
    verbose_name = _("干部与学习")

    @property
    def menu(self):
        from skilled_township.core.navigation import MenuItem

        return [
            MenuItem(_("干部名册"), "cadres:cadre_list", "cadres.view", _("干部信息、挂职、证书")),
            MenuItem(_("学习计划"), "learning:plan_overview", "learning.view", _("必修加选修，谁还没达到计划规则")),
            MenuItem(_("学习台账"), "learning:study_list", "learning.view", _("学习有笔记：日期、学时、技能、方式")),
            MenuItem(_("月度学习汇总"), "learning:monthly", "learning.view", _("一月一述学")),
            MenuItem(
                _("学历结构"), "learning:education", "learning.view", _("班子成员、其他干部、后备干部学历达标情况")
            ),
            MenuItem(_("计划规则"), "learning:rule_list", "learning.rules", _("每年的选修和分类最少技能数")),
            MenuItem(_("学历目标"), "learning:target_list", "learning.rules", _("各群体大专以上学历的目标比例")),
        ]
