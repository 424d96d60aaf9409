"""Service cards (便民服务卡): a township's page of who gets a card and who is left out and why, its batch PDF,
and one cadre's sheet. The township (secretary: their own; organisation department: in scope) keeps them; a
cadre downloads their own."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from skilled_township.cadres.models import Cadre
from skilled_township.core.views import RolePermissionMixin
from skilled_township.regions.models import Region
from skilled_township.regions.pages import TownshipPageMixin

from ..services import cards
from ..services.verification import site_root


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=False, filename=filename)
    return response


class CardsView(TownshipPageMixin, View):
    """Who in the township gets a card, who is left out and why, and the downloads."""

    permission = "certifications.manage"

    def get(self, request):
        township = self.township()
        run = None
        if township is not None:
            run = cards.township_run(township, Cadre.objects.visible_to(request.user), site_root(request))
        context = {
            "township": township,
            "townships": self.townships(),
            "run": run,
            "per_page": cards.CARDS_PER_PAGE,
            "title": _("便民服务卡"),
        }
        return render(request, "certifications/cards/township.html", context)


class TownshipCardsPdfView(RolePermissionMixin, View):
    """POST: a township's batch (one card per cadre who gets one, six to an A4 page), made by a worker; the user
    follows it on the file's page."""

    permission = "certifications.manage"

    def post(self, request, pk):
        township = get_object_or_404(Region.objects.visible_to(request.user).townships(), pk=pk)
        job = cards.request_batch(township, request)
        return HttpResponseRedirect(job.get_absolute_url())


class CadreCardAccessMixin(LoginRequiredMixin):
    """The township's keepers (``certifications.manage``, in scope) or the cadre themself (``certifications.serve``:
    their roster entry is the only one ``visible_to`` gives them)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        user = request.user
        if not (user.has_role_perm("certifications.manage") or user.has_role_perm("certifications.serve")):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def sheet(self, cadre_pk):
        cadre = get_object_or_404(Cadre.objects.visible_to(self.request.user), pk=cadre_pk)
        cadres = Cadre.objects.visible_to(self.request.user).filter(pk=cadre.pk)
        made, left_out = cards.cards_for(cadres, site_root(self.request))
        if not made:
            context = {"cadre": cadre, "reason": left_out[0][1], "title": _("便民服务卡")}
            return render(self.request, "certifications/cards/no_card.html", context)
        return pdf_response(cards.cadre_sheet(made[0]), _("便民服务卡-%(name)s.pdf") % {"name": cadre.name})


class CadreCardPdfView(CadreCardAccessMixin, View):
    """One cadre's sheet: six copies of their card on an A4 page."""

    def get(self, request, pk):
        return self.sheet(pk)


class MyCardView(CadreCardAccessMixin, View):
    """A cadre's own sheet (the menu's 我的服务卡)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_role_perm("certifications.serve"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.sheet(request.user.owner_key)
