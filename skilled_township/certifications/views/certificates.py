from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from skilled_township.core.views import ObjectDetailView, ObjectListView, RolePermissionMixin

from ..filters.certificates import CertificateFilter
from ..forms.appraisals import CertificateEditForm, PaperCertificateForm, RevokeForm
from ..models import Certificate
from ..services import issuing
from ..tables.certificates import CertificateTable
from .appraisals import form_errors_from


class CertificateListView(ObjectListView):
    model = Certificate
    queryset = Certificate.objects.select_related("cadre__township", "skill")
    filterset_class = CertificateFilter
    table_class = CertificateTable
    permission = "certifications.view"
    add_url_name = "certifications:certificate_register"
    add_permission = "certifications.appraise"
    title = gettext_lazy("技能证书")


class CertificateDetailView(ObjectDetailView):
    """A certificate with the appraisal that issued it and, once revoked, when, by whom and why."""

    model = Certificate
    queryset = Certificate.objects.select_related(
        "cadre__township__parent", "skill", "appraisal__appraiser", "revoked_by"
    )
    permission = "certifications.view"
    edit_permission = "certifications.appraise"
    template_name = "certifications/certificate_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        certificate = self.object
        context["title"] = _("技能证书 %(number)s") % {"number": certificate.number}
        context["can_edit"] = context["can_edit"] and certificate.status == Certificate.Status.VALID
        return context


class CertificateRegisterView(RolePermissionMixin, View):
    """Register a certificate issued on paper before the system (no appraisal; the number as printed)."""

    permission = "certifications.appraise"

    def render_page(self, form):
        context = {
            "form": form,
            "title": _("登记已有纸质证书"),
            "cancel_url": reverse("certifications:certificate_list"),
        }
        return render(self.request, "core/object_form.html", context)

    def get(self, request):
        return self.render_page(PaperCertificateForm(user=request.user))

    def post(self, request):
        form = PaperCertificateForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render_page(form)
        data = form.cleaned_data
        try:
            certificate = issuing.register_paper_certificate(
                cadre=data["cadre"],
                skill=data["skill"],
                level=data["level"],
                number=data["number"],
                issued_on=data["issued_on"],
                issuing_body=data.get("issuing_body", ""),
                expires_on=data.get("expires_on"),
            )
        except ValidationError as error:
            form_errors_from(form, error)
            return self.render_page(form)
        messages.success(request, _("已登记证书：%(number)s。") % {"number": certificate.number})
        return redirect("certifications:certificate_detail", pk=certificate.pk)


class CertificateActionView(RolePermissionMixin, View):
    """A change to one certificate in the user's scope by the appraiser; a revoked one is shown, not changed."""

    permission = "certifications.appraise"
    form_class = None
    title = ""

    def get_certificate(self, pk):
        certificates = Certificate.objects.visible_to(self.request.user).select_related("cadre", "skill")
        return get_object_or_404(certificates, pk=pk)

    def render_page(self, certificate, form):
        url = reverse("certifications:certificate_detail", args=[certificate.pk])
        context = {"form": form, "object": certificate, "cancel_url": url}
        context["title"] = self.title % {"number": certificate.number}
        return render(self.request, "core/object_form.html", context)

    def refused_if_revoked(self, certificate):
        if certificate.status == Certificate.Status.REVOKED:
            messages.error(
                self.request, _("证书 %(number)s 已撤销，不能再修改或撤销。") % {"number": certificate.number}
            )
            return redirect("certifications:certificate_detail", pk=certificate.pk)
        return None

    def initial(self, certificate) -> dict:
        return {}

    def get(self, request, pk):
        certificate = self.get_certificate(pk)
        return self.refused_if_revoked(certificate) or self.render_page(
            certificate, self.form_class(initial=self.initial(certificate))
        )

    def post(self, request, pk):
        certificate = self.get_certificate(pk)
        refused = self.refused_if_revoked(certificate)
        if refused is not None:
            return refused
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                self.apply(certificate, form.cleaned_data)
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                return redirect("certifications:certificate_detail", pk=certificate.pk)
        return self.render_page(certificate, form)


class CertificateEditView(CertificateActionView):
    form_class = CertificateEditForm
    title = gettext_lazy("修改证书 %(number)s")

    def initial(self, certificate) -> dict:
        return {"issuing_body": certificate.issuing_body, "expires_on": certificate.expires_on}

    def apply(self, certificate, data) -> None:
        issuing.update_certificate(certificate, issuing_body=data["issuing_body"], expires_on=data["expires_on"])
        messages.success(self.request, _("已保存：%(number)s") % {"number": certificate.number})


class CertificateRevokeView(CertificateActionView):
    form_class = RevokeForm
    title = gettext_lazy("撤销证书 %(number)s")

    def apply(self, certificate, data) -> None:
        issuing.revoke(certificate, reason=data["reason"], by=self.request.user)
        messages.success(self.request, _("已撤销证书 %(number)s，记录保留。") % {"number": certificate.number})
