import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from skilled_township.core.tables import WIDE_SCREEN_ONLY, edit_column

from .models import PlanRule, StudyRecord, StudyReport


class StudyRecordTable(tables.Table):
    cadre = tables.Column(linkify=True, order_by="cadre__name")
    township = tables.Column(
        accessor="cadre__township__name",
        verbose_name=_("乡镇"),
        order_by="cadre__township__code",
        attrs=WIDE_SCREEN_ONLY,
    )
    notes = tables.Column(attrs=WIDE_SCREEN_ONLY)

    class Meta:
        model = StudyRecord
        fields = ["studied_on", "township", "cadre", "skill", "mode", "hours", "notes"]
        empty_text = _("还没有学习记录。")

    edit = edit_column("learning:study_update")


class PlanRuleTable(tables.Table):
    category_minimums = tables.Column(verbose_name=_("分类选修"), empty_values=(), orderable=False)
    edit = edit_column("learning:rule_update")

    class Meta:
        model = PlanRule
        fields = ["region", "year", "min_electives", "category_minimums"]
        empty_text = _("还没有设置学习计划规则。")

    def render_category_minimums(self, record):
        # Prefetched with the list (PlanRuleListView), so one query for the page however many rules.
        shown = [f"{row.category.name} ≥ {row.min_electives}" for row in record.category_minimums.all()]
        return "；".join(shown) or "—"


class StudyReportTable(tables.Table):
    month = tables.DateColumn(format="Y-m")
    cadre = tables.Column(linkify=True, order_by="cadre__name")
    township = tables.Column(
        accessor="cadre__township__name",
        verbose_name=_("乡镇"),
        order_by="cadre__township__code",
        attrs=WIDE_SCREEN_ONLY,
    )
    learned = tables.Column(attrs=WIDE_SCREEN_ONLY)
    review = tables.Column(verbose_name=_("讲评"))
    edit = edit_column("learning:report_update")
    comment = tables.LinkColumn(
        "learning:report_review", args=[tables.A("pk")], text=_("讲评"), orderable=False, verbose_name=""
    )

    class Meta:
        model = StudyReport
        fields = ["month", "township", "cadre", "learned", "review"]
        empty_text = _("还没有述学。")
