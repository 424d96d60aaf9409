import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from skilled_township.core import resident_id
from skilled_township.core.filters import ScopedFilterSet
from skilled_township.regions.filters import region_filter
from skilled_township.regions.models import Region

from ..models import Household


class HouseholdFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search", help_text=_("户主姓名，或完整的身份证号码"))
    township = region_filter("township", under=True)
    village = region_filter("village", field_name="village")
    registered_poor = django_filters.BooleanFilter(label=_("建档立卡户"))
    paired = django_filters.BooleanFilter(label=_("已结对"), method="with_cadre")

    class Meta:
        model = Household
        fields = ["q", "township", "village", "registered_poor", "paired"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A city has thousands of villages: the village select lists those of the township chosen (or of the
        # user's own township), never all of them.
        township = (self.data or {}).get("township", "")
        scope = getattr(self.user, "scope", None)
        villages = self.filters["village"].queryset
        if str(township).isdigit():
            villages = villages.filter(parent_id=township)
        elif scope is not None and scope.level == Region.Level.TOWNSHIP:
            villages = villages.filter(parent_id=scope.pk)
        else:
            villages = villages.none()
        self.filters["village"].queryset = villages.order_by("code")
        self.filters["village"].__dict__.pop("_field", None)

    def search(self, queryset, name, value):
        value = value.strip()
        match = Q(head_name__icontains=value)
        number = resident_id.normalise(value)
        if len(number) == 18:  # the whole number only: a part of it would rebuild what the mask hides
            match |= Q(id_number=number)
        return queryset.filter(match)

    def with_cadre(self, queryset, name, value):
        return queryset.filter(paired_cadre__isnull=not value)
