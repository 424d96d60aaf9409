import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from skilled_township.core.tables import NOT_ON_NARROW_PHONES, ONE_LINE, WIDE_SCREEN_ONLY

from ..models import Certificate

STATE_BADGES = {
    Certificate.State.VALID: "text-bg-success",
    Certificate.State.REVOKED: "text-bg-danger",
    Certificate.State.EXPIRED: "text-bg-secondary",
}


def state_badge(certificate: Certificate):
    state = certificate.state
    return format_html(
        '<span class="badge {}" data-state="{}">{}</span>', STATE_BADGES[state], state, Certificate.State(state).label
    )


class CertificateTable(tables.Table):
    """On a phone: number, cadre, skill and state; level and issue date from a large phone up, the rest wider."""

    number = tables.Column(attrs=ONE_LINE)
    cadre = tables.Column(linkify=True, order_by="cadre__name", attrs=ONE_LINE)
    township = tables.Column(
        accessor="cadre__township__name",
        verbose_name=_("乡镇"),
        order_by="cadre__township__code",
        attrs=WIDE_SCREEN_ONLY,
    )
    level = tables.Column(attrs=NOT_ON_NARROW_PHONES)
    issued_on = tables.DateColumn(format="Y-m-d", attrs=NOT_ON_NARROW_PHONES)
    expires_on = tables.DateColumn(format="Y-m-d", attrs=WIDE_SCREEN_ONLY)
    issuing_body = tables.Column(attrs=WIDE_SCREEN_ONLY)
    state = tables.Column(verbose_name=_("状态"), empty_values=(), order_by="status", attrs=ONE_LINE)

    class Meta:
        model = Certificate
        fields = ["number", "township", "cadre", "skill", "level", "issued_on", "expires_on", "issuing_body", "state"]
        empty_text = _("还没有证书。")

    def render_number(self, record, value):
        return format_html('<a href="{}">{}</a>', reverse("certifications:certificate_detail", args=[record.pk]), value)

    def render_state(self, record):
        return state_badge(record)
