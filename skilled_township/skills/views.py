from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from skilled_township.core.views import (
    ExcludeUnlessPermittedMixin,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    RolePermissionMixin,
)

from . import services
from .filters import DemandFilter, RequiredSkillFilter, SkillFilter
from .forms import DemandForm, RequiredSkillForm, SkillForm
from .models import Demand, Skill, TownshipRequiredSkill
from .tables import DemandTable, RequiredSkillTable, SkillTable


class SkillListView(ObjectListView):
    model = Skill
    queryset = Skill.objects.select_related("category")
    filterset_class = SkillFilter
    table_class = SkillTable
    permission = "skills.view"
    add_url_name = "skills:skill_create"
    add_permission = "skills.manage"
    title = gettext_lazy("技能目录")


class SkillDetailView(ObjectDetailView):
    model = Skill
    queryset = Skill.objects.select_related("category")
    permission = "skills.view"
    edit_permission = "skills.manage"


class SkillEditView(ObjectEditView):
    model = Skill
    form_class = SkillForm
    permission = "skills.manage"


class SkillRetireView(RolePermissionMixin, View):
    """Retire a skill or bring it back (POST). Skills are never deleted: records refer to them."""

    permission = "skills.manage"

    def post(self, request, pk):
        skill = get_object_or_404(Skill.objects.visible_to(request.user), pk=pk)
        services.set_retired(skill, retired=skill.is_active)
        messages.success(
            request, _("已停用：%(s)s") % {"s": skill} if not skill.is_active else _("已恢复：%(s)s") % {"s": skill}
        )
        return redirect(skill)


class RequiredSkillListView(ExcludeUnlessPermittedMixin, ObjectListView):
    model = TownshipRequiredSkill
    queryset = TownshipRequiredSkill.objects.select_related("township", "skill__category")
    filterset_class = RequiredSkillFilter
    table_class = RequiredSkillTable
    permission = "skills.view"
    add_url_name = "skills:required_create"
    add_permission = "skills.required.manage"
    action_columns = {"remove": "skills.required.manage"}


class RequiredSkillCreateView(ObjectEditView):
    model = TownshipRequiredSkill
    form_class = RequiredSkillForm
    permission = "skills.required.manage"

    def get_initial(self):
        return {"township": self.request.user.scope_id, "year": services.current_year()}

    def get_success_url(self):
        return reverse("skills:required_list") + f"?township={self.object.township_id}&year={self.object.year}"


class RequiredSkillRemoveView(RolePermissionMixin, View):
    """Stop requiring a skill (POST). It is a setting, not history: plans already made keep their items."""

    permission = "skills.required.manage"

    def post(self, request, pk):
        required = get_object_or_404(TownshipRequiredSkill.objects.visible_to(request.user), pk=pk)
        township_id, year = required.township_id, required.year
        required.delete()
        messages.success(request, _("已取消必修：%(s)s") % {"s": required.skill})
        return redirect(reverse("skills:required_list") + f"?township={township_id}&year={year}")


class DemandListView(ExcludeUnlessPermittedMixin, ObjectListView):
    model = Demand
    queryset = Demand.objects.select_related("village__parent", "skill")
    filterset_class = DemandFilter
    table_class = DemandTable
    permission = "demand.view"
    add_url_name = "skills:demand_create"
    add_permission = "demand.manage"
    action_columns = {"edit": "demand.manage"}


class DemandEditView(ObjectEditView):
    model = Demand
    form_class = DemandForm
    permission = "demand.manage"

    template_name = "skills/demand_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The same rule as DemandDeleteView and the API's delete.
        context["can_delete"] = self.object is not None and self.request.user.has_role_perm("demand.manage")
        return context

    def get_initial(self):
        from django.utils import timezone

        if self.object is not None:  # an existing entry shows what it holds, not today's defaults
            return super().get_initial()
        return {"recorded_on": timezone.localdate(), "source": Demand.Source.VISIT}

    def get_success_url(self):
        return reverse("skills:demand_list")


class DemandDeleteView(ObjectDeleteView):
    """Remove a mistyped or doubled demand entry (it would skew the demand-gap ranking); as through the API."""

    model = Demand
    permission = "demand.manage"
    success_url = reverse_lazy("skills:demand_list")

    def get_cancel_url(self) -> str:
        return reverse("skills:demand_update", args=[self.object.pk])
