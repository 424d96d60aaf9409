"""The monthly norm: the secretary's list of cadres below it, and the organisation department's norms."""

from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from skilled_township.cadres.models import Cadre
from skilled_township.core.views import ObjectEditView, ObjectListView
from skilled_township.regions.pages import TownshipPageMixin

from ..models import Norm
from ..services import norms
from ..tables.norms import NormTable


class NormReportView(TownshipPageMixin, TemplateView):
    """Per cadre of a township in a month: visit days and households visited against the norm; those below
    it first (zero-visit cadres included). ``?all=1`` lists every paired cadre."""

    permission = "pairing.view"
    template_name = "pairing/norm_report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        township, (year, month) = self.township(), self.month()
        show_all = self.request.GET.get("all") == "1"
        rows = []
        if township is not None:
            cadres = Cadre.objects.visible_to(self.request.user).filter(township=township)
            rows = norms.month_rows(cadres, year, month) if show_all else norms.below_norm(cadres, year, month)
        norm = norms.visit_days_norms([township], year)[township.pk] if township is not None else None
        context.update(
            title=_("走访达标情况"),
            township=township,
            townships=self.townships(),
            month=f"{year:04d}-{month:02d}",
            rows=rows,
            norm=norm,
            show_all=show_all,
        )
        return context


class NormListView(ObjectListView):
    model = Norm
    queryset = Norm.objects.select_related("region")
    table_class = NormTable
    filterset_fields = ["year"]
    permission = "pairing.norms"
    add_url_name = "pairing:norm_create"
    title = gettext_lazy("帮扶工作标准")


class NormEditView(ObjectEditView):
    model = Norm
    permission = "pairing.norms"
    success_url = reverse_lazy("pairing:norm_list")

    def get_form_class(self):
        from ..forms.norms import NormForm

        return NormForm
