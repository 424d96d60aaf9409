from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skilled_township.cadres.widgets import CadreChoiceField
from skilled_township.core.forms import DateInput, ScopedModelForm, offer_only_active
from skilled_township.core.validators import NOTE_MAX_LENGTH

from ..models import Appraisal, Certificate
from ..services.issuing import default_issuing_body

SCORE_INPUT = forms.NumberInput(attrs={"step": "0.5", "min": "0", "max": "100", "inputmode": "decimal"})


class AppraisalForm(ScopedModelForm):
    """An appraisal, and for a pass the certificate it issues: issuing body (the configured one unless changed),
    issue date (the appraisal date unless given) and an optional expiry. Saved by ``issuing.record_appraisal``."""

    issuing_body = forms.CharField(
        label=_("发证机关"), max_length=64, required=False, help_text=_("合格时发证；留空为默认发证机关。")
    )
    issued_on = forms.DateField(
        label=_("发证日期"), required=False, widget=DateInput(), help_text=_("留空为鉴定日期。")
    )
    expires_on = forms.DateField(
        label=_("有效期至"), required=False, widget=DateInput(), help_text=_("长期有效的留空。")
    )

    class Meta:
        model = Appraisal
        fields = [
            "cadre",
            "skill",
            "appraised_on",
            "method",
            "theory_score",
            "practice_score",
            "result",
            "level",
            "note",
        ]
        field_classes = {"cadre": CadreChoiceField}
        widgets = {
            "appraised_on": DateInput(),
            "theory_score": SCORE_INPUT,
            "practice_score": SCORE_INPUT,
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_only_active(self.fields["skill"])
        self.fields["cadre"].offer(self, "cadre")
        self.fields["theory_score"].help_text = _("理论、综合鉴定填写。")
        self.fields["practice_score"].help_text = _("实操、综合鉴定填写。")
        self.initial.setdefault("appraised_on", timezone.localdate())
        self.initial.setdefault("issuing_body", default_issuing_body())

    def clean(self):
        data = super().clean()
        issued_on, expires_on = data.get("issued_on") or data.get("appraised_on"), data.get("expires_on")
        if issued_on and expires_on and expires_on <= issued_on:
            self.add_error("expires_on", _("有效期须晚于发证日期。"))
        if issued_on and issued_on > timezone.localdate():
            self.add_error("issued_on", _("发证日期不能晚于今天。"))
        return data


class PaperCertificateForm(ScopedModelForm):
    """A certificate issued on paper before the system: its number as printed."""

    class Meta:
        model = Certificate
        fields = ["cadre", "skill", "level", "number", "issuing_body", "issued_on", "expires_on"]
        field_classes = {"cadre": CadreChoiceField}
        widgets = {"issued_on": DateInput(), "expires_on": DateInput()}
        help_texts = {"number": _("按纸质证书上印的编号录入。")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_only_active(self.fields["skill"])
        self.fields["cadre"].offer(self, "cadre")
        self.fields["issuing_body"].required = False
        self.initial.setdefault("issuing_body", default_issuing_body())
        self.initial.pop("issued_on", None)


class CertificateEditForm(forms.Form):
    issuing_body = forms.CharField(label=_("发证机关"), max_length=64)
    expires_on = forms.DateField(
        label=_("有效期至"), required=False, widget=DateInput(), help_text=_("长期有效的留空。")
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("撤销原因"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("撤销后证书记录保留，查验时显示已撤销及原因。"),
    )
