"""Households, incomes, pairings and visits (scoped)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from skilled_township.core.api import ScopedModelSerializer, ScopedModelViewSet, page_filters

from .filters.visits import VisitFilter
from .models import Visit, VisitAmendment
from .services import confirmation
from .services import visits as visit_services


def _drf(error: DjangoValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError({k: v for k, v in error.message_dict.items()})
    return ValidationError({"non_field_errors": error.messages})


# --- Visits (民情日志) ------------------------------------------------------------------------------------------


class VisitSerializer(ScopedModelSerializer):
    """A visit. Its household's confirmation is never written here: only the ``send-code`` and ``confirm``
    actions (the code the household's phone received) and the signature page confirm a visit."""

    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    household_name = serializers.CharField(source="household.head_name", read_only=True)

    class Meta:
        model = Visit
        fields = [
            "id",
            "pairing",
            "cadre",
            "cadre_name",
            "household",
            "household_name",
            "visited_on",
            "kind",
            "content",
            "problems",
            "help_given",
            "follow_up_due",
            "latitude",
            "longitude",
            "photo",
            "confirmation",
            "confirmed_at",
            "signature",
            "recorded_by",
        ]
        read_only_fields = [
            "cadre",
            "household",
            "photo",
            "confirmation",
            "confirmed_at",
            "signature",
            "recorded_by",
        ]
        create_only_fields = ["pairing"]

    def prepare_instance(self, instance, attrs):
        if instance.pk is None and instance.pairing_id:
            instance.cadre_id, instance.household_id = instance.pairing.cadre_id, instance.pairing.household_id
            instance.recorded_by = self.user

    def validate(self, attrs):
        attrs = super().validate(attrs)
        visit = Visit(pk=self.instance.pk, pairing=self.instance.pairing) if self.instance else Visit()
        for name in visit_services.EDITABLE_FIELDS if self.instance else ():
            setattr(visit, name, getattr(self.instance, name))
        for name, value in attrs.items():
            setattr(visit, name, value)
        try:
            if self.instance is None:
                visit_services.check_pairing_for(self.user, visit.pairing)
            visit_services.check_visit(visit)
        except DjangoValidationError as error:
            raise _drf(error) from None
        return attrs

    def create(self, validated_data):
        try:
            return visit_services.record_visit(Visit(**validated_data), by=self.user)
        except DjangoValidationError as error:
            raise _drf(error) from None

    def update(self, instance, validated_data):
        if instance.is_confirmed:
            raise ValidationError(
                {"non_field_errors": [_("已确认的民情日志不能直接修改，请提交更正（visit-amendments）并说明原因。")]}
            )
        for name, value in validated_data.items():
            setattr(instance, name, value)
        try:
            return visit_services.update_visit(instance, by=self.user)
        except DjangoValidationError as error:
            raise _drf(error) from None


class CodeSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=confirmation.CODE_DIGITS)


class VisitViewSet(ScopedModelViewSet):
    """A cadre reads and logs only their own visits; the township and the department theirs in scope."""

    queryset = Visit.objects.select_related("cadre", "household")
    serializer_class = VisitSerializer
    filterset_class = page_filters(VisitFilter)
    view_permission, manage_permission = "pairing.read_visits", "pairing.visit"
    keyset = ("-visited_on", "-id")  # index visit_order, as the list page

    @extend_schema(
        request=None,
        responses=None,
        description=gettext_lazy("向农户登记的手机发送确认验证码（之前发送的验证码随之作废；发送次数有限制）。"),
    )
    @action(detail=True, methods=["post"], url_path="send-code")
    def send_code(self, request, pk=None):
        visit = self.get_object()
        with self.acting():
            try:
                confirmation.send_code(visit, by=request.user)
            except DjangoValidationError as error:
                raise _drf(error) from None
        return Response({"sent": True})

    @extend_schema(
        request=CodeSerializer,
        responses=VisitSerializer,
        description=gettext_lazy("用农户手机收到的验证码确认民情日志；验证码有时效，尝试次数有限。"),
    )
    @action(detail=True, methods=["post"], url_path="confirm")
    def confirm(self, request, pk=None):
        visit = self.get_object()
        body = CodeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with self.acting():
            try:
                visit = confirmation.confirm_with_code(visit, body.validated_data["code"], by=request.user)
            except DjangoValidationError as error:
                raise _drf(error) from None
        return Response(self.get_serializer(visit).data)


# --- Amendments ----------------------------------------------------------------------------------------------


class VisitAmendmentSerializer(ScopedModelSerializer):
    """A correction of a confirmed visit: give the visit, the reason and the fields to change."""

    visited_on = serializers.DateField(write_only=True, required=False)
    kind = serializers.ChoiceField(choices=Visit.Kind.choices, write_only=True, required=False)
    content = serializers.CharField(write_only=True, required=False, max_length=2000)
    problems = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=2000)
    help_given = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=2000)
    follow_up_due = serializers.DateField(write_only=True, required=False, allow_null=True)

    class Meta:
        model = VisitAmendment
        fields = ["id", "visit", "amended_by", "reason", "changes", "created_at", *visit_services.AMENDABLE_FIELDS]
        read_only_fields = ["amended_by", "changes", "created_at"]

    def prepare_instance(self, instance, attrs):
        instance.amended_by = self.user
        visit = attrs.get("visit")
        if visit is not None:
            changes = {name: attrs[name] for name in visit_services.AMENDABLE_FIELDS if name in attrs}
            try:
                instance.changes = visit_services.amendment_changes(visit, changes)
            except DjangoValidationError as error:
                raise _drf(error) from None

    def create(self, validated_data):
        changes = {name: validated_data[name] for name in visit_services.AMENDABLE_FIELDS if name in validated_data}
        try:
            return visit_services.amend_visit(
                validated_data["visit"], changes, validated_data.get("reason", ""), by=self.user
            )
        except DjangoValidationError as error:
            raise _drf(error) from None


class VisitAmendmentViewSet(ScopedModelViewSet):
    queryset = VisitAmendment.objects.select_related("amended_by").order_by("visit", "created_at", "id")
    serializer_class = VisitAmendmentSerializer
    filterset_fields = ["visit"]
    view_permission, manage_permission = "pairing.read_visits", "pairing.visit"
    http_method_names = ["get", "post", "head", "options"]


#: Mounted under /api/v1/ by ``skilled_township.api``: (URL prefix, viewset, route name).
routes = [
    ("visits", VisitViewSet, "visit"),
    ("visit-amendments", VisitAmendmentViewSet, "visit-amendment"),
]
