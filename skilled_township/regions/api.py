"""Regions (read only): the part of the division tree under the user's scope."""

from rest_framework import serializers

from skilled_township.core.api import ApiFilterSet, ScopedModelViewSet

from .models import Region


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Region
        fields = ["id", "code", "name", "level", "parent"]


class RegionFilter(ApiFilterSet):
    class Meta:
        model = Region
        fields = ["level", "parent"]


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
