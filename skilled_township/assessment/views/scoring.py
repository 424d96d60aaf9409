from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from skilled_township.core.views import ObjectListView, RolePermissionMixin

from ..filters.rounds import SheetFilter
from ..forms.scoring import SheetForm
from ..models import AssessmentRound, ReviewerAssignment
from ..services import figures, scoring, snapshots
from ..tables.rounds import SheetTable


class MySheetsView(ObjectListView):
    model = ReviewerAssignment
    queryset = ReviewerAssignment.objects.select_related("township__parent", "round", "reviewer").order_by(
        "-round__year", "township__code"
    )
    filterset_class = SheetFilter
    table_class = SheetTable
    permission = "assessment.sheets"

    @property
    def title(self):
        return _("我的评分表") if self.request.user.has_role_perm("assessment.score") else _("评分表")

    def get_queryset(self):
        # The reviewer's own sheets (``visible_to``); 草稿 rounds are not yet open to reviewers.
        return super().get_queryset().exclude(round__status=AssessmentRound.Status.DRAFT)


class SheetView(RolePermissionMixin, View):
    """A reviewer's score sheet for one assigned township: every indicator with its maximum and the township's
    automatic figure as evidence; save a draft or submit. Another reviewer's sheet, or an unassigned township,
    does not exist for them (404). The organisation department reads the sheets in its scope."""

    permission = "assessment.sheets"

    def get_sheet(self, pk) -> ReviewerAssignment:
        sheets = ReviewerAssignment.objects.visible_to(self.request.user).exclude(
            round__status=AssessmentRound.Status.DRAFT
        )
        return get_object_or_404(sheets.select_related("round", "township__parent"), pk=pk)

    def render_sheet(self, sheet, form, status=200):
        indicators = form.indicators
        snapshot = snapshots.for_round(sheet.round, [i.figure for i in indicators], [sheet.township_id])
        values = snapshot.values
        rows = []
        for indicator, points, comment in form.rows():
            figure = figures.FIGURES.get(indicator.figure)
            value = values.get(indicator.figure, {}).get(sheet.township_id) if figure else None
            rows.append(
                {"indicator": indicator, "points": points, "comment": comment, "figure": figure, "value": value}
            )
        editable = sheet.round.is_scoring and not sheet.is_submitted and sheet.reviewer_id == self.request.user.pk
        context = {
            "sheet": sheet,
            "form": form,
            "rows": rows,
            "editable": editable,
            "title": str(sheet),
            "figures_at": snapshot.computed_at,
        }
        return render(self.request, "assessment/sheet.html", context, status=status)

    def get(self, request, pk):
        sheet = self.get_sheet(pk)
        form = SheetForm(assignment=sheet, indicators=scoring.scored_indicators(sheet.round))
        return self.render_sheet(sheet, form)

    def post(self, request, pk):
        sheet = self.get_sheet(pk)
        if sheet.reviewer_id != request.user.pk:
            raise PermissionDenied
        form = SheetForm(request.POST, assignment=sheet, indicators=scoring.scored_indicators(sheet.round))
        submit = "submit" in request.POST
        if form.is_valid():
            try:
                scoring.save_sheet(
                    sheet, form.entries(), version=form.cleaned_data["version"], by=request.user, submit=submit
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("评分表已提交。") if submit else _("草稿已保存。"))
                return redirect(sheet)
        return self.render_sheet(sheet, form)
