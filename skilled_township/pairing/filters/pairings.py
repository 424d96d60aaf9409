import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from skilled_township.core.filters import ScopedFilterSet
from skilled_township.regions.filters import region_filter
from skilled_township.regions.models import Region

from ..models import Pairing
from ..services.targets import TargetStatus


class PairingFilter(ScopedFilterSet):
    """The pairings in scope: by township and village, cadre (by name, or one cadre by link), whether active,
    and by target status (``services.targets``: the list view annotates the figures first)."""

    township = region_filter("township", under=True)
    village = region_filter("village", field_name="household__village")
    # A text filter, not a list of every cadre: a county has thousands.
    cadre_name = django_filters.CharFilter(label=_("干部姓名"), field_name="cadre__name", lookup_expr="icontains")
    head_name = django_filters.CharFilter(
        label=_("户主姓名"), field_name="household__head_name", lookup_expr="icontains"
    )
    status = django_filters.ChoiceFilter(
        label=_("结对状态"),
        choices=[("active", _("进行中")), ("ended", _("已结束"))],
        method="by_status",
        empty_label=_("全部"),
    )
    target = django_filters.ChoiceFilter(
        label=_("目标状态"), choices=TargetStatus.choices, field_name="target_status", empty_label=_("全部")
    )
    # One cadre's pairings (the handover page links here); chosen by link, not typed.
    cadre = django_filters.NumberFilter(field_name="cadre", widget=forms.HiddenInput)

    class Meta:
        model = Pairing
        fields = ["township", "village", "cadre_name", "head_name", "status", "target", "cadre"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._villages_of_the_chosen_township()

    def by_status(self, queryset, name, value):
        return queryset.filter(ended_on__isnull=value == "active")

    def _villages_of_the_chosen_township(self) -> None:
        """Above a township the village choice lists only the chosen township's villages (a city has thousands)."""
        scope = getattr(self.user, "scope", None)
        if scope is not None and scope.level in (Region.Level.TOWNSHIP, Region.Level.VILLAGE):
            return
        village = self.filters["village"]
        township, asked = (self.data or {}).get("township"), (self.data or {}).get("village")
        if str(township or "").isdigit():
            village.queryset = village.queryset.filter(parent_id=township)
        elif str(asked or "").isdigit():
            village.queryset = village.queryset.filter(pk=asked)
        else:
            village.queryset = village.queryset.none()


class AtRiskFilter(PairingFilter):
    target = django_filters.ChoiceFilter(
        label=_("目标状态"),
        choices=[
            (TargetStatus.BEHIND.value, TargetStatus.BEHIND.label),
            (TargetStatus.MISSING.value, TargetStatus.MISSING.label),
        ],
        field_name="target_status",
        empty_label=_("滞后和未录入"),
    )

    class Meta(PairingFilter.Meta):
        fields = ["township", "village", "cadre_name", "head_name", "target"]


class HandoverFilter(ScopedFilterSet):
    township = region_filter("township", under=True)
    cadre_name = django_filters.CharFilter(label=_("干部姓名"), field_name="cadre__name", lookup_expr="icontains")

    class Meta:
        model = Pairing
        fields = ["township", "cadre_name"]
