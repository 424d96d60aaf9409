import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from skilled_township.core.tables import NOT_ON_NARROW_PHONES, ONE_LINE, WIDE_SCREEN_ONLY

from ..models import CadreGrade, GradeAppeal


class GradeTable(tables.Table):
    cadre = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by="cadre__name")
    township = tables.Column(accessor="cadre__township__name", verbose_name=_("乡镇"), attrs=NOT_ON_NARROW_PHONES)
    record_score = tables.Column(attrs=ONE_LINE)
    suggested = tables.Column(attrs=NOT_ON_NARROW_PHONES)
    final = tables.Column(attrs=ONE_LINE)
    basis = tables.Column(attrs=WIDE_SCREEN_ONLY)

    class Meta:
        model = CadreGrade
        fields = ["cadre", "township", "record_score", "suggested", "final", "basis"]
        orderable = False
        empty_text = _("还没有干部年度等次。")


class AppealTable(tables.Table):
    grade = tables.Column(linkify=lambda record: record.get_absolute_url(), verbose_name=_("申诉"))
    township = tables.Column(
        accessor="grade__cadre__township__name", verbose_name=_("乡镇"), attrs=NOT_ON_NARROW_PHONES
    )
    filed_at = tables.DateTimeColumn(format="Y-m-d", attrs=WIDE_SCREEN_ONLY)
    previous = tables.Column(attrs=NOT_ON_NARROW_PHONES)
    status = tables.Column(attrs=ONE_LINE)

    class Meta:
        model = GradeAppeal
        fields = ["grade", "township", "filed_at", "previous", "status"]
        orderable = False
        empty_text = _("没有申诉。")
