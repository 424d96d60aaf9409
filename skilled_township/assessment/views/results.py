from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import generic
from django_tables2 import RequestConfig

from skilled_township.core.views import ObjectDetailView, RolePermissionMixin
from skilled_township.regions.models import Region

from ..models import AssessmentResult, AssessmentRound
from ..services import surveys
from ..services.rounds import may_manage
from ..tables.results import ResultTable


class RoundResultsView(RolePermissionMixin, generic.TemplateView):
    """The round's results in the city, or in one county (``?region=<county code>``): what the user may see —
    the organisation department in its scope at once when the round closes; others once it is published."""

    permission = "assessment.view"
    template_name = "assessment/results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        round = get_object_or_404(AssessmentRound.objects.visible_to(user), pk=self.kwargs["pk"])
        results = AssessmentResult.objects.visible_to(user).filter(round=round)
        county = None
        code = self.request.GET.get("region", "")
        if code:
            county = Region.objects.visible_to(user).filter(code=code, level=Region.Level.COUNTY).first()
            if county is None:
                raise Http404
            results = results.under(county)
        results = results.select_related("township__parent", "round").order_by("city_rank")
        table = ResultTable(results)
        RequestConfig(self.request, paginate=False).configure(table)
        counties = Region.objects.filter(
            pk__in=AssessmentResult.objects.visible_to(user).filter(round=round).values("township__parent")
        ).order_by("code")
        context.update(
            round=round,
            table=table,
            county=county,
            counties=counties,
            title=_("%(round)s结果") % {"round": round},
            manage=may_manage(user),
        )
        return context


class ResultDetailView(ObjectDetailView):
    model = AssessmentResult
    queryset = AssessmentResult.objects.select_related("round", "township__parent")
    permission = "assessment.view"
    template_name = "assessment/result_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=str(self.object),
            lines=self.object.lines.select_related("indicator").order_by("indicator__order", "indicator_id"),
            formula=surveys.FORMULA,
        )
        return context
