"""The skills catalogue (read by everyone, kept by the organisation department) and villagers' demand."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from skilled_township.core.api import ScopedModelSerializer, ScopedModelViewSet, page_filters

from . import filters as page
from .models import Demand, Skill, SkillCategory

# --- Catalogue: never deleted (records refer to it); a skill is retired with ``is_active``. ---------------


class SkillCategorySerializer(ScopedModelSerializer):
    class Meta:
        model = SkillCategory
        fields = ["id", "code", "name", "order"]


class SkillCategoryViewSet(ScopedModelViewSet):
    queryset = SkillCategory.objects.order_by("order", "code", "id")
    serializer_class = SkillCategorySerializer
    view_permission, manage_permission = "skills.view", "skills.manage"
    ordering_fields = ["order", "code", "name"]


class SkillSerializer(ScopedModelSerializer):
    category_name = serializers.CharField(source="category.name", read_only=True)

    class Meta:
        model = Skill
        fields = ["id", "code", "name", "category", "category_name", "description", "related_industry", "is_active"]


class SkillViewSet(ScopedModelViewSet):
    queryset = Skill.objects.select_related("category").order_by("category__order", "code", "id")
    serializer_class = SkillSerializer
    filterset_class = page_filters(page.SkillFilter)  # the catalogue page's: q, category, is_active
    view_permission, manage_permission = "skills.view", "skills.manage"
    ordering_fields = ["code", "name"]


# --- Demand (群众需求): recorded by the township, removable by those who keep it. --------------------------


class DemandSerializer(ScopedModelSerializer):
    village_name = serializers.CharField(source="village.name", read_only=True)
    skill_name = serializers.CharField(source="skill.name", read_only=True)

    class Meta:
        model = Demand
        fields = [
            "id",
            "village",
            "village_name",
            "household_name",
            "skill",
            "skill_name",
            "source",
            "recorded_on",
            "headcount",
            "note",
        ]
        in_use_fields = ["skill"]


@extend_schema_view(
    destroy=extend_schema(
        description=gettext_lazy(
            "删除一条录错或重复的群众需求，与群众需求编辑页上的“删除”相同：仅限组织部和乡镇填报员，在其管辖范围内。"
            "删除记入审计日志。"
        )
    )
)
class DemandViewSet(ScopedModelViewSet):
    queryset = Demand.objects.select_related("village", "skill").order_by("-recorded_on", "-id")
    serializer_class = DemandSerializer
    # The demand page's filters: township, village, skill, source, since, until.
    filterset_class = page_filters(page.DemandFilter)
    view_permission, manage_permission = "demand.view", "demand.manage"
    # Removed as on the entry's page (skills:demand_delete), by the same permission.
    http_method_names = [*ScopedModelViewSet.http_method_names, "delete"]
    ordering_fields = ["recorded_on", "headcount"]


#: Mounted under /api/v1/ by ``skilled_township.api``: (URL prefix, viewset, route name).
routes = [
    ("skill-categories", SkillCategoryViewSet, "skill-category"),
    ("skills", SkillViewSet, "skill"),
    ("demand", DemandViewSet, "demand"),
]
