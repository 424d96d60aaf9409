"""The tech deputies due for their end-of-term assessment, and one deputy's assessment beside the term's record:
recorded by a reviewer or the organisation department, read in scope by leaders and the township's secretary."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from skilled_township.cadres.models import Secondment
from skilled_township.core.forms import add_service_errors
from skilled_township.core.views import RolePermissionMixin

from ..forms.deputies import DeputyAssessmentForm
from ..models import DeputyAssessment
from ..services import deputies


class DeputyListView(RolePermissionMixin, View):
    permission = "assessment.deputies"

    def get(self, request):
        context = {"title": _("科技副镇长期满考核"), "rows": deputies.due(request.user), "rule": deputies.RULE}
        return render(request, "assessment/deputies/list.html", context)


class DeputyAssessView(RolePermissionMixin, View):
    """GET: the term's record and the assessment (its form for those who record it); POST: record it."""

    permission = "assessment.deputies"

    def get_secondment(self, pk) -> Secondment:
        rows = Secondment.objects.visible_to(self.request.user).select_related("cadre__township")
        secondment = get_object_or_404(rows, pk=pk, kind=Secondment.Kind.TECH_DEPUTY)
        if not deputies.is_due(secondment):
            raise Http404
        return secondment

    def page(self, secondment, form):
        assessment = DeputyAssessment.objects.filter(secondment=secondment).select_related("recorded_by").first()
        context = {
            "title": _("%(name)s期满考核") % {"name": secondment.cadre.name},
            "secondment": secondment,
            "assessment": assessment,
            "evidence": deputies.evidence(secondment),
            "form": form,
            "rule": deputies.RULE,
            "list_url": reverse("assessment:deputy_list"),
        }
        return render(self.request, "assessment/deputies/assess.html", context)

    def get(self, request, pk):
        secondment = self.get_secondment(pk)
        form = None
        if request.user.has_role_perm("assessment.deputy_assess"):
            instance = DeputyAssessment.objects.filter(secondment=secondment).first()
            form = DeputyAssessmentForm(instance=instance, user=request.user)
        return self.page(secondment, form)

    def post(self, request, pk):
        if not request.user.has_role_perm("assessment.deputy_assess"):
            raise PermissionDenied
        secondment = self.get_secondment(pk)
        instance = DeputyAssessment.objects.filter(secondment=secondment).first()
        form = DeputyAssessmentForm(request.POST, instance=instance, user=request.user)
        if form.is_valid():
            try:
                deputies.record(secondment, form.cleaned_data, by=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("已记录：%(name)s期满考核") % {"name": secondment.cadre.name})
                return redirect("assessment:deputy_list")
        return self.page(secondment, form)
