from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skilled_township.core.forms import ScopedModelForm
from skilled_township.core.validators import year_validators

from ..models import AssessmentRound, Indicator
from ..services import figures


class RoundCreateForm(forms.Form):
    year = forms.IntegerField(label=_("考核年度"), validators=year_validators())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class RoundSettingsForm(ScopedModelForm):
    """The spread share and the grade bands (editable in 草稿 only)."""

    class Meta:
        model = AssessmentRound
        fields = ["spread_share", "excellent_from", "good_from", "pass_from"]
        widgets = {
            name: forms.NumberInput(attrs={"step": step, "inputmode": "decimal"})
            for name, step in (
                ("spread_share", "0.05"),
                ("excellent_from", "0.5"),
                ("good_from", "0.5"),
                ("pass_from", "0.5"),
            )
        }


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("重新打开的原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class IndicatorForm(ScopedModelForm):
    figure = forms.ChoiceField(label=_("自动指标"), required=False, choices=figures.choices)

    class Meta:
        model = Indicator
        fields = ["area", "order", "name", "max_points", "figure", "criteria"]
        widgets = {
            "max_points": forms.NumberInput(attrs={"step": "0.5", "min": "0.5", "inputmode": "decimal"}),
            "criteria": forms.Textarea(attrs={"rows": 3}),
        }
