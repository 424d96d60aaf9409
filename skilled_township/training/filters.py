import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from skilled_township.core.filters import ScopedFilterSet, date_range
from skilled_township.regions.filters import region_filter

from .models import Disbursement, FundAllocation, TrainingBase, TrainingPlan, TrainingSession


class TrainingBaseFilter(ScopedFilterSet):
    township = region_filter("township")
    q = django_filters.CharFilter(label=_("搜索"), method="search")

    class Meta:
        model = TrainingBase
        fields = ["township", "stage", "q"]

    def search(self, queryset, name, value):
        return queryset.filter(name__icontains=value) | queryset.filter(industry__icontains=value)


class FundAllocationFilter(ScopedFilterSet):
    township = region_filter("township", field_name="base__township")

    class Meta:
        model = FundAllocation
        fields = ["township", "year", "purpose"]


class DisbursementFilter(ScopedFilterSet):
    township = region_filter("township", field_name="allocation__base__township")
    year = django_filters.NumberFilter(label=_("年度"), field_name="allocation__year")
    since, until = date_range("paid_on")

    class Meta:
        model = Disbursement
        fields = ["township", "year", "since", "until"]


class TrainingPlanFilter(ScopedFilterSet):
    township = region_filter("township")

    class Meta:
        model = TrainingPlan
        fields = ["township", "year"]


class TrainingSessionFilter(ScopedFilterSet):
    township = region_filter("township", field_name="plan__township")
    year = django_filters.NumberFilter(label=_("年度"), field_name="plan__year")
    month = django_filters.DateFilter(
        label=_("月份"), method="in_month", widget=forms.DateInput(attrs={"type": "month"}), input_formats=["%Y-%m"]
    )

    class Meta:
        model = TrainingSession
        fields = ["township", "year", "month", "mode"]

    def in_month(self, queryset, name, value):
        return queryset.filter(date__year=value.year, date__month=value.month)
