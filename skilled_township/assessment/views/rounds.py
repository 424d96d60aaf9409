from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from skilled_township.core.views import ObjectDetailView, ObjectListView

from ..filters.rounds import RoundFilter
from ..forms.rounds import ReopenForm, RoundCreateForm, RoundSettingsForm
from ..models import AssessmentRound, Indicator, ReviewerAssignment
from ..services import assignments, figures, results, rounds, rubric, stars, surveys
from ..tables.rounds import RoundTable
from .common import CityAdminMixin


class RoundListView(ObjectListView):
    model = AssessmentRound
    filterset_class = RoundFilter
    table_class = RoundTable
    permission = "assessment.view"
    add_url_name = "assessment:round_create"
    add_permission = "assessment.manage"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not rounds.may_manage(self.request.user):
            context.pop("add_url_name", None)
        return context


class RoundCreateView(CityAdminMixin, View):
    def render_form(self, form):
        context = {"form": form, "title": _("新建考核轮次"), "cancel_url": reverse("assessment:round_list")}
        return render(self.request, "assessment/form.html", context)

    def get(self, request):
        return self.render_form(RoundCreateForm())

    def post(self, request):
        form = RoundCreateForm(request.POST)
        if form.is_valid():
            try:
                round = rounds.create_round(request.user.scope, form.cleaned_data["year"], by=request.user)
            except ValidationError as error:
                form.add_error("year", error.message_dict.get("year", error.messages))
            else:
                messages.success(request, _("已新建%(round)s，评分细则已复制。") % {"round": round})
                return redirect(round)
        return self.render_form(form)


class RoundDetailView(ObjectDetailView):
    model = AssessmentRound
    permission = "assessment.view"
    template_name = "assessment/round_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        round = self.object
        indicators = list(round.indicators.order_by("order", "id"))
        for item in indicators:
            item.figure_label = figures.FIGURES[item.figure].label if item.figure in figures.FIGURES else ""
        areas = []
        for area, label in Indicator.Area.choices:
            rows = [i for i in indicators if i.area == area]
            if rows:
                areas.append({"label": label, "rows": rows, "points": sum(i.max_points for i in rows)})
        context.update(
            title=str(round),
            areas=areas,
            rubric_total=round.indicators.aggregate(total=Sum("max_points"))["total"] or 0,
            steps=round.steps.select_related("by"),
            manage=rounds.may_manage(self.request.user),
            formula=surveys.FORMULA,
            **self.related_pages(round),
        )
        if context["manage"]:
            context.update(self.management(round))
        return context

    def related_pages(self, round) -> dict:
        """The round's 学用之星 (its stage; the nominations for those who read them) and the tech deputies' page."""
        user = self.request.user
        stage = stars.stage(round)
        return {
            "star_stage": stage,
            "star_stage_label": stars.STAGES[stage],
            "star_list_url": (
                reverse("assessment:star_list") + f"?round={round.pk}"
                if stars.reads_nominations(user, published=stage == "published")
                else ""
            ),
            "deputy_list_url": reverse("assessment:deputy_list") if user.has_role_perm("assessment.deputies") else "",
        }

    def management(self, round):
        sheets = (
            ReviewerAssignment.objects.visible_to(self.request.user)
            .filter(round=round)
            .select_related("township__parent", "reviewer")
            .order_by("township__code", "reviewer__username")
        )
        by_township: dict = {}
        for sheet in sheets:
            by_township.setdefault(sheet.township, []).append(sheet)
        survey_of = {s.township_id: s for s in round.surveys.all()}
        return {
            "townships": [
                {
                    "township": t,
                    "sheets": rows,
                    "survey": survey_of.get(t.pk),
                    "short": len(rows) < assignments.MIN_REVIEWERS,
                }
                for t, rows in by_township.items()
            ],
            "short": assignments.townships_short_of_reviewers(round) if round.is_draft else [],
            "flags": results.spread_flags(round) if round.is_scoring else [],
            "counts": sheets.aggregate(
                total=Count("pk"), submitted=Count("pk", filter=Q(status=ReviewerAssignment.Status.SUBMITTED))
            ),
        }


ACTIONS = {
    "open": (rounds.open_scoring, gettext_lazy("已开始评分。")),
    "acknowledge": (rounds.acknowledge_spread, gettext_lazy("已确认评分差异。")),
    "close": (rounds.close, gettext_lazy("已结束评分，考核结果已计算。")),
    "publish": (rounds.publish, gettext_lazy("考核结果已发布。")),
}


class RoundActionView(CityAdminMixin, View):
    """POST only: one step of the round (open scoring, acknowledge the spread, close, publish)."""

    http_method_names = ["post"]

    def post(self, request, pk, action):
        round = self.get_round(pk)
        if action not in ACTIONS:
            messages.error(request, _("未知的操作。"))
            return redirect(round)
        step, done = ACTIONS[action]
        try:
            step(round, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, done)
        return redirect(round)


class RoundReopenView(CityAdminMixin, View):
    def render_form(self, round, form):
        title = _("重新打开：%(round)s") % {"round": round}
        context = {"form": form, "title": title, "cancel_url": round.get_absolute_url()}
        return render(self.request, "assessment/form.html", context)

    def get(self, request, pk):
        return self.render_form(self.get_round(pk), ReopenForm())

    def post(self, request, pk):
        round = self.get_round(pk)
        form = ReopenForm(request.POST)
        if form.is_valid():
            try:
                rounds.reopen(round, by=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("考核轮次已重新打开，结果已撤回发布。"))
                return redirect(round)
        return self.render_form(round, form)


class RoundSettingsView(CityAdminMixin, View):
    def render_form(self, round, form):
        title = _("差异提示与等次分数线：%(round)s") % {"round": round}
        context = {"form": form, "title": title, "cancel_url": round.get_absolute_url()}
        return render(self.request, "assessment/form.html", context)

    def get(self, request, pk):
        round = self.get_round(pk)
        return self.render_form(round, RoundSettingsForm(instance=round, user=request.user))

    def post(self, request, pk):
        round = self.get_round(pk)
        form = RoundSettingsForm(request.POST, instance=round, user=request.user)
        if form.is_valid():
            try:
                rubric.refuse_unless_draft(round)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                form.save()
                messages.success(request, _("已保存。"))
                return redirect(round)
        return self.render_form(round, form)
