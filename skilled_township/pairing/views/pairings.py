"""Pairings (结对帮扶): the list in scope, pairing a household with a cadre, a pairing's page with the
household's history, ending a pairing, and the handover of the pairings of cadres no longer in post."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from skilled_township.cadres.models import Cadre
from skilled_township.core.exports import ExportView
from skilled_township.core.views import ObjectListView, RolePermissionMixin
from skilled_township.regions.pages import TownshipPageMixin

from .. import exports
from ..filters.pairings import HandoverFilter, PairingFilter
from ..forms.pairings import EndForm, HandoverForm, PairForm
from ..models import Household, Pairing
from ..services import pairings as pairing_rules
from ..services import targets
from ..tables.pairings import HandoverTable, PairingTable

LISTED = Pairing.objects.select_related("household__village", "cadre")


class PairingListView(ObjectListView):
    """Every pairing in scope with its target status (``services.targets``), filtered by township, village,
    cadre, whether active and target status. A page of rows costs the same few queries however many pairings
    there are: the figures come as subqueries of the page's own query."""

    model = Pairing
    queryset = LISTED
    filterset_class = PairingFilter
    table_class = PairingTable
    permission = "pairing.view"
    add_url_name = "pairing:pair"
    add_permission = "pairing.manage"
    title = gettext_lazy("结对帮扶")
    template_name = "pairing/pairing_list.html"

    def get_queryset(self):
        return targets.with_targets(super().get_queryset()).order_by("-started_on", "-id")


class PairingExportView(ExportView):
    """The pairing list as filtered, as an Excel file: IDs masked, each handover naming the pairing it continues."""

    export = exports.PAIRINGS
    list_url_name = "pairing:pairing_list"


class PairView(TownshipPageMixin, View):
    """Pair a household of a township with one of its in-post cadres (a cadre may hold several households; a
    household one active pairing). ``?household=`` starts from one household."""

    permission = "pairing.manage"

    def choices(self, township):
        user = self.request.user
        households = Household.objects.visible_to(user).filter(village__parent=township)
        households = households.exclude(pk__in=Pairing.objects.active().values("household")).select_related("village")
        cadres = Cadre.objects.visible_to(user).in_post().filter(township=township).order_by("name", "id")
        return households.order_by("village__code", "head_name", "id"), cadres

    def township(self):
        chosen = self.request.GET.get("household", "")
        if chosen.isdigit() and "township" not in self.request.GET:
            household = get_object_or_404(
                Household.objects.visible_to(self.request.user).select_related("village"), pk=chosen
            )
            self._township = get_object_or_404(self.townships(), pk=household.village.parent_id)
        return super().township()

    def render_page(self, township, form):
        context = {
            "form": form,
            "township": township,
            "townships": self.townships(),
            "title": _("结对"),
            "cancel_url": reverse("pairing:pairing_list"),
        }
        return render(self.request, "pairing/pair_form.html", context)

    def get(self, request):
        township = self.township()
        households, cadres = self.choices(township)
        initial = {"household": request.GET["household"]} if request.GET.get("household", "").isdigit() else {}
        return self.render_page(township, PairForm(households=households, cadres=cadres, initial=initial))

    def post(self, request):
        township = self.township()
        households, cadres = self.choices(township)
        form = PairForm(request.POST, households=households, cadres=cadres)
        if not form.is_valid():
            return self.render_page(township, form)
        data = form.cleaned_data
        try:
            pairing = pairing_rules.pair(
                data["household"], data["cadre"], started_on=data["started_on"], goals=data["goals"]
            )
        except pairing_rules.PairingRefused as refused:
            form.add_error(None, refused.message)
            return self.render_page(township, form)
        messages.success(request, _("已结对：%(pairing)s") % {"pairing": pairing})
        return redirect("pairing:pairing_detail", pk=pairing.pk)


class PairingDetailView(RolePermissionMixin, View):
    """A pairing: its cadre, household, dates and goals, the income target (``services.targets``), and every
    pairing the household has had, handovers included."""

    permission = "pairing.view"

    def get(self, request, pk):
        pairings = targets.with_targets(
            Pairing.objects.visible_to(request.user).select_related(
                "household__village__parent", "cadre__township", "previous__cadre"
            )
        )
        pairing = get_object_or_404(pairings, pk=pk)
        context = {
            "pairing": pairing,
            "target": targets.target_of(pairing),
            "history": pairing_rules.history(pairing.household),
            "can_manage": request.user.has_role_perm("pairing.manage"),
            "can_view_history": request.user.has_role_perm("audit.view"),
            "object": pairing,
            "target_years": Pairing.TARGET_YEARS,
            "title": str(pairing),
        }
        return render(request, "pairing/pairing_detail.html", context)


class PairingEndView(RolePermissionMixin, View):
    """End an active pairing: the date and the reason (the household may be paired again afterwards)."""

    permission = "pairing.manage"

    def get_pairing(self, pk):
        return get_object_or_404(LISTED.visible_to(self.request.user), pk=pk)

    def render_page(self, pairing, form):
        context = {"form": form, "pairing": pairing, "title": _("结束结对：%(pairing)s") % {"pairing": pairing}}
        return render(self.request, "pairing/pairing_end.html", context)

    def get(self, request, pk):
        return self.render_page(self.get_pairing(pk), EndForm())

    def post(self, request, pk):
        pairing = self.get_pairing(pk)
        form = EndForm(request.POST)
        if form.is_valid():
            try:
                pairing_rules.end(
                    pairing, ended_on=form.cleaned_data["ended_on"], reason=form.cleaned_data["end_reason"]
                )
            except pairing_rules.PairingRefused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("结对已结束。"))
                return redirect("pairing:pairing_detail", pk=pairing.pk)
        return self.render_page(pairing, form)


class HandoverListView(ObjectListView):
    """待交接：the active pairings of cadres who left the post or moved to another township, each cadre a click
    to their handover page."""

    model = Pairing
    queryset = Pairing.objects.select_related("household__village", "cadre__township")
    filterset_class = HandoverFilter
    table_class = HandoverTable
    permission = "pairing.manage"
    title = gettext_lazy("待交接的结对")

    def get_queryset(self):
        return pairing_rules.awaiting_handover(super().get_queryset()).order_by(
            "cadre__name", "cadre_id", "household__head_name", "id"
        )


class HandoverCadreView(RolePermissionMixin, View):
    """One cadre's active pairings, all (or those chosen) moved in one step to another in-post cadre of the
    household's township: each old pairing ends with the reason 交接 and the new one continues it."""

    permission = "pairing.manage"

    def get_cadre(self, pk):
        return get_object_or_404(Cadre.objects.visible_to(self.request.user).select_related("township"), pk=pk)

    def options(self, cadre):
        user = self.request.user
        pairings = Pairing.objects.visible_to(user).active().filter(cadre=cadre).select_related("household__village")
        pairings = pairings.order_by("household__village__code", "household__head_name", "id")
        # The households' township: where the cadre served them (they may have moved away since).
        township_ids = {pairing.household.village.parent_id for pairing in pairings} or {cadre.township_id}
        cadres = Cadre.objects.visible_to(user).in_post().filter(township_id__in=township_ids).exclude(pk=cadre.pk)
        return pairings, cadres.select_related("township").order_by("township__code", "name", "id")

    def render_page(self, cadre, form, pairings):
        context = {
            "cadre": cadre,
            "form": form,
            "pairings": pairings,
            "awaiting": cadre.status == Cadre.Status.LEFT
            or any(p.household.village.parent_id != cadre.township_id for p in pairings),
            "title": _("交接结对：%(cadre)s") % {"cadre": cadre.name},
        }
        return render(self.request, "pairing/handover_form.html", context)

    def get(self, request, pk):
        cadre = self.get_cadre(pk)
        pairings, cadres = self.options(cadre)
        return self.render_page(cadre, HandoverForm(pairings=pairings, cadres=cadres), pairings)

    def post(self, request, pk):
        cadre = self.get_cadre(pk)
        pairings, cadres = self.options(cadre)
        form = HandoverForm(request.POST, pairings=pairings, cadres=cadres)
        if form.is_valid():
            data = form.cleaned_data
            try:
                moved = pairing_rules.handover(data["pairings"], to=data["to"], on=data["on"])
            except pairing_rules.PairingRefused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(
                    request, _("已将%(n)s户交接给%(cadre)s。") % {"n": len(moved), "cadre": data["to"].name}
                )
                return redirect(reverse("pairing:pairing_list") + f"?cadre={data['to'].pk}&status=active")
        return self.render_page(cadre, form, pairings)
