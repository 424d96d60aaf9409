"""The demand-gap page: what villagers ask for against what the township's cadres know or learn."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views import View

from skilled_township.regions.pages import TownshipPageMixin

from .demand_gap import gap_ranking


class DemandGapView(TownshipPageMixin, View):
    permission = "demand.view"

    def get(self, request):
        township, year = self.township(), self.year()
        context = {
            "township": township,
            "townships": self.townships(),
            "year": year,
            "rows": gap_ranking(township, year) if township else [],
            "title": gettext_lazy("需求缺口"),
        }
        return render(request, "demand/gap.html", context)
