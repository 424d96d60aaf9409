from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from skilled_township.core.views import ObjectListView, RolePermissionMixin

from ..filters.appraisals import AppraisalFilter
from ..forms.appraisals import AppraisalForm
from ..models import Appraisal
from ..services import issuing
from ..tables.appraisals import AppraisalTable


class AppraisalListView(ObjectListView):
    model = Appraisal
    queryset = Appraisal.objects.select_related("cadre__township", "skill", "certificate")
    filterset_class = AppraisalFilter
    table_class = AppraisalTable
    permission = "certifications.view"
    add_url_name = "certifications:appraisal_create"
    add_permission = "certifications.appraise"
    title = gettext_lazy("技能鉴定")


def form_errors_from(form, error: ValidationError) -> None:
    """A refusal of the rules, shown on the field it names (else above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class AppraisalCreateView(RolePermissionMixin, View):
    """Record an appraisal; a pass issues the certificate at once (``issuing.record_appraisal``)."""

    permission = "certifications.appraise"

    def render_page(self, form):
        context = {"form": form, "title": _("录入技能鉴定"), "cancel_url": reverse("certifications:appraisal_list")}
        return render(self.request, "core/object_form.html", context)

    def get(self, request):
        return self.render_page(AppraisalForm(user=request.user))

    def post(self, request):
        form = AppraisalForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render_page(form)
        data = form.cleaned_data
        try:
            appraisal = issuing.record_appraisal(
                cadre=data["cadre"],
                skill=data["skill"],
                appraised_on=data["appraised_on"],
                method=data["method"],
                theory_score=data.get("theory_score"),
                practice_score=data.get("practice_score"),
                result=data["result"],
                level=data["level"],
                note=data.get("note", ""),
                issuing_body=data.get("issuing_body", ""),
                issued_on=data.get("issued_on"),
                expires_on=data.get("expires_on"),
                by=request.user,
            )
        except ValidationError as error:
            form_errors_from(form, error)
            return self.render_page(form)
        certificate = getattr(appraisal, "certificate", None)
        if certificate is not None:
            messages.success(request, _("鉴定合格，已发证：%(number)s。") % {"number": certificate.number})
            return redirect("certifications:certificate_detail", pk=certificate.pk)
        messages.success(request, _("已录入鉴定：%(obj)s（不合格，不发证）。") % {"obj": appraisal})
        return redirect("certifications:appraisal_list")
