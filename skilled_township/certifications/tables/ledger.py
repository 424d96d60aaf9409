import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from skilled_township.core.tables import NOT_ON_NARROW_PHONES, ONE_LINE, WIDE_SCREEN_ONLY

from ..models import ServiceRecord


class ServiceRecordTable(tables.Table):
    """On a phone: date, cadre, skill; the recipient from a large phone up; township, village, certificate and
    source from a tablet up."""

    served_on = tables.DateColumn(format="Y-m-d", attrs=ONE_LINE)
    township = tables.Column(
        accessor="cadre__township__name",
        verbose_name=_("乡镇"),
        order_by="cadre__township__code",
        attrs=WIDE_SCREEN_ONLY,
    )
    cadre = tables.Column(order_by="cadre__name", attrs=ONE_LINE)
    skill = tables.Column()
    village = tables.Column(attrs=WIDE_SCREEN_ONLY)
    recipient = tables.Column(attrs=NOT_ON_NARROW_PHONES)
    certificate = tables.Column(accessor="certificate__number", verbose_name=_("所持证书"), attrs=WIDE_SCREEN_ONLY)
    source = tables.Column(verbose_name=_("来源"), empty_values=(), orderable=False, attrs=WIDE_SCREEN_ONLY)

    class Meta:
        model = ServiceRecord
        fields = ["served_on", "township", "cadre", "skill", "village", "recipient", "certificate", "source"]
        empty_text = _("还没有服务记录。")

    def render_cadre(self, record):
        return record.cadre.name

    def render_source(self, record):
        return record.request.code if record.request_id else _("台账登记")
