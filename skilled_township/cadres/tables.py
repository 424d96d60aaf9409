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
    reserve_level = tables.Column(attrs=WIDE_SCREEN_ONLY)

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
            "reserve_level",
            "status",
        ]
        empty_text = _("没有符合条件的干部。")


class EducationTargetTable(tables.Table):
    edit = edit_column("cadres:target_update")

    class Meta:
        model = EducationTarget
        fields = ["year", "region", "group", "min_education", "target_percent"]
        empty_text = _(
            "还没有设置学历结构目标，使用默认目标：乡镇党委书记本科及以上100%，班子成员大专及以上90%，"
            "其他乡镇干部大专及以上80%，村党组织书记高中（中专）及以上80%，乡镇后备干部大专及以上95%，"
            "村级后备干部高中（中专）及以上90%。"
        )
