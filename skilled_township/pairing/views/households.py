"""Households: the list in the user's scope, a household's page (members and their skills, incomes against the
village's line, its pairings), the forms, the export, the import and the skill share of a region."""

from __future__ import annotations

from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from skilled_township.cadres.forms import ImportForm
from skilled_township.cadres.views import xlsx_response
from skilled_township.core.exports import ExportView
from skilled_township.core.models import GeneratedFile
from skilled_township.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    RolePermissionMixin,
)
from skilled_township.regions.pages import RegionPageMixin

from .. import exports
from ..filters.households import HouseholdFilter
from ..forms.households import HouseholdForm, IncomeForm, MemberForm, MemberSkillForm
from ..models import Household, HouseholdIncome, Member, MemberSkill, Pairing
from ..services import households as household_pages
from ..services import import_jobs, import_template, importing, skills_share
from ..tables.households import HouseholdTable

VIEW, MANAGE = "pairing.view", "pairing.manage"


class HouseholdListView(ObjectListView):
    model = Household
    queryset = Household.objects.select_related("village__parent", "paired_cadre")
    filterset_class = HouseholdFilter
    table_class = HouseholdTable
    permission = VIEW
    add_url_name = "pairing:household_create"
    add_permission = MANAGE
    template_name = "pairing/household_list.html"
    title = gettext_lazy("农户")


class HouseholdExportView(ExportView):
    """The filtered list as an Excel file, resident IDs masked."""

    export = exports.HOUSEHOLDS
    list_url_name = "pairing:household_list"


class HouseholdDetailView(ObjectDetailView):
    model = Household
    queryset = Household.objects.select_related("village__parent", "paired_cadre")
    permission = VIEW
    edit_permission = MANAGE
    template_name = "pairing/household_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        household = self.object
        context["show_full_id"] = self.request.user.has_role_perm(MANAGE)
        context["people"] = household_pages.members_with_skills(household)
        context["incomes"] = household_pages.incomes_against_line(household)
        context["pairings"] = (
            Pairing.objects.visible_to(self.request.user).filter(household=household).select_related("cadre")
        )
        return context


class HouseholdEditView(ObjectEditView):
    model = Household
    form_class = HouseholdForm
    permission = MANAGE

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except IntegrityError:
            # The same resident ID registered by someone else between the check and the save.
            form.add_error("id_number", _("该身份证号码刚刚已被登记，请刷新后核对。"))
            return self.form_invalid(form)

    def get_success_url(self):
        return reverse("pairing:household_detail", args=[self.object.pk])


class HouseholdPartMixin:
    """A page about one row of a household in scope (``household_pk`` in the URL; outside the scope: 404)."""

    def household(self) -> Household:
        if not hasattr(self, "_household"):
            self._household = get_object_or_404(
                Household.objects.visible_to(self.request.user), pk=self.kwargs["household_pk"]
            )
        return self._household

    def get_success_url(self):
        return reverse("pairing:household_detail", args=[self.household().pk])

    def get_cancel_url(self):
        return self.get_success_url()


class MemberEditView(HouseholdPartMixin, ObjectEditView):
    model = Member
    form_class = MemberForm
    permission = MANAGE

    def get_queryset(self):
        return super().get_queryset().filter(household=self.household())

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "household": self.household()}


class MemberDeleteView(HouseholdPartMixin, ObjectDeleteView):
    model = Member
    permission = MANAGE

    def get_queryset(self):
        return super().get_queryset().filter(household=self.household())


class MemberSkillCreateView(HouseholdPartMixin, ObjectEditView):
    model = MemberSkill
    form_class = MemberSkillForm
    permission = MANAGE

    def member(self) -> Member:
        return get_object_or_404(
            Member.objects.visible_to(self.request.user).filter(household=self.household()), pk=self.kwargs["member_pk"]
        )

    def get_object(self, queryset=None):
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "member": self.member()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("登记技能：%(member)s") % {"member": self.member()}
        return context


class MemberSkillDeleteView(HouseholdPartMixin, ObjectDeleteView):
    model = MemberSkill
    permission = MANAGE

    def get_queryset(self):
        return super().get_queryset().filter(member__household=self.household())


class IncomeEditView(HouseholdPartMixin, ObjectEditView):
    model = HouseholdIncome
    form_class = IncomeForm
    permission = MANAGE

    def get_queryset(self):
        return super().get_queryset().filter(household=self.household())

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "household": self.household()}

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except IntegrityError:
            form.add_error("year", _("该年度的人均纯收入刚刚已被登记，请刷新后核对。"))
            return self.form_invalid(form)


class SkillShareView(RegionPageMixin, View):
    """掌握致富技能: the share of labour-capable people of assisted households with a skill, against the
    year's target, for a township, or a county or the city with its townships or counties, worst first."""

    permission = VIEW

    def get(self, request):
        region, year = self.region(), self.year()
        figures = skills_share.skill_share_by_child(region, year) if region else None
        context = {
            "figures": figures,
            "region": region,
            "trail": self.trail(),
            "year": year,
            "title": gettext_lazy("掌握致富技能"),
        }
        return render(request, "pairing/skill_share.html", context)


KIND_LABELS = {
    importing.HOUSEHOLDS: gettext_lazy("农户"),
    importing.MEMBERS: gettext_lazy("家庭成员"),
    importing.INCOMES: gettext_lazy("农户收入"),
}


def _kind(value: str) -> str:
    if value not in KIND_LABELS:
        raise Http404
    return value


class HouseholdImportView(RolePermissionMixin, View):
    """Upload households, members or incomes (``?kind=``); nothing is written unless every row is valid."""

    permission = MANAGE
    template_name = "pairing/household_import.html"

    def get(self, request):
        kind = _kind(request.GET.get("kind", importing.HOUSEHOLDS))
        return render(request, self.template_name, self.context(ImportForm(), kind))

    def post(self, request):
        kind = _kind(request.GET.get("kind", importing.HOUSEHOLDS))
        form = ImportForm(request.POST, request.FILES)
        context = self.context(form, kind)
        if form.is_valid():
            result, job = import_jobs.start_import(kind, form.cleaned_data["file"], by=request.user)
            if result is None:
                return redirect("pairing:household_import_job", pk=job.pk)
            context["summary"] = import_jobs.summary(result, errors_shown=None)
            context["report"] = job
            if result.ok:
                context["form"] = ImportForm()
        return render(request, self.template_name, context)

    def context(self, form, kind: str) -> dict:
        return {
            "form": form,
            "kind": kind,
            "kinds": KIND_LABELS.items(),
            "title": _("导入%(what)s") % {"what": KIND_LABELS[kind]},
            "background_rows": import_jobs.background_rows(),
        }


class HouseholdImportJobView(RolePermissionMixin, View):
    """One import of the user's own: the background job's progress, then its outcome and row report."""

    permission = MANAGE

    def get(self, request, pk: int):
        imports = GeneratedFile.objects.visible_to(request.user).filter(kind=import_jobs.IMPORT_KIND)
        job = get_object_or_404(imports, pk=pk)
        if request.headers.get("HX-Request"):
            return render(request, "pairing/_household_import_status.html", {"job": job})
        title = gettext_lazy("导入农户信息")
        return render(request, "pairing/household_import_job.html", {"job": job, "title": title})


class HouseholdImportTemplateView(RolePermissionMixin, View):
    permission = MANAGE

    def get(self, request):
        kind = _kind(request.GET.get("kind", importing.HOUSEHOLDS))
        return xlsx_response(import_template.template_bytes(kind), f"{kind}-import-template.xlsx")
