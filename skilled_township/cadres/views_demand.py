"""The demand-gap page: what villagers ask for against what the township's cadres know or learn."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from skilled_township.regions.pages import TownshipPageMixin

from .demand_gap import gap_ranking

#: Skills shown in the chart: the largest gaps; the table below lists them all.
CHART_SKILLS = 10


class DemandGapView(TownshipPageMixin, View):
    permission = "demand.view"

    def get(self, request):
        township, year = self.township(), self.year()
        rows = gap_ranking(township, year) if township else []
        top = rows[:CHART_SKILLS]
        context = {
            "township": township,
            "townships": self.townships(),
            "year": year,
            "rows": rows,
            "chart": {
                "skills": [row.skill.name for row in top],
                "demand": [row.demand for row in top],
                "covered": [row.covered for row in top],
                "labels": {"demand": str(_("提出人数")), "covered": str(_("覆盖干部"))},
            },
            "title": gettext_lazy("需求缺口"),
        }
        return render(request, "demand/gap.html", context)
