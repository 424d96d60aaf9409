import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from skilled_township.core.tables import NOT_ON_NARROW_PHONES, ONE_LINE, WIDE_SCREEN_ONLY

from ..models import Appraisal


class AppraisalTable(tables.Table):
    """On a phone: date, cadre, skill and result (with the certificate it issued); the rest from wider screens."""

    appraised_on = tables.DateColumn(format="Y-m-d", attrs=ONE_LINE)
    cadre = tables.Column(linkify=True, order_by="cadre__name", attrs=ONE_LINE)
    township = tables.Column(
        accessor="cadre__township__name",
        verbose_name=_("乡镇"),
        order_by="cadre__township__code",
        attrs=WIDE_SCREEN_ONLY,
    )
    method = tables.Column(attrs=WIDE_SCREEN_ONLY)
    scores = tables.Column(verbose_name=_("成绩"), empty_values=(), orderable=False, attrs=WIDE_SCREEN_ONLY)
    level = tables.Column(attrs=NOT_ON_NARROW_PHONES)
    result = tables.Column(attrs=ONE_LINE)

    class Meta:
        model = Appraisal
        fields = ["appraised_on", "township", "cadre", "skill", "method", "scores", "level", "result"]
        empty_text = _("还没有鉴定记录。")

    def render_scores(self, record):
        parts = []
        if record.theory_score is not None:
            parts.append(f"{_('理论')} {record.theory_score}")
        if record.practice_score is not None:
            parts.append(f"{_('实操')} {record.practice_score}")
        return " / ".join(parts) or "—"

    def render_result(self, record, value):
        certificate = getattr(record, "certificate", None)
        if record.result != Appraisal.Result.PASSED or certificate is None:
            return format_html('<span class="text-body-secondary">{}</span>', value)
        url = reverse("certifications:certificate_detail", args=[certificate.pk])
        # On a phone the result itself links to the certificate; its number is shown from a tablet up.
        return format_html(
            '<a href="{}">{}</a><span class="d-none d-md-inline"> · {}</span>', url, value, certificate.number
        )
