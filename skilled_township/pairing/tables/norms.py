import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from skilled_township.core.tables import ONE_LINE, edit_column

from ..models import Norm


class NormTable(tables.Table):
    region = tables.Column(attrs={"th": {"class": "text-nowrap"}})
    year = tables.Column(attrs=ONE_LINE)
    visit_days_per_month = tables.Column(attrs=ONE_LINE)
    skill_share_percent = tables.Column(attrs=ONE_LINE)
    edit = edit_column("pairing:norm_update")

    class Meta:
        model = Norm
        fields = ["region", "year", "visit_days_per_month", "skill_share_percent"]
        empty_text = _("还没有设置帮扶工作标准：每月驻村天数按 10 天计。")
