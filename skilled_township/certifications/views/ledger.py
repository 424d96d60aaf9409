"""The service ledger (服务台账): the list in scope (a cadre's own), logging a service, the workbook."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from skilled_township.core.exports import ExportView
from skilled_township.core.views import ObjectEditView, ObjectListView, OwnRowsListMixin
from skilled_township.regions.models import Region
from skilled_township.regions.pages import TownshipPageMixin

from .. import exports
from ..filters.ledger import OwnServiceRecordFilter, ServiceRecordFilter
from ..forms.ledger import ServiceRecordForm
from ..models import ServiceRecord
from ..tables.ledger import ServiceRecordTable


class ServiceRecordListView(OwnRowsListMixin, ObjectListView):
    model = ServiceRecord
    queryset = ServiceRecord.objects.select_related("cadre__township", "skill", "village", "certificate", "request")
    filterset_class = ServiceRecordFilter
    own_filterset_class = OwnServiceRecordFilter
    table_class = ServiceRecordTable
    permission = "certifications.services"
    add_url_name = "certifications:ledger_create"
    add_permission = "certifications.manage"
    shared_title, own_title = gettext_lazy("服务台账"), gettext_lazy("我的服务台账")
    keyset = ("-served_on", "-id")
    template_name = "certifications/servicerecord_list.html"


class ServiceRecordCreateView(TownshipPageMixin, ObjectEditView):
    """Log a service directly: the cadre among the township's in-post cadres, the day not in the future. Someone
    who oversees several townships picks the township first."""

    model = ServiceRecord
    form_class = ServiceRecordForm
    permission = "certifications.manage"
    template_name = "certifications/servicerecord_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "township": self.township()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scope = self.request.user.scope
        if scope is None or scope.level != Region.Level.TOWNSHIP:
            context.update(township=self.township(), townships=self.townships())
        return context

    def get_success_url(self):
        return reverse("certifications:ledger_list")


class ServiceRecordExportView(ExportView):
    """The ledger as filtered, as a workbook; a cadre downloads only their own (``visible_to``)."""

    export = exports.SERVICE_RECORDS
    list_url_name = "certifications:ledger_list"
