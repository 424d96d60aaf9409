"""Forms whose choices are scoped to the user: a related row outside their scope is never offered, nor one
kept only for the records that already hold it (a region abolished in a newer edition of the codes)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.forms.models import ModelFormMetaclass
from django.utils.translation import gettext as _

from .scoping import check_scoped, scoped


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal shown on the form: each message at the field it names when the form has that field,
    the rest above the form."""
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


def offered(queryset: models.QuerySet, keep: list[Any] | tuple[Any, ...] = ()) -> models.QuerySet:
    """The rows of ``queryset`` a record may pick: all of them, unless the model keeps rows that are no longer
    chosen for new records. Such a model says which through its queryset's ``for_new_records(keep)`` (regions:
    those not abolished); ``keep`` lists the primary keys the record being edited already holds, which stay
    valid. The one rule every form (``ScopedModelForm``) and API serializer (``core.api``) applies."""
    for_new_records = getattr(queryset, "for_new_records", None)
    return queryset if for_new_records is None else for_new_records(keep=keep)


def has_rows_not_offered(queryset: models.QuerySet | None) -> bool:
    return queryset is not None and hasattr(queryset, "for_new_records")


def held(instance: models.Model | None, name: str) -> list[Any]:
    """The primary keys that field ``name`` of a saved row holds; none for a new row, or for a name that is not
    one of the model's relations."""
    if not isinstance(instance, models.Model) or instance._state.adding:
        return []
    try:
        field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        return []
    if field.many_to_many:
        return list(getattr(instance, name).values_list("pk", flat=True))
    if field.many_to_one or field.one_to_one:
        value = getattr(instance, field.attname)
        return [] if value is None else [value]
    return []


def not_offered_message(obj: models.Model) -> str:
    """Why a new record may not pick ``obj``: the model's own words where it has them."""
    explain = getattr(obj, "not_offered_message", None)
    return str(explain()) if callable(explain) else _("%(obj)s已停用，新记录不能再选择。") % {"obj": obj}


class ScopedModelFormMetaclass(ModelFormMetaclass):
    """Refuses, when the form class is created, a choice field whose model does not say how it is scoped."""

    def __new__(mcs, name, bases, attrs):
        new_class = super().__new__(mcs, name, bases, attrs)
        for field_name, field in new_class.base_fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is not None:
                check_scoped(queryset, f"{new_class.__module__}.{name}.{field_name}")
        return new_class


class ScopedModelForm(forms.ModelForm, metaclass=ScopedModelFormMetaclass):
    """Every model-choice field is narrowed to what ``user`` may see (see ``core.scoping.scoped``) and to what
    a record may pick (``offered``: no abolished region, unless the row being edited already holds it)."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is not None:
                queryset = scoped(queryset, user, f"{type(self).__qualname__}.{name}")
                field.queryset = offered(queryset, self.held(name)) if has_rows_not_offered(queryset) else queryset

    def held(self, name: str) -> list[Any]:
        """What the row being edited holds in field ``name``: still offered although no longer offered to new
        records. A form field that stands for something the row holds indirectly says so by overriding this."""
        return held(self.instance, name)

    def full_clean(self):
        # Choices replaced after ``__init__`` (e.g. narrowed to a township) must still come from a scoped model.
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is not None:
                check_scoped(queryset, f"{type(self).__qualname__}.{name}")
        super().full_clean()


def offer_only_active(field, current=None) -> None:
    """Offer only rows still in use (``is_active``), plus the one already chosen, so old records stay editable."""
    from django.db.models import Q

    keep = Q(is_active=True)
    if current is not None:
        keep |= Q(pk=getattr(current, "pk", current))
    field.queryset = field.queryset.filter(keep)


class DateInput(forms.DateInput):
    """A date picker on phones and desktops alike (the browser's own), with the value in ISO form."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs=attrs, format=format)
