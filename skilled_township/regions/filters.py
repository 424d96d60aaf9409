import django_filters
from django.utils.translation import gettext_lazy as _

from skilled_township.core.filters import ScopedFilterSet

from .codes import LEVEL_LABELS
from .models import PilotTownship, Region, VillageIncome


def _under(queryset, name, value):
    return queryset.under(value)


def region_filter(
    level: str, *, field_name: str | None = None, under: bool = False
) -> django_filters.ModelChoiceFilter:
    """Pick a county, township or village (narrowed to the user's scope by ``ScopedFilterSet``): rows whose
    ``field_name`` is that region, or with ``under`` every row that lies under it (``queryset.under``)."""
    match = {"method": _under} if under else ({"field_name": field_name} if field_name else {})
    return django_filters.ModelChoiceFilter(
        label=LEVEL_LABELS[level], queryset=Region.objects.filter(level=level), **match
    )


class PilotTownshipFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search")
    county = region_filter("county", under=True)

    class Meta:
        model = PilotTownship
        fields = ["q", "county", "batch", "start_year", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(township__name__icontains=value) | queryset.filter(lead_industry__icontains=value)


class VillageIncomeFilter(ScopedFilterSet):
    township = region_filter("township", under=True)

    class Meta:
        model = VillageIncome
        fields = ["township", "year"]
