from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from ..forms.rounds import IndicatorForm
from ..models import Indicator
from ..services import rubric
from .common import CityAdminMixin


class IndicatorEditView(CityAdminMixin, View):
    """Add an indicator to a draft round's rubric (``round_pk``) or edit one (``pk``)."""

    def get_indicator(self, pk=None, round_pk=None) -> Indicator:
        if pk is not None:
            return get_object_or_404(Indicator.objects.visible_to(self.request.user).select_related("round"), pk=pk)
        return Indicator(round=self.get_round(round_pk))

    def render_form(self, indicator, form):
        title = _("编辑考核指标") if indicator.pk else _("新增考核指标")
        context = {"form": form, "title": title, "cancel_url": indicator.round.get_absolute_url()}
        return render(self.request, "assessment/form.html", context)

    def get(self, request, pk=None, round_pk=None):
        indicator = self.get_indicator(pk, round_pk)
        return self.render_form(indicator, IndicatorForm(instance=indicator, user=request.user))

    def post(self, request, pk=None, round_pk=None):
        indicator = self.get_indicator(pk, round_pk)
        form = IndicatorForm(request.POST, instance=indicator, user=request.user)
        if form.is_valid():
            try:
                rubric.save_indicator(form.instance)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("已保存考核指标：%(name)s") % {"name": indicator.name})
                return redirect(indicator.round)
        return self.render_form(indicator, form)


class IndicatorDeleteView(CityAdminMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        indicator = get_object_or_404(Indicator.objects.visible_to(request.user).select_related("round"), pk=pk)
        try:
            rubric.delete_indicator(indicator)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("已删除考核指标：%(name)s") % {"name": indicator.name})
        return redirect(indicator.round)
