from django import forms
from django.utils.translation import gettext_lazy as _

from skilled_township.core.forms import ScopedModelForm

from .models import PilotTownship, Region, VillageIncome
from .pickers import VillagePickerForm


class RegionForm(ScopedModelForm):
    """Add a child node under ``parent`` or rename a node; the code of an existing node never changes."""

    class Meta:
        model = Region
        fields = ["code", "name"]

    def __init__(self, *args, parent: Region | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True
        else:
            self.instance.parent = parent
            if parent is not None:
                self.fields["code"].initial = parent.prefix
                self.fields["code"].help_text = _("以 %(prefix)s 开头的12位代码。") % {"prefix": parent.prefix}


class PilotTownshipForm(ScopedModelForm):
    class Meta:
        model = PilotTownship
        fields = ["township", "batch", "start_year", "lead_industry", "status", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        townships = self.fields["township"].queryset.filter(level=Region.Level.TOWNSHIP).select_related("parent")
        if self.instance.pk:
            self.fields["township"].disabled = True
        else:
            townships = townships.filter(pilot__isnull=True)
        self.fields["township"].queryset = townships
        self.fields["township"].label_from_instance = lambda r: f"{r.name_with_parent()}（{r.code}）"


class VillageIncomeForm(VillagePickerForm):
    class Meta:
        model = VillageIncome
        fields = ["township", "village", "year", "per_capita_net_income", "source"]
