from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skilled_township.cadres.widgets import CadreChoiceField
from skilled_township.core.forms import DateInput, ScopedModelForm, offer_only_active
from skilled_township.regions.models import Region
from skilled_township.skills.models import Proficiency, Skill

from . import services
from .models import PlanRule, StudyRecord


class ElectiveForm(forms.Form):
    skill = forms.ModelChoiceField(label=_("选修技能"), queryset=Skill.objects.none(), required=False)
    target_proficiency = forms.TypedChoiceField(
        label=_("目标熟练程度"), choices=Proficiency.choices, coerce=int, initial=Proficiency.GRASP
    )

    def __init__(self, *args, skills=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = skills if skills is not None else Skill.objects.active()


class BaseElectiveFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        chosen = [
            form.cleaned_data["skill"]
            for form in self.forms
            if hasattr(form, "cleaned_data") and form.cleaned_data.get("skill") and not form.cleaned_data.get("DELETE")
        ]
        repeated = services.repeated_skill(chosen)
        if repeated is not None:
            raise forms.ValidationError(services.repeated_skill_message(repeated))

    def electives(self):
        return [
            (form.cleaned_data["skill"], form.cleaned_data["target_proficiency"])
            for form in self.forms
            if form.cleaned_data.get("skill") and not form.cleaned_data.get("DELETE")
        ]


ElectiveFormSet = forms.formset_factory(
    ElectiveForm,
    formset=BaseElectiveFormSet,
    extra=2,
    can_delete=True,
    max_num=services.MAX_ELECTIVES,
    validate_max=True,
)


class StudyRecordForm(ScopedModelForm):
    class Meta:
        model = StudyRecord
        fields = ["cadre", "studied_on", "hours", "skill", "mode", "notes"]
        field_classes = {"cadre": CadreChoiceField}
        widgets = {
            "studied_on": DateInput(),
            "hours": forms.NumberInput(attrs={"step": "0.5", "min": "0.5", "max": "24", "inputmode": "decimal"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, township=None, **kwargs):
        super().__init__(*args, **kwargs)
        offer_only_active(self.fields["skill"], self.instance.skill_id)
        if not self.instance.pk:
            self.initial.setdefault("studied_on", timezone.localdate())
        if getattr(self.user, "sees_own_rows_only", False):
            # A cadre logs their own study: there is no cadre to choose.
            del self.fields["cadre"]
            if not self.instance.pk:
                self.instance.cadre = self.user.cadre
            return
        self.fields["cadre"].offer(self, "cadre", township=township)


class PlanRuleForm(ScopedModelForm):
    class Meta:
        model = PlanRule
        fields = ["region", "year", "min_electives", "min_per_category"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = self.fields["region"].queryset.filter(level__in=[Region.Level.CITY, Region.Level.COUNTY])
        self.fields["region"].queryset = regions
