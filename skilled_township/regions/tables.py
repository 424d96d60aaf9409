import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from skilled_township.core.tables import edit_column

from .models import PilotTownship, VillageIncome


class PilotTownshipTable(tables.Table):
    township = tables.Column(linkify=True, verbose_name=_("乡镇"), order_by="township__name")
    county = tables.Column(accessor="township__parent__name", verbose_name=_("县（市、区）"))
    batch = tables.Column(accessor="batch_label", order_by="batch", verbose_name=_("试点批次"))
    village_count = tables.Column(verbose_name=_("村数"))

    class Meta:
        model = PilotTownship
        fields = ["township", "county", "batch", "start_year", "lead_industry", "status", "village_count"]
        empty_text = _("没有符合条件的试点乡镇。")


class VillageIncomeTable(tables.Table):
    village = tables.Column(verbose_name=_("村"), order_by="village__code")
    township = tables.Column(accessor="village__parent__name", verbose_name=_("乡镇"))
    edit = edit_column("regions:income_update")

    class Meta:
        model = VillageIncome
        fields = ["township", "village", "year", "per_capita_net_income", "source"]
        empty_text = _("还没有收入线数据。")
