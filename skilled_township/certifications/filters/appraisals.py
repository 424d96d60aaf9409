import django_filters
from django.utils.translation import gettext_lazy as _

from skilled_township.core.filters import ScopedFilterSet
from skilled_township.core.validators import FIRST_YEAR, LAST_YEAR
from skilled_township.regions.filters import region_filter
from skilled_township.skills.models import Skill

from ..models import Appraisal


class AppraisalFilter(ScopedFilterSet):
    township = region_filter("township", field_name="cadre__township")
    skill = django_filters.ModelChoiceFilter(label=_("技能"), queryset=Skill.objects.all())
    year = django_filters.NumberFilter(
        label=_("年度"), field_name="appraised_on", lookup_expr="year", min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    q = django_filters.CharFilter(label=_("姓名"), field_name="cadre__name", lookup_expr="icontains")

    class Meta:
        model = Appraisal
        fields = ["township", "skill", "result", "method", "level", "year", "q"]
