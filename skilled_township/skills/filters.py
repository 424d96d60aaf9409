import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from skilled_township.core.filters import ScopedFilterSet, date_range
from skilled_township.regions.filters import region_filter
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._villages_of_the_chosen_township()

    def _villages_of_the_chosen_township(self) -> None:
        """A city has thousands of villages: above a township, the village choice lists only the villages of
        the township chosen (or the one village already asked for), never the whole city."""
        scope = getattr(self.user, "scope", None)
        if scope is not None and scope.level in (Region.Level.TOWNSHIP, Region.Level.VILLAGE):
            return
        village = self.filters["village"]
        township, asked = (self.data or {}).get("township"), (self.data or {}).get("village")
        if str(township or "").isdigit():
            village.queryset = village.queryset.filter(parent_id=township)
        elif str(asked or "").isdigit():
            village.queryset = village.queryset.filter(pk=asked)
        else:
            village.queryset = village.queryset.none()
        village.extra["help_text"] = _("先选乡镇，再选村。")
        village.__dict__.pop("_field", None)
