import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from skilled_township.cadres.models import Cadre
from skilled_township.core.tables import NOT_ON_NARROW_PHONES, ONE_LINE, WIDE_SCREEN_ONLY


class UncertifiedTable(tables.Table):
    """On a phone: name, township and mobile (to call them to an appraisal); the position from a large phone up."""

    name = tables.Column(linkify=True, attrs=ONE_LINE)
    township = tables.Column(order_by="township__code", attrs=ONE_LINE)
    position = tables.Column(attrs=NOT_ON_NARROW_PHONES)
    masked_id_number = tables.Column(verbose_name=_("身份证号码"), order_by="id_number", attrs=WIDE_SCREEN_ONLY)
    mobile = tables.Column(attrs=ONE_LINE)

    class Meta:
        model = Cadre
        fields = ["name", "township", "position", "masked_id_number", "mobile"]
        empty_text = _("在岗干部都持有有效证书。")
