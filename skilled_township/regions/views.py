from django.core.exceptions import PermissionDenied
from django.db.models.utils import get_blank_choice_label
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from skilled_township.core.views import ObjectDetailView, ObjectEditView, ObjectListView, RolePermissionMixin

from .filters import PilotTownshipFilter, VillageIncomeFilter
from .forms import PilotTownshipForm, RegionForm, VillageIncomeForm
from .models import PilotTownship, Region, VillageIncome
from .pickers import village_choices
from .tables import PilotTownshipTable, VillageIncomeTable


def region_tree(request):
    """The region tree starts at the user's own scope node."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    if not request.user.has_role_perm("regions.view"):
        raise PermissionDenied
    root = Region.objects.visible_to(request.user).order_by("code").first()
    if root is None:
        raise Http404
    return redirect(root)


class RegionDetailView(ObjectDetailView):
    model = Region
    permission = "regions.view"
    edit_permission = "regions.manage"
    slug_field = "code"
    slug_url_kwarg = "code"
    template_name = "regions/region_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = self.object
        visible = Region.objects.visible_to(self.request.user)
        context["ancestors"] = [a for a in region.ancestors() if visible.filter(pk=a.pk).exists()]
        context["children"] = visible.filter(parent=region).select_related("pilot").with_child_counts().order_by("code")
        context["pilot"] = PilotTownship.objects.filter(township=region).first()
        context["incomes"] = region.incomes.order_by("-year") if region.level == Region.Level.VILLAGE else None
        context["can_add_child"] = context["can_edit"] and region.level != Region.Level.VILLAGE
        return context


class RegionCreateView(ObjectEditView):
    model = Region
    form_class = RegionForm
    permission = "regions.manage"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.has_role_perm(self.permission):
            visible = Region.objects.visible_to(request.user).exclude(level=Region.Level.VILLAGE)
            self.parent = get_object_or_404(visible, code=kwargs["code"])
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "parent": self.parent}


class RegionUpdateView(ObjectEditView):
    model = Region
    form_class = RegionForm
    permission = "regions.manage"
    slug_field = "code"
    slug_url_kwarg = "code"


class PilotTownshipListView(ObjectListView):
    model = PilotTownship
    queryset = PilotTownship.objects.with_village_counts()
    filterset_class = PilotTownshipFilter
    table_class = PilotTownshipTable
    permission = "regions.view"
    add_url_name = "regions:pilot_create"
    add_permission = "regions.manage"


class PilotTownshipDetailView(ObjectDetailView):
    model = PilotTownship
    queryset = PilotTownship.objects.select_related("township__parent")
    permission = "regions.view"
    edit_permission = "regions.manage"


class PilotTownshipEditView(ObjectEditView):
    model = PilotTownship
    form_class = PilotTownshipForm
    permission = "regions.manage"


class VillageIncomeListView(ObjectListView):
    model = VillageIncome
    queryset = VillageIncome.objects.select_related("village__parent")
    filterset_class = VillageIncomeFilter
    table_class = VillageIncomeTable
    permission = "regions.view"
    add_url_name = "regions:income_create"
    add_permission = "regions.manage"
    title = _("村人均纯收入")

    def get_table_kwargs(self):
        if not self.request.user.has_role_perm("regions.manage"):
            return {"exclude": ("edit",)}
        return {}


class VillageIncomeEditView(ObjectEditView):
    model = VillageIncome
    form_class = VillageIncomeForm
    permission = "regions.manage"

    def get_success_url(self):
        return reverse("regions:income_list")


class VillageOptionsView(RolePermissionMixin, View):
    """The village options of one township (``?township=<id>``) for a form's village select (``regions.pickers``);
    ``keep=<id>``: the village the record being edited holds, offered even if abolished. No township: no
    villages. A township outside the user's scope is a 404, like one that does not exist."""

    permission = "regions.view"

    def get(self, request):
        chosen = request.GET.get("township", "")
        if chosen and not chosen.isdigit():
            raise Http404
        visible = Region.objects.visible_to(request.user)
        township = get_object_or_404(visible.townships(), pk=chosen) if chosen else None
        keep = request.GET.get("keep", "")
        villages = village_choices(visible, township, [keep] if keep.isdigit() else [])
        context = {"villages": villages, "empty_label": get_blank_choice_label()}
        return render(request, "includes/village_options.html", context)
