import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from skilled_township.core.tables import ONE_LINE, WIDE_SCREEN_ONLY

from ..models import AssessmentRound, ReviewerAssignment


class RoundTable(tables.Table):
    year = tables.Column(linkify=True, attrs=ONE_LINE)
    status = tables.Column(attrs=ONE_LINE)
    opened_at = tables.DateTimeColumn(format="Y-m-d", attrs=WIDE_SCREEN_ONLY)
    published_at = tables.DateTimeColumn(format="Y-m-d", attrs=WIDE_SCREEN_ONLY)

    class Meta:
        model = AssessmentRound
        fields = ["year", "status", "opened_at", "published_at"]
        empty_text = _("还没有考核轮次。")


class SheetTable(tables.Table):
    township = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by="township__code")
    round = tables.Column(order_by="round__year", attrs=ONE_LINE)
    reviewer = tables.Column(attrs=WIDE_SCREEN_ONLY, order_by="reviewer__username")
    status = tables.Column(attrs=ONE_LINE)
    submitted_at = tables.DateTimeColumn(format="Y-m-d H:i", attrs=WIDE_SCREEN_ONLY)

    class Meta:
        model = ReviewerAssignment
        fields = ["township", "round", "reviewer", "status", "submitted_at"]
        empty_text = _("没有评分表。")
