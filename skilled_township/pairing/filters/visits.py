import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from skilled_township.core.filters import ScopedFilterSet, without_filters
from skilled_township.core.forms import DateInput
from skilled_township.regions.filters import region_filter

from ..models import Visit

CONFIRMED_CHOICES = (("yes", _("已确认")), ("no", _("未确认")))


class VisitFilter(ScopedFilterSet):
    township = region_filter("township", under=True)
    # Text, not a list of every village: a city has thousands.
    village = django_filters.CharFilter(label=_("村"), field_name="household__village__name", lookup_expr="icontains")
    cadre_name = django_filters.CharFilter(label=_("干部姓名"), field_name="cadre__name", lookup_expr="icontains")
    month = django_filters.DateFilter(
        label=_("月份"), method="in_month", widget=forms.DateInput(attrs={"type": "month"}), input_formats=["%Y-%m"]
    )
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=Visit.Kind.choices)
    confirmed = django_filters.ChoiceFilter(label=_("户主确认"), choices=CONFIRMED_CHOICES, method="by_confirmation")
    until = django_filters.DateFilter(
        label=_("走访日期截至"), field_name="visited_on", lookup_expr="lte", widget=DateInput()
    )
    # One cadre's visits (the norm page links a cadre's month here); chosen by link, not typed.
    cadre = django_filters.NumberFilter(field_name="cadre", widget=forms.HiddenInput)

    class Meta:
        model = Visit
        fields = ["township", "village", "cadre_name", "month", "kind", "confirmed", "until", "cadre"]

    def in_month(self, queryset, name, value):
        return queryset.filter(visited_on__year=value.year, visited_on__month=value.month)

    def by_confirmation(self, queryset, name, value):
        unconfirmed = queryset.filter(confirmation=Visit.Confirmation.NONE)
        return unconfirmed if value == "no" else queryset.exclude(confirmation=Visit.Confirmation.NONE)


#: A cadre's own diary: every visit is theirs.
OwnVisitFilter = without_filters(VisitFilter, "township", "cadre_name", "cadre")
