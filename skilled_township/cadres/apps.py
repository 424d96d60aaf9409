from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadresConfig(AppConfig):
    name = "skilled_township.cadres"
    verbose_name = _("干部")
    url_prefix = "cadres/"

    @property
    def menu(self):
        from skilled_township.core.navigation import MenuGroup, MenuItem

        return [
            MenuItem(
                _("干部名册"), "cadres:cadre_list", "cadres.view", _("干部信息、挂职、证书"), group=MenuGroup.CADRES
            ),
            MenuItem(
                _("学历结构"),
                "cadres:education",
                "cadres.education",
                _("班子成员、其他干部、后备干部学历达标情况"),
                group=MenuGroup.CADRES,
            ),
            MenuItem(
                _("学历目标"),
                "cadres:target_list",
                "cadres.targets",
                _("各群体大专以上学历的目标比例"),
                group=MenuGroup.CADRES,
            ),
        ]
