import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from skilled_township.core.tables import NOT_ON_NARROW_PHONES, ONE_LINE, WIDE_SCREEN_ONLY, edit_column

from .models import PlanRule, StudyRecord, StudyReport


class StudyRecordTable(tables.Table):
    """On a phone: date, cadre, skill, hours and the edit link (for a record kept by a training session, a link to
    it); the mode from a large phone up, the township, the source and the notes from a tablet up."""

    studied_on = tables.DateColumn(format="Y-m-d", attrs=ONE_LINE)
    cadre = tables.Column(linkify=True, order_by="cadre__name", attrs=ONE_LINE)
    mode = tables.Column(attrs=NOT_ON_NARROW_PHONES)
    hours = tables.Column(attrs={"th": {"class": "text-nowrap text-end"}, "td": {"class": "text-nowrap text-end"}})
    township = tables.Column(
        accessor="cadre__township__name",
        verbose_name=_("乡镇"),
        order_by="cadre__township__code",
        attrs=WIDE_SCREEN_ONLY,
    )
    notes = tables.Column(attrs=WIDE_SCREEN_ONLY)
    # Where a record came from when not typed in (``sources``: a training session's attendance).
    source = tables.Column(verbose_name=_("来源"), empty_values=(), orderable=False, attrs=WIDE_SCREEN_ONLY)

    class Meta:
        model = StudyRecord
        fields = ["studied_on", "township", "cadre", "skill", "mode", "hours", "source", "notes"]
        empty_text = _("还没有学习记录。")

    # Not offered for a record kept elsewhere (``sources``): its page says where to change it.
    edit = tables.Column(verbose_name="", empty_values=(), orderable=False, attrs=ONE_LINE)

    def render_source(self, record):
        source = getattr(record, "source", None)
        if source is None:
            return _("台账登记")
        return format_html('<a href="{}">{}</a>', source.url, source.label)

    def render_edit(self, record):
        source = getattr(record, "source", None)
        if source is not None:
            # On a phone the source column is hidden: the way to where the record is changed stays.
            return format_html('<a class="d-md-none" href="{}">{}</a>', source.url, _("来源"))
        return format_html('<a href="{}">{}</a>', reverse("learning:study_update", args=[record.pk]), _("编辑"))


class PlanRuleTable(tables.Table):
    region = tables.Column(attrs={"th": {"class": "text-nowrap"}})
    year = tables.Column(attrs=ONE_LINE)
    min_electives = tables.Column(
        verbose_name=_("选修合计"), attrs={"th": {"class": "text-nowrap text-end"}, "td": {"class": "text-end"}}
    )
    category_minimums = tables.Column(
        verbose_name=_("分类选修"), empty_values=(), orderable=False, attrs={"th": {"class": "text-nowrap"}}
    )
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
    month = tables.DateColumn(format="Y-m", attrs=ONE_LINE)
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
        "learning:report_review",
        args=[tables.A("pk")],
        text=_("讲评"),
        orderable=False,
        verbose_name="",
        attrs=ONE_LINE,
    )

    class Meta:
        model = StudyReport
        fields = ["month", "township", "cadre", "learned", "review"]
        empty_text = _("还没有述学。")
