from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from skilled_township.regions.models import Region

from ..forms.surveys import SurveyForm
from ..models import SatisfactionSurvey
from ..services import surveys
from .common import CityAdminMixin


class SurveyEditView(CityAdminMixin, View):
    """群众满意度测评 of one township of the round (the formula is on the page)."""

    def get_survey(self, round_pk, township_pk) -> SatisfactionSurvey:
        round = self.get_round(round_pk)
        township = get_object_or_404(Region.objects.visible_to(self.request.user).townships(), pk=township_pk)
        found = SatisfactionSurvey.objects.visible_to(self.request.user).filter(round=round, township=township).first()
        return found or SatisfactionSurvey(round=round, township=township)

    def render_form(self, survey, form):
        indicator = surveys.satisfaction_indicator(survey.round)
        context = {
            "form": form,
            "title": _("群众满意度测评：%(township)s") % {"township": survey.township.name_with_parent},
            "cancel_url": survey.round.get_absolute_url(),
            "formula": surveys.FORMULA,
            "indicator": indicator,
            "points": surveys.points(indicator.max_points, survey) if indicator and survey.pk else None,
        }
        return render(self.request, "assessment/survey_form.html", context)

    def get(self, request, round_pk, township_pk):
        survey = self.get_survey(round_pk, township_pk)
        return self.render_form(survey, SurveyForm(instance=survey, user=request.user))

    def post(self, request, round_pk, township_pk):
        survey = self.get_survey(round_pk, township_pk)
        form = SurveyForm(request.POST, instance=survey, user=request.user)
        if form.is_valid():
            try:
                surveys.save_survey(form.instance)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("已保存：%(s)s") % {"s": survey})
                return redirect(survey.round)
        return self.render_form(survey, form)
