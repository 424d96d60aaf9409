from django import forms

from skilled_township.core.forms import ScopedModelForm

from ..models import DeputyAssessment

HALF_POINTS = {"step": "0.5", "min": "0", "inputmode": "decimal"}


class DeputyAssessmentForm(ScopedModelForm):
    class Meta:
        model = DeputyAssessment
        fields = [*DeputyAssessment.AREAS, "comment", "commended"]
        widgets = {
            **{
                name: forms.NumberInput(attrs={**HALF_POINTS, "max": str(maximum)})
                for name, (_label, maximum) in DeputyAssessment.AREAS.items()
            },
            "comment": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (label, maximum) in DeputyAssessment.AREAS.items():
            self.fields[name].label = f"{label}（{maximum}）"
