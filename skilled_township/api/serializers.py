"""The serializer every API endpoint builds on: related rows within the user's scope, the model's own rules.

``Meta`` options beyond ModelSerializer's:

* ``derived_fields``: fields the model fills in while it is cleaned (e.g. the birth date from the resident
  ID); they are copied back from the cleaned row before saving.
* ``create_only_fields``: set when the row is created and never moved afterwards (a secondment stays with
  its cadre); an update giving a different value is a 400.
* ``in_use_fields``: related catalogue rows offered only while in use (``is_active``), plus the row's own,
  so old records stay editable — as on the pages.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError


def scope_choices(fields, user: Any) -> None:
    """Narrow every related-row field (nested ones too) to the rows ``user`` may see."""
    for field in fields.values():
        if isinstance(field, serializers.ListSerializer):
            field = field.child
        if isinstance(field, serializers.Serializer):
            scope_choices(field.fields, user)
            continue
        if isinstance(field, serializers.ManyRelatedField):
            field = field.child_relation
        queryset = getattr(field, "queryset", None)
        if queryset is not None and hasattr(queryset, "visible_to"):
            field.queryset = queryset.visible_to(user)


def in_use(queryset: models.QuerySet, current_pk: Any = None) -> models.QuerySet:
    """Rows still in use, plus the one already chosen."""
    keep = Q(is_active=True)
    if current_pk is not None:
        keep |= Q(pk=current_pk)
    return queryset.filter(keep)


class ScopedModelSerializer(serializers.ModelSerializer):
    """Related rows outside the user's scope are not accepted; the model's ``full_clean`` rules apply."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope_choices(self.fields, self.user)
        for name in getattr(self.Meta, "in_use_fields", ()):
            field = self.fields.get(name)
            if field is not None and not field.read_only:
                field.queryset = in_use(field.queryset, self.current(f"{name}_id"))
        self.limit_choices()

    @property
    def user(self):
        return getattr(self.context.get("request"), "user", None)

    def current(self, attname: str) -> Any:
        """A value of the row being updated (``None`` when creating or listing)."""
        return getattr(self.instance, attname, None) if isinstance(self.instance, models.Model) else None

    def limit_choices(self) -> None:
        """Narrow choices further by the page's rules (hook for subclasses)."""

    def prepare_instance(self, instance: models.Model, attrs: dict) -> None:
        """Fill derived values before the model is cleaned (hook for subclasses)."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        if self.instance is not None:
            moved = [
                name
                for name in getattr(self.Meta, "create_only_fields", ())
                if name in attrs and attrs[name] != getattr(self.instance, name)
            ]
            if moved:
                raise ValidationError({name: [_("创建后不能修改。")] for name in moved})
        # Clean a copy, so a refused update leaves the row as it was.
        instance = model._base_manager.get(pk=self.instance.pk) if self.instance is not None else model()
        for key, value in attrs.items():
            if _is_concrete(model, key):
                setattr(instance, key, value)
        self.prepare_instance(instance, attrs)
        try:
            instance.full_clean()
        except DjangoValidationError as error:
            raise ValidationError(_as_drf(error)) from None
        for name in getattr(self.Meta, "derived_fields", ()):
            attrs[name] = getattr(instance, name)
        return attrs


def _is_concrete(model: type[models.Model], name: str) -> bool:
    try:
        field = model._meta.get_field(name)
    except Exception:
        return False
    return field.concrete and not field.many_to_many


def _as_drf(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {("non_field_errors" if k == "__all__" else k): v for k, v in error.message_dict.items()}
    return {"non_field_errors": error.messages}
