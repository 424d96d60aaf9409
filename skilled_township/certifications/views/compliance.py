from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views import View

from skilled_township.cadres.models import Cadre
from skilled_township.core.exports import ExportView
from skilled_township.core.views import ObjectListView
from skilled_township.regions.pages import RegionPageMixin

from .. import exports
from ..filters.compliance import UncertifiedFilter
from ..services import compliance
from ..tables.compliance import UncertifiedTable


class ComplianceView(RegionPageMixin, View):
    """持证情况: the share of in-post cadres holding a valid certificate in a region and in each child region,
    each a drill-down to the same page (seed 004: every cadre holds at least one)."""

    permission = "certifications.view"

    def get(self, request):
        region = self.region()
        figures = compliance.compliance(region) if region else None
        context = {
            "figures": figures,
            "region": region,
            "trail": self.trail(),
            "child_level": figures.children[0].region.get_level_display() if figures and figures.children else "",
            "title": gettext_lazy("持证情况"),
        }
        return render(request, "certifications/compliance.html", context)


class UncertifiedListView(ObjectListView):
    """The in-post cadres in scope without a valid certificate (not revoked, not expired)."""

    model = Cadre
    queryset = Cadre.objects.select_related("township")
    filterset_class = UncertifiedFilter
    table_class = UncertifiedTable
    permission = "certifications.view"
    title = gettext_lazy("未持证干部")
    template_name = "certifications/uncertified_list.html"

    def get_queryset(self):
        return compliance.without_valid_certificate(super().get_queryset()).order_by("township__code", "name", "pk")


class UncertifiedExportView(ExportView):
    export = exports.UNCERTIFIED
    list_url_name = "certifications:uncertified_list"
