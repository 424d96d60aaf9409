import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
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
    # Where a record came from when not typed in (``sources``: a training session's attendance).
    source = tables.Column(verbose_name=_("来源"), empty_values=(), orderable=False)

    class Meta:
        model = StudyRecord
        fields = ["studied_on", "township", "cadre", "skill", "mode", "hours", "source", "notes"]
        empty_text = _("还没有学习记录。")

    # Not offered for a record kept elsewhere (``sources``): its page says where to change it.
    edit = tables.Column(verbose_name="", empty_values=(), orderable=False)

    def render_source(self, record):
        source = getattr(record, "source", None)
        if source is None:
            return _("台账登记")
        return format_html('<a href="{}">{}</a>', source.url, source.label)

    def render_edit(self, record):
        if getattr(record, "source", None) is not None:
            return ""
        return format_html('<a href="{}">{}</a>', reverse("learning:study_update", args=[record.pk]), _("编辑"))


class PlanRuleTable(tables.Table):
    edit = edit_column("learning:rule_update")

    class Meta:
        model = PlanRule
        fields = ["region", "year", "min_electives", "min_per_category"]
        empty_text = _("还没有设置学习计划规则。")


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
