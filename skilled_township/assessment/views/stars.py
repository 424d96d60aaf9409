"""学用之星: a township's secretary nominates candidates of their township with their deeds; the organisation
department decides each nomination and (the city's department) publishes the list; the published list is public."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from skilled_township.cadres.models import Cadre
from skilled_township.core.forms import add_service_errors
from skilled_township.core.views import ObjectDetailView, RolePermissionMixin

from ..forms.stars import NominationForm, StarDecisionForm, StarSettingsForm
from ..models import AssessmentRound, StarNomination
from ..services import stars
from ..services.rounds import may_manage
from .common import CityAdminMixin

#: Candidates a page shows at most (the best first): a township has a few dozen cadres, a city some thousands.
CANDIDATES_SHOWN = 100


def _list_url(round) -> str:
    return reverse("assessment:star_list") + f"?round={round.pk}"


class StarListView(RolePermissionMixin, View):
    """A round's rule, candidates and nominations, for the secretary (own township), the organisation department
    (its scope) and leaders (published nominations in their scope)."""

    permission = "assessment.stars"

    def get(self, request):
        user = request.user
        rounds = AssessmentRound.objects.visible_to(user).order_by("-year")
        wanted = request.GET.get("round", "")
        round = rounds.filter(pk=wanted).first() if wanted.isdigit() else rounds.first()
        if wanted and round is None:
            raise Http404
        context = {"title": _("学用之星推荐"), "rounds": rounds, "round": round}
        if round is not None:
            star_list = stars.star_list_of(round)
            nominations = (
                StarNomination.objects.visible_to(user)
                .filter(round=round)
                .select_related("cadre", "township", "nominated_by", "decided_by")
            )
            shows_candidates = user.has_role_perm("assessment.star_nominate") or user.has_role_perm(
                "assessment.star_decide"
            )
            context.update(
                star_list=star_list,
                rule=stars.rule(star_list),
                nominations=nominations,
                candidates=(
                    list(stars.candidates(round, user, star_list)[:CANDIDATES_SHOWN]) if shows_candidates else None
                ),
                may_nominate=(
                    user.has_role_perm("assessment.star_nominate")
                    and not star_list.is_published
                    and round.status in stars.NOMINATING
                ),
                manage=may_manage(user) and not star_list.is_published,
            )
        return render(request, "assessment/stars/list.html", context)


class StarNominateView(RolePermissionMixin, View):
    permission = "assessment.star_nominate"

    def objects(self, round_pk, cadre_pk):
        round = get_object_or_404(AssessmentRound.objects.visible_to(self.request.user), pk=round_pk)
        cadre = get_object_or_404(Cadre.objects.visible_to(self.request.user).select_related("township"), pk=cadre_pk)
        return round, cadre

    def page(self, round, cadre, form):
        context = {
            "form": form,
            "title": _("推荐学用之星：%(name)s") % {"name": cadre.name},
            "cancel_url": _list_url(round),
            "before": stars.rule(stars.star_list_of(round)),
        }
        return render(self.request, "assessment/grades/form.html", context)

    def get(self, request, round_pk, cadre_pk):
        round, cadre = self.objects(round_pk, cadre_pk)
        return self.page(round, cadre, NominationForm())

    def post(self, request, round_pk, cadre_pk):
        round, cadre = self.objects(round_pk, cadre_pk)
        form = NominationForm(request.POST)
        if form.is_valid():
            try:
                nomination = stars.nominate(round, cadre, form.cleaned_data["deeds"], by=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("已推荐，待组织部审核。"))
                return redirect(nomination)
        return self.page(round, cadre, form)


class StarDetailView(ObjectDetailView):
    """A nomination; while pending and the list unpublished, the organisation department decides it (POST) and the
    township's secretary may withdraw it (``StarWithdrawView``)."""

    model = StarNomination
    queryset = StarNomination.objects.select_related("cadre", "township", "round", "nominated_by", "decided_by")
    permission = "assessment.stars"
    template_name = "assessment/stars/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        published = stars.star_list_of(self.object.round).is_published
        may_decide = (
            self.object.is_pending and self.request.user.has_role_perm("assessment.star_decide") and not published
        )
        context.update(
            title=str(self.object),
            form=kwargs.get("form") or (StarDecisionForm() if may_decide else None),
            may_decide=may_decide,
            may_withdraw=stars.may_withdraw(self.object, self.request.user, published=published),
            list_url=_list_url(self.object.round),
        )
        return context

    def post(self, request, pk):
        if not request.user.has_role_perm("assessment.star_decide"):
            raise PermissionDenied
        self.object = self.get_object()
        form = StarDecisionForm(request.POST)
        if form.is_valid():
            try:
                data = form.cleaned_data
                stars.decide(self.object, approve=data["approve"], reason=data["reason"], by=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("已审核。"))
                return redirect(_list_url(self.object.round))
        return self.render_to_response(self.get_context_data(form=form))


class StarWithdrawView(RolePermissionMixin, View):
    """A secretary withdraws their township's pending nomination: GET asks to confirm (or says why it cannot be
    withdrawn), POST withdraws; the place counts in the quota again."""

    permission = "assessment.star_nominate"

    def get_nomination(self, pk) -> StarNomination:
        rows = StarNomination.objects.visible_to(self.request.user).select_related("cadre", "township", "round")
        return get_object_or_404(rows, pk=pk)

    def get(self, request, pk):
        nomination = self.get_nomination(pk)
        published = stars.star_list_of(nomination.round).is_published
        context = {
            "title": _("撤回推荐：%(name)s") % {"name": nomination.cadre.name},
            "object": nomination,
            "refusal": stars.withdraw_refusal(nomination, published=published),
        }
        return render(request, "assessment/stars/withdraw.html", context)

    def post(self, request, pk):
        nomination = self.get_nomination(pk)
        try:
            stars.withdraw(nomination, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(nomination)
        messages.success(request, _("已撤回对%(name)s的推荐，名额已退回。") % {"name": nomination.cadre.name})
        return redirect(_list_url(nomination.round))


class StarSettingsView(CityAdminMixin, View):
    def page(self, round, form):
        context = {
            "form": form,
            "title": _("学用之星推荐办法：%(round)s") % {"round": round},
            "cancel_url": _list_url(round),
        }
        return render(self.request, "assessment/grades/form.html", context)

    def get(self, request, round_pk):
        round = self.get_round(round_pk)
        return self.page(round, StarSettingsForm(instance=stars.star_list_of(round), user=request.user))

    def post(self, request, round_pk):
        round = self.get_round(round_pk)
        form = StarSettingsForm(request.POST, instance=stars.star_list_of(round), user=request.user)
        if form.is_valid():
            try:
                stars.save_settings(form.instance)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("已保存。"))
                return redirect(_list_url(round))
        return self.page(round, form)


class StarPublishView(CityAdminMixin, View):
    """POST only: publish the round's list (then frozen)."""

    http_method_names = ["post"]

    def post(self, request, round_pk):
        round = self.get_round(round_pk)
        try:
            stars.publish(round, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("学用之星名单已发布。"))
        return redirect(_list_url(round))


class PublicStarsView(View):
    """The published 学用之星 of a year, open to everyone (name, township and deeds)."""

    def get(self, request):
        years = list(stars.published_years())
        wanted = request.GET.get("year", "")
        round = next((r for r in years if str(r.year) == wanted), None) if wanted else (years[0] if years else None)
        if wanted and round is None:
            raise Http404
        context = {
            "title": _("学用之星"),
            "years": years,
            "round": round,
            "stars": stars.published_stars(round) if round is not None else [],
        }
        return render(request, "assessment/stars/public.html", context)
