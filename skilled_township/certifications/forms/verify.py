"""The public form where a person types a certificate's verification code from the paper."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..services.verification import CODE_LENGTH, is_well_formed, normalise_code


class VerifyCodeForm(forms.Form):
    code = forms.CharField(
        label=_("查验码"),
        max_length=40,
        help_text=_("证书或服务卡上的16位查验码，字母不分大小写，可带空格或短横线。"),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not is_well_formed(code):
            raise ValidationError(
                _("查验码应为%(n)s位字母和数字（不含 0、O、1、I、L），请核对后重新输入。") % {"n": CODE_LENGTH}
            )
        return code
