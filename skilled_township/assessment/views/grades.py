"""Cadres' annual grades and their appeals: the organisation department in its scope sets the grades (the city's
department also the weights, and publishes); secretaries and leaders read the published grades in their scope;
a cadre reads their own published grade and appeals against it within the window."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from skilled_township.core.forms import add_service_errors
from skilled_township.core.views import ObjectDetailView, ObjectListView, RolePermissionMixin

from ..filters.grades import AppealFilter, GradeFilter
from ..forms.grades import AppealForm, DecisionForm, FinalGradeForm, SchemeForm
from ..models import AssessmentRound, CadreGrade, GradeAppeal
from ..services import appeals, grades
from ..services.rounds import may_manage
from ..tables.grades import AppealTable, GradeTable
from .common import CityAdminMixin


def rounds_for(user):
    """The rounds whose grades the user may open: every round for the city's department, else those with a
    grade the user sees."""
    if may_manage(user):
        return AssessmentRound.objects.visible_to(user)
    return AssessmentRound.objects.filter(pk__in=CadreGrade.objects.visible_to(user).values("round"))


class GradeListView(ObjectListView):
    model = CadreGrade
    filterset_class = GradeFilter
    table_class = GradeTable
    permission = "assessment.grades"
    template_name = "assessment/grades/list.html"

    def dispatch(self, request, *args, **kwargs):
        self.round = None
        return super().dispatch(request, *args, **kwargs)

    def chosen_round(self):
        if self.round is None:
            choices = rounds_for(self.request.user).order_by("-year")
            wanted = self.request.GET.get("round", "")
            found = choices.filter(pk=wanted).first() if wanted.isdigit() else choices.first()
            if wanted and found is None:
                raise Http404
            self.round = found
        return self.round

    def get_queryset(self):
        round = self.chosen_round()
        rows = super().get_queryset().select_related("cadre__township", "round")
        return rows.filter(round=round) if round is not None else rows.none()

    def get_table_kwargs(self):
        kwargs = super().get_table_kwargs()
        if self.request.user.sees_own_rows_only:
            kwargs["exclude"] = ["township", "suggested", "record_score"]
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        round = self.chosen_round()
        scheme = grades.scheme_of(round) if round is not None else None
        context.update(
            title=_("干部年度等次") if not user.sees_own_rows_only else _("我的年度等次"),
            round=round,
            rounds=rounds_for(user).order_by("-year"),
            scheme=scheme,
            formula=grades.FORMULA,
            manage=may_manage(user),
            own=user.sees_own_rows_only,
        )
        return context


class GradeDetailView(ObjectDetailView):
    model = CadreGrade
    queryset = CadreGrade.objects.select_related("cadre__township", "round", "set_by")
    permission = "assessment.grades"
    template_name = "assessment/grades/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        grade, user = self.object, self.request.user
        scheme = grades.scheme_of(grade.round)
        deadline = appeals.deadline(scheme)
        context.update(
            title=str(grade),
            scheme=scheme,
            formula=grades.FORMULA,
            deadline=deadline,
            may_appeal=(
                user.has_role_perm("assessment.appeal")
                and getattr(user, "cadre_id", None) == grade.cadre_id
                and deadline is not None
                and timezone.now() <= deadline
                and not grade.appeals.filter(status=GradeAppeal.Status.PENDING).exists()
            ),
            may_set=user.has_role_perm("assessment.grade") and not scheme.is_published,
            appeals=GradeAppeal.objects.visible_to(user).filter(grade=grade),
        )
        return context


def _form_page(request, form, title, cancel_url, before=""):
    context = {"form": form, "title": title, "cancel_url": cancel_url, "before": before}
    return render(request, "assessment/grades/form.html", context)


class GradeEditView(RolePermissionMixin, View):
    """The organisation department's final grade with its basis (before the grades are published)."""

    permission = "assessment.grade"

    def get_grade(self, pk) -> CadreGrade:
        rows = CadreGrade.objects.visible_to(self.request.user).select_related("cadre__township", "round")
        return get_object_or_404(rows, pk=pk)

    def page(self, grade, form):
        title = _("评定等次：%(grade)s") % {"grade": grade}
        before = _("年度实绩得分 %(score)s，建议等次：%(suggested)s。") % {
            "score": grade.record_score,
            "suggested": grade.get_suggested_display(),
        }
        return _form_page(self.request, form, title, grade.get_absolute_url(), before)

    def refuse_if_published(self, grade):
        if grades.scheme_of(grade.round).is_published:
            messages.error(self.request, _("干部年度等次已发布，只能通过申诉决定变更。"))
            return redirect(grade)
        return None

    def get(self, request, pk):
        grade = self.get_grade(pk)
        refused = self.refuse_if_published(grade)
        if refused:
            return refused
        initial = {"final": grade.final or grade.suggested, "basis": grade.basis}
        return self.page(grade, FinalGradeForm(initial=initial))

    def post(self, request, pk):
        grade = self.get_grade(pk)
        refused = self.refuse_if_published(grade)
        if refused:
            return refused
        form = FinalGradeForm(request.POST)
        if form.is_valid():
            try:
                grades.set_final(grade, form.cleaned_data["final"], form.cleaned_data["basis"], by=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("已评定：%(grade)s") % {"grade": grade})
                return redirect(reverse("assessment:grade_list") + f"?round={grade.round_id}")
        return self.page(grade, form)


class SchemeEditView(CityAdminMixin, View):
    def page(self, round, form):
        title = _("干部年度等次办法：%(round)s") % {"round": round}
        cancel = reverse("assessment:grade_list") + f"?round={round.pk}"
        return _form_page(self.request, form, title, cancel, grades.FORMULA)

    def get(self, request, round_pk):
        round = self.get_round(round_pk)
        return self.page(round, SchemeForm(instance=grades.scheme_of(round), user=request.user))

    def post(self, request, round_pk):
        round = self.get_round(round_pk)
        form = SchemeForm(request.POST, instance=grades.scheme_of(round), user=request.user)
        if form.is_valid():
            try:
                grades.save_scheme(form.instance)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("已保存。"))
                return redirect(reverse("assessment:grade_list") + f"?round={round.pk}")
        return self.page(round, form)


GRADE_ACTIONS = {
    "refresh": (grades.refresh, gettext_lazy("已按年度实绩计算建议等次。")),
    "publish": (grades.publish, gettext_lazy("干部年度等次已发布。")),
}


class GradeActionView(CityAdminMixin, View):
    """POST only: compute the suggestions from the year's record, or publish the grades."""

    http_method_names = ["post"]

    def post(self, request, round_pk, action):
        round = self.get_round(round_pk)
        back = redirect(reverse("assessment:grade_list") + f"?round={round.pk}")
        if action not in GRADE_ACTIONS:
            messages.error(request, _("未知的操作。"))
            return back
        step, done = GRADE_ACTIONS[action]
        try:
            step(round, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, done)
        return back


class AppealCreateView(RolePermissionMixin, View):
    """A cadre's appeal against their own published grade, within the window."""

    permission = "assessment.appeal"

    def get_grade(self, pk) -> CadreGrade:
        rows = CadreGrade.objects.visible_to(self.request.user).select_related("cadre__township", "round")
        return get_object_or_404(rows, pk=pk)

    def page(self, grade, form):
        deadline = appeals.deadline(grades.scheme_of(grade.round))
        before = (
            _("申诉期至%(date)s。") % {"date": timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M")}
            if deadline
            else ""
        )
        title = _("申诉：%(grade)s（%(final)s）") % {"grade": grade, "final": grade.get_final_display()}
        return _form_page(self.request, form, title, grade.get_absolute_url(), before)

    def get(self, request, pk):
        return self.page(self.get_grade(pk), AppealForm())

    def post(self, request, pk):
        grade = self.get_grade(pk)
        form = AppealForm(request.POST)
        if form.is_valid():
            try:
                appeal = appeals.file(grade, form.cleaned_data["reason"], by=request.user)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("申诉已提交，组织部处理后将在此显示结果。"))
                return redirect(appeal)
        return self.page(grade, form)


class AppealListView(ObjectListView):
    model = GradeAppeal
    queryset = GradeAppeal.objects.select_related("grade__cadre__township", "grade__round")
    filterset_class = AppealFilter
    table_class = AppealTable
    permission = "assessment.appeals"
    title = gettext_lazy("等次申诉")


class AppealDetailView(ObjectDetailView):
    """The appeal; while pending, the organisation department decides it here (POST)."""

    model = GradeAppeal
    queryset = GradeAppeal.objects.select_related("grade__cadre__township", "grade__round", "decided_by")
    permission = "assessment.appeals"
    template_name = "assessment/grades/appeal.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        may_decide = self.object.is_pending and self.request.user.has_role_perm("assessment.grade")
        context.update(
            title=str(self.object),
            form=kwargs.get("form") or (DecisionForm() if may_decide else None),
            may_decide=may_decide,
        )
        return context

    def post(self, request, pk):
        if not request.user.has_role_perm("assessment.grade"):
            raise PermissionDenied
        self.object = self.get_object()
        form = DecisionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                appeals.decide(
                    self.object,
                    upheld=data["status"] == GradeAppeal.Status.UPHELD,
                    decision=data["decision"],
                    new_grade=data["decided_grade"],
                    by=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("申诉已处理。"))
                return redirect(self.object)
        return self.render_to_response(self.get_context_data(form=form))
