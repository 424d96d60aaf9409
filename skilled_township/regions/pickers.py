"""Choosing a village on a phone: first its township, then one of that township's villages.

A city has thousands of villages: a select that lists them all made a page of 160 KiB that a phone takes
seconds to draw. A form with a village field (``VillagePickerForm``) shows instead a township select, grouped
by county, and a village select listing only the villages of the township chosen. When the township changes,
htmx replaces the village options with those of ``regions:village_options`` (the same ``village_choices``).
Without JavaScript, submitting the form shows the chosen township's villages, to pick one and save again.

Whatever the page shows, the server decides: the village must be in the user's scope, offered to the record
(not abolished, unless the record already holds it: ``core.forms.offered``) and in the township chosen.
Someone whose scope has a single township (a township secretary) gets no township select: the village select
lists their own villages.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from skilled_township.core.forms import ScopedModelForm, offered

from .models import Region


def village_choices(villages, township: Region | None, keep: list[Any] | tuple[Any, ...] = ()):
    """The villages offered under ``township`` (none without one): ``villages`` are those the user may see."""
    if township is None:
        return villages.none()
    return offered(villages.villages().filter(parent=township), keep).order_by("code")


class GroupedByParentIterator(ModelChoiceIterator):
    """The options under one <optgroup> per parent (townships under their county); a single parent needs none."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[Any, tuple[str, list]] = {}
        for region in self.queryset.select_related("parent").order_by("code"):
            parent_name = region.parent.name if region.parent_id else ""
            groups.setdefault(region.parent_id, (parent_name, []))[1].append(self.choice(region))
        if len(groups) == 1:
            yield from next(iter(groups.values()))[1]
        else:
            yield from groups.values()


class ShownChoiceIterator(ModelChoiceIterator):
    """The options of ``field.shown`` (what the page lists) rather than of ``field.queryset`` (what it accepts)."""

    def __init__(self, field):
        super().__init__(field)
        self.queryset = field.shown


class TownshipChoiceField(forms.ModelChoiceField):
    iterator = GroupedByParentIterator


class VillagePickerForm(ScopedModelForm):
    """A model form whose ``village_field`` is picked through a ``township`` select (see the module docstring).
    List ``"township"`` just before the village in ``Meta.fields``."""

    village_field = "village"

    township = TownshipChoiceField(
        label=_("乡镇"),
        queryset=Region.objects.townships(),
        required=False,
        help_text=_("先选乡镇，“村”一栏只列出该乡镇的村。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        village = self.fields[self.village_field]
        village.queryset = village.queryset.villages()
        village.error_messages["required"] = _("请选择村（先选乡镇，再从该乡镇的村中选）。")
        townships = self.fields["township"].queryset
        if townships.count() <= 1:
            # One township (a township secretary's): its villages are few enough to list them all.
            del self.fields["township"]
            return
        if not self.is_bound and self.held("township"):
            self.initial.setdefault("township", self.held("township")[0])
        township = self.picked_township(townships)
        village.shown = village_choices(village.queryset, township, self.held(self.village_field))
        village.iterator = ShownChoiceIterator
        village.widget.choices = village.choices
        target = self[self.village_field].auto_id
        self.fields["township"].widget.attrs.update(
            {
                "hx-get": reverse("regions:village_options"),
                "hx-trigger": "change",
                "hx-target": f"#{target}",
                "hx-swap": "innerHTML",
                "aria-controls": target,
            }
        )
        if keep := self.held(self.village_field):
            self.fields["township"].widget.attrs["hx-vals"] = json.dumps({"keep": keep[0]})

    def held(self, name: str) -> list[Any]:
        if name == "township":
            village = getattr(self.instance, self.village_field) if self.held(self.village_field) else None
            return [village.parent_id] if village is not None else []
        return super().held(name)

    def picked_township(self, townships) -> Region | None:
        """The township whose villages the page lists: the one chosen, else the one of the village chosen."""
        picked = str(self["township"].value() or "")
        if picked.isdigit():
            return townships.filter(pk=picked).first()
        village = str(self[self.village_field].value() or "")
        return townships.filter(children__pk=village).first() if village.isdigit() else None

    def clean(self):
        cleaned = super().clean()
        township, village = cleaned.get("township"), cleaned.get(self.village_field)
        if township is not None and village is not None and village.parent_id != township.pk:
            self.add_error(self.village_field, _("所选的村不在所选乡镇。"))
        return cleaned
