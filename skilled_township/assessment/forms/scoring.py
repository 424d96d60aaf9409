"""The score sheet: one points field and one comment per indicator the reviewer scores, plus the version the
reviewer opened (for the lost-update check)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..services import scoring


class SheetForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, assignment, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.assignment = assignment
        self.indicators = list(indicators)
        scores = {s.indicator_id: s for s in assignment.scores.all()}
        self.fields["version"].initial = assignment.version
        for indicator in self.indicators:
            score = scores.get(indicator.pk)
            self.fields[f"points_{indicator.pk}"] = forms.DecimalField(
                label=indicator.name,
                required=False,
                min_value=0,
                max_value=indicator.max_points,
                decimal_places=1,
                initial=score.points if score else None,
                widget=forms.NumberInput(
                    attrs={"step": "0.5", "min": "0", "max": f"{indicator.max_points}", "inputmode": "decimal"}
                ),
            )
            self.fields[f"comment_{indicator.pk}"] = forms.CharField(
                label=_("评分说明"),
                required=False,
                max_length=500,
                initial=score.comment if score else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self):
        """(indicator, points field, comment field) for the template."""
        return [(i, self[f"points_{i.pk}"], self[f"comment_{i.pk}"]) for i in self.indicators]

    def entries(self) -> dict[int, scoring.Entry]:
        return {
            i.pk: scoring.Entry(self.cleaned_data.get(f"points_{i.pk}"), self.cleaned_data.get(f"comment_{i.pk}") or "")
            for i in self.indicators
        }

    def add_service_errors(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for key, messages in error.message_dict.items():
                field = f"points_{key}" if key.isdigit() else None
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        else:
            for message in error.messages:
                self.add_error(None, message)
