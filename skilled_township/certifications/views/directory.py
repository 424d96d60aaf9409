"""The public directory (no sign-in) and the cadres' public listing behind it (the township or the cadre)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from skilled_township.cadres.models import Cadre
from skilled_township.core.views import RolePermissionMixin
from skilled_township.regions.pages import TownshipPageMixin
from skilled_township.skills.models import SkillCategory

from ..forms.directory import DirectoryFilterForm, PublicProfileForm
from ..services import directory

#: Cadres a page of the public directory lists.
DIRECTORY_PAGE_SIZE = 20
#: Townships a page of the public township chooser lists.
TOWNSHIPS_PAGE_SIZE = 30


class PublicTownshipsView(View):
    """Choose a township (searched by its or its county's name; each shown with its county, since two counties
    may each have a township of the same name). ``?next=request`` leads to the request form instead of the
    directory."""

    def get(self, request):
        search = request.GET.get("q", "")[:32]
        townships = directory.public_townships(search)
        page = Paginator(townships, TOWNSHIPS_PAGE_SIZE).get_page(request.GET.get("page"))
        to_request = request.GET.get("next") == "request"
        context = {
            "page_obj": page,
            "search": search,
            "to_request": to_request,
            "title": _("选择乡镇：上门服务求助") if to_request else _("选择乡镇：人才库公开名录"),
        }
        return render(request, "certifications/public/townships.html", context)


class PublicDirectoryView(View):
    """One township's directory: listed in-post cadres with duties, skills and levels, and only the phone each
    chose to publish; searchable by skill, skill category and village."""

    def get(self, request, code):
        township = directory.public_township(code)
        if township is None:
            raise Http404
        skills = list(directory.skills_offered(township))
        villages = list(directory.villages_of(township))
        form = DirectoryFilterForm(request.GET or None, skills=skills, villages=villages)
        chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
        by_pk = {skill.pk: skill for skill in skills}
        village = next((v for v in villages if v.pk == chosen.get("village")), None)
        category = (
            SkillCategory.objects.filter(pk=chosen["category"]).first() if chosen.get("category") is not None else None
        )
        profiles = directory.listed_profiles(
            township, skill=by_pk.get(chosen.get("skill")), category=category, village=village
        )
        page = Paginator(profiles, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "township": township,
            "form": form,
            "page_obj": page,
            "listings": directory.listings(page.object_list),
            "village": village,
            "filtered": bool(chosen and any(value is not None for value in chosen.values())),
            "title": _("%(county)s %(township)s 人才库") % {"county": township.parent.name, "township": township.name},
        }
        return render(request, "certifications/public/directory.html", context)


class AnyOfPermissionsMixin(RolePermissionMixin):
    """A page open to the holders of any one of ``permissions`` (the township's side and the cadre's own)."""

    permissions: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        held = [code for code in self.permissions if user.is_authenticated and user.has_role_perm(code)]
        self.permission = held[0] if held else self.permissions[0]
        return super().dispatch(request, *args, **kwargs)


class ProfileListView(TownshipPageMixin, View):
    """A township's cadres and what each shows the public: listed or not, duties, published phone."""

    permission = "certifications.manage"

    def get(self, request):
        township = self.township()
        cadres = Cadre.objects.none()
        if township is not None:
            cadres = (
                Cadre.objects.visible_to(request.user)
                .in_post()
                .filter(township=township)
                .select_related("public_profile")
                .order_by("name", "pk")
            )
        context = {
            "township": township,
            "townships": self.townships(),
            "page_obj": Paginator(cadres, settings.PAGE_SIZE).get_page(request.GET.get("page")),
            "title": gettext_lazy("公开信息"),
        }
        return render(request, "certifications/profile_list.html", context)


class ProfileEditView(AnyOfPermissionsMixin, View):
    """Edit a cadre's public listing: the township for its cadres, a cadre their own (``visible_to``). The
    cadre's roster mobile is offered as a suggestion, never filled in without their consent."""

    permissions = ("certifications.manage", "certifications.serve")

    def get_cadre(self, cadre_pk):
        cadres = Cadre.objects.visible_to(self.request.user).select_related("township")
        return get_object_or_404(cadres, pk=cadre_pk)

    def form(self, cadre, data=None):
        profile = directory.profile_of(cadre)  # the cadre is in the user's scope, and so is their listing
        return PublicProfileForm(data, instance=profile, user=self.request.user, suggested_phone=cadre.mobile)

    def render_page(self, cadre, form):
        context = {
            "cadre": cadre,
            "form": form,
            "title": _("%(name)s 的公开信息") % {"name": cadre.name},
            "directory_url": reverse("public:directory", args=[cadre.township.code]),
        }
        return render(self.request, "certifications/profile_form.html", context)

    def get(self, request, cadre_pk):
        cadre = self.get_cadre(cadre_pk)
        return self.render_page(cadre, self.form(cadre))

    def post(self, request, cadre_pk):
        cadre = self.get_cadre(cadre_pk)
        form = self.form(cadre, request.POST)
        if form.is_valid():
            try:
                directory.save_profile(form.instance)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("已保存 %(name)s 的公开信息。") % {"name": cadre.name})
                if request.user.sees_own_rows_only:
                    return redirect("certifications:profile_mine")
                return redirect(reverse("certifications:profile_list") + f"?township={cadre.township_id}")
        return self.render_page(cadre, form)


class MyProfileView(RolePermissionMixin, View):
    """A cadre's own listing (the menu's entry for them)."""

    permission = "certifications.serve"

    def get(self, request):
        return ProfileEditView.as_view()(request, cadre_pk=request.user.owner_key)

    def post(self, request):
        return ProfileEditView.as_view()(request, cadre_pk=request.user.owner_key)
