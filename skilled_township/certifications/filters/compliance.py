import django_filters
from django.utils.translation import gettext_lazy as _

from skilled_township.cadres.models import Cadre
from skilled_township.core.filters import ScopedFilterSet
from skilled_township.regions.filters import region_filter


class UncertifiedFilter(ScopedFilterSet):
    county = region_filter("county", under=True)
    township = region_filter("township")
    q = django_filters.CharFilter(label=_("姓名"), field_name="name", lookup_expr="icontains")

    class Meta:
        model = Cadre
        fields = ["county", "township", "position", "q"]
