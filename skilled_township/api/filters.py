import django_filters

from skilled_township.cadres.models import Cadre, StudyRecord
from skilled_township.skills.models import Demand


class CadreFilter(django_filters.FilterSet):
    class Meta:
        model = Cadre
        fields = ["township", "position", "education", "is_reserve", "status"]


class StudyRecordFilter(django_filters.FilterSet):
    studied_from = django_filters.DateFilter(field_name="studied_on", lookup_expr="gte")
    studied_to = django_filters.DateFilter(field_name="studied_on", lookup_expr="lte")

    class Meta:
        model = StudyRecord
        fields = ["cadre", "skill", "mode", "studied_from", "studied_to"]


class DemandFilter(django_filters.FilterSet):
    recorded_from = django_filters.DateFilter(field_name="recorded_on", lookup_expr="gte")
    recorded_to = django_filters.DateFilter(field_name="recorded_on", lookup_expr="lte")

    class Meta:
        model = Demand
        fields = ["village", "skill", "source", "recorded_from", "recorded_to"]
