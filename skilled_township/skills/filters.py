import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from skilled_township.core.filters import ScopedFilterSet
from skilled_township.regions.models import Region

from .models import Demand, Skill, SkillCategory, TownshipRequiredSkill


class SkillFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search")
    category = django_filters.ModelChoiceFilter(label=_("类别"), queryset=SkillCategory.objects.all())
    is_active = django_filters.BooleanFilter(label=_("在用"))

    class Meta:
        model = Skill
        fields = ["q", "category", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__iexact=value) | Q(related_industry__icontains=value))


class RequiredSkillFilter(ScopedFilterSet):
    township = django_filters.ModelChoiceFilter(label=_("乡镇"), queryset=Region.objects.filter(level="township"))

    class Meta:
        model = TownshipRequiredSkill
        fields = ["township", "year"]


class DemandFilter(ScopedFilterSet):
    township = django_filters.ModelChoiceFilter(
        label=_("乡镇"), queryset=Region.objects.filter(level="township"), method="in_region"
    )
    village = django_filters.ModelChoiceFilter(label=_("村"), queryset=Region.objects.filter(level="village"))
    skill = django_filters.ModelChoiceFilter(label=_("技能"), queryset=Skill.objects.all())
    since = django_filters.DateFilter(label=_("起始日期"), field_name="recorded_on", lookup_expr="gte")
    until = django_filters.DateFilter(label=_("截止日期"), field_name="recorded_on", lookup_expr="lte")

    class Meta:
        model = Demand
        fields = ["township", "village", "skill", "source", "since", "until"]

    def in_region(self, queryset, name, value):
        return queryset.under(value)
