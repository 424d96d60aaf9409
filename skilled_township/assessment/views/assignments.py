from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from ..forms.assignments import AssignmentForm
from ..models import ReviewerAssignment
from ..services import assignments
from .common import CityAdminMixin


class AssignmentCreateView(CityAdminMixin, View):
    def render_form(self, round, form):
        title = _("分配考核组成员：%(round)s") % {"round": round}
        context = {"form": form, "title": title, "cancel_url": round.get_absolute_url()}
        return render(self.request, "assessment/form.html", context)

    def get(self, request, round_pk):
        round = self.get_round(round_pk)
        initial = {"township": request.GET.get("township")} if request.GET.get("township", "").isdigit() else {}
        return self.render_form(round, AssignmentForm(user=request.user, round=round, initial=initial))

    def post(self, request, round_pk):
        round = self.get_round(round_pk)
        form = AssignmentForm(request.POST, user=request.user, round=round)
        if form.is_valid():
            try:
                assignment = assignments.assign(
                    round, form.cleaned_data["township"], form.cleaned_data["reviewer"], by=request.user
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error.messages)
            else:
                messages.success(request, _("已分配：%(a)s") % {"a": assignment})
                return redirect(round)
        return self.render_form(round, form)


class AssignmentDeleteView(CityAdminMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        assignment = get_object_or_404(
            ReviewerAssignment.objects.visible_to(request.user).select_related("round"), pk=pk
        )
        try:
            assignments.unassign(assignment)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("已取消分配：%(a)s") % {"a": assignment})
        return redirect(assignment.round)
