import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from skilled_township.core.tables import NOT_ON_NARROW_PHONES, ONE_LINE, WIDE_SCREEN_ONLY

from ..models import ServiceRequest


class ServiceRequestTable(tables.Table):
    """On a phone: filed, skill, status (flagged when overdue) and the cadre; the code from a large phone up, the
    township and village from a tablet up."""

    created_at = tables.DateTimeColumn(verbose_name=_("提交时间"), format="Y-m-d", attrs=ONE_LINE, linkify=True)
    code = tables.Column(attrs=NOT_ON_NARROW_PHONES)
    township = tables.Column(order_by="township__code", attrs=WIDE_SCREEN_ONLY)
    village = tables.Column(attrs=WIDE_SCREEN_ONLY)
    skill = tables.Column()
    status = tables.Column(attrs=ONE_LINE)
    cadre = tables.Column(order_by="cadre__name")

    class Meta:
        model = ServiceRequest
        fields = ["created_at", "code", "township", "village", "skill", "status", "cadre"]
        empty_text = _("没有服务请求。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = timezone.now()

    def render_status(self, record):
        if record.is_overdue(self.now):
            return format_html(
                '{} <span class="badge text-bg-danger" data-overdue>{}</span>', record.get_status_display(), _("超期")
            )
        return record.get_status_display()

    def render_cadre(self, record):
        return record.cadre.name if record.cadre_id else "—"
