from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View, generic

from skilled_township.core.services import JobServiceUnavailable
from skilled_township.core.views import RolePermissionMixin

from ..models import AssessmentRound, ReportJob, RoundReport
from ..services import reports
from ..services.rounds import may_manage
from .common import CityAdminMixin

#: The city's summary first, then the townships by division code.
CITY_FIRST = F("township__code").asc(nulls_first=True)


class RoundReportsView(RolePermissionMixin, generic.TemplateView):
    """The round's yearly evaluation reports that the user may download; for the organisation department the
    latest generation's progress (townships finished of all, each township's state, failures with their reason)
    and the button that starts a new one."""

    permission = "assessment.view"
    template_name = "assessment/reports.html"

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["assessment/_report_progress.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        round = get_object_or_404(AssessmentRound.objects.visible_to(user), pk=self.kwargs["pk"])
        current = (
            RoundReport.objects.visible_to(user)
            .filter(round=round, is_current=True)
            .select_related("township__parent")
            .order_by(CITY_FIRST)
        )
        job = ReportJob.objects.visible_to(user).filter(round=round).order_by("-pk").first()
        context.update(
            round=round,
            title=_("%(round)s报告") % {"round": round},
            current=current,
            job=job,
            progress=reports.progress(job) if job else None,
            job_reports=job.reports.select_related("township").order_by(CITY_FIRST) if job else [],
            may_start=may_manage(user) and round.status in reports.REPORTABLE,
        )
        return context


class ReportStartView(CityAdminMixin, View):
    """One click: a new generation of the round's reports, built in the background."""

    def post(self, request, pk):
        round = self.get_round(pk)
        try:
            reports.start(round, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except JobServiceUnavailable as unavailable:
            messages.warning(request, str(unavailable))
        else:
            messages.success(request, _("已开始生成考核报告。"))
        return redirect("assessment:round_reports", pk=round.pk)


class ReportDownloadView(RolePermissionMixin, View):
    permission = "assessment.view"

    def get(self, request, pk, kind):
        report = get_object_or_404(
            RoundReport.objects.visible_to(request.user).select_related("round"),
            pk=pk,
            status=RoundReport.Status.DONE,
        )
        file = {"pdf": report.pdf, "xlsx": report.xlsx}.get(kind)
        if not file:
            raise Http404
        return FileResponse(file.open("rb"), as_attachment=True, filename=file.name.rsplit("/", 1)[-1])
