"""Logging a service directly in the ledger."""

from django import forms
from django.utils import timezone

from skilled_township.cadres.widgets import CadreChoiceField
from skilled_township.core.forms import DateInput, ScopedModelForm, offer_only_active

from ..models import ServiceRecord
from ..services.ledger import log_service


class ServiceRecordForm(ScopedModelForm):
    class Meta:
        model = ServiceRecord
        fields = ["cadre", "served_on", "skill", "village", "recipient", "content", "outcome"]
        field_classes = {"cadre": CadreChoiceField}
        widgets = {
            "served_on": DateInput(),
            "content": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, township=None, **kwargs):
        super().__init__(*args, **kwargs)
        offer_only_active(self.fields["skill"], self.instance.skill_id)
        self.initial.setdefault("served_on", timezone.localdate())
        self.fields["cadre"].offer(self, "cadre", township=township)
        villages = self.fields["village"].queryset.filter(level="village")
        self.fields["village"].queryset = villages.filter(parent=township) if township is not None else villages.none()

    def save(self, commit=True):
        """Saved through the ledger's rule, which cites the cadre's valid certificate in the skill."""
        return log_service(self.instance)
