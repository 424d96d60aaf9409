"""Appraisals, certificates, the talent pool and service requests (scoped), and the public verification."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from skilled_township.core import resident_id
from skilled_township.core.api import ApiFilterSet, ScopedModelSerializer, ScopedModelViewSet, page_filters

from .filters.appraisals import AppraisalFilter as AppraisalPageFilter
from .filters.certificates import CertificateFilter as CertificatePageFilter
from .filters.talent_pool import TalentPoolFilter as TalentPoolPageFilter
from .models import Appraisal, Certificate
from .services import issuing, talent_pool
from .views import verify

# --- Appraisals -------------------------------------------------------------------------------------------------


@extend_schema_field({"type": "string", "example": "4312**********1234"})
class MaskedIdField(serializers.CharField):
    """A cadre's resident ID, always masked: certificates and appraisals never need the whole number."""

    def to_representation(self, value):
        return resident_id.mask(value)


def _as_drf(error: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(error, "error_dict"):
        return serializers.ValidationError(
            {("non_field_errors" if key == "__all__" else key): value for key, value in error.message_dict.items()}
        )
    return serializers.ValidationError({"non_field_errors": error.messages})


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
routes = [
    ("appraisals", AppraisalViewSet, "appraisal"),
    ("certificates", CertificateViewSet, "certificate"),
    ("talent-pool", TalentPoolViewSet, "talent-pool"),
]

#: Endpoints that are not rows of a model in the user's scope: the public verification of a certificate.
paths = [
    path("verify/<str:code>/", verify.VerifyApiView.as_view(), name="verify"),
]
