"""The public's request form, tracking and rating; the secretary's reassigning and cancelling; the cadre's
closing of a request."""

from itertools import groupby

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skilled_township.cadres.models import Cadre
from skilled_township.core.forms import DateInput
from skilled_township.core.validators import mobile_validator, not_in_future, programme_date
from skilled_township.regions.models import Region
from skilled_township.skills.models import Skill

from ..models import CertificateLevel, ServiceRequest
from ..services.requests import normalise_phone

#: The hidden field that people never see and bots fill in.
HONEYPOT = "website"


class SkillsByCategoryIterator(ModelChoiceIterator):
    """The skills under one <optgroup> per category, in the catalogue's order."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        skills = self.queryset.select_related("category").order_by("category__order", "category__code", "code")
        for category, group in groupby(skills, key=lambda skill: skill.category):
            yield (category.name, [self.choice(skill) for skill in group])


class SkillsByCategory(forms.ModelChoiceField):
    iterator = SkillsByCategoryIterator


class PublicRequestForm(forms.Form):
    """A request for help, on a phone, without signing in. The township is chosen before (from the directory)."""

    name = forms.CharField(label=_("您的称呼"), max_length=32)
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("只有承办干部和乡镇工作人员能看到，用于上门前联系您。"),
    )
    village = forms.ModelChoiceField(label=_("所在村"), queryset=Region.objects.none(), required=False)
    skill = SkillsByCategory(label=_("需要哪方面的帮助"), queryset=Skill.objects.none(), empty_label=_("请选择"))
    description = forms.CharField(label=_("具体需求"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4}))
    website = forms.CharField(required=False, label=_("网址"))

    def __init__(self, *args, township=None, villages=None, skills=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.township = township
        self.fields["village"].queryset = villages if villages is not None else Region.objects.none()
        self.fields["village"].empty_label = _("不确定 / 不在列表中")
        self.fields["skill"].queryset = skills if skills is not None else Skill.objects.active()
        self.fields[HONEYPOT].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_phone(self):
        phone = normalise_phone(self.cleaned_data["phone"])
        mobile_validator(phone)
        return phone

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("查询码"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("评价"),
        coerce=int,
        choices=[(n, "★" * n) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("评价意见（可不填）"), max_length=200, required=False)


class ReassignForm(forms.Form):
    cadre = forms.ModelChoiceField(label=_("改派给"), queryset=Cadre.objects.none())
    reason = forms.CharField(label=_("改派原因"), max_length=120)

    def __init__(self, *args, cadres=None, levels=None, **kwargs):
        super().__init__(*args, **kwargs)
        levels = levels or {}
        field = self.fields["cadre"]
        field.queryset = cadres if cadres is not None else Cadre.objects.none()

        def label(cadre):
            level = levels.get(cadre.pk)
            shown = CertificateLevel(level).label if level else _("无该技能有效证书")
            return f"{cadre.name} · {shown}"

        field.label_from_instance = label


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("撤销原因"), max_length=150)


class CloseForm(forms.Form):
    served_on = forms.DateField(
        label=_("服务日期"), widget=DateInput(), validators=[programme_date, not_in_future], initial=timezone.localdate
    )
    content = forms.CharField(label=_("服务内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.CharField(label=_("服务结果"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, request: ServiceRequest | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_served_on(self):
        day = self.cleaned_data["served_on"]
        if self.request is not None and day < timezone.localtime(self.request.created_at).date():
            raise ValidationError(_("服务日期不能早于请求提交日期。"))
        return day
