from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from skilled_township.accounts.models import User
from skilled_township.core.exports import ExportView
from skilled_township.core.models import GeneratedFile
from skilled_township.core.views import (
    ExcludeUnlessPermittedMixin,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    RolePermissionMixin,
)
from skilled_township.regions.models import Region
from skilled_township.regions.pages import RegionPageMixin, TownshipPageMixin

from . import exports
from .filters import CadreFilter, EducationTargetFilter, SecondmentFilter
from .forms import CadreForm, EducationTargetForm, ImportForm, SecondmentForm
from .models import Cadre, EducationTarget, Secondment, TransferRequest
from .services import accounts, education, import_jobs, import_template, transfers
from .tables import CadreTable, EducationTargetTable, SecondmentTable
from .widgets import cadre_label, candidates, search, search_text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class CadreListView(ObjectListView):
    model = Cadre
    queryset = Cadre.objects.select_related("township")
    filterset_class = CadreFilter
    table_class = CadreTable
    permission = "cadres.view"
    add_url_name = "cadres:cadre_create"
    add_permission = "cadres.manage"
    template_name = "cadres/cadre_list.html"
    title = gettext_lazy("干部名册")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_open_accounts"] = self.request.user.has_role_perm("cadres.accounts")
        return context


class CadreExportView(ExportView):
    """The filtered roster as an Excel file."""

    export = exports.CADRES
    list_url_name = "cadres:cadre_list"


class CadreDetailView(ObjectDetailView):
    model = Cadre
    queryset = Cadre.objects.select_related("township__parent")
    permission = "cadres.view"
    edit_permission = "cadres.manage"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cadre = self.object
        context["show_full_id"] = self.request.user.has_role_perm("cadres.view_id_number")
        today = timezone.localdate()
        context["secondments"] = secondments = list(cadre.secondments.select_related("village"))
        for secondment in secondments:
            secondment.status_today = secondment.status_on(today)
            secondment.days_left_today = secondment.days_left(today)
        context["certificates"] = certificates = list(cadre.certificates.select_related("skill"))
        context["skill_levels"] = best_levels(certificates)
        context["plans"] = cadre.plans.prefetch_related("items__skill").order_by("-year")[:3]
        if self.request.user.has_role_perm("cadres.accounts"):
            context["account"] = User.objects.filter(cadre=cadre).first()
            context["can_open_account"] = True
        return context


def best_levels(certificates) -> list:
    """The cadre's level in each skill: that of their best certificate in it valid today (not revoked, not
    expired; level 1 is the highest), one certificate per skill, in the catalogue's order."""
    best = {}
    for certificate in certificates:
        held = best.get(certificate.skill_id)
        if certificate.state == "valid" and (held is None or certificate.level < held.level):
            best[certificate.skill_id] = certificate
    return sorted(best.values(), key=lambda certificate: certificate.skill.code)


class CadreEditView(ObjectEditView):
    model = Cadre
    form_class = CadreForm
    permission = "cadres.manage"

    def form_valid(self, form):
        if form.transfer_of is None:
            return super().form_valid(form)
        transfers.request_transfer(
            form.transfer_of, to_township=form.instance.township, entered_name=form.instance.name, by=self.request.user
        )
        messages.success(self.request, transfers.transfer_requested_message())
        return redirect("cadres:transfer_list")


class SecondmentListView(ExcludeUnlessPermittedMixin, ObjectListView):
    """Every secondment in the user's scope, the terms still running first and the one ending soonest on top;
    those ending within ``Secondment.ENDING_SOON_DAYS`` days are marked, and a filter picks them out."""

    model = Secondment
    queryset = Secondment.objects.select_related("cadre__township", "village")
    filterset_class = SecondmentFilter
    table_class = SecondmentTable
    permission = "cadres.view"
    action_columns = {"edit": "cadres.manage"}
    template_name = "cadres/secondment_list.html"
    title = gettext_lazy("挂职干部")

    def get_queryset(self):
        self.today = timezone.localdate()
        return super().get_queryset().by_urgency(self.today)

    def get_table_kwargs(self):
        return {**super().get_table_kwargs(), "today": self.today}


class SecondmentExportView(ExportView):
    """The filtered secondment list as an Excel file, in the list's order."""

    export = exports.SECONDMENTS
    list_url_name = "cadres:secondment_list"


class SecondmentCreateView(ObjectEditView):
    model = Secondment
    form_class = SecondmentForm
    permission = "cadres.manage"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.has_role_perm(self.permission):
            self.cadre = get_object_or_404(Cadre.objects.visible_to(request.user), pk=kwargs["cadre_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cadre": self.cadre}

    def get_success_url(self):
        return self.cadre.get_absolute_url()


class SecondmentUpdateView(ObjectEditView):
    model = Secondment
    form_class = SecondmentForm
    permission = "cadres.manage"

    def get_success_url(self):
        return self.object.cadre.get_absolute_url()


class CadreImportView(RolePermissionMixin, View):
    """Upload a roster; nothing is written unless every row is valid. A small file is imported at once and the
    page lists every bad row; a big one goes to a background job, whose page shows its progress."""

    permission = "cadres.manage"
    template_name = "cadres/cadre_import.html"

    def get(self, request):
        return render(request, self.template_name, self.context(ImportForm()))

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        context = self.context(form)
        if form.is_valid():
            result, job = import_jobs.start_import(form.cleaned_data["file"], by=request.user)
            if result is None:
                return redirect("cadres:cadre_import_job", pk=job.pk)
            context["summary"] = import_jobs.summary(result, errors_shown=None)
            context["report"] = job
            if result.ok:
                context["form"] = ImportForm()
        return render(request, self.template_name, context)

    def context(self, form) -> dict:
        return {"form": form, "title": gettext_lazy("导入干部名册"), "background_rows": import_jobs.background_rows()}


class CadreImportJobView(RolePermissionMixin, View):
    """One import of the user's own: the background job's progress, then its outcome and row report."""

    permission = "cadres.manage"

    def get(self, request, pk: int):
        imports = GeneratedFile.objects.visible_to(request.user).filter(kind=import_jobs.IMPORT_KIND)
        job = get_object_or_404(imports, pk=pk)
        if request.headers.get("HX-Request"):
            return render(request, "cadres/_import_job_status.html", {"job": job})
        return render(request, "cadres/cadre_import_job.html", {"job": job, "title": gettext_lazy("导入干部名册")})


class CadreImportTemplateView(RolePermissionMixin, View):
    permission = "cadres.manage"

    def get(self, request):
        return xlsx_response(import_template.template_bytes(), "cadre-import-template.xlsx")


class EducationStructureView(RegionPageMixin, View):
    """学历结构: the six groups of a region's cadres against the year's targets, and its counties or townships
    ranked by how far they fall short, each a drill-down to the same page. ``?export=xlsx`` downloads it."""

    permission = "cadres.education"

    def get(self, request):
        region, year = self.region(), self.year()
        structure = education.education_structure(region, year) if region else None
        if structure is not None and request.GET.get("export") == "xlsx":
            return xlsx_response(education.structure_bytes(structure), f"education-{region.code}-{year}.xlsx")
        context = {
            "structure": structure,
            "region": region,
            "trail": self.trail(),
            "year": year,
            "child_level": structure.children[0].region.get_level_display() if structure and structure.children else "",
            "rules": education.group_rules(),
            "title": gettext_lazy("学历结构"),
        }
        return render(request, "cadres/education.html", context)


class EducationTargetListView(ObjectListView):
    model = EducationTarget
    queryset = EducationTarget.objects.select_related("region")
    filterset_class = EducationTargetFilter
    table_class = EducationTargetTable
    permission = "cadres.targets"
    add_url_name = "cadres:target_create"


class EducationTargetEditView(ObjectEditView):
    model = EducationTarget
    form_class = EducationTargetForm
    permission = "cadres.targets"

    def get_success_url(self):
        return reverse("cadres:target_list")


class CadreAccountsView(TownshipPageMixin, View):
    """开通干部账号: a township's in-post cadres without an account; tick some or all, one submit opens them.

    The one-time passwords are on the answer to that submit and nowhere else: printed, never shown again.
    """

    permission = "cadres.accounts"
    template_name = "cadres/cadre_accounts.html"

    def get(self, request):
        return render(request, self.template_name, self.context(self.township()))

    def post(self, request):
        township = self.township()
        if request.POST.get("all") and township is not None:
            chosen = list(self.without_account(township))
        else:
            chosen = self.chosen_cadres(request.POST.getlist("cadre"))
        if not chosen:
            messages.error(request, _("请至少选择一名干部。"))
            return render(request, self.template_name, self.context(township))
        try:
            issued = accounts.open_accounts(chosen, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return render(request, self.template_name, self.context(township))
        context = {"issued": issued, "township": township, "title": gettext_lazy("干部账号已开通")}
        response = render(request, "cadres/cadre_accounts_issued.html", context)
        # The passwords must not come back from the browser's cache or history.
        add_never_cache_headers(response)
        return response

    def chosen_cadres(self, ids: list[str]) -> list:
        """The ticked cadres; one that is not in the user's scope does not exist for them (404)."""
        if not all(value.isdigit() for value in ids):
            raise Http404
        chosen = list(Cadre.objects.visible_to(self.request.user).filter(pk__in=ids))
        if len(chosen) != len(set(ids)):
            raise Http404
        return chosen

    def without_account(self, township):
        return accounts.cadres_without_account(township).visible_to(self.request.user)

    def context(self, township) -> dict:
        cadres, opened = [], []
        if township is not None:
            cadres = self.without_account(township)
            opened = (
                User.objects.visible_to(self.request.user)
                .filter(cadre__township=township)
                .select_related("cadre")
                .order_by("cadre__name", "cadre_id")
            )
        return {
            "township": township,
            "townships": self.townships(),
            "cadres": cadres,
            "opened": opened,
            "title": gettext_lazy("开通干部账号"),
        }


class TransferListView(RolePermissionMixin, View):
    """调入申请: a township's own requests (what they entered and where it stands, nothing of the other
    roster); for the organisation department whose scope holds both townships, the pending ones to decide."""

    permission = "cadres.manage"
    template_name = "cadres/transfer_list.html"

    def get(self, request):
        user = request.user
        requested = (
            TransferRequest.objects.visible_to(user)
            .select_related("to_township", "requested_by")
            .order_by("-created_at", "-id")[:100]
        )
        to_decide = (
            TransferRequest.objects.decidable_by(user)
            .filter(status=TransferRequest.Status.PENDING)
            .select_related("to_township", "cadre__township", "requested_by")
        )
        context = {"requested": requested, "to_decide": to_decide, "title": gettext_lazy("调入申请")}
        return render(request, self.template_name, context)

    def post(self, request):
        if not request.user.has_role_perm("cadres.transfers"):
            raise PermissionDenied
        transfer_id = request.POST.get("transfer", "")
        if not transfer_id.isdigit():
            raise Http404
        try:
            transfer = transfers.decide_transfer(
                int(transfer_id), approve=request.POST.get("decision") == "approve", by=request.user
            )
        except TransferRequest.DoesNotExist:
            raise Http404 from None
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("已审核：%(t)s，%(s)s。") % {"t": transfer, "s": transfer.get_status_display()})
        return redirect("cadres:transfer_list")


class CadreOptionsView(RolePermissionMixin, View):
    """The options of a cadre select for what its search box found (``cadres.widgets``): ``?q=`` the text,
    ``township=<id>`` to search one township, ``keep=<id>`` the cadre the record being edited holds (found even
    if no longer in post). A township outside the user's scope is a 404, like one that does not exist."""

    permission = "cadres.view"

    def get(self, request):
        chosen, keep = request.GET.get("township", ""), request.GET.get("keep", "")
        if (chosen and not chosen.isdigit()) or (keep and not keep.isdigit()):
            raise Http404
        township = None
        if chosen:
            township = get_object_or_404(Region.objects.visible_to(request.user).townships(), pk=chosen)
        offered = candidates(Cadre.objects.visible_to(request.user), township=township, keep=[keep])
        found = search(offered, search_text(request.GET), request.user)
        options = [(cadre.pk, cadre_label(cadre)) for cadre in found.cadres]
        return render(request, "cadres/cadre_options.html", {"found": found, "options": options})
