"""The cadre's public listing (edited by the township or by the cadre), and the public directory's filters."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skilled_township.core.forms import DateInput, ScopedModelForm
from skilled_township.core.validators import mobile_validator

from ..models import PublicProfile
from ..services.requests import normalise_phone


class PublicProfileForm(ScopedModelForm):
    class Meta:
        model = PublicProfile
        fields = ["duties", "listed", "public_phone", "phone_consent_on"]
        widgets = {
            "phone_consent_on": DateInput(),
            "public_phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        }
        help_texts = {
            "duties": _("群众在公开名录里看到的服务职责，如“柑桔嫁接、病虫害防治上门指导”。"),
            "listed": _("取消勾选后，公开名录中不再显示此干部。"),
            "public_phone": _("只有干部本人同意公开的号码才能填写；留空则名录中不显示电话。"),
            "phone_consent_on": _("干部本人同意公开此号码的日期，公开电话时必填。"),
        }

    def __init__(self, *args, suggested_phone: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.suggested_phone = suggested_phone
        if suggested_phone:
            self.fields["public_phone"].help_text = _(
                "只有干部本人同意公开的号码才能填写；留空则名录中不显示电话。名册中的手机号码为 %(mobile)s。"
            ) % {"mobile": suggested_phone}
            self.fields["public_phone"].widget.attrs["placeholder"] = suggested_phone

    def clean_public_phone(self):
        phone = normalise_phone(self.cleaned_data.get("public_phone", ""))
        if phone:
            mobile_validator(phone)
        return phone

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("public_phone") and not cleaned.get("phone_consent_on"):
            self.add_error("phone_consent_on", _("公开电话须记录本人同意的日期。"))
        consent = cleaned.get("phone_consent_on")
        if consent is not None and consent > timezone.localdate():
            self.add_error("phone_consent_on", _("日期不能晚于今天。"))
        return cleaned


class DirectoryFilterForm(forms.Form):
    """The public directory's filters: choices built from what the township publishes (no sign-in)."""

    skill = forms.TypedChoiceField(label=_("技能"), required=False, coerce=int, empty_value=None)
    category = forms.TypedChoiceField(label=_("技能类别"), required=False, coerce=int, empty_value=None)
    village = forms.TypedChoiceField(label=_("村"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, skills=(), villages=(), **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("全部"))]
        categories = {skill.category_id: skill.category.name for skill in skills}
        self.fields["skill"].choices = everything + [(skill.pk, skill.name) for skill in skills]
        self.fields["category"].choices = everything + list(categories.items())
        self.fields["village"].choices = everything + [(village.pk, village.name) for village in villages]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"
