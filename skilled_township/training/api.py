"""Training bases, fund allocations and disbursements, training plans, sessions and their attendance.

The same rules as the pages: disbursements through ``services.save_disbursement`` (row lock, never above what
remains), attendance through ``services.save_attendance`` (the study records follow), sessions deleted with
their attendance and the study records it wrote."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from skilled_township.cadres.models import Cadre
from skilled_township.core.api import ApiFilterSet, ScopedModelSerializer, ScopedModelViewSet, page_filters

from . import services
from .filters import DisbursementFilter as DisbursementPageFilter
from .filters import FundAllocationFilter as FundAllocationPageFilter
from .filters import TrainingBaseFilter as TrainingBasePageFilter
from .filters import TrainingPlanFilter as TrainingPlanPageFilter
from .filters import TrainingSessionFilter as TrainingSessionPageFilter
from .models import Attendance, Disbursement, FundAllocation, TrainingBase, TrainingPlan, TrainingSession


def _drf(error: DjangoValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError({k: v for k, v in error.message_dict.items()})
    return ValidationError({"non_field_errors": error.messages})


class TrainingBaseSerializer(ScopedModelSerializer):
    township_name = serializers.CharField(source="township.name", read_only=True)
    stage_changed_on = serializers.DateField(write_only=True, required=False)

    class Meta:
        model = TrainingBase
        fields = [
            "id",
            "township",
            "township_name",
            "name",
            "industry",
            "area_mu",
            "stage",
            "stage_changed_on",
            "village",
            "location",
            "description",
            "headmaster",
            "team",
        ]

    def validate(self, attrs):
        changed_on = attrs.pop("stage_changed_on", None)
        attrs = super().validate(attrs)
        self._stage_changed_on = changed_on
        return attrs

    def create(self, validated_data):
        base = TrainingBase(**validated_data)
        base.stage_changed_on = self._stage_changed_on
        base.save()
        return base

    def update(self, instance, validated_data):
        instance.stage_changed_on = self._stage_changed_on
        return super().update(instance, validated_data)


class TrainingBaseViewSet(ScopedModelViewSet):
    queryset = TrainingBase.objects.select_related("township").order_by("township__code", "name", "id")
    serializer_class = TrainingBaseSerializer
    filterset_class = page_filters(TrainingBasePageFilter)
    view_permission, manage_permission = "training.view", "training.manage"


class FundAllocationSerializer(ScopedModelSerializer):
    remaining = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)

    class Meta:
        model = FundAllocation
        fields = [
            "id",
            "base",
            "year",
            "purpose",
            "funding_unit",
            "amount",
            "disbursed",
            "remaining",
            "allocated_on",
            "note",
        ]
        read_only_fields = ["disbursed"]
        create_only_fields = ["base"]


class FundAllocationViewSet(ScopedModelViewSet):
    queryset = FundAllocation.objects.select_related("base").order_by("-year", "base__township__code", "id")
    serializer_class = FundAllocationSerializer
    filterset_class = page_filters(FundAllocationPageFilter)
    view_permission, manage_permission = "training.view", "training.funds"
    ordering_fields = ["year", "amount"]


class DisbursementSerializer(ScopedModelSerializer):
    class Meta:
        model = Disbursement
        fields = ["id", "allocation", "amount", "paid_on", "payee", "note"]
        create_only_fields = ["allocation"]

    def create(self, validated_data):
        return self._save(Disbursement(**validated_data))

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return self._save(instance)

    def _save(self, disbursement):
        try:
            return services.save_disbursement(disbursement, by=self.user)
        except DjangoValidationError as error:
            raise _drf(error) from None


class DisbursementViewSet(ScopedModelViewSet):
    queryset = Disbursement.objects.select_related("allocation").order_by("-paid_on", "-id")
    serializer_class = DisbursementSerializer
    filterset_class = page_filters(DisbursementPageFilter)
    view_permission, manage_permission = "training.view", "training.funds"
    http_method_names = [*ScopedModelViewSet.http_method_names, "delete"]

    def perform_destroy(self, instance):
        with self.acting():
            services.delete_disbursement(instance, by=self.request.user)


class TrainingPlanSerializer(ScopedModelSerializer):
    class Meta:
        model = TrainingPlan
        fields = ["id", "township", "year", "content", "target_trainees", "goals", "planned_sessions"]


class TrainingPlanViewSet(ScopedModelViewSet):
    queryset = TrainingPlan.objects.select_related("township").order_by("-year", "township__code", "id")
    serializer_class = TrainingPlanSerializer
    filterset_class = page_filters(TrainingPlanPageFilter)
    view_permission, manage_permission = "training.view", "training.manage"
    ordering_fields = ["year"]


class TrainingSessionSerializer(ScopedModelSerializer):
    attendance_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = TrainingSession
        fields = ["id", *TrainingSession.ENTERED_FIELDS, "attendance_count"]
        create_only_fields = ["plan"]
        in_use_fields = ["skill"]

    def update(self, instance, validated_data):
        session = super().update(instance, validated_data)
        services.sync_study_records(session)
        return session


class AttendanceSetSerializer(serializers.Serializer):
    cadres = serializers.PrimaryKeyRelatedField(queryset=Cadre.objects.all(), many=True)


class TrainingSessionViewSet(ScopedModelViewSet):
    queryset = (
        TrainingSession.objects.select_related("plan")
        .prefetch_related("other_skills")
        .annotate(attendance_count=Count("attendances", filter=Q(attendances__status="confirmed")))
        .order_by("-date", "-start_time", "-id")
    )
    serializer_class = TrainingSessionSerializer
    filterset_class = page_filters(TrainingSessionPageFilter)
    view_permission, manage_permission = "training.view", "training.manage"
    http_method_names = [*ScopedModelViewSet.http_method_names, "delete"]
    ordering_fields = ["date"]

    def perform_destroy(self, instance):
        with self.acting():
            services.delete_session(instance, by=self.request.user)

    @extend_schema(
        request=AttendanceSetSerializer,
        responses=None,
        description=gettext_lazy(
            "登记课次的出勤：cadres 为全部出勤干部（整体替换）。每人的学习记录随之新增、更新或删除。"
        ),
    )
    @action(detail=True, methods=["post"], url_path="attendance")
    def attendance(self, request, pk=None):
        if not request.user.has_role_perm("training.manage"):
            raise PermissionDenied
        session = self.get_object()
        serializer = AttendanceSetSerializer(data=request.data, context={"request": request})
        serializer.fields["cadres"].child_relation.queryset = Cadre.objects.visible_to(request.user)
        serializer.is_valid(raise_exception=True)
        with self.acting():
            try:
                added, removed = services.save_attendance(session, serializer.validated_data["cadres"], by=request.user)
            except DjangoValidationError as error:
                raise _drf(error) from None
        return Response({"added": added, "removed": removed}, status=status.HTTP_200_OK)


class AttendanceSerializer(serializers.ModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)

    class Meta:
        model = Attendance
        fields = ["id", "session", "cadre", "cadre_name", "status", "method", "checked_in_at", "study_record"]


class AttendanceFilter(ApiFilterSet):
    class Meta:
        model = Attendance
        fields = ["session", "cadre", "status"]


class AttendanceViewSet(ScopedModelViewSet):
    """Read only: attendance is written through a session's ``attendance`` action, check-in and its page."""

    queryset = Attendance.objects.select_related("cadre").order_by("-session__date", "session", "cadre__name", "id")
    serializer_class = AttendanceSerializer
    filterset_class = AttendanceFilter
    view_permission, manage_permission = "training.view", "training.manage"
    http_method_names = ["get", "head", "options"]


#: Mounted under /api/v1/ by ``skilled_township.api``: (URL prefix, viewset, route name).
routes = [
    ("training-bases", TrainingBaseViewSet, "training-base"),
    ("fund-allocations", FundAllocationViewSet, "fund-allocation"),
    ("disbursements", DisbursementViewSet, "disbursement"),
    ("training-plans", TrainingPlanViewSet, "training-plan"),
    ("training-sessions", TrainingSessionViewSet, "training-session"),
    ("attendances", AttendanceViewSet, "attendance"),
]
