from django import forms

from skilled_township.core.forms import DateInput, ScopedModelForm

from ..models import SatisfactionSurvey


class SurveyForm(ScopedModelForm):
    class Meta:
        model = SatisfactionSurvey
        fields = ["conducted_on", "respondents", "satisfied", "basically_satisfied", "dissatisfied"]
        widgets = {
            "conducted_on": DateInput(),
            **{
                name: forms.NumberInput(attrs={"min": "0", "inputmode": "numeric"})
                for name in ("respondents", "satisfied", "basically_satisfied", "dissatisfied")
            },
        }
