from django import forms
from django.utils.translation import gettext_lazy as _

from skilled_township.core.forms import ScopedModelForm

from ..models import CadreGrade, GradeAppeal, GradeScheme


class SchemeForm(ScopedModelForm):
    class Meta:
        model = GradeScheme
        fields = [
            "study_weight",
            "certificate_weight",
            "visit_weight",
            "service_weight",
            "township_weight",
            "excellent_cap",
            "appeal_days",
        ]
        widgets = {"excellent_cap": forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"})}


class FinalGradeForm(forms.Form):
    final = forms.ChoiceField(label=_("评定等次"), choices=CadreGrade.Grade.choices)
    basis = forms.CharField(label=_("评定依据"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class AppealForm(forms.Form):
    reason = forms.CharField(label=_("申诉理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4}))


class DecisionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("处理结果"),
        choices=[(GradeAppeal.Status.UPHELD, _("申诉成立")), (GradeAppeal.Status.REJECTED, _("申诉驳回"))],
        widget=forms.RadioSelect,
    )
    decided_grade = forms.ChoiceField(
        label=_("变更后等次"),
        choices=[("", "—"), *CadreGrade.Grade.choices],
        required=False,
        help_text=_("申诉成立时填写。"),
    )
    decision = forms.CharField(label=_("处理意见"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
