import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skilled_township.core.tables import WIDE_SCREEN_ONLY, edit_column

from .models import Cadre, EducationTarget, Secondment


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


#: Names kept on one line: on a phone a narrow column otherwise breaks them character by character.
NO_WRAP = {"td": {"class": "text-nowrap"}}


class SecondmentTable(tables.Table):
    """Every secondment in scope; a term that ends within ``Secondment.ENDING_SOON_DAYS`` days is marked."""

    cadre = tables.Column(linkify=True, order_by="cadre__name", attrs=NO_WRAP)
    township = tables.Column(
        accessor="cadre__township", verbose_name=_("乡镇"), order_by="cadre__township__code", attrs=WIDE_SCREEN_ONLY
    )
    village = tables.Column(order_by="village__code", empty_values=(), attrs=NO_WRAP)
    sending_unit = tables.Column(attrs=WIDE_SCREEN_ONLY)
    start_date = tables.DateColumn(format="Y-m-d", attrs=WIDE_SCREEN_ONLY)
    end_date = tables.Column()
    edit = edit_column("cadres:secondment_update")

    class Meta:
        model = Secondment
        fields = ["cadre", "township", "kind", "village", "sending_unit", "start_date", "end_date"]
        empty_text = _("没有符合条件的挂职。")

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()

    def render_village(self, record):
        if record.village_id is not None:
            return record.village.name
        if record.village_missing:
            # Entered before the village was asked for: to be completed on the next edit.
            return format_html('<span class="badge text-bg-light border">{}</span>', gettext("未登记"))
        return "—"

    def render_end_date(self, record):
        status = record.status_on(self.today)
        marks = []
        if status == Secondment.Status.ENDING_SOON:
            left = record.days_left(self.today)
            text = gettext("今天期满") if left == 0 else gettext("还剩%(days)s天") % {"days": left}
            marks.append(format_html('<span class="badge text-bg-warning" data-testid="ending-soon">{}</span>', text))
        elif status == Secondment.Status.ENDED:
            marks.append(format_html('<span class="badge text-bg-secondary">{}</span>', gettext("已期满")))
        elif status == Secondment.Status.UPCOMING:
            marks.append(format_html('<span class="badge text-bg-info">{}</span>', gettext("未到任")))
        if record.exceeds_policy():
            marks.append(
                format_html(
                    '<span class="badge text-bg-light border" title="{}">{}</span>',
                    record.longer_term_reason,
                    gettext("超期任职"),
                )
            )
        return format_html(
            '<span class="text-nowrap">{}</span> {}',
            record.end_date.isoformat(),
            format_html_join(" ", "{}", ((mark,) for mark in marks)),
        )
