import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from skilled_township.core.tables import NOT_ON_NARROW_PHONES, ONE_LINE, WIDE_SCREEN_ONLY

from ..models import Household


class HouseholdTable(tables.Table):
    head_name = tables.Column(linkify=("pairing:household_detail", [tables.A("pk")]), attrs=ONE_LINE)
    village = tables.Column(order_by="village__code", attrs=NOT_ON_NARROW_PHONES, accessor="village__name")
    township = tables.Column(
        verbose_name=_("乡镇"), accessor="village__parent__name", order_by="village__code", attrs=WIDE_SCREEN_ONLY
    )
    masked_id_number = tables.Column(verbose_name=_("身份证号码"), order_by="id_number", attrs=WIDE_SCREEN_ONLY)
    members = tables.Column(attrs=ONE_LINE)
    labour_members = tables.Column(attrs=WIDE_SCREEN_ONLY)
    registered_poor = tables.BooleanColumn(attrs=WIDE_SCREEN_ONLY)
    paired_cadre = tables.Column(accessor="paired_cadre__name", order_by="paired_cadre__name", default="—")

    class Meta:
        model = Household
        fields = [
            "head_name",
            "village",
            "township",
            "masked_id_number",
            "members",
            "labour_members",
            "registered_poor",
            "paired_cadre",
        ]
        empty_text = _("没有符合条件的农户。")
