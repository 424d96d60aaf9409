import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from skilled_township.cadres.models import Cadre
from skilled_township.core.excel import workbook_bytes
from skilled_township.core.exports import ExportView
from skilled_township.core.validators import is_programme_year
from skilled_township.core.views import (
    ExcludeUnlessPermittedMixin,
    ObjectDeleteView,
    ObjectEditView,
    ObjectListView,
    OwnRowsListMixin,
    RolePermissionMixin,
)
from skilled_township.regions.models import Region
from skilled_township.regions.pages import RegionPageMixin, TownshipPageMixin
from skilled_township.skills.models import TownshipRequiredSkill

from . import exports, sources
from .filters import OwnStudyRecordFilter, OwnStudyReportFilter, PlanRuleFilter, StudyRecordFilter, StudyReportFilter
from .forms import (
    ElectiveFormSet,
    PlanRuleForm,
    StudyRecordForm,
    StudyReportForm,
    StudyReportReviewForm,
    StudySessionForm,
)
from .models import LearningPlan, PlanRule, StudyRecord, StudyReport
from .services import gaps, ledger, plans
from .tables import PlanRuleTable, StudyRecordTable, StudyReportTable

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: Names listed as not having written the month's 述学 (the table marks every one of them).
NOT_REPORTED_SHOWN = 30
#: Skills shown in the demand-gap chart: the largest gaps; the table below lists them all.
CHART_SKILLS = 10


class PlanOverviewView(TownshipPageMixin, View):
    permission = "learning.view"

    def get(self, request):
        township, year = self.township(), self.year()
        overview = plans.plan_overview(township, year) if township else plans.PlanOverview(None, [])
        context = {
            "township": township,
            "townships": self.townships(),
            "year": year,
            "rule": overview.rule,
            "page_obj": Paginator(overview.rows, settings.PAGE_SIZE).get_page(request.GET.get("page")),
            "short": overview.short,
            "drafts": overview.drafts,
            "can_manage": request.user.has_role_perm("learning.manage"),
            "title": gettext_lazy("学习计划"),
        }
        return render(request, "learning/plan_overview.html", context)


class PlanEditView(RolePermissionMixin, View):
    """A cadre's plan for a year: required skills filled in from the township, electives chosen here, grouped
    by category and never one the township requires. Saved as a draft, or confirmed if it meets the rule."""

    permission = "learning.manage"
    #: The submit button that confirms the plan (the other keeps it a draft).
    confirm = "_confirm"

    def get_cadre(self, cadre_pk: int, year: int) -> Cadre:
        if not is_programme_year(year):
            raise Http404
        return get_object_or_404(Cadre.objects.visible_to(self.request.user).select_related("township"), pk=cadre_pk)

    def render_page(self, cadre, year, formset=None):
        page = plans.plan_page(cadre, year)
        if formset is None:
            formset = self.formset(cadre, year, initial=page.initial_electives)
        title = _("%(name)s %(year)s 年学习计划") % {"name": cadre.name, "year": year}
        context = {
            "cadre": cadre,
            "year": year,
            "page": page,
            "formset": formset,
            "title": title,
            "confirm": self.confirm,
        }
        return render(self.request, "learning/plan_form.html", context)

    def formset(self, cadre, year, **kwargs):
        skills = plans.elective_choices(cadre.township, year)
        return ElectiveFormSet(**kwargs, form_kwargs={"skills": skills})

    def get(self, request, cadre_pk: int, year: int):
        return self.render_page(self.get_cadre(cadre_pk, year), year)

    def post(self, request, cadre_pk: int, year: int):
        cadre = self.get_cadre(cadre_pk, year)
        formset = self.formset(cadre, year, data=request.POST)
        if not formset.is_valid():
            return self.render_page(cadre, year, formset)
        confirm = self.confirm in request.POST
        status = LearningPlan.Status.CONFIRMED if confirm else LearningPlan.Status.DRAFT
        try:
            _plan, problems = plans.save_plan(cadre, year, formset.electives(), status=status, by=request.user)
        except plans.RuleNotMet as refused:
            formset.non_form_errors().append(refused.message)
            return self.render_page(cadre, year, formset)
        messages.success(request, _("学习计划已确认。") if confirm else _("学习计划已保存为草稿。"))
        for problem in problems:
            messages.warning(request, _("未达到计划规则：%(p)s") % {"p": problem})
        return redirect(reverse("learning:plan_overview") + f"?township={cadre.township_id}&year={year}")


class StudyRecordListView(OwnRowsListMixin, ExcludeUnlessPermittedMixin, ObjectListView):
    """The study ledger. A cadre reads only their own (``visible_to``), without township and cadre columns."""

    model = StudyRecord
    queryset = StudyRecord.objects.select_related("cadre__township", "skill")
    filterset_class = StudyRecordFilter
    table_class = StudyRecordTable
    permission = "learning.read"
    add_url_name = "learning:study_create"
    add_permission = "learning.log"
    action_columns = {"edit": "learning.log"}
    own_filterset_class = OwnStudyRecordFilter
    shared_title, own_title = gettext_lazy("学习台账"), gettext_lazy("我的学习台账")
    keyset = ("-studied_on", "-id")  # index study_ledger_order
    template_name = "learning/studyrecord_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_log_session"] = self.request.user.has_role_perm("learning.log_many")
        return context

    def get_table_data(self):
        """The scoped, filtered records, naming their cadres when those are few (see ``for_cadres_of``)."""
        records = super().get_table_data()
        form = self.filterset.form
        chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
        return records.for_cadres_of(self.request.user, chosen.get("township"), chosen.get("cadre_name", ""))

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        rows = list(self.page.object_list)
        found = sources.sources_of(record.pk for record in rows)
        for record in rows:
            record.source = found.get(record.pk)
        return table


class StudyRecordEditView(TownshipPageMixin, ObjectEditView):
    """Log a study record. Someone who oversees several townships picks the township first, so the cadre
    list stays short enough for a phone."""

    model = StudyRecord
    form_class = StudyRecordForm
    permission = "learning.log"
    template_name = "learning/studyrecord_form.html"

    #: The second submit button, 保存并继续添加: back to a fresh form for the next cadre of the same session.
    add_another = "_add_another"
    #: What the next record of the same session keeps.
    kept_for_next = ("studied_on", "hours", "skill", "mode")

    def get_initial(self):
        initial = super().get_initial()
        if self.object is None:
            initial.update({name: self.request.GET[name] for name in self.kept_for_next if self.request.GET.get(name)})
        return initial

    def get(self, request, *args, **kwargs):
        return refuse_if_kept_elsewhere(self, request) or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return refuse_if_kept_elsewhere(self, request) or super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        # A new record starts from a township (the picker's); an existing one keeps every cadre in scope on offer.
        return {**super().get_form_kwargs(), "township": self.township() if self.object is None else None}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["add_another"] = self.add_another
        context["can_log_session"] = self.object is None and self.request.user.has_role_perm("learning.log_many")
        scope = self.request.user.scope
        if self.object is None and (scope is None or scope.level != Region.Level.TOWNSHIP):
            context.update(township=self.township(), townships=self.townships())
        # The same rule as StudyRecordDeleteView and the API's delete.
        context["can_delete"] = self.object is not None and self.request.user.has_role_perm("learning.manage")
        return context

    def get_success_url(self):
        if self.add_another in self.request.POST and self.pk_url_kwarg not in self.kwargs:
            record = self.object
            kept = {"studied_on": record.studied_on.isoformat(), "hours": record.hours, "skill": record.skill_id}
            kept["mode"] = record.mode
            if self.request.GET.get("township", "").isdigit():
                kept["township"] = self.request.GET["township"]
            return reverse("learning:study_create") + "?" + urlencode(kept)
        if self.request.user.has_role_perm("learning.own"):
            return reverse("learning:mine")
        return reverse("learning:study_list")


def refuse_if_kept_elsewhere(view, request):
    """A record that its session's attendance keeps (``sources``) is changed there, not here: the page says where."""
    if view.pk_url_kwarg not in view.kwargs:
        return None
    view.object = view.get_object()
    source = sources.source_of(view.object)
    if source is None:
        return None
    if request.method == "POST":
        messages.error(request, sources.kept_elsewhere_message(source))
    context = {"record": view.object, "source": source, "message": sources.kept_elsewhere_message(source)}
    context["title"] = _("学习记录：%(record)s") % {"record": view.object}
    return render(
        request, "learning/studyrecord_kept_elsewhere.html", context, status=409 if request.method == "POST" else 200
    )


class StudySessionView(TownshipPageMixin, View):
    """One study session logged for several cadres at once (a 集中学习 of the township's cadres): tick the
    cadres in a list of the township's in-post cadres, enter the day, hours, skill, mode and content once; one
    record each, all or none (``ledger.log_session``). Someone who oversees several townships picks the
    township first. The API does the same at ``study-records/session/``."""

    permission = "learning.log_many"
    template_name = "learning/study_session.html"

    def makes_a_new_record(self) -> bool:
        return True

    def form(self, data=None) -> StudySessionForm:
        return StudySessionForm(data, user=self.request.user, township=self.township())

    def get(self, request):
        return self.render_page(self.form())

    def post(self, request):
        form = self.form(request.POST)
        if form.is_valid():
            try:
                records = ledger.log_session(form.cleaned_data["cadres"], form.session(), by=request.user)
            except ledger.SessionRefused as refused:
                form.add_error("cadres", refused)
            except ValidationError as invalid:  # a rule of the record (the form checks them already)
                form.add_error(None, invalid)
            else:
                return self.done(records)
        return self.render_page(form)

    def done(self, records):
        first = records[0]
        messages.success(
            self.request,
            _("已为 %(n)s 名干部记录 %(day)s “%(skill)s”的学习。")
            % {"n": len(records), "day": first.studied_on.isoformat(), "skill": first.skill},
        )
        query = urlencode({"township": first.cadre.township_id, "month": f"{first.studied_on:%Y-%m}"})
        return redirect(reverse("learning:study_list") + "?" + query)

    def render_page(self, form):
        chosen = [int(pk) for pk in form.data.getlist("cadres") if str(pk).isdigit()] if form.is_bound else []
        listing = ledger.session_list(form.fields["cadres"].queryset, self.request.GET.get("q", ""), chosen)
        context = {
            "form": form,
            "listing": listing,
            "chosen": set(chosen),
            "township": self.township(),
            "townships": self.townships(),
            "search": self.request.GET.get("q", ""),
            "title": gettext_lazy("多人学习登记"),
        }
        return render(self.request, self.template_name, context)


class StudyRecordDeleteView(ObjectDeleteView):
    """Remove a mistyped record. As through the API: those who keep the township's ledger, in their scope; a
    cadre corrects their own records but does not remove them (records will also come from attendance)."""

    model = StudyRecord
    permission = "learning.manage"
    success_url = reverse_lazy("learning:study_list")

    def get_cancel_url(self) -> str:
        return reverse("learning:study_update", args=[self.object.pk])

    def get(self, request, *args, **kwargs):
        return refuse_if_kept_elsewhere(self, request) or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return refuse_if_kept_elsewhere(self, request) or super().post(request, *args, **kwargs)


class MyLearningView(RolePermissionMixin, View):
    """我的学习, a cadre's home: their roster entry, this year's plan and hours, this month's study, and the
    button to log more. Everything read through ``visible_to``: their own rows, their township's required skills."""

    permission = "learning.own"

    def get(self, request):
        visible = Cadre.objects.visible_to(request.user).select_related("township__parent")
        cadre = get_object_or_404(visible, pk=request.user.owner_key)
        learning = ledger.cadre_learning(cadre, timezone.localdate())
        required = TownshipRequiredSkill.objects.visible_to(request.user).filter(year=learning.year)
        context = {
            "cadre": cadre,
            "learning": learning,
            "required": required.select_related("skill") if learning.plan is None else [],
            "month_report": StudyReport.objects.visible_to(request.user)
            .filter(cadre=cadre, month=timezone.localdate().replace(day=1))
            .first(),
            "title": gettext_lazy("我的学习"),
        }
        return render(request, "learning/mine.html", context)


class MonthlySummaryView(TownshipPageMixin, View):
    """一月一述学 for a township: hours per cadre, the share of cadres who studied this month, and who has
    and has not written the month's 述学. ``?export=xlsx`` downloads the same rows."""

    permission = "learning.view"

    def get(self, request):
        township = self.township()
        year, month = self.month()
        summary = ledger.township_monthly_summary(township, year, month) if township else None
        rows = summary.rows if summary else []
        # The township's reports of the month, by township rather than by a list of thousands of cadre ids.
        in_month = StudyReport.objects.visible_to(request.user).filter(month=datetime.date(year, month, 1))
        reports = {report.cadre_id: report for report in in_month.filter(cadre__township=township)} if rows else {}
        for cadre in rows:
            cadre.month_report = reports.get(cadre.pk)
        if township is not None and request.GET.get("export") == "xlsx":
            return month_workbook(township, year, month, rows)
        context = {
            "page_obj": Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page")),
            "township": township,
            "townships": self.townships(),
            "month": f"{year:04d}-{month:02d}",
            "summary": summary,
            "reported": sum(1 for cadre in rows if cadre.month_report is not None),
            "not_reported": [cadre for cadre in rows if cadre.month_report is None],
            "not_reported_shown": NOT_REPORTED_SHOWN,
            "title": gettext_lazy("月度学习汇总"),
        }
        return render(request, "learning/monthly_township.html", context)


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def month_workbook(township, year: int, month: int, rows) -> HttpResponse:
    header = [_("干部"), _("学习次数"), _("学时"), _("述学"), _("学了什么"), _("用在哪里"), _("存在问题"), _("讲评")]

    def cells(cadre):
        report = cadre.month_report
        texts = [report.learned, report.applied, report.problems, report.review] if report else ["", "", "", ""]
        done = _("已述学") if report else _("未述学")
        return [cadre.name, cadre.month_records, float(cadre.month_hours), str(done), *texts]

    title = f"{township.name} {year:04d}-{month:02d}"
    return xlsx_response(
        workbook_bytes(title, header, map(cells, rows)), f"shuxue-{township.code}-{year:04d}{month:02d}.xlsx"
    )


class CadreMonthlySummaryView(TownshipPageMixin, View):
    permission = "learning.view"

    def get(self, request, pk: int):
        cadre = get_object_or_404(Cadre.objects.visible_to(request.user).select_related("township"), pk=pk)
        year, month = self.month()
        summary = ledger.monthly_summary_for_cadre(cadre, year, month)
        context = {"cadre": cadre, "summary": summary, "month": f"{year:04d}-{month:02d}", "title": cadre.name}
        return render(request, "learning/monthly_cadre.html", context)


class PlanRuleListView(ObjectListView):
    model = PlanRule
    queryset = PlanRule.objects.select_related("region").prefetch_related("category_minimums__category")
    filterset_class = PlanRuleFilter
    table_class = PlanRuleTable
    permission = "learning.rules"
    add_url_name = "learning:rule_create"


class PlanRuleEditView(ObjectEditView):
    model = PlanRule
    form_class = PlanRuleForm
    permission = "learning.rules"

    def get_success_url(self):
        return reverse("learning:rule_list")


class DemandGapView(RegionPageMixin, View):
    """群众需要什么，干部学习什么, for a township and rolled up for a county and the city: the most-demanded
    skills that too few cadres cover, and, above a township, the same figures per county or township, each a
    click down to its own ranking. Starts at the user's own scope."""

    permission = "demand.view"

    def get(self, request):
        region, year = self.region(), self.year()
        report = gaps.gap_report(region, year) if region else None
        rows = report.rows if report else []
        top = rows[:CHART_SKILLS]
        context = {
            "region": region,
            "trail": [*self.trail(), region] if region else [],
            "report": report,
            "year": year,
            "rows": rows,
            "rolled_up": region is not None and region.level != Region.Level.TOWNSHIP,
            "chart": {
                "skills": [row.skill.name for row in top],
                "demand": [row.demand for row in top],
                "covered": [row.covered for row in top],
                "labels": {"demand": str(_("提出人数")), "covered": str(_("覆盖干部"))},
            },
            "title": gettext_lazy("需求缺口"),
        }
        return render(request, "learning/demand_gap.html", context)


class StudyReportListView(OwnRowsListMixin, ExcludeUnlessPermittedMixin, ObjectListView):
    """一月一述学, every month's entries. A cadre reads only their own (``visible_to``)."""

    model = StudyReport
    queryset = StudyReport.objects.select_related("cadre__township", "reviewed_by")
    filterset_class = StudyReportFilter
    table_class = StudyReportTable
    permission = "learning.read"
    add_url_name = "learning:report_create"
    add_permission = "learning.report"
    action_columns = {"edit": "learning.report", "comment": "learning.review"}
    own_filterset_class = OwnStudyReportFilter
    shared_title, own_title = gettext_lazy("一月一述学"), gettext_lazy("我的述学")
    template_name = "learning/studyreport_list.html"


class StudyReportEditView(ObjectEditView):
    """Write or correct a month's 述学: a cadre their own, the township for its cadres."""

    model = StudyReport
    form_class = StudyReportForm
    permission = "learning.report"

    def get_initial(self):
        initial = super().get_initial()
        month = self.request.GET.get("month", "")
        try:
            initial["month"] = datetime.datetime.strptime(month, "%Y-%m").date()
        except ValueError:
            pass
        return initial

    def get_success_url(self):
        if self.request.user.has_role_perm("learning.own"):
            return reverse("learning:mine")
        return reverse("learning:report_list")


class StudyReportReviewView(ObjectEditView):
    """A leader's 讲评 on a 述学; the page records who wrote it and when."""

    model = StudyReport
    form_class = StudyReportReviewForm
    permission = "learning.review"
    template_name = "learning/studyreport_review.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("讲评：%(report)s") % {"report": self.object}
        return context

    def get_success_url(self):
        return reverse("learning:report_list")


class StudyReportExportView(ExportView):
    """The 述学 list as filtered, as a workbook: with ``?cadre=<id>&year=<year>`` a cadre's year, one row a
    month. Read through ``visible_to``: a cadre downloads only their own."""

    export = exports.STUDY_REPORTS
    list_url_name = "learning:report_list"
