"""Appraisals, certificates, the talent pool and service requests (scoped), and the public verification."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from skilled_township.cadres.models import Cadre
from skilled_township.core.api import ScopedModelSerializer, ScopedModelViewSet, page_filters
from skilled_township.core.validators import not_in_future, programme_date

from .filters.ledger import ServiceRecordFilter
from .filters.requests import ServiceRequestFilter
from .models import ServiceRecord, ServiceRequest
from .services import requests as request_rules
from .services.ledger import log_service


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
        return request_rules.is_overdue(request)


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
    ("service-requests", ServiceRequestViewSet, "service-request"),
    ("service-records", ServiceRecordViewSet, "service-record"),
]
