"""Forms whose choices are scoped to the user: a related row outside their scope is never offered."""

from __future__ import annotations

from django import forms
from django.forms.models import ModelFormMetaclass

from .scoping import check_scoped, scoped


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
    """Every model-choice field is narrowed to what ``user`` may see (see ``core.scoping.scoped``)."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is not None:
                field.queryset = scoped(queryset, user, f"{type(self).__qualname__}.{name}")

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
