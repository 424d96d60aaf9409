import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from skilled_township.core.filters import ScopedFilterSet
from skilled_township.regions.filters import region_filter
from skilled_township.skills.models import Skill

from .models import PlanRule, StudyRecord


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


class OwnStudyRecordFilter(StudyRecordFilter):
    """A cadre's own ledger: no township or cadre to choose, it is all their own."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("township", "cadre_name"):
            self.filters.pop(name)


class PlanRuleFilter(ScopedFilterSet):
    class Meta:
        model = PlanRule
        fields = ["year"]
