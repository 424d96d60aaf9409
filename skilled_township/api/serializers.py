from rest_framework import serializers

from skilled_township.cadres import learning_services
from skilled_township.cadres.models import Cadre, LearningPlan, PlanItem, Secondment, StudyRecord
from skilled_township.core import resident_id
from skilled_township.regions.models import Region
from skilled_township.skills.models import Demand, Proficiency, Skill, SkillCategory

from .base import ScopedModelSerializer


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Region
        fields = ["id", "code", "name", "level", "parent"]


class SkillCategorySerializer(ScopedModelSerializer):
    class Meta:
        model = SkillCategory
        fields = ["id", "code", "name", "order"]


class SkillSerializer(ScopedModelSerializer):
    class Meta:
        model = Skill
        fields = ["id", "code", "name", "category", "description", "related_industry", "is_active"]


class CadreSerializer(ScopedModelSerializer):
    class Meta:
        model = Cadre
        fields = [
            "id",
            "township",
            "name",
            "id_number",
            "gender",
            "birth_date",
            "mobile",
            "position",
            "education",
            "political_status",
            "is_reserve",
            "status",
            "left_on",
            "note",
        ]
        read_only_fields = ["gender", "birth_date"]
        derived_fields = ["gender", "birth_date", "id_number"]

    def prepare_instance(self, instance, attrs):
        # Gender and date of birth always come from the resident ID.
        instance.id_number = resident_id.normalise(instance.id_number)
        try:
            resident_id.validate_resident_id(instance.id_number)
        except Exception:
            return
        instance.gender = resident_id.gender(instance.id_number)
        instance.birth_date = resident_id.birth_date(instance.id_number)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not request.user.has_role_perm("cadres.view_id_number"):
            data["id_number"] = resident_id.mask(instance.id_number)
        return data


class SecondmentSerializer(ScopedModelSerializer):
    class Meta:
        model = Secondment
        fields = ["id", "cadre", "kind", "sending_unit", "start_date", "end_date", "team_members", "living_allowance"]
        extra_kwargs = {"end_date": {"required": False}}
        derived_fields = ["end_date"]


class PlanItemSerializer(serializers.ModelSerializer):
    skill_name = serializers.CharField(source="skill.name", read_only=True)

    class Meta:
        model = PlanItem
        fields = ["skill", "skill_name", "kind", "target_proficiency"]


class ElectiveSerializer(serializers.Serializer):
    skill = serializers.PrimaryKeyRelatedField(queryset=Skill.objects.filter(is_active=True))
    target_proficiency = serializers.ChoiceField(choices=Proficiency.choices, default=Proficiency.GRASP)


class LearningPlanSerializer(ScopedModelSerializer):
    """A plan is created with the township's required skills filled in; electives are given as a list."""

    items = PlanItemSerializer(many=True, read_only=True)
    electives = ElectiveSerializer(many=True, write_only=True, required=False)
    shortfalls = serializers.SerializerMethodField()

    class Meta:
        model = LearningPlan
        fields = ["id", "cadre", "year", "note", "items", "electives", "shortfalls"]

    def get_shortfalls(self, plan) -> list[str]:
        # One rule lookup per township and year, and the categories once, however many plans are listed.
        rules = self.context.setdefault("plan_rules", {})
        key = (plan.cadre.township_id, plan.year)
        if key not in rules:
            rules[key] = learning_services.applicable_rule(plan.cadre.township, plan.year)
        if "categories" not in self.context:
            self.context["categories"] = list(SkillCategory.objects.all())
        return learning_services.shortfalls(plan, rules[key], self.context["categories"])

    def validate(self, attrs):
        electives = attrs.pop("electives", None)
        attrs = super().validate(attrs)
        if electives is not None:
            attrs["electives"] = electives
        return attrs

    def create(self, validated_data):
        electives = validated_data.pop("electives", [])
        plan = learning_services.create_plan(validated_data["cadre"], validated_data["year"])
        plan.note = validated_data.get("note", "")
        plan.save()
        learning_services.save_electives(plan, [(e["skill"], e["target_proficiency"]) for e in electives])
        return plan

    def update(self, instance, validated_data):
        electives = validated_data.pop("electives", None)
        instance.note = validated_data.get("note", instance.note)
        instance.save()
        if electives is not None:
            learning_services.save_electives(instance, [(e["skill"], e["target_proficiency"]) for e in electives])
        return instance


class StudyRecordSerializer(ScopedModelSerializer):
    class Meta:
        model = StudyRecord
        fields = ["id", "cadre", "studied_on", "hours", "skill", "mode", "notes"]


class DemandSerializer(ScopedModelSerializer):
    class Meta:
        model = Demand
        fields = ["id", "village", "household_name", "skill", "source", "recorded_on", "headcount", "note"]
