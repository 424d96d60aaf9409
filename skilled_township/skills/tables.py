import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from skilled_township.core.tables import WIDE_SCREEN_ONLY, edit_column

from .models import Demand, Skill, TownshipRequiredSkill


class SkillTable(tables.Table):
    name = tables.Column(linkify=True)
    is_active = tables.BooleanColumn()

    class Meta:
        model = Skill
        fields = ["code", "name", "category", "related_industry", "is_active"]
        empty_text = _("没有符合条件的技能。")


class RequiredSkillTable(tables.Table):
    township = tables.Column(order_by="township__code")
    skill = tables.Column(order_by="skill__code")
    remove = tables.TemplateColumn(template_name="skills/_remove_required.html", verbose_name="", orderable=False)

    class Meta:
        model = TownshipRequiredSkill
        fields = ["township", "year", "skill", "skill__category"]
        empty_text = _("还没有设置必修技能。")


class DemandTable(tables.Table):
    village = tables.Column(order_by="village__code")
    township = tables.Column(
        accessor="village__parent__name", verbose_name=_("乡镇"), order_by="village__code", attrs=WIDE_SCREEN_ONLY
    )
    household_name = tables.Column(attrs=WIDE_SCREEN_ONLY)

    class Meta:
        model = Demand
        fields = ["recorded_on", "township", "village", "household_name", "skill", "source", "headcount"]
        empty_text = _("还没有群众需求记录。")

    edit = edit_column("skills:demand_update")
