from django.utils.translation import gettext_lazy

from skilled_township.core.exports import ExportView
from skilled_township.core.views import ObjectListView

from .. import exports
from ..filters.talent_pool import TalentPoolFilter
from ..models import Certificate
from ..services import talent_pool
from ..tables.talent_pool import TalentPoolTable


class TalentPoolView(ObjectListView):
    """人才库: in-post cadres by township, skill and level (their best valid certificate in each skill)."""

    model = Certificate
    queryset = Certificate.objects.all()
    filterset_class = TalentPoolFilter
    table_class = TalentPoolTable
    permission = "certifications.view"
    title = gettext_lazy("人才库")
    template_name = "certifications/talent_pool.html"

    def get_queryset(self):
        return talent_pool.pool(talent_pool.best_certificates().visible_to(self.request.user))


class TalentPoolExportView(ExportView):
    export = exports.TALENT_POOL
    list_url_name = "certifications:talent_pool"
