import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from skilled_township.core.tables import NOT_ON_NARROW_PHONES, ONE_LINE, WIDE_SCREEN_ONLY

from ..models import Certificate


class TalentPoolTable(tables.Table):
    """One row per cadre and skill, at the level of their best valid certificate in it."""

    township = tables.Column(
        accessor="cadre__township__name", verbose_name=_("乡镇"), order_by="cadre__township__code", attrs=ONE_LINE
    )
    cadre = tables.Column(linkify=True, order_by="cadre__name", attrs=ONE_LINE)
    position = tables.Column(
        accessor="cadre__get_position_display",
        verbose_name=_("职务类别"),
        order_by="cadre__position",
        attrs=WIDE_SCREEN_ONLY,
    )
    category = tables.Column(
        accessor="skill__category__name",
        verbose_name=_("技能类别"),
        order_by="skill__category__order",
        attrs=WIDE_SCREEN_ONLY,
    )
    skill = tables.Column(order_by=("skill__category__order", "skill__code"))
    level = tables.Column(verbose_name=_("等级"), attrs=ONE_LINE)
    number = tables.Column(attrs=NOT_ON_NARROW_PHONES)

    class Meta:
        model = Certificate
        fields = ["township", "cadre", "position", "category", "skill", "level", "number"]
        empty_text = _("没有符合条件的持证干部。")

    def render_number(self, record, value):
        return format_html('<a href="{}">{}</a>', reverse("certifications:certificate_detail", args=[record.pk]), value)
