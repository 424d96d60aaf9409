import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skilled_township.core.filters import ScopedFilterSet, without_filters
from skilled_township.regions.filters import region_filter
from skilled_township.skills.models import Skill

from ..models import ServiceRequest


class ServiceRequestFilter(ScopedFilterSet):
    township = region_filter("township")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ServiceRequest.Status.choices)
    skill = django_filters.ModelChoiceFilter(label=_("技能"), queryset=Skill.objects.all())
    overdue = django_filters.BooleanFilter(
        label=_("超过 %(days)s 天未办结") % {"days": ServiceRequest.OVERDUE_DAYS}, method="only_overdue"
    )

    class Meta:
        model = ServiceRequest
        fields = ["township", "status", "skill", "overdue"]

    def only_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = queryset.overdue(timezone.now())
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


#: A cadre's own requests: no township to choose.
OwnServiceRequestFilter = without_filters(ServiceRequestFilter, "township")
