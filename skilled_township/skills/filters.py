import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from skilled_township.core.filters import ScopedFilterSet, date_range
from skilled_township.regions.filters import region_filter

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
    township = region_filter("township")

    class Meta:
        model = TownshipRequiredSkill
        fields = ["township", "year"]


class DemandFilter(ScopedFilterSet):
    township = region_filter("township", under=True)
    village = region_filter("village")
    skill = django_filters.ModelChoiceFilter(label=_("技能"), queryset=Skill.objects.all())
    since, until = date_range("recorded_on")

    class Meta:
        model = Demand
        fields = ["township", "village", "skill", "source", "since", "until"]
