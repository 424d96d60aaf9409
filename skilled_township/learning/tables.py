import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from skilled_township.core.tables import WIDE_SCREEN_ONLY, edit_column

from .models import PlanRule, StudyRecord


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
    edit = edit_column("learning:rule_update")

    class Meta:
        model = PlanRule
        fields = ["region", "year", "min_electives", "min_per_category"]
        empty_text = _("还没有设置学习计划规则。")
