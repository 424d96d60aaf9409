"""Early warning (seed 000): the at-risk list of pairings behind or without figures, and the summary of
target statuses and the skill share per county and township."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views import View

from skilled_township.core.views import ObjectListView
from skilled_township.regions.models import Region
from skilled_township.regions.pages import RegionPageMixin

from ..filters.pairings import AtRiskFilter
from ..models import Member, Pairing
from ..services import targets
from ..tables.pairings import AtRiskTable


class AtRiskListView(ObjectListView):
    """Active pairings that are 滞后 or 未录入, the largest income gap first; 未录入 rows say what is missing."""

    model = Pairing
    queryset = Pairing.objects.select_related("household__village", "cadre")
    filterset_class = AtRiskFilter
    table_class = AtRiskTable
    permission = "pairing.view"
    title = gettext_lazy("收入预警")
    template_name = "pairing/at_risk.html"

    def get_queryset(self):
        return targets.at_risk(super().get_queryset())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["target_years"] = Pairing.TARGET_YEARS
        return context


class TargetSummaryView(RegionPageMixin, View):
    """Target statuses of the active pairings per county (the city), per township (a county) or for one
    township, each a click down; with the share of labour-capable assisted people who master a skill against
    the year's norm. Counted in the database, a fixed number of queries at any size."""

    permission = "pairing.view"

    def get(self, request):
        region, year = self.region(), self.year()
        report = None
        if region is not None:
            report = targets.summary(
                region, Pairing.objects.visible_to(request.user), Member.objects.visible_to(request.user), year
            )
        context = {
            "region": region,
            "trail": [*self.trail(), region] if region else [],
            "report": report,
            "year": year,
            "statuses": targets.TargetStatus.choices,
            "drills": region is not None and region.level != Region.Level.TOWNSHIP,
            "title": gettext_lazy("结对目标汇总"),
        }
        return render(request, "pairing/target_summary.html", context)
