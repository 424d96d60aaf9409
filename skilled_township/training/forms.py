from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skilled_township.cadres.models import Cadre
from skilled_township.core.forms import DateInput, ScopedModelForm, offer_only_active
from skilled_township.regions.pickers import VillagePickerForm

from . import services
from .models import Disbursement, FundAllocation, TrainingBase, TrainingPlan, TrainingSession

MONEY_INPUT = {"step": "0.01", "min": "0", "inputmode": "decimal"}


class TrainingBaseForm(VillagePickerForm):
    """A base: its township (one the user may see), the village it is in, and its stage with the day it began."""

    stage_changed_on = forms.DateField(
        label=_("阶段变化日期"),
        required=False,
        widget=DateInput(),
        help_text=_("阶段有变化时填写，不填为今天。"),
    )

    class Meta:
        model = TrainingBase
        fields = [
            "name",
            "industry",
            "area_mu",
            "stage",
            "stage_changed_on",
            "township",
            "village",
            "location",
            "headmaster",
            "team",
            "description",
        ]
        widgets = {
            "area_mu": forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
            "team": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The base's township is its village's; a secretary's own township when they have only one.
        self.fields["village"].required = True
        deputies = self.fields["headmaster"].queryset.filter(secondments__kind="tech_deputy").distinct()
        self.fields["headmaster"].queryset = deputies.select_related("township").order_by("township__code", "name")
        self.fields["headmaster"].label_from_instance = lambda cadre: f"{cadre.name} · {cadre.township.name}"
        self.fields["headmaster"].help_text = _("须是在本镇挂职、任期内的科技副镇长。")

    def held(self, name):
        if name == "township":
            return [self.instance.township_id] if self.instance.pk else []
        return super().held(name)

    def clean(self):
        cleaned = super().clean()
        village = cleaned.get("village")
        if village is not None:
            self.instance.township = village.parent
        return cleaned

    def _post_clean(self):
        self.instance.stage_changed_on = self.cleaned_data.get("stage_changed_on")
        super()._post_clean()


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("照片"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPEG、PNG 或 WebP，不超过 8 MB。"),
    )
    caption = forms.CharField(label=_("说明"), max_length=128, required=False)

    def clean_image(self):
        image = self.cleaned_data["image"]
        self.reencoded = services.reencode_photo(image)
        return image


class FundAllocationForm(ScopedModelForm):
    class Meta:
        model = FundAllocation
        fields = ["base", "year", "purpose", "funding_unit", "amount", "allocated_on", "note"]
        widgets = {
            "amount": forms.NumberInput(attrs=MONEY_INPUT),
            "allocated_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base"].queryset = (
            self.fields["base"].queryset.select_related("township").order_by("township__code", "name")
        )
        self.fields["base"].label_from_instance = lambda base: f"{base.township.name} · {base.name}"
        if not self.instance.pk:
            self.initial.setdefault("year", timezone.localdate().year)
            self.initial.setdefault("allocated_on", timezone.localdate())
        else:
            # Its disbursements are paid out of this base's money: the allocation stays with its base.
            self.fields["base"].disabled = True


class DisbursementForm(ScopedModelForm):
    """A payment out of an allocation; saved through ``services.save_disbursement`` (row lock, remaining checked)."""

    class Meta:
        model = Disbursement
        fields = ["allocation", "amount", "paid_on", "payee", "note"]
        widgets = {
            "amount": forms.NumberInput(attrs=MONEY_INPUT),
            "paid_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        allocations = self.fields["allocation"].queryset.select_related("base__township")
        self.fields["allocation"].queryset = allocations.order_by("-year", "base__township__code", "base__name")
        self.fields["allocation"].label_from_instance = lambda a: (
            _("%(a)s（余额 %(left)s 元）")
            % {
                "a": f"{a.base.township.name} · {a}",
                "left": a.remaining,
            }
        )
        if not self.instance.pk:
            self.initial.setdefault("paid_on", timezone.localdate())
        else:
            self.fields["allocation"].disabled = True

    def save(self, commit=True):
        # Raises ValidationError when the allocation has too little left (checked under its row lock).
        return services.save_disbursement(self.instance)


class TrainingPlanForm(ScopedModelForm):
    class Meta:
        model = TrainingPlan
        fields = ["township", "year", "content", "target_trainees", "goals", "planned_sessions"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in ("content", "target_trainees", "goals")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = self.fields["township"].queryset.townships().order_by("code")
        if not self.instance.pk:
            self.initial.setdefault("year", timezone.localdate().year)
            townships = self.fields["township"].queryset
            if townships.count() == 1:
                self.initial.setdefault("township", townships.first().pk)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class TrainingSessionForm(ScopedModelForm):
    class Meta:
        model = TrainingSession
        fields = TrainingSession.ENTERED_FIELDS
        widgets = {
            "date": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "hours": forms.NumberInput(attrs={"step": "0.5", "min": "0.5", "max": "24", "inputmode": "decimal"}),
            "cost": forms.NumberInput(attrs=MONEY_INPUT),
            "other_skills": forms.SelectMultiple(attrs={"size": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_only_active(self.fields["skill"], self.instance.skill_id)
        self.fields["other_skills"].queryset = self.fields["other_skills"].queryset.filter(is_active=True)
        plans = self.fields["plan"].queryset.select_related("township").order_by("-year", "township__code")
        self.fields["plan"].queryset = plans
        bases = self.fields["base"].queryset.select_related("township").order_by("township__code", "name")
        self.fields["base"].queryset = bases
        self.fields["base"].label_from_instance = lambda base: f"{base.township.name} · {base.name}"
        cadres = self.fields["instructor_cadre"].queryset
        keep = [self.instance.instructor_cadre_id] if self.instance.instructor_cadre_id else []
        self.fields["instructor_cadre"].queryset = (
            (cadres.filter(status=Cadre.Status.IN_POST) | cadres.filter(pk__in=keep))
            .select_related("township")
            .order_by("township__code", "name")
        )
        self.fields["instructor_cadre"].label_from_instance = lambda c: f"{c.name} · {c.township.name}"
        if self.instance.pk:
            # Attendance and study records hang on the plan's township: the session stays in its plan.
            self.fields["plan"].disabled = True
        else:
            if plans.count() == 1:
                self.initial.setdefault("plan", plans.first().pk)
            self.initial.setdefault("date", timezone.localdate())

    def save(self, commit=True):
        session = super().save(commit)
        if commit and session.pk:
            services.sync_study_records(session)
        return session


class AttendanceForm(forms.Form):
    """The township's cadres as ticks, for a phone: everyone who was there, in one go."""

    cadres = forms.ModelMultipleChoiceField(
        label=_("出勤干部"), queryset=Cadre.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, session, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        candidates = services.attendance_candidates(session).filter(pk__in=Cadre.objects.visible_to(user).values("pk"))
        self.fields["cadres"].queryset = candidates
        self.fields["cadres"].label_from_instance = lambda c: f"{c.name} · {c.get_position_display()}"


class ClaimForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=32)
    id_last4 = forms.RegexField(
        label=_("身份证号码后四位"),
        regex=r"^\d{3}[\dXx]$",
        error_messages={"invalid": _("请输入身份证号码的最后四位（末位可以是 X）。")},
        widget=forms.TextInput(attrs={"inputmode": "text", "autocomplete": "off", "maxlength": "4"}),
    )
