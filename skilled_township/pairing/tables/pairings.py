import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from skilled_township.core.tables import NOT_ON_NARROW_PHONES, ONE_LINE, WIDE_SCREEN_ONLY

from ..models import Pairing
from ..services.targets import TargetStatus, target_of

END_ALIGNED = {"th": {"class": "text-nowrap text-end"}, "td": {"class": "text-nowrap text-end"}}
BADGES = {
    TargetStatus.REACHED: "text-bg-success",
    TargetStatus.ON_TRACK: "text-bg-primary",
    TargetStatus.BEHIND: "text-bg-danger",
    TargetStatus.MISSING: "text-bg-secondary",
}


def status_badge(record) -> str:
    target = target_of(record)
    badge = format_html('<span class="badge {}">{}</span>', BADGES[target.status], target.status_label)
    if target.missing:
        return format_html('{} <span class="small text-body-secondary">{}</span>', badge, target.missing)
    return badge


class PairingTable(tables.Table):
    """On a phone: household (to the pairing's page), cadre and target status; the village and the start from
    a large phone up, the end and the gap from a tablet up. Rows come annotated by ``services.targets``."""

    household = tables.Column(verbose_name=_("农户"), accessor="household__head_name", order_by="household__head_name")
    village = tables.Column(
        verbose_name=_("村"),
        accessor="household__village__name",
        order_by="household__village__code",
        attrs=NOT_ON_NARROW_PHONES,
    )
    cadre = tables.Column(verbose_name=_("结对干部"), accessor="cadre__name", order_by="cadre__name", attrs=ONE_LINE)
    started_on = tables.DateColumn(
        format="Y-m-d",
        attrs={
            "th": {"class": "d-none d-sm-table-cell text-nowrap"},
            "td": {"class": "d-none d-sm-table-cell text-nowrap"},
        },
    )
    ended_on = tables.DateColumn(format="Y-m-d", attrs=WIDE_SCREEN_ONLY)
    gap = tables.Column(
        verbose_name=_("收入差距（元）"),
        attrs={"th": {"class": "d-none d-md-table-cell text-end"}, "td": {"class": "d-none d-md-table-cell text-end"}},
    )
    target_status = tables.Column(verbose_name=_("目标状态"), empty_values=())

    class Meta:
        model = Pairing
        fields = ["household", "village", "cadre", "started_on", "ended_on", "gap", "target_status"]
        empty_text = _("没有符合条件的结对。")

    def render_household(self, record, value):
        return format_html('<a href="{}">{}</a>', reverse("pairing:pairing_detail", args=[record.pk]), value)

    def render_target_status(self, record):
        return status_badge(record)


class AtRiskTable(PairingTable):
    """The at-risk list: the gap and the yearly growth needed stay on a phone."""

    gap = tables.Column(verbose_name=_("收入差距（元）"), attrs=END_ALIGNED, orderable=False)
    needed = tables.Column(verbose_name=_("每年需增长"), empty_values=(), orderable=False, attrs=END_ALIGNED)
    target_year = tables.Column(
        verbose_name=_("目标年度"), accessor="target_year_value", orderable=False, attrs=WIDE_SCREEN_ONLY
    )

    class Meta(PairingTable.Meta):
        fields = ["household", "village", "cadre", "started_on", "target_year", "gap", "needed", "target_status"]
        exclude = ["ended_on"]
        orderable = False
        empty_text = _("没有滞后或未录入的结对。")

    def render_needed(self, record):
        needed = target_of(record).needed_growth
        return "—" if needed is None else f"{needed}%"


class HandoverTable(tables.Table):
    """Pairings whose cadre left the post or moved away, to be handed over: the cadre links to their handover."""

    cadre = tables.Column(verbose_name=_("原结对干部"), accessor="cadre__name", order_by="cadre__name", attrs=ONE_LINE)
    cadre_status = tables.Column(
        verbose_name=_("干部状态"), empty_values=(), orderable=False, attrs=NOT_ON_NARROW_PHONES
    )
    household = tables.Column(verbose_name=_("农户"), accessor="household__head_name", order_by="household__head_name")
    village = tables.Column(
        verbose_name=_("村"),
        accessor="household__village__name",
        order_by="household__village__code",
        attrs=WIDE_SCREEN_ONLY,
    )
    started_on = tables.DateColumn(format="Y-m-d", attrs=WIDE_SCREEN_ONLY)
    hand_over = tables.Column(verbose_name="", empty_values=(), orderable=False, attrs=ONE_LINE)

    class Meta:
        model = Pairing
        fields = ["cadre", "cadre_status", "household", "village", "started_on"]
        empty_text = _("没有待交接的结对。")

    def render_household(self, record, value):
        return format_html('<a href="{}">{}</a>', reverse("pairing:pairing_detail", args=[record.pk]), value)

    def render_cadre_status(self, record):
        cadre = record.cadre
        if cadre.status == cadre.Status.LEFT:
            return format_html("{} {}", cadre.get_status_display(), cadre.left_on or "")
        return _("已调往%(township)s") % {"township": cadre.township.name}

    def render_hand_over(self, record):
        url = reverse("pairing:handover_cadre", args=[record.cadre_id])
        return format_html('<a href="{}">{}</a>', url, _("交接"))
