"""Yearly learning plans (必修 + 选修), the study ledger (学习台账) and the monthly 述学."""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from skilled_township.cadres.models import Cadre
from skilled_township.core.api import ApiFilterSet, ScopedModelSerializer, ScopedModelViewSet, page_filters
from skilled_township.core.filters import date_range
from skilled_township.regions.filters import region_filter
from skilled_township.skills.models import Proficiency, Skill

from . import sources
from .filters import StudyRecordFilter as StudyRecordPageFilter
from .filters import StudyReportFilter as StudyReportPageFilter
from .models import LearningPlan, PlanItem, StudyRecord, StudyReport
from .services import gaps, ledger, plans


class PlanItemSerializer(serializers.ModelSerializer):
    skill_name = serializers.CharField(source="skill.name", read_only=True)

    class Meta:
        model = PlanItem
        fields = ["skill", "skill_name", "kind", "target_proficiency"]


class SuggestedSkillSerializer(serializers.Serializer):
    skill = serializers.IntegerField(source="pk")
    skill_name = serializers.CharField(source="name")


class ElectiveSerializer(serializers.Serializer):
    skill = serializers.PrimaryKeyRelatedField(queryset=Skill.objects.active())
    target_proficiency = serializers.ChoiceField(choices=Proficiency.choices, default=Proficiency.GRASP)

    def validate(self, attrs):
        # ``electives`` replaces the plan's electives, so each is whole even in a PATCH (where DRF would leave
        # missing fields out): the skill is required, the target defaults as when the plan is created.
        if "skill" not in attrs:
            raise serializers.ValidationError({"skill": [self.fields["skill"].error_messages["required"]]})
        attrs.setdefault("target_proficiency", self.fields["target_proficiency"].default)
        return attrs


class LearningPlanSerializer(ScopedModelSerializer):
    """A plan is created with the township's required skills filled in; ``electives`` replaces the electives
    (never a skill the township requires that year: that is a 400).

    Saved through ``plans.save_plan`` like the plan page, so the same rules apply. ``shortfalls``
    lists what the plan lacks against the yearly rule. ``status``: a plan is a draft (``draft``) until it is
    confirmed (``confirmed``); a draft may break the rule (it is counted short), confirming a plan that breaks
    it is a 400 and saves nothing. Changing a confirmed plan's electives without sending ``status`` makes it a
    draft again.
    """

    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    items = PlanItemSerializer(many=True, read_only=True)
    electives = ElectiveSerializer(many=True, write_only=True, required=False, max_length=plans.MAX_ELECTIVES)
    shortfalls = serializers.SerializerMethodField()
    suggestions = serializers.SerializerMethodField(
        help_text=gettext_lazy("群众需要、干部覆盖不足而计划中还没有的技能，建议选修。")
    )

    class Meta:
        model = LearningPlan
        fields = [
            "id",
            "cadre",
            "cadre_name",
            "year",
            "status",
            "note",
            "items",
            "electives",
            "shortfalls",
            "suggestions",
        ]
        create_only_fields = ["cadre", "year"]

    def _per_township_year(self, name: str, plan, compute):
        """One value per township and year however many plans are listed (the rule, the gap ranking)."""
        cache = self.context.setdefault(name, {})
        key = (plan.cadre.township_id, plan.year)
        if key not in cache:
            cache[key] = compute(plan.cadre.township, plan.year)
        return cache[key]

    def get_shortfalls(self, plan) -> list[str]:
        rule = self._per_township_year("plan_rules", plan, plans.applicable_rule)
        return [str(problem) for problem in plans.shortfalls(plan, rule)]

    @extend_schema_field(SuggestedSkillSerializer(many=True))
    def get_suggestions(self, plan):
        # The plan page's suggestions: one gap ranking per township and year, however many plans are listed.
        gap_skills = self._per_township_year("gap_skills", plan, gaps.top_gap_skills)
        required = [item.skill for item in plan.items.all() if item.kind == PlanItem.Kind.REQUIRED]
        return SuggestedSkillSerializer(plans.suggested_electives(gap_skills, plan, required), many=True).data

    def validate_electives(self, electives):
        repeated = plans.repeated_skill(elective["skill"] for elective in electives)
        if repeated is not None:
            raise serializers.ValidationError(plans.repeated_skill_message(repeated))
        return electives

    def validate(self, attrs):
        electives = attrs.pop("electives", None)
        attrs = super().validate(attrs)
        if electives is not None:
            cadre = attrs.get("cadre") or self.instance.cadre
            year = attrs.get("year") or self.instance.year
            allowed = set(
                plans.elective_choices(cadre.township, year)
                .filter(pk__in=[elective["skill"].pk for elective in electives])
                .values_list("pk", flat=True)
            )
            required = [elective["skill"] for elective in electives if elective["skill"].pk not in allowed]
            if required:
                raise serializers.ValidationError({"electives": [plans.required_elective_message(required, year)]})
            attrs["electives"] = electives
        return attrs

    def create(self, validated_data):
        return self._save(validated_data["cadre"], validated_data["year"], validated_data)

    def update(self, instance, validated_data):
        return self._save(instance.cadre, instance.year, validated_data)

    def _save(self, cadre, year, validated_data):
        electives = validated_data.get("electives")
        chosen = None if electives is None else [(e["skill"], e["target_proficiency"]) for e in electives]
        try:
            plan, _problems = plans.save_plan(cadre, year, chosen, status=validated_data.get("status"), by=self.user)
        except plans.RuleNotMet as refused:
            raise serializers.ValidationError({"status": [refused.message]}) from None
        if "note" in validated_data and validated_data["note"] != plan.note:
            plan.note = validated_data["note"]
            plan.save(update_fields=["note", "updated_at"])
        return plan


class LearningPlanFilter(ApiFilterSet):
    township = region_filter("township", field_name="cadre__township")

    class Meta:
        model = LearningPlan
        fields = ["township", "cadre", "year"]


class LearningPlanViewSet(ScopedModelViewSet):
    queryset = (
        LearningPlan.objects.select_related("cadre__township")
        .prefetch_related("items__skill")
        .order_by("-year", "cadre__name", "id")
    )
    serializer_class = LearningPlanSerializer
    filterset_class = LearningPlanFilter
    # A cadre reads their own plan; plans are made by those who keep the township's learning.
    view_permission, manage_permission = "learning.read", "learning.manage"
    ordering_fields = ["year"]


class StudyRecordSerializer(ScopedModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    skill_name = serializers.CharField(source="skill.name", read_only=True)

    class Meta:
        model = StudyRecord
        fields = ["id", "cadre", "cadre_name", "studied_on", "hours", "skill", "skill_name", "mode", "notes"]
        in_use_fields = ["skill"]

    def limit_choices(self):
        # As on the page: study is logged for cadres in post; a record keeps the cadre it was logged for.
        field = self.fields["cadre"]
        in_post = field.queryset.in_post()
        current = self.current("cadre_id")
        field.queryset = (in_post | field.queryset.filter(pk=current)) if current else in_post
        if self.logs_own_study:
            # A cadre logs their own study: ``cadre`` may be left out (the only one offered is themselves).
            field.required = False

    @property
    def logs_own_study(self) -> bool:
        return getattr(self.user, "sees_own_rows_only", False)

    def prepare_instance(self, instance, attrs):
        if self.instance is None and "cadre" not in attrs and self.logs_own_study:
            attrs["cadre"] = instance.cadre = self.user.cadre

    def validate(self, attrs):
        refuse_if_kept_elsewhere(self.instance)
        return super().validate(attrs)


def refuse_if_kept_elsewhere(record) -> None:
    """A record that a training session's attendance keeps is changed through that session (``sources``)."""
    source = sources.source_of(record) if isinstance(record, StudyRecord) else None
    if source is not None:
        raise serializers.ValidationError({"non_field_errors": [sources.kept_elsewhere_message(source)]})


class StudySessionSerializer(serializers.ModelSerializer):
    """One study session for several cadres: one record each, all or none (``ledger.log_session``)."""

    cadres = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Cadre.objects.all(),
        allow_empty=False,
        help_text=gettext_lazy("参加学习的干部（在岗，在您的管辖范围内），每人一条学习记录。"),
    )

    class Meta:
        model = StudyRecord
        fields = ["cadres", "studied_on", "hours", "skill", "mode", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = Skill.objects.active()


class StudyRecordFilter(page_filters(StudyRecordPageFilter)):
    """The ledger page's filters (township, cadre_name, month, skill, mode), a cadre and a date range."""

    cadre = django_filters.ModelChoiceFilter(label=gettext_lazy("干部"), queryset=Cadre.objects.all())
    since, until = date_range("studied_on")

    class Meta(StudyRecordPageFilter.Meta):
        fields = [*StudyRecordPageFilter.Meta.fields, "cadre", "since", "until"]

    def filter_queryset(self, queryset):
        records = super().filter_queryset(queryset)
        chosen = self.form.cleaned_data
        if chosen.get("cadre") is not None:
            return records  # one cadre's records: read through study_cadre_date already
        return records.for_cadres_of(self.user, chosen.get("township"), chosen.get("cadre_name", ""))


@extend_schema_view(
    destroy=extend_schema(
        description=gettext_lazy(
            "删除一条录错的学习记录，与学习记录编辑页上的“删除”相同：仅限组织部和乡镇填报员，在其管辖范围内；"
            "干部可修改但不能删除自己的记录。删除记入审计日志。"
        )
    ),
    list=extend_schema(
        description=gettext_lazy(
            "学习台账，按学习日期从近到远、同日按编号从大到小排列，按游标分页：沿用响应中的 next 链接读取下一页，"
            "直到 next 为 null。此列表原先按页码分页（?page=）并返回总数 count 和 ordering 排序："
            "现在不再接受 page 参数（返回 400），不返回 count，顺序固定。"
        )
    ),
)
class StudyRecordViewSet(ScopedModelViewSet):
    queryset = StudyRecord.objects.select_related("cadre", "skill")
    serializer_class = StudyRecordSerializer
    filterset_class = StudyRecordFilter
    # Scoped: a cadre reads and logs only their own records.
    view_permission, manage_permission = "learning.read", "learning.log"
    # Mistyped entries may be removed by those who keep the township's ledger, as on the record's page
    # (learning:study_delete); not by a cadre, who corrects their own: records will also come from attendance.
    http_method_names = [*ScopedModelViewSet.http_method_names, "delete"]
    keyset = ("-studied_on", "-id")  # index study_ledger_order, as the ledger page

    def check_permissions(self, request):
        # Refused before the record is looked up, as the page is: a 403 whether or not it is in scope.
        super().check_permissions(request)
        if self.action == "destroy" and not request.user.has_role_perm("learning.manage"):
            self.permission_denied(request)
        if self.action == "session" and not request.user.has_role_perm("learning.log_many"):
            self.permission_denied(request)

    def get_serializer_class(self):
        return StudySessionSerializer if self.action == "session" else super().get_serializer_class()

    @extend_schema(
        request=StudySessionSerializer,
        responses={201: StudyRecordSerializer(many=True)},
        description=gettext_lazy(
            "同一次学习（日期、学时、技能、方式、内容相同）一次登记给多名干部，每人一条学习记录，与“多人学习登记”页相同："
            "仅限组织部和乡镇填报员；有一名干部不在管辖范围内或不在岗、被重复选择，或已有同日同技能同方式的记录时，"
            "返回 400，一条也不保存。每条记录记入审计日志。"
        ),
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="session",
        url_name="session",
        filter_backends=[],
        pagination_class=None,
    )
    def session(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = dict(serializer.validated_data)
        cadres = session.pop("cadres")
        try:
            with self.acting():
                records = ledger.log_session(cadres, session, by=request.user)
        except ledger.SessionRefused as refused:
            raise serializers.ValidationError({"cadres": refused.messages}) from None
        except DjangoValidationError as invalid:
            raise serializers.ValidationError(invalid.message_dict) from None
        shown = StudyRecordSerializer(records, many=True, context=self.get_serializer_context())
        return Response(shown.data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        refuse_if_kept_elsewhere(instance)
        super().perform_destroy(instance)


class StudyReportSerializer(ScopedModelSerializer):
    """A month's 述学; ``month`` is any day of the month (stored as its first day). The 讲评 is read here
    and written on its page."""

    cadre_name = serializers.CharField(source="cadre.name", read_only=True)

    class Meta:
        model = StudyReport
        fields = [
            "id",
            "cadre",
            "cadre_name",
            "month",
            "learned",
            "applied",
            "problems",
            "review",
            "reviewed_by",
            "reviewed_at",
        ]
        read_only_fields = ["review", "reviewed_by", "reviewed_at"]
        # One per cadre and month is checked by the model's full_clean, after a cadre's own ``cadre`` is filled in.
        validators = []

    def limit_choices(self):
        field = self.fields["cadre"]
        in_post = field.queryset.in_post()
        current = self.current("cadre_id")
        field.queryset = (in_post | field.queryset.filter(pk=current)) if current else in_post
        if self.writes_own:
            field.required = False

    @property
    def writes_own(self) -> bool:
        return getattr(self.user, "sees_own_rows_only", False)

    def validate_month(self, month):
        return month.replace(day=1)

    def prepare_instance(self, instance, attrs):
        if self.instance is None and "cadre" not in attrs and self.writes_own:
            attrs["cadre"] = instance.cadre = self.user.cadre


class StudyReportFilter(page_filters(StudyReportPageFilter)):
    """The 述学 page's filters (township, cadre_name, month, year, cadre)."""

    class Meta(StudyReportPageFilter.Meta):
        pass


class StudyReportViewSet(ScopedModelViewSet):
    queryset = StudyReport.objects.select_related("cadre", "reviewed_by").order_by("-month", "cadre__name", "id")
    serializer_class = StudyReportSerializer
    filterset_class = StudyReportFilter
    # Scoped: a cadre reads and writes only their own 述学.
    view_permission, manage_permission = "learning.read", "learning.report"
    ordering_fields = ["month"]


#: Mounted under /api/v1/ by ``skilled_township.api``: (URL prefix, viewset, route name).
routes = [
    ("learning-plans", LearningPlanViewSet, "learning-plan"),
    ("study-records", StudyRecordViewSet, "study-record"),
    ("study-reports", StudyReportViewSet, "study-report"),
]
