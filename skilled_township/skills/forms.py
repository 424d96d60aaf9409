from django import forms

from skilled_township.core.forms import DateInput, ScopedModelForm, offer_only_active
from skilled_township.regions.models import Region
from skilled_township.regions.pickers import VillagePickerForm

from .models import Demand, Skill, TownshipRequiredSkill


class SkillForm(ScopedModelForm):
    class Meta:
        model = Skill
        fields = ["code", "name", "category", "related_industry", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class RequiredSkillForm(ScopedModelForm):
    class Meta:
        model = TownshipRequiredSkill
        fields = ["township", "year", "skill"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = self.fields["township"].queryset.filter(level=Region.Level.TOWNSHIP)
        offer_only_active(self.fields["skill"], self.instance.skill_id)
        self.fields["skill"].queryset = self.fields["skill"].queryset.select_related("category")


class DemandForm(VillagePickerForm):
    class Meta:
        model = Demand
        fields = ["township", "village", "household_name", "skill", "source", "recorded_on", "headcount", "note"]
        widgets = {
            "recorded_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_only_active(self.fields["skill"], self.instance.skill_id)
