from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "skilled_township.regions"
    verbose_name = _("行政区划")
    url_prefix = "regions/"

    @property
    def menu(self):
        from skilled_township.core.navigation import MenuGroup, MenuItem

        return [
            MenuItem(
                _("区划树"),
                "regions:region_tree",
                "regions.view",
                _("市、县、乡镇、村四级区划"),
                group=MenuGroup.REGIONS,
            ),
            MenuItem(
                _("试点乡镇"),
                "regions:pilot_list",
                "regions.view",
                _("试点批次、启动年份、一镇一品"),
                group=MenuGroup.REGIONS,
            ),
            MenuItem(
                _("村人均纯收入"),
                "regions:income_list",
                "regions.view",
                _("结对帮扶户的增收目标线"),
                group=MenuGroup.PAIRING,
            ),
        ]
