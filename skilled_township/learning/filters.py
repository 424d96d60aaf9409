import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from skilled_township.core.filters import ScopedFilterSet, without_filters
from skilled_township.core.validators import year_validators
from skilled_township.regions.filters import region_filter
from skilled_township.skills.models import Skill

from .models import PlanRule, StudyRecord, StudyReport


class StudyRecordFilter(ScopedFilterSet):
    township = region_filter("township", field_name="cadre__township")
    # A text filter, not a list of every cadre: a city has thousands.
    cadre_name = django_filters.CharFilter(label=_("干部姓名"), field_name="cadre__name", lookup_expr="icontains")
    month = django_filters.DateFilter(
        label=_("月份"), method="in_month", widget=forms.DateInput(attrs={"type": "month"}), input_formats=["%Y-%m"]
    )
    skill = django_filters.ModelChoiceFilter(label=_("技能"), queryset=Skill.objects.all())

    class Meta:
        model = StudyRecord
        fields = ["township", "cadre_name", "month", "skill", "mode"]

    def in_month(self, queryset, name, value):
        return queryset.filter(studied_on__year=value.year, studied_on__month=value.month)


class PlanRuleFilter(ScopedFilterSet):
    class Meta:
        model = PlanRule
        fields = ["year"]


class StudyReportFilter(ScopedFilterSet):
    township = region_filter("township", field_name="cadre__township")
    cadre_name = django_filters.CharFilter(label=_("干部姓名"), field_name="cadre__name", lookup_expr="icontains")
    month = django_filters.DateFilter(
        label=_("月份"), widget=forms.DateInput(attrs={"type": "month"}), input_formats=["%Y-%m"]
    )
    year = django_filters.NumberFilter(label=_("年度"), field_name="month__year", validators=year_validators())
    # One cadre's reports (the month view links a cadre's year here); chosen by link, not typed.
    cadre = django_filters.NumberFilter(field_name="cadre", widget=forms.HiddenInput)

    class Meta:
        model = StudyReport
        fields = ["township", "cadre_name", "month", "year", "cadre"]


#: A cadre's own ledger and 述学: everything is theirs, so no township or cadre to choose.
OwnStudyRecordFilter = without_filters(StudyRecordFilter, "township", "cadre_name")
OwnStudyReportFilter = without_filters(StudyReportFilter, "township", "cadre_name", "cadre")
