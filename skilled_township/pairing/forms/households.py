"""Forms of a household, its members and their skills, and its yearly income."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from skilled_township.core import resident_id
from skilled_township.core.forms import ScopedModelForm
from skilled_township.regions.pickers import VillagePickerForm

from ..models import Household, HouseholdIncome, Member, MemberSkill
from ..services import households


class HouseholdForm(VillagePickerForm):
    """A household of a village in the user's scope. A resident ID already registered, or a head's name already
    registered in the same village, is refused with a message; the latter may be let through by ticking
    ``confirm_namesake`` (namesakes are real in villages)."""

    confirm_namesake = forms.BooleanField(label=households.NAMESAKE_CONFIRMATION, required=False)

    class Meta:
        model = Household
        fields = [
            "township",
            "village",
            "head_name",
            "id_number",
            "phone",
            "members",
            "labour_members",
            "registered_poor",
            "registered_poor_year",
            "main_industry",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "id_number": _("18 位，末位可为 X；全角数字和小写 x 会自动改正。"),
            "phone": _("走访后确认短信发送到此号码；不填则只能由户主手写签名确认。"),
        }

    def clean_id_number(self):
        return resident_id.normalise(self.cleaned_data.get("id_number", ""))

    def clean_head_name(self):
        return (self.cleaned_data.get("head_name") or "").strip()

    def clean(self):
        cleaned = super().clean()
        village = cleaned.get("village")
        entered = Household(
            pk=self.instance.pk,
            id_number=cleaned.get("id_number") or "",
            head_name=cleaned.get("head_name") or "",
            village_id=village.pk if village is not None else None,
        )
        entered._state.adding = self.instance._state.adding
        errors = households.duplicate_errors(
            entered, by=self.user, namesake_confirmed=bool(cleaned.get("confirm_namesake"))
        )
        for name, message in errors.items():
            if name not in self.errors:
                self.add_error(name, message)
        return cleaned

    def validate_unique(self):
        # The resident ID's uniqueness is checked above, with a message that says where (if the user may know).
        exclude = self._get_validation_exclusions()
        exclude.add("id_number")
        try:
            self.instance.validate_unique(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)


class MemberForm(ScopedModelForm):
    class Meta:
        model = Member
        fields = ["name", "relation", "birth_year", "labour_capable"]

    def __init__(self, *args, household=None, **kwargs):
        super().__init__(*args, **kwargs)
        if household is not None:
            self.instance.household = household


class MemberSkillForm(ScopedModelForm):
    """A skill (from the catalogue) a member has mastered by a year."""

    class Meta:
        model = MemberSkill
        fields = ["year", "skill"]

    def __init__(self, *args, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        if member is not None:
            self.instance.member = member
        self.fields["skill"].queryset = self.fields["skill"].queryset.select_related("category")

    def clean(self):
        cleaned = super().clean()
        year, skill = cleaned.get("year"), cleaned.get("skill")
        if year and skill is not None:
            taken = MemberSkill.objects.filter(member=self.instance.member, year=year, skill=skill)
            if taken.exclude(pk=self.instance.pk).exists():
                self.add_error("skill", _("该成员 %(year)d 年已登记此技能。") % {"year": year})
        return cleaned


class IncomeForm(ScopedModelForm):
    """A household's per-capita net income of one year (one a year)."""

    class Meta:
        model = HouseholdIncome
        fields = ["year", "per_capita_net_income", "source"]

    def __init__(self, *args, household=None, **kwargs):
        super().__init__(*args, **kwargs)
        if household is not None:
            self.instance.household = household

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("year")
        if year:
            taken = HouseholdIncome.objects.filter(household=self.instance.household, year=year)
            if taken.exclude(pk=self.instance.pk).exists():
                self.add_error("year", households.income_duplicate_message(year))
        return cleaned
