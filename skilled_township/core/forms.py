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
