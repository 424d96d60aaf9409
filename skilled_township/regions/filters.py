import django_filters
from django.utils.translation import gettext_lazy as _

from skilled_township.core.filters import ScopedFilterSet

from .models import PilotTownship, Region, VillageIncome


class PilotTownshipFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search")
    county = django_filters.ModelChoiceFilter(
        label=_("县（市、区）"), queryset=Region.objects.filter(level="county"), method="in_county"
    )

    class Meta:
        model = PilotTownship
        fields = ["q", "county", "batch", "start_year", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(township__name__icontains=value) | queryset.filter(lead_industry__icontains=value)

    def in_county(self, queryset, name, value):
        return queryset.under(value)


class VillageIncomeFilter(ScopedFilterSet):
    township = django_filters.ModelChoiceFilter(
        label=_("乡镇"), queryset=Region.objects.filter(level="township"), method="in_township"
    )

    class Meta:
        model = VillageIncome
        fields = ["township", "year"]

    def in_township(self, queryset, name, value):
        return queryset.under(value)
