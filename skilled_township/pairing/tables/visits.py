import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from skilled_township.core.tables import NOT_ON_NARROW_PHONES, ONE_LINE, WIDE_SCREEN_ONLY

from ..models import Visit

BADGES = {
    Visit.Confirmation.NONE: "text-bg-warning",
    Visit.Confirmation.CODE: "text-bg-success",
    Visit.Confirmation.SIGNATURE: "text-bg-info",
}


def confirmation_badge(visit: Visit) -> str:
    return format_html(
        '<span class="badge {}" data-confirmation="{}">{}</span>',
        BADGES[visit.confirmation],
        visit.confirmation,
        visit.get_confirmation_display(),
    )


class VisitTable(tables.Table):
    """On a phone: date, household, kind and whether the household confirmed; the cadre from a large phone up,
    the township and the village from a tablet up."""

    visited_on = tables.DateColumn(format="Y-m-d", linkify=True, attrs=ONE_LINE)
    household = tables.Column(accessor="household__head_name", verbose_name=_("农户"), attrs=ONE_LINE)
    village = tables.Column(accessor="household__village__name", verbose_name=_("村"), attrs=WIDE_SCREEN_ONLY)
    township = tables.Column(
        accessor="household__village__parent__name", verbose_name=_("乡镇"), attrs=WIDE_SCREEN_ONLY
    )
    cadre = tables.Column(accessor="cadre__name", verbose_name=_("干部"), attrs=NOT_ON_NARROW_PHONES)
    kind = tables.Column(attrs=NOT_ON_NARROW_PHONES)
    confirmation = tables.Column(attrs=ONE_LINE)

    class Meta:
        model = Visit
        fields = ["visited_on", "township", "village", "household", "cadre", "kind", "confirmation"]
        empty_text = _("还没有民情日志。")

    def render_confirmation(self, record):
        return confirmation_badge(record)
