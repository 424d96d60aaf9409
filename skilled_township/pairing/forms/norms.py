from django import forms

from skilled_township.core.forms import ScopedModelForm
from skilled_township.regions.models import Region

from ..models import Norm


class NormForm(ScopedModelForm):
    class Meta:
        model = Norm
        fields = ["region", "year", "visit_days_per_month", "skill_share_percent"]
        widgets = {"skill_share_percent": forms.NumberInput(attrs={"step": "0.01"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        region.queryset = region.queryset.exclude(level=Region.Level.VILLAGE).order_by("code")
        region.label_from_instance = lambda r: f"{r.code[:6]} {r.name}"
