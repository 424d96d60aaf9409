"""Appraisals, certificates, the talent pool and service requests (scoped), and the public verification."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from skilled_township.cadres.models import Cadre
from skilled_township.core import resident_id
from skilled_township.core.api import ApiFilterSet, ScopedModelSerializer, ScopedModelViewSet, drf_errors, page_filters
from skilled_township.core.validators import not_in_future, programme_date

from .filters.appraisals import AppraisalFilter as AppraisalPageFilter
from .filters.certificates import CertificateFilter as CertificatePageFilter
from .filters.ledger import ServiceRecordFilter
from .filters.requests import ServiceRequestFilter
from .filters.talent_pool import TalentPoolFilter as TalentPoolPageFilter
from .models import Appraisal, Certificate, ServiceRecord, ServiceRequest
from .services import issuing, talent_pool
from .services import requests as request_rules
from .services.ledger import log_service
from .views import verify

# --- Appraisals -------------------------------------------------------------------------------------------------


@extend_schema_field({"type": "string", "example": "4312**********1234"})
class MaskedIdField(serializers.CharField):
    """A cadre's resident ID, always masked: certificates and appraisals never need the whole number."""

    def to_representation(self, value):
        return resident_id.mask(value)


def _as_drf(error: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(drf_errors(error))


class CertificateSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Certificate
        fields = ["id", "number", "level", "issued_on", "expires_on", "status"]


class AppraisalSerializer(ScopedModelSerializer):
    """An appraisal; creating a passed one issues its certificate in the same transaction (as the page does), with
    ``issuing_body`` (default: the configured issuing body), ``issued_on`` (default: the appraisal date) and an
    optional ``expires_on``. After it is recorded only ``note`` may change."""

    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    cadre_id_number = MaskedIdField(source="cadre.id_number", read_only=True)
    township = serializers.IntegerField(source="cadre.township_id", read_only=True)
    skill_name = serializers.CharField(source="skill.name", read_only=True)
    appraiser_name = serializers.CharField(source="appraiser.full_name", read_only=True)
    certificate = CertificateSummarySerializer(read_only=True, allow_null=True)
    issuing_body = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=64)
    issued_on = serializers.DateField(write_only=True, required=False, allow_null=True)
    expires_on = serializers.DateField(write_only=True, required=False, allow_null=True)

    class Meta:
        model = Appraisal
        fields = [
            "id",
            "cadre",
            "cadre_name",
            "cadre_id_number",
            "township",
            "skill",
            "skill_name",
            "appraised_on",
            "method",
            "theory_score",
            "practice_score",
            "result",
            "level",
            "note",
            "appraiser_name",
            "certificate",
            "issuing_body",
            "issued_on",
            "expires_on",
        ]
        create_only_fields = [
            "cadre",
            "skill",
            "appraised_on",
            "method",
            "theory_score",
            "practice_score",
            "result",
            "level",
        ]
        in_use_fields = ["skill"]

    CERTIFICATE_FIELDS = ("issuing_body", "issued_on", "expires_on")

    def prepare_instance(self, instance, attrs) -> None:
        instance.appraiser = self.instance.appraiser if self.instance is not None else self.user

    def validate(self, attrs):
        certificate = {name: attrs.pop(name) for name in self.CERTIFICATE_FIELDS if name in attrs}
        if certificate and self.instance is not None:
            raise serializers.ValidationError({name: [gettext_lazy("创建后不能修改。")] for name in certificate})
        attrs = super().validate(attrs)
        attrs.update(certificate)
        return attrs

    def create(self, validated_data):
        try:
            return issuing.record_appraisal(**validated_data, by=self.user)
        except DjangoValidationError as error:
            raise _as_drf(error) from None


class AppraisalFilter(page_filters(AppraisalPageFilter), ApiFilterSet):
    pass


class AppraisalViewSet(ScopedModelViewSet):
    """Read in scope by every programme reader (HR appraisers city-wide); recorded by HR appraisers."""

    queryset = Appraisal.objects.select_related("cadre", "skill", "appraiser", "certificate")
    serializer_class = AppraisalSerializer
    filterset_class = AppraisalFilter
    view_permission, manage_permission = "certifications.view", "certifications.appraise"
    ordering_fields = ["appraised_on", "id"]


# --- Certificates -----------------------------------------------------------------------------------------------


class CertificateSerializer(serializers.ModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    cadre_id_number = MaskedIdField(source="cadre.id_number", read_only=True)
    township = serializers.IntegerField(source="cadre.township_id", read_only=True)
    skill_name = serializers.CharField(source="skill.name", read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    state = serializers.ChoiceField(choices=Certificate.State.choices, read_only=True)
    revoked_by_name = serializers.CharField(source="revoked_by.full_name", read_only=True, default="")

    class Meta:
        model = Certificate
        fields = [
            "id",
            "number",
            "cadre",
            "cadre_name",
            "cadre_id_number",
            "township",
            "skill",
            "skill_name",
            "level",
            "level_display",
            "issuing_body",
            "issued_on",
            "expires_on",
            "appraisal",
            "status",
            "state",
            "revoked_at",
            "revoked_by_name",
            "revocation_reason",
        ]
        read_only_fields = fields


class RevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class CertificateFilter(page_filters(CertificatePageFilter), ApiFilterSet):
    pass


class CertificateViewSet(ScopedModelViewSet):
    """Read only in scope; an HR appraiser revokes one through ``revoke`` (certificates are issued by appraisals and
    never deleted)."""

    queryset = Certificate.objects.select_related("cadre", "skill", "revoked_by")
    serializer_class = CertificateSerializer
    filterset_class = CertificateFilter
    view_permission, manage_permission = "certifications.view", "certifications.appraise"
    http_method_names = ["get", "head", "options"]
    ordering_fields = ["issued_on", "number", "id"]

    @extend_schema(
        request=RevokeSerializer,
        responses=CertificateSerializer,
        description=gettext_lazy("撤销证书（须填写原因），记录保留；已撤销的证书不能再撤销（400）。仅限人社鉴定员。"),
    )
    @action(detail=True, methods=["post"], url_path="revoke", http_method_names=["post", "options"])
    def revoke(self, request, pk=None):
        if not request.user.has_role_perm("certifications.appraise"):
            raise PermissionDenied
        certificate = self.get_object()
        serializer = RevokeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with self.acting():
            try:
                revoked = issuing.revoke(certificate, reason=serializer.validated_data["reason"], by=request.user)
            except DjangoValidationError as error:
                raise _as_drf(error) from None
        return Response(CertificateSerializer(revoked).data, status=status.HTTP_200_OK)


# --- The talent pool --------------------------------------------------------------------------------------------


class TalentPoolSerializer(serializers.ModelSerializer):
    """One cadre's level in one skill: their best valid certificate in it."""

    certificate = serializers.IntegerField(source="pk", read_only=True)
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    position = serializers.CharField(source="cadre.position", read_only=True)
    township = serializers.IntegerField(source="cadre.township_id", read_only=True)
    township_name = serializers.CharField(source="cadre.township.name", read_only=True)
    skill_name = serializers.CharField(source="skill.name", read_only=True)
    category = serializers.CharField(source="skill.category.code", read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Certificate
        fields = [
            "id",
            "certificate",
            "cadre",
            "cadre_name",
            "position",
            "township",
            "township_name",
            "skill",
            "skill_name",
            "category",
            "level",
            "level_display",
            "number",
        ]
        read_only_fields = fields


class TalentPoolFilter(page_filters(TalentPoolPageFilter), ApiFilterSet):
    pass


class TalentPoolViewSet(ScopedModelViewSet):
    """人才库: in-post cadres by township, skill and level, one row per cadre and skill (its best valid
    certificate; ``id`` is that certificate's)."""

    queryset = Certificate.objects.all()
    serializer_class = TalentPoolSerializer
    filterset_class = TalentPoolFilter
    view_permission = "certifications.view"
    http_method_names = ["get", "head", "options"]
    ordering_fields = []

    def get_queryset(self):
        return talent_pool.pool(talent_pool.best_certificates().visible_to(self.request.user))


#: Mounted under /api/v1/ by ``skilled_township.api``: (URL prefix, viewset, route name).


def _refused(error: DjangoValidationError) -> ApiValidationError:
    if hasattr(error, "error_dict"):
        return ApiValidationError(error.message_dict)
    return ApiValidationError({"non_field_errors": error.messages})


class ServiceRequestSerializer(ScopedModelSerializer):
    township_name = serializers.CharField(source="township.name", read_only=True)
    skill_name = serializers.CharField(source="skill.name", read_only=True)
    cadre_name = serializers.CharField(source="cadre.name", read_only=True, default=None)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = ServiceRequest
        fields = [
            "id",
            "code",
            "township",
            "township_name",
            "village",
            "requester_name",
            "requester_phone",
            "skill",
            "skill_name",
            "description",
            "status",
            "cadre",
            "cadre_name",
            "assigned_at",
            "routing_note",
            "closed_at",
            "rating",
            "rating_comment",
            "created_at",
            "overdue",
        ]
        read_only_fields = fields

    def get_overdue(self, request) -> bool:
        return request.is_overdue()


class ReassignSerializer(serializers.Serializer):
    cadre = serializers.PrimaryKeyRelatedField(queryset=Cadre.objects.all())
    reason = serializers.CharField(max_length=120)


class CloseSerializer(serializers.Serializer):
    served_on = serializers.DateField(validators=[programme_date, not_in_future])
    content = serializers.CharField(max_length=2000)
    outcome = serializers.CharField(max_length=2000)


class ServiceRequestViewSet(ScopedModelViewSet):
    """Service requests in scope (a cadre: those given to them). ``reassign`` (the township: another in-post
    cadre of the township and a reason) and ``close`` (the cadre it is given to: the visit and its outcome, which
    becomes a service record) go through the same rules as the pages. Requests are filed on the public page."""

    queryset = ServiceRequest.objects.select_related("township", "skill", "cadre").order_by("-created_at", "-id")
    serializer_class = ServiceRequestSerializer
    filterset_class = page_filters(ServiceRequestFilter)
    view_permission = "certifications.services"
    # Only the actions write (each checks its own permission): the list and the rows are read only.
    manage_permission = "certifications.services"
    http_method_names = ["get", "head", "options"]
    ordering_fields = ["created_at", "id"]

    def _act(self, permission: str, serializer_class):
        if not self.request.user.has_role_perm(permission):
            raise PermissionDenied
        service_request = self.get_object()
        body = serializer_class(data=self.request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        return service_request, body.validated_data

    @extend_schema(request=ReassignSerializer, responses=ServiceRequestSerializer)
    @action(detail=True, methods=["post"], http_method_names=["post", "options"])
    def reassign(self, request, pk=None):
        service_request, data = self._act("certifications.manage", ReassignSerializer)
        allowed = request_rules.reassign_choices(service_request, request.user)
        if not allowed.filter(pk=data["cadre"].pk).exists():
            raise ApiValidationError({"cadre": [_("只能分派给本乡镇的在岗干部。")]})
        with self.acting():
            try:
                service_request = request_rules.reassign(service_request, data["cadre"], data["reason"])
            except DjangoValidationError as error:
                raise _refused(error) from None
        return Response(self.get_serializer(service_request).data)

    @extend_schema(request=CloseSerializer, responses=ServiceRequestSerializer)
    @action(detail=True, methods=["post"], http_method_names=["post", "options"])
    def close(self, request, pk=None):
        service_request, data = self._act("certifications.serve", CloseSerializer)
        with self.acting():
            try:
                request_rules.close(service_request, request.user.cadre, **data)
            except DjangoValidationError as error:
                raise _refused(error) from None
        service_request.refresh_from_db()
        return Response(self.get_serializer(service_request).data)


class ServiceRecordSerializer(ScopedModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    skill_name = serializers.CharField(source="skill.name", read_only=True)
    certificate_number = serializers.SerializerMethodField()

    class Meta:
        model = ServiceRecord
        fields = [
            "id",
            "cadre",
            "cadre_name",
            "skill",
            "skill_name",
            "served_on",
            "village",
            "recipient",
            "content",
            "outcome",
            "certificate",
            "certificate_number",
            "request",
        ]
        read_only_fields = ["certificate", "request"]
        in_use_fields = ["skill"]
        # A record stays with its cadre (a record of a closed request also stays with its request).
        create_only_fields = ["cadre"]

    def get_certificate_number(self, record) -> str | None:
        return record.certificate.number if record.certificate_id else None

    def validate(self, attrs):
        attrs = super().validate(attrs)
        cadre, village = attrs.get("cadre"), attrs.get("village")
        if cadre is not None and not cadre.is_in_post:
            raise ApiValidationError({"cadre": [_("只能为在岗干部登记服务。")]})
        if cadre is not None and village is not None and village.parent_id != cadre.township_id:
            raise ApiValidationError({"village": [_("村须属于干部所在乡镇。")]})
        return attrs

    def create(self, validated_data):
        with transaction.atomic():
            return log_service(ServiceRecord(**validated_data))

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        with transaction.atomic():
            return log_service(instance)


class ServiceRecordViewSet(ScopedModelViewSet):
    """The service ledger in scope (a cadre: their own), newest first, paged by cursor; the township logs a
    service or corrects one (the certificate it cites is the cadre's best valid one in the skill on that day)."""

    queryset = ServiceRecord.objects.select_related("cadre", "skill", "certificate")
    serializer_class = ServiceRecordSerializer
    filterset_class = page_filters(ServiceRecordFilter)
    view_permission = "certifications.services"
    manage_permission = "certifications.manage"
    keyset = ("-served_on", "-id")


routes = [
    ("appraisals", AppraisalViewSet, "appraisal"),
    ("certificates", CertificateViewSet, "certificate"),
    ("talent-pool", TalentPoolViewSet, "talent-pool"),
    ("service-requests", ServiceRequestViewSet, "service-request"),
    ("service-records", ServiceRecordViewSet, "service-record"),
]

#: Endpoints that are not rows of a model in the user's scope: the public verification of a certificate.
paths = [
    path("verify/<str:code>/", verify.VerifyApiView.as_view(), name="verify"),
]
