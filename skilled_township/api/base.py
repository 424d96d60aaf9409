"""The pattern every API endpoint follows: rows through ``visible_to``, role permissions, model validation."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError

from skilled_township.core.scoping import is_visible

from .permissions import RolePermission


class ScopedModelSerializer(serializers.ModelSerializer):
    """Related rows outside the user's scope are not accepted; the model's own rules (``full_clean``) apply."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset, "visible_to"):
                field.queryset = queryset.visible_to(user)

    def prepare_instance(self, instance, attrs) -> None:
        """Fill derived values before validation (hook for subclasses)."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        # Validate a copy, so a refused update leaves the row as it was.
        instance = model._base_manager.get(pk=self.instance.pk) if self.instance is not None else model()
        for key, value in attrs.items():
            if not _is_many(model, key):
                setattr(instance, key, value)
        self.prepare_instance(instance, attrs)
        try:
            instance.full_clean()
        except DjangoValidationError as error:
            raise ValidationError(_as_drf(error)) from None
        for name in getattr(self.Meta, "derived_fields", ()):
            attrs[name] = getattr(instance, name)
        return attrs


def _is_many(model, name: str) -> bool:
    try:
        return model._meta.get_field(name).many_to_many
    except Exception:
        return True


def _as_drf(error: DjangoValidationError):
    if hasattr(error, "error_dict"):
        return {("non_field_errors" if k == "__all__" else k): v for k, v in error.message_dict.items()}
    return {"non_field_errors": error.messages}


class ScopedModelViewSet(viewsets.ModelViewSet):
    """List, read and (where the role may) write rows of one model, always within the user's scope."""

    permission_classes = [RolePermission]
    view_permission: str = ""
    manage_permission: str = ""
    #: Writes are refused where pages do not allow them either (e.g. no deletion of cadres or skills).
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    def perform_create(self, serializer):
        self._save_in_scope(serializer)

    def perform_update(self, serializer):
        self._save_in_scope(serializer)

    def _save_in_scope(self, serializer):
        with transaction.atomic():
            obj = serializer.save()
            if not is_visible(obj, self.request.user):
                transaction.set_rollback(True)
                raise ValidationError({"non_field_errors": [_("保存后的记录不在您的管辖范围内，未保存。")]})
