from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skilled_township.core.forms import DateInput, ScopedModelForm

from ..models import Visit
from ..services import confirmation
from ..services import visits as visit_services

TEXT = {"rows": 2}
COORDINATE = {"step": "any", "inputmode": "decimal"}


class VisitForm(ScopedModelForm):
    """Log or edit a visit on a phone: the household among the cadre's own active pairings, the date, what was
    done; a photo and the phone's position are optional."""

    photo = forms.FileField(
        label=_("照片"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp", "capture": "environment"}),
        help_text=_("可选。JPEG、PNG 或 WebP，不超过 8 MB。"),
    )

    class Meta:
        model = Visit
        fields = [
            "pairing",
            "visited_on",
            "kind",
            "content",
            "problems",
            "help_given",
            "follow_up_due",
            "latitude",
            "longitude",
        ]
        widgets = {
            "visited_on": DateInput(),
            "follow_up_due": DateInput(),
            "content": forms.Textarea(attrs=TEXT),
            "problems": forms.Textarea(attrs=TEXT),
            "help_given": forms.Textarea(attrs=TEXT),
            "latitude": forms.NumberInput(attrs=COORDINATE),
            "longitude": forms.NumberInput(attrs=COORDINATE),
        }
        labels = {"pairing": _("农户")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["visited_on"].widget.attrs["max"] = today.isoformat()
        if self.instance.pk:
            # A visit stays with its household: a visit logged under the wrong one is deleted and logged again.
            del self.fields["pairing"]
        else:
            pairing = self.fields["pairing"]
            pairing.queryset = visit_services.pairings_for_logging(self.user)
            own = self.user.sees_own_rows_only
            pairing.label_from_instance = (
                (lambda p: f"{p.household.head_name}（{p.household.village.name}）")
                if own
                else (lambda p: f"{p.household.head_name}（{p.household.village.name}）· {p.cadre.name}")
            )
            pairing.empty_label = None if pairing.queryset.count() == 1 else pairing.empty_label
            self.initial.setdefault("visited_on", today)
        self.fields["latitude"].help_text = _("可选。点“获取当前位置”由手机定位填写，或都不填。")

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            from skilled_township.training.services import reencode_photo

            reencode_photo(photo)  # refuses a wrong type, a large file or too many pixels
        return photo

    def _post_clean(self):
        super()._post_clean()
        if self.instance.pk is None and "pairing" in self.cleaned_data:
            self.instance.cadre_id = self.instance.pairing.cadre_id
        try:
            visit_services.check_visit(self.instance)
        except ValidationError as error:
            self._update_errors(error)


class AmendmentForm(forms.Form):
    """A correction of a confirmed visit: the visit's fields as they are, changed where wrong, and why."""

    visited_on = forms.DateField(label=_("走访日期"), widget=DateInput())
    kind = forms.ChoiceField(label=_("类型"), choices=Visit.Kind.choices)
    content = forms.CharField(label=_("走访内容"), widget=forms.Textarea(attrs=TEXT), max_length=2000)
    problems = forms.CharField(label=_("发现问题"), widget=forms.Textarea(attrs=TEXT), max_length=2000, required=False)
    help_given = forms.CharField(
        label=_("帮扶措施"), widget=forms.Textarea(attrs=TEXT), max_length=2000, required=False
    )
    follow_up_due = forms.DateField(label=_("跟进期限"), widget=DateInput(), required=False)
    reason = forms.CharField(
        label=_("更正原因"),
        widget=forms.Textarea(attrs=TEXT),
        max_length=500,
        help_text=_("已确认的民情日志不能直接修改：更正会连同原来的内容一起显示在日志上。"),
    )

    def __init__(self, *args, visit: Visit, **kwargs):
        initial = {name: getattr(visit, name) for name in visit_services.AMENDABLE_FIELDS}
        super().__init__(*args, initial=initial, **kwargs)
        self.visit = visit

    def changes(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in visit_services.AMENDABLE_FIELDS}


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("验证码"),
        max_length=confirmation.CODE_DIGITS,
        min_length=confirmation.CODE_DIGITS,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}),
        help_text=_("农户手机收到的 6 位数字，由户主读出。"),
    )


class SignatureForm(forms.Form):
    signature = forms.CharField(widget=forms.HiddenInput, required=False)
