import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skilled_township.core.filters import ScopedFilterSet
from skilled_township.regions.filters import region_filter
from skilled_township.skills.models import Skill

from ..models import Certificate


class CertificateFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search", help_text=_("证书编号或姓名"))
    township = region_filter("township", field_name="cadre__township")
    skill = django_filters.ModelChoiceFilter(label=_("技能"), queryset=Skill.objects.all())
    state = django_filters.ChoiceFilter(label=_("状态"), choices=Certificate.State.choices, method="in_state")

    class Meta:
        model = Certificate
        fields = ["q", "township", "skill", "level", "state"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(number__icontains=value) | Q(cadre__name__icontains=value))

    def in_state(self, queryset, name, value):
        """The state as of today: expiry is read from the date (``Certificate.state_on``)."""
        today = timezone.localdate()
        if value == Certificate.State.VALID:
            return queryset.valid(today)
        if value == Certificate.State.REVOKED:
            return queryset.filter(status=Certificate.Status.REVOKED)
        return queryset.filter(status=Certificate.Status.VALID, expires_on__lt=today)
