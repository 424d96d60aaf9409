from django import forms
from django.utils.translation import gettext_lazy as _

from skilled_township.core.forms import ScopedModelForm

from ..models import StarList


class StarSettingsForm(ScopedModelForm):
    class Meta:
        model = StarList
        fields = ["quota", "min_score"]
        widgets = {"min_score": forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"})}


class NominationForm(forms.Form):
    deeds = forms.CharField(
        label=_("主要事迹"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("学到的技能、用技能为群众服务的事例和成效。"),
    )


class StarDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("审核结果"),
        choices=[("1", _("通过")), ("0", _("不通过"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("审核意见"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
