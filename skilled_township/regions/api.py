"""Regions (read only): the part of the division tree under the user's scope."""

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from skilled_township.core.api import ApiFilterSet, ScopedModelViewSet

from .models import Region


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Region
        fields = ["id", "code", "name", "level", "parent", "abolished_year"]
        read_only_fields = fields


class RegionFilter(ApiFilterSet):
    current = django_filters.BooleanFilter(
        label=_("现行单位"),
        method="filter_current",
        help_text=_("true：只列现行单位（未撤销的）；false：只列已撤销的单位。"),
    )

    class Meta:
        model = Region
        fields = ["level", "parent", "current"]

    def filter_current(self, queryset, name, value):
        return queryset.current() if value else queryset.filter(abolished_year__isnull=False)


class RegionViewSet(ScopedModelViewSet):
    queryset = Region.objects.select_related("parent").order_by("code")
    serializer_class = RegionSerializer
    filterset_class = RegionFilter
    view_permission = "regions.view"
    http_method_names = ["get", "head", "options"]
    ordering_fields = ["code", "name"]


#: Mounted under /api/v1/ by ``skilled_township.api``: (URL prefix, viewset, route name).
routes = [
    ("regions", RegionViewSet, "region"),
]
