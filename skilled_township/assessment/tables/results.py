import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from skilled_township.core.tables import NOT_ON_NARROW_PHONES, ONE_LINE, WIDE_SCREEN_ONLY

from ..models import AssessmentResult


class ResultTable(tables.Table):
    city_rank = tables.Column(attrs=ONE_LINE)
    township = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by="township__code")
    county = tables.Column(accessor="township__parent__name", verbose_name=_("县（市、区）"), attrs=WIDE_SCREEN_ONLY)
    total = tables.Column(attrs=ONE_LINE)
    grade = tables.Column(attrs=ONE_LINE)
    county_rank = tables.Column(attrs=NOT_ON_NARROW_PHONES)
    satisfaction_points = tables.Column(attrs=WIDE_SCREEN_ONLY)

    class Meta:
        model = AssessmentResult
        fields = ["city_rank", "township", "county", "total", "grade", "county_rank", "satisfaction_points"]
        orderable = False
        empty_text = _("还没有考核结果。")
