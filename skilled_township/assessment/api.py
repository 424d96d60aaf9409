"""Rounds, their rubric, a reviewer's own scores and published results.

Scores are written through the same service as the score sheet (``services.scoring.save_sheet``): the same
rules, and the same version check — a write names the sheet version it was based on (``version``), and a write
based on an older version is refused with 409 instead of overwriting the newer sheet.
"""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response

from skilled_township.core.api import ApiFilterSet, ScopedModelSerializer, ScopedModelViewSet, service_refusals

from .models import (
    AssessmentResult,
    AssessmentRound,
    CadreGrade,
    DeputyAssessment,
    GradeAppeal,
    Indicator,
    ReportJob,
    ResultLine,
    RoundReport,
    Score,
    StarNomination,
)
from .services import appeals, deputies, reports, scoring, stars

READ_ONLY = ["get", "head", "options"]


class SheetChanged(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class RoundSerializer(ScopedModelSerializer):
    class Meta:
        model = AssessmentRound
        fields = [
            "id",
            "year",
            "status",
            "spread_share",
            "excellent_from",
            "good_from",
            "pass_from",
            "opened_at",
            "closed_at",
            "published_at",
        ]
        read_only_fields = fields


class RoundViewSet(ScopedModelViewSet):
    queryset = AssessmentRound.objects.order_by("-year", "id")
    serializer_class = RoundSerializer
    view_permission = "assessment.view"
    http_method_names = READ_ONLY


class IndicatorSerializer(ScopedModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "round", "area", "order", "name", "criteria", "max_points", "figure"]
        read_only_fields = fields


class IndicatorFilter(ApiFilterSet):
    # Rounds are the city's, read by everyone: the round's id, not a choice of rows.
    round = django_filters.NumberFilter(field_name="round_id", label=_("考核轮次"))

    class Meta:
        model = Indicator
        fields = ["round"]


class IndicatorViewSet(ScopedModelViewSet):
    queryset = Indicator.objects.order_by("round", "order", "id")
    serializer_class = IndicatorSerializer
    view_permission = "assessment.view"
    http_method_names = READ_ONLY
    filterset_class = IndicatorFilter


class ScoreSerializer(ScopedModelSerializer):
    version = serializers.IntegerField(
        write_only=True, help_text=_("评分表当前版本（sheet_version），防止覆盖他人的修改。")
    )
    submit = serializers.BooleanField(write_only=True, required=False, default=False)
    sheet_version = serializers.IntegerField(source="assignment.version", read_only=True)
    sheet_status = serializers.CharField(source="assignment.status", read_only=True)

    class Meta:
        model = Score
        fields = [
            "id",
            "assignment",
            "indicator",
            "points",
            "comment",
            "version",
            "submit",
            "sheet_version",
            "sheet_status",
        ]
        create_only_fields = ["assignment", "indicator"]

    def validate(self, attrs):
        self._version = attrs.pop("version", None)
        if self._version is None:
            raise ValidationError({"version": [_("请提供评分表当前版本（sheet_version）。")]})
        self._submit = attrs.pop("submit", False)
        attrs = super().validate(attrs)
        assignment = attrs.get("assignment") or self.instance.assignment
        indicator = attrs.get("indicator") or self.instance.indicator
        if indicator.round_id != assignment.round_id or indicator.is_survey:
            raise ValidationError({"indicator": [_("该指标不在这张评分表中。")]})
        return attrs

    def save_through_service(self, assignment, indicator, points, comment) -> Score:
        entries = {s.indicator_id: scoring.Entry(s.points, s.comment) for s in assignment.scores.all()}
        entries[indicator.pk] = scoring.Entry(points, comment or "")
        try:
            scoring.save_sheet(assignment, entries, version=self._version, by=self.user, submit=self._submit)
        except scoring.SheetConflict as error:
            raise SheetChanged(error.messages[0]) from None
        except DjangoValidationError as error:
            if hasattr(error, "error_dict"):
                messages = error.message_dict.get(str(indicator.pk)) or [
                    m for ms in error.message_dict.values() for m in ms
                ]
                raise ValidationError({"points": messages}) from None
            raise ValidationError({"non_field_errors": error.messages}) from None
        return Score.objects.get(assignment=assignment, indicator=indicator)

    def create(self, validated_data):
        return self.save_through_service(
            validated_data["assignment"],
            validated_data["indicator"],
            validated_data["points"],
            validated_data.get("comment"),
        )

    def update(self, instance, validated_data):
        return self.save_through_service(
            instance.assignment,
            instance.indicator,
            validated_data.get("points", instance.points),
            validated_data.get("comment", instance.comment),
        )


class ScoreViewSet(ScopedModelViewSet):
    queryset = Score.objects.select_related("assignment").order_by("assignment", "indicator__order", "id")
    serializer_class = ScoreSerializer
    view_permission, manage_permission = "assessment.sheets", "assessment.score"


class ResultLineSerializer(serializers.ModelSerializer):
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)

    class Meta:
        model = ResultLine
        fields = ["indicator", "indicator_name", "points", "reviewers", "trimmed"]


class ResultSerializer(ScopedModelSerializer):
    township_name = serializers.CharField(source="township.name", read_only=True)
    year = serializers.IntegerField(source="round.year", read_only=True)
    lines = ResultLineSerializer(many=True, read_only=True)

    class Meta:
        model = AssessmentResult
        fields = [
            "id",
            "round",
            "year",
            "township",
            "township_name",
            "total",
            "grade",
            "city_rank",
            "county_rank",
            "lines",
        ]
        read_only_fields = fields


class ResultViewSet(ScopedModelViewSet):
    """Published results only, in the reader's scope (``visible_to``)."""

    queryset = (
        AssessmentResult.objects.published()
        .select_related("township", "round")
        .prefetch_related("lines__indicator")
        .order_by("round", "city_rank", "id")
    )
    serializer_class = ResultSerializer
    view_permission = "assessment.view"
    http_method_names = READ_ONLY


class ReportSerializer(ScopedModelSerializer):
    """A current yearly evaluation report; its files are downloaded from ``pdf_url`` and ``xlsx_url`` (the same
    scoped downloads as the reports page)."""

    year = serializers.IntegerField(source="round.year", read_only=True)
    township_name = serializers.CharField(source="township.name", read_only=True, default=None)
    pdf_url = serializers.SerializerMethodField()
    xlsx_url = serializers.SerializerMethodField()

    class Meta:
        model = RoundReport
        fields = ["id", "round", "year", "township", "township_name", "finished_at", "pdf_url", "xlsx_url"]
        read_only_fields = fields

    def _url(self, report: RoundReport, kind: str) -> str:
        url = reverse("assessment:report_download", args=[report.pk, kind])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    def get_pdf_url(self, report: RoundReport) -> str:
        return self._url(report, "pdf")

    def get_xlsx_url(self, report: RoundReport) -> str:
        return self._url(report, "xlsx")


class ReportViewSet(ScopedModelViewSet):
    """The current yearly evaluation reports the reader may download (``visible_to``): a township's report with
    its result, the city's summary for the city's organisation department and leaders."""

    queryset = (
        RoundReport.objects.filter(is_current=True, status=RoundReport.Status.DONE)
        .select_related("round", "township")
        .order_by("round", "township__code", "id")
    )
    serializer_class = ReportSerializer
    view_permission = "assessment.view"
    http_method_names = READ_ONLY


class ProgressSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text=_("乡镇报告数"))
    done = serializers.IntegerField(help_text=_("已完成的乡镇报告数"))
    failed = serializers.IntegerField(help_text=_("失败的乡镇报告数"))
    summary = serializers.CharField(allow_null=True, help_text=_("全市汇总报告的状态"))
    finished = serializers.BooleanField(help_text=_("全市汇总报告是否已结束"))
    percent = serializers.IntegerField(help_text=_("进度（%）"))


class ReportJobSerializer(ScopedModelSerializer):
    """A generation of a round's yearly evaluation reports. Creating one (``round``) starts it, as the button on
    the reports page does; ``waiting`` says it is registered but the job service has not taken it yet."""

    year = serializers.IntegerField(source="round.year", read_only=True)
    waiting = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()

    class Meta:
        model = ReportJob
        fields = ["id", "round", "year", "started_at", "sent_at", "finished_at", "waiting", "progress"]
        read_only_fields = ["started_at", "sent_at", "finished_at"]

    def prepare_instance(self, instance, attrs) -> None:
        instance.started_by = self.user

    def get_waiting(self, job: ReportJob) -> bool:
        return job.sent_at is None and job.finished_at is None

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, job: ReportJob) -> dict:
        return reports.progress(job)

    def create(self, validated_data):
        with service_refusals():
            return reports.start(validated_data["round"], by=self.user)


class ReportJobViewSet(ScopedModelViewSet):
    """The city's organisation department starts a generation of a closed or published round's reports
    (``POST`` with ``round``) and follows it here. The reports are built in the background; when the job service
    is unavailable the generation is kept and the answer is 503: it starts by itself once the service is back."""

    queryset = ReportJob.objects.with_progress().select_related("round").order_by("-pk")
    serializer_class = ReportJobSerializer
    view_permission = manage_permission = "assessment.manage"
    http_method_names = ["get", "post", "head", "options"]


class CadreGradeSerializer(ScopedModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    township_name = serializers.CharField(source="cadre.township.name", read_only=True)
    year = serializers.IntegerField(source="round.year", read_only=True)

    class Meta:
        model = CadreGrade
        fields = [
            "id",
            "round",
            "year",
            "cadre",
            "cadre_name",
            "township_name",
            "record_score",
            "suggested",
            "final",
            "basis",
            "set_at",
        ]
        read_only_fields = fields


class CadreGradeViewSet(ScopedModelViewSet):
    """Cadres' annual grades in the reader's scope (``visible_to``: published ones except for the organisation
    department; a cadre their own)."""

    queryset = CadreGrade.objects.select_related("cadre__township", "round").order_by(
        "round", "cadre__township__code", "id"
    )
    serializer_class = CadreGradeSerializer
    view_permission = "assessment.grades"
    http_method_names = READ_ONLY


class GradeAppealSerializer(ScopedModelSerializer):
    """A cadre files their own appeal (``grade``, ``reason``); the organisation department reads appeals in its
    scope and decides them on the appeal's page."""

    class Meta:
        model = GradeAppeal
        fields = [
            "id",
            "grade",
            "reason",
            "filed_at",
            "previous",
            "status",
            "decided_grade",
            "decision",
            "decided_at",
        ]
        read_only_fields = ["filed_at", "previous", "status", "decided_grade", "decision", "decided_at"]
        create_only_fields = ["grade", "reason"]

    def validate(self, attrs):
        return super().validate(attrs)

    def prepare_instance(self, instance, attrs) -> None:
        if self.instance is None:
            instance.filed_by = self.user
            instance.previous = instance.grade.final if instance.grade_id else ""

    def create(self, validated_data):
        with service_refusals():
            return appeals.file(validated_data["grade"], validated_data.get("reason", ""), by=self.user)


class DecisionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[GradeAppeal.Status.UPHELD, GradeAppeal.Status.REJECTED])
    decided_grade = serializers.ChoiceField(choices=CadreGrade.Grade.choices, required=False, allow_blank=True)
    decision = serializers.CharField(max_length=500)


class GradeAppealViewSet(ScopedModelViewSet):
    """A cadre files an appeal against their own published grade; the organisation department decides it
    (``decide``): upheld with the new grade, or rejected; either way with its reasoning. The grade changes only
    through that decision."""

    queryset = GradeAppeal.objects.select_related("grade").order_by("-filed_at", "-id")
    serializer_class = GradeAppealSerializer
    view_permission, manage_permission = "assessment.appeals", "assessment.appeal"
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=DecisionSerializer, responses=GradeAppealSerializer)
    # Deciding is the organisation department's, not the filer's: the action's own write permission.
    @action(detail=True, methods=["post"], http_method_names=["post", "options"], manage_permission="assessment.grade")
    def decide(self, request, pk=None):
        appeal = self.get_object()
        body = DecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        with self.acting(), service_refusals():
            appeal = appeals.decide(
                appeal,
                upheld=data["status"] == GradeAppeal.Status.UPHELD,
                decision=data["decision"],
                new_grade=data.get("decided_grade", ""),
                by=request.user,
            )
        return Response(self.get_serializer(appeal).data)


class StarNominationSerializer(ScopedModelSerializer):
    """A secretary nominates a candidate of their township (``round``, ``cadre``, ``deeds``) through the same rules
    as the page (``services.stars.nominate``); the organisation department decides it (``decide``)."""

    year = serializers.IntegerField(source="round.year", read_only=True)
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    township_name = serializers.CharField(source="township.name", read_only=True)

    class Meta:
        model = StarNomination
        fields = [
            "id",
            "round",
            "year",
            "cadre",
            "cadre_name",
            "township_name",
            "record_score",
            "deeds",
            "status",
            "reason",
            "nominated_at",
            "decided_at",
        ]
        read_only_fields = ["record_score", "status", "reason", "nominated_at", "decided_at"]
        create_only_fields = ["round", "cadre", "deeds"]

    def prepare_instance(self, instance, attrs) -> None:
        if self.instance is None:
            instance.nominated_by = self.user
            instance.record_score = 0
            if instance.cadre_id:
                instance.township_id = instance.cadre.township_id

    def create(self, validated_data):
        with service_refusals():
            return stars.nominate(
                validated_data["round"], validated_data["cadre"], validated_data.get("deeds", ""), by=self.user
            )


class StarDecisionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[StarNomination.Status.APPROVED, StarNomination.Status.REJECTED])
    reason = serializers.CharField(max_length=500, help_text=_("审核意见，通过与不通过都须填写。"))


@extend_schema_view(
    destroy=extend_schema(
        description=_(
            "撤回一份待审核的学用之星推荐，与推荐页上的“撤回推荐”相同：仅限推荐所在乡镇的填报员；"
            "审核后或名单发布后不能撤回。撤回后名额空出，可重新推荐。"
        )
    )
)
class StarNominationViewSet(ScopedModelViewSet):
    """学用之星 nominations in the reader's scope (``visible_to``: a secretary their township's, the organisation
    department its scope, leaders the published ones). The township withdraws a pending nomination (``DELETE``).
    The organisation department approves or rejects a pending nomination with its reason (``decide``, the same
    rules as the nomination's page); once the list is published nothing changes."""

    queryset = StarNomination.objects.select_related("round", "cadre", "township").order_by(
        "round", "township__code", "id"
    )
    serializer_class = StarNominationSerializer
    view_permission, manage_permission = "assessment.stars", "assessment.star_nominate"
    http_method_names = ["get", "post", "delete", "head", "options"]

    def perform_destroy(self, instance):
        """The township withdraws its pending nomination (``services.stars.withdraw``: refused once decided or
        published), which frees its place in the quota."""
        with self.acting(), service_refusals():
            stars.withdraw(instance, by=self.request.user)

    @extend_schema(request=StarDecisionSerializer, responses=StarNominationSerializer)
    # Deciding is the organisation department's, not the nominating secretary's: the action's own write permission.
    @action(
        detail=True, methods=["post"], http_method_names=["post", "options"], manage_permission="assessment.star_decide"
    )
    def decide(self, request, pk=None):
        nomination = self.get_object()
        body = StarDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        with self.acting(), service_refusals():
            nomination = stars.decide(
                nomination,
                approve=data["status"] == StarNomination.Status.APPROVED,
                reason=data["reason"],
                by=request.user,
            )
        return Response(self.get_serializer(nomination).data)


class DeputyAssessmentSerializer(ScopedModelSerializer):
    """A tech deputy's end-of-term assessment, recorded through the same rules as the page
    (``services.deputies.record``): only a due tech deputy secondment, points in 0.5 steps within each maximum, the
    conclusion from the total, a commendation for an 优秀 only."""

    cadre_name = serializers.CharField(source="secondment.cadre.name", read_only=True)
    township_name = serializers.CharField(source="secondment.cadre.township.name", read_only=True)
    end_date = serializers.DateField(source="secondment.end_date", read_only=True)

    class Meta:
        model = DeputyAssessment
        fields = [
            "id",
            "secondment",
            "cadre_name",
            "township_name",
            "end_date",
            *DeputyAssessment.AREAS,
            "total",
            "conclusion",
            "comment",
            "commended",
            "recorded_at",
        ]
        read_only_fields = ["total", "conclusion", "recorded_at"]
        create_only_fields = ["secondment"]

    def prepare_instance(self, instance, attrs) -> None:
        instance.recorded_by = self.user

    def _record(self, secondment, values):
        with service_refusals():
            return deputies.record(secondment, values, by=self.user)

    def create(self, validated_data):
        return self._record(validated_data["secondment"], validated_data)

    def update(self, instance, validated_data):
        return self._record(instance.secondment, validated_data)


class DeputyAssessmentViewSet(ScopedModelViewSet):
    """Tech deputies' end-of-term assessments in the reader's scope (``visible_to``)."""

    queryset = DeputyAssessment.objects.select_related("secondment__cadre__township").order_by(
        "-secondment__end_date", "id"
    )
    serializer_class = DeputyAssessmentSerializer
    view_permission, manage_permission = "assessment.deputies", "assessment.deputy_assess"
    http_method_names = ["get", "post", "patch", "head", "options"]


routes = [
    ("assessment-rounds", RoundViewSet, "assessment-round"),
    ("assessment-indicators", IndicatorViewSet, "assessment-indicator"),
    ("assessment-scores", ScoreViewSet, "assessment-score"),
    ("assessment-results", ResultViewSet, "assessment-result"),
    ("assessment-reports", ReportViewSet, "assessment-report"),
    ("assessment-report-jobs", ReportJobViewSet, "assessment-report-job"),
    ("assessment-cadre-grades", CadreGradeViewSet, "assessment-cadre-grade"),
    ("assessment-grade-appeals", GradeAppealViewSet, "assessment-grade-appeal"),
    ("assessment-star-nominations", StarNominationViewSet, "assessment-star-nomination"),
    ("assessment-deputy-assessments", DeputyAssessmentViewSet, "assessment-deputy-assessment"),
]
