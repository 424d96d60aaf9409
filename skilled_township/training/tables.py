import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from skilled_township.core.tables import WIDE_SCREEN_ONLY, edit_column

from .models import Disbursement, FundAllocation, TrainingBase, TrainingPlan, TrainingSession


class TrainingBaseTable(tables.Table):
    name = tables.Column(linkify=True)
    township = tables.Column(order_by="township__code")
    headmaster = tables.Column(attrs=WIDE_SCREEN_ONLY)
    industry = tables.Column(attrs=WIDE_SCREEN_ONLY)
    edit = edit_column("training:base_update")

    class Meta:
        model = TrainingBase
        fields = ["name", "township", "industry", "area_mu", "stage", "headmaster"]
        empty_text = _("还没有示范基地。")


class FundAllocationTable(tables.Table):
    base = tables.Column(linkify=True, order_by=("base__township__code", "base__name"))
    township = tables.Column(accessor="base__township__name", verbose_name=_("乡镇"), order_by="base__township__code")
    funding_unit = tables.Column(attrs=WIDE_SCREEN_ONLY)
    remaining = tables.Column(verbose_name=_("余额（元）"), orderable=False)
    edit = edit_column("training:allocation_update")
    pay = tables.Column(verbose_name="", empty_values=(), orderable=False)

    class Meta:
        model = FundAllocation
        fields = ["year", "township", "base", "purpose", "funding_unit", "amount", "disbursed", "remaining"]
        empty_text = _("还没有下达经费。")

    def render_pay(self, record):
        return format_html(
            '<a href="{}?allocation={}">{}</a>', reverse("training:disbursement_create"), record.pk, _("拨付")
        )


class DisbursementTable(tables.Table):
    allocation = tables.Column(order_by=("allocation__year", "allocation__base__name"))
    township = tables.Column(
        accessor="allocation__base__township__name", verbose_name=_("乡镇"), order_by="allocation__base__township__code"
    )
    note = tables.Column(attrs=WIDE_SCREEN_ONLY)
    edit = edit_column("training:disbursement_update")

    class Meta:
        model = Disbursement
        fields = ["paid_on", "township", "allocation", "amount", "payee", "note"]
        empty_text = _("还没有拨付记录。")


class TrainingPlanTable(tables.Table):
    township = tables.Column(order_by="township__code")
    content = tables.Column(attrs=WIDE_SCREEN_ONLY)
    session_count = tables.Column(verbose_name=_("已排课次"), orderable=False)
    edit = edit_column("training:plan_update")

    class Meta:
        model = TrainingPlan
        fields = ["year", "township", "planned_sessions", "session_count", "content"]
        empty_text = _("还没有培训计划。")


class TrainingSessionTable(tables.Table):
    date = tables.DateColumn(format="Y-m-d", linkify=True)
    township = tables.Column(accessor="plan__township__name", verbose_name=_("乡镇"), order_by="plan__township__code")
    time = tables.Column(verbose_name=_("时间"), empty_values=(), orderable=False, attrs=WIDE_SCREEN_ONLY)
    skill = tables.Column(attrs=WIDE_SCREEN_ONLY)
    base = tables.Column(attrs=WIDE_SCREEN_ONLY)
    instructor = tables.Column(verbose_name=_("授课人"), empty_values=(), orderable=False, attrs=WIDE_SCREEN_ONLY)
    attendance_count = tables.Column(verbose_name=_("出勤"), orderable=False)

    class Meta:
        model = TrainingSession
        fields = ["date", "time", "township", "topic", "mode", "hours", "skill", "instructor", "base"]
        sequence = ["date", "time", "township", "topic", "mode", "hours", "attendance_count", "..."]
        empty_text = _("还没有培训课次。")

    def render_time(self, record):
        return f"{record.start_time:%H:%M}–{record.end_time:%H:%M}"

    def render_instructor(self, record):
        return record.instructor
