import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from skilled_township.core.filters import ScopedFilterSet, without_filters
from skilled_township.regions.filters import region_filter
from skilled_township.skills.models import Skill

from ..models import ServiceRecord


class ServiceRecordFilter(ScopedFilterSet):
    township = region_filter("township", field_name="cadre__township")
    # A text filter, not a list of every cadre: a city has thousands.
    cadre_name = django_filters.CharFilter(label=_("干部姓名"), field_name="cadre__name", lookup_expr="icontains")
    skill = django_filters.ModelChoiceFilter(label=_("技能"), queryset=Skill.objects.all())
    month = django_filters.DateFilter(
        label=_("月份"), method="in_month", widget=forms.DateInput(attrs={"type": "month"}), input_formats=["%Y-%m"]
    )

    class Meta:
        model = ServiceRecord
        fields = ["township", "cadre_name", "skill", "month"]

    def in_month(self, queryset, name, value):
        return queryset.filter(served_on__year=value.year, served_on__month=value.month)


#: A cadre's own ledger: everything is theirs.
OwnServiceRecordFilter = without_filters(ServiceRecordFilter, "township", "cadre_name")
