import django_filters
from django.utils.translation import gettext_lazy as _

from skilled_township.core.filters import ScopedFilterSet
from skilled_township.regions.filters import region_filter
from skilled_township.skills.models import Skill, SkillCategory

from ..models import Certificate, CertificateLevel


class TalentPoolFilter(ScopedFilterSet):
    township = region_filter("township", field_name="cadre__township")
    category = django_filters.ModelChoiceFilter(
        label=_("技能类别"), field_name="skill__category", queryset=SkillCategory.objects.all()
    )
    skill = django_filters.ModelChoiceFilter(label=_("技能"), queryset=Skill.objects.all())
    level = django_filters.ChoiceFilter(label=_("等级"), choices=CertificateLevel.choices)
    min_level = django_filters.ChoiceFilter(
        label=_("最低等级"),
        choices=CertificateLevel.choices,
        field_name="level",
        lookup_expr="lte",
        help_text=_("该等级及以上"),
    )

    class Meta:
        model = Certificate
        fields = ["township", "category", "skill", "level", "min_level"]
