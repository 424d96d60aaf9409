import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from skilled_township.core.tables import WIDE_SCREEN_ONLY, edit_column

from .models import Cadre, EducationTarget


class CadreTable(tables.Table):
    name = tables.Column(linkify=True)
    township = tables.Column(order_by="township__code", attrs=WIDE_SCREEN_ONLY)
    gender = tables.Column(attrs=WIDE_SCREEN_ONLY)
    education = tables.Column(attrs=WIDE_SCREEN_ONLY)
    masked_id_number = tables.Column(verbose_name=_("身份证号码"), order_by="id_number", attrs=WIDE_SCREEN_ONLY)
    is_reserve = tables.BooleanColumn(attrs=WIDE_SCREEN_ONLY)

    class Meta:
        model = Cadre
        fields = [
            "name",
            "gender",
            "township",
            "position",
            "education",
            "masked_id_number",
            "mobile",
            "is_reserve",
            "status",
        ]
        empty_text = _("没有符合条件的干部。")


class EducationTargetTable(tables.Table):
    edit = edit_column("cadres:target_update")

    class Meta:
        model = EducationTarget
        fields = ["region", "group", "min_education", "target_percent"]
        empty_text = _("还没有设置学历结构目标，使用默认目标（班子成员90%、其他干部80%、后备干部95%）。")
