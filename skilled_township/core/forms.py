"""Forms whose choices are scoped to the user: a related row outside their scope is never offered."""

from __future__ import annotations

from django import forms


class ScopedModelForm(forms.ModelForm):
    """Every model-choice field whose model has ``visible_to`` is narrowed to what ``user`` may see."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset, "visible_to"):
                field.queryset = queryset.visible_to(user)


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
