from itertools import groupby

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skilled_township.cadres.models import Cadre
from skilled_township.cadres.widgets import CadreChoiceField
from skilled_township.core.forms import DateInput, ScopedModelForm, offer_only_active
from skilled_township.regions.models import Region
from skilled_township.skills.models import Proficiency, Skill, SkillCategory

from .models import PlanRule, StudyRecord, StudyReport
from .services import plans


class SkillsByCategoryIterator(ModelChoiceIterator):
    """The skills under one <optgroup> per category of the catalogue, in the catalogue's order."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        skills = self.queryset.select_related("category").order_by("category__order", "category__code", "code")
        for category, group in groupby(skills, key=lambda skill: skill.category):
            yield (category.name, [self.choice(skill) for skill in group])


class SkillByCategoryField(forms.ModelChoiceField):
    iterator = SkillsByCategoryIterator


class ElectiveForm(forms.Form):
    skill = SkillByCategoryField(label=_("选修技能"), queryset=Skill.objects.none(), required=False)
    target_proficiency = forms.TypedChoiceField(
        label=_("目标熟练程度"), choices=Proficiency.choices, coerce=int, initial=Proficiency.GRASP
    )

    def __init__(self, *args, skills=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = skills if skills is not None else Skill.objects.active()
        self.fields["skill"].error_messages["invalid_choice"] = _("请从列表中选择：必修技能和停用的技能不能选作选修。")


class BaseElectiveFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        chosen = [
            form.cleaned_data["skill"]
            for form in self.forms
            if hasattr(form, "cleaned_data") and form.cleaned_data.get("skill") and not form.cleaned_data.get("DELETE")
        ]
        repeated = plans.repeated_skill(chosen)
        if repeated is not None:
            raise forms.ValidationError(plans.repeated_skill_message(repeated))

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
    max_num=plans.MAX_ELECTIVES,
    validate_max=True,
    # A count of forms sent beyond the limit is refused before any is built (Django would build a thousand more).
    absolute_max=plans.MAX_ELECTIVES,
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


class StudySessionForm(ScopedModelForm):
    """One study session for several cadres of a township: the cadres ticked in a list of its in-post cadres,
    the day, hours, skill, mode and content entered once (``ledger.log_session`` writes one record each)."""

    cadres = forms.ModelMultipleChoiceField(
        label=_("参加学习的干部"),
        queryset=Cadre.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("请至少选择一名干部。"),
            "invalid_choice": _("编号为 %(value)s 的干部不是本乡镇的在岗干部，未保存任何记录。"),
        },
    )

    class Meta:
        model = StudyRecord
        fields = ["studied_on", "hours", "skill", "mode", "notes"]
        labels = {"notes": _("学习内容")}
        help_texts = {"notes": _("每名干部的记录都写入这段内容。")}
        widgets = StudyRecordForm.Meta.widgets

    def __init__(self, *args, township=None, **kwargs):
        super().__init__(*args, **kwargs)
        offer_only_active(self.fields["skill"])
        self.initial.setdefault("studied_on", timezone.localdate())
        in_post = self.fields["cadres"].queryset.in_post()
        self.fields["cadres"].queryset = in_post.filter(township=township) if township is not None else in_post.none()

    def session(self) -> dict:
        """The record every chosen cadre gets."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class PlanRuleForm(ScopedModelForm):
    """The rule's region, year and total of electives, and one field per category of the catalogue: how many
    electives of that category every plan holds at least (``category_<code>``)."""

    class Meta:
        model = PlanRule
        fields = ["region", "year", "min_electives"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = self.fields["region"].queryset.filter(level__in=[Region.Level.CITY, Region.Level.COUNTY])
        self.fields["region"].queryset = regions
        held = plans.category_minimums(self.instance) if self.instance.pk else {}
        self.categories = list(SkillCategory.objects.all())
        for category in self.categories:
            self.fields[self.category_field(category)] = forms.IntegerField(
                label=_("“%(c)s”类至少选修") % {"c": category.name},
                min_value=0,
                max_value=plans.MAX_ELECTIVES,
                initial=held.get(category.pk, 0),
                required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    @staticmethod
    def category_field(category) -> str:
        return f"category_{category.code}"

    def save(self, commit=True):
        rule = super().save(commit)
        if commit:
            chosen = {
                category: self.cleaned_data.get(self.category_field(category)) or 0 for category in self.categories
            }
            plans.set_category_minimums(rule, chosen)
        return rule


class MonthInput(forms.DateInput):
    """A browser's month field (YYYY-MM)."""

    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m")


class StudyReportForm(ScopedModelForm):
    """A month's 述学. A cadre writes their own (no cadre to choose); the township writes for its cadres."""

    month = forms.DateField(label=_("月份"), widget=MonthInput(), input_formats=["%Y-%m", "%Y-%m-%d"])

    class Meta:
        model = StudyReport
        fields = ["cadre", "month", "learned", "applied", "problems"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in ("learned", "applied", "problems")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial.setdefault("month", timezone.localdate().replace(day=1))
        if getattr(self.user, "sees_own_rows_only", False):
            del self.fields["cadre"]
            if not self.instance.pk:
                self.instance.cadre = self.user.cadre
            return
        cadres = self.fields["cadre"].queryset.in_post().select_related("township")
        if self.instance.pk:
            cadres = self.fields["cadre"].queryset.filter(pk=self.instance.cadre_id) | cadres
        self.fields["cadre"].queryset = cadres.order_by("township__code", "name")

    def clean_month(self):
        month = self.cleaned_data["month"]
        return month.replace(day=1) if month else month

    def clean(self):
        cleaned = super().clean()
        cadre = cleaned.get("cadre") if "cadre" in self.fields else self.instance.cadre
        month = cleaned.get("month")
        if cadre is not None and month is not None:
            others = StudyReport.objects.filter(cadre=cadre, month=month).exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error("month", _("%(name)s 这个月已经述学，请修改那一篇。") % {"name": cadre.name})
        return cleaned

    def _get_validation_exclusions(self):
        # The one-per-cadre-and-month check is made in clean(), also when a cadre writes their own; the
        # month's own rules (within the programme, not in the future) still apply.
        return {*super()._get_validation_exclusions(), "cadre"}


class StudyReportReviewForm(ScopedModelForm):
    """A leader's 讲评 on a 述学; who and when are recorded by the page."""

    class Meta:
        model = StudyReport
        fields = ["review"]
        widgets = {"review": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review"].required = True

    def save(self, commit=True):
        self.instance.reviewed_by = self.user
        self.instance.reviewed_at = timezone.now()
        return super().save(commit)
