"""Service requests: the public form, the filed page and tracking (no sign-in); the secretary's list, queue,
reassigning and cancelling; the cadre's own requests and closing them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache

from skilled_township.core import ratelimit
from skilled_township.core.context import client_ip
from skilled_township.core.forms import add_service_errors
from skilled_township.core.views import ObjectDetailView, ObjectListView, OwnRowsListMixin, RolePermissionMixin
from skilled_township.skills.models import Skill

from ..filters.requests import OwnServiceRequestFilter, ServiceRequestFilter
from ..forms.requests import CancelForm, CloseForm, PublicRequestForm, RatingForm, ReassignForm, TrackForm
from ..models import ServiceRequest, new_tracking_code
from ..services import directory, requests
from ..tables.requests import ServiceRequestTable

#: Where the filed page finds the code of the request just filed (the session of whoever filed it).
FILED_CODE = "filed_service_request"


def too_many(scope: str, key: str, limit: int, window: int) -> bool:
    return not ratelimit.attempt(scope, key, limit=limit, window=window)


@method_decorator(never_cache, name="dispatch")
class PublicRequestView(View):
    """一个电话，上门服务: a request for help to a township, filed from a phone without signing in.

    Limited per address and per phone number; a hidden field that people never see and bots fill in makes the
    page answer as if the request were filed, and nothing is saved."""

    def township(self, code):
        township = directory.public_township(code)
        if township is None:
            raise Http404
        return township

    def form(self, township, data=None):
        return PublicRequestForm(
            data, township=township, villages=directory.villages_of(township), skills=Skill.objects.active()
        )

    def render_page(self, township, form, status=200):
        context = {
            "township": township,
            "form": form,
            "title": _("%(township)s 上门服务求助") % {"township": township.name},
        }
        return render(self.request, "certifications/public/request_form.html", context, status=status)

    def get(self, request, code):
        township = self.township(code)
        return self.render_page(township, self.form(township))

    def post(self, request, code):
        township = self.township(code)
        form = self.form(township, request.POST)
        if form.is_bot:
            # Answered like a filed request, so that the robot learns nothing; nothing is saved.
            request.session[FILED_CODE] = new_tracking_code()
            return redirect("public:request_filed")
        if not form.is_valid():
            return self.render_page(township, form)
        data = form.cleaned_data
        address = client_ip(request) or "unknown"
        if too_many("service-request-ip", address, requests.FILINGS_PER_ADDRESS, requests.FILING_WINDOW_SECONDS):
            form.add_error(None, _("提交次数过多，请一小时后再试，或直接拨打干部公开的电话。"))
            return self.render_page(township, form, status=429)
        if too_many("service-request-phone", data["phone"], requests.FILINGS_PER_PHONE, requests.FILING_WINDOW_SECONDS):
            form.add_error("phone", _("这个号码一小时内已提交多次，请稍后再试。"))
            return self.render_page(township, form, status=429)
        try:
            filed = requests.file_request(
                township=township,
                village=data["village"],
                skill=data["skill"],
                name=data["name"],
                phone=data["phone"],
                description=data["description"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_page(township, form)
        request.session[FILED_CODE] = filed.code
        return redirect("public:request_filed")


@method_decorator(never_cache, name="dispatch")
class RequestFiledView(View):
    """The code of the request just filed, to keep and to follow the request with."""

    def get(self, request):
        code = request.session.get(FILED_CODE)
        context = {"code": code, "title": _("求助已提交") if code else _("查询求助进度")}
        return render(request, "certifications/public/request_filed.html", context)


@method_decorator(never_cache, name="dispatch")
class TrackView(View):
    """Follow a request by its code: status, the cadre's name and published phone, and once closed a rating
    (1–5, once). Lookups are limited per address. Of the requester only the masked name is shown."""

    def lookup_allowed(self, request) -> bool:
        return not too_many(
            "service-request-track",
            client_ip(request) or "unknown",
            requests.LOOKUPS_PER_ADDRESS,
            requests.LOOKUP_WINDOW_SECONDS,
        )

    def render_page(self, form, found=None, rating_form=None, status=200):
        context = {
            "form": form,
            "found": found,
            "rating_form": rating_form or RatingForm(),
            "title": _("查询求助进度"),
        }
        if found is not None:
            context.update(
                requester=requests.masked_name(found.requester_name),
                cadre_phone=requests.published_phone(found.cadre),
                can_rate=found.status == ServiceRequest.Status.CLOSED and found.rating is None,
            )
        return render(self.request, "certifications/public/track.html", context, status=status)

    def get(self, request):
        if "code" not in request.GET:
            return self.render_page(TrackForm())
        form = TrackForm(request.GET)
        if not form.is_valid():
            return self.render_page(form)
        if not self.lookup_allowed(request):
            form.add_error(None, _("查询次数过多，请 15 分钟后再试。"))
            return self.render_page(form, status=429)
        found = requests.find(form.cleaned_data["code"])
        if found is None:
            form.add_error("code", _("没有找到这个查询码，请核对后再试。"))
        return self.render_page(form, found)

    def post(self, request):
        form = TrackForm(request.POST)
        if not form.is_valid():
            return self.render_page(form)
        if not self.lookup_allowed(request):
            form.add_error(None, _("查询次数过多，请 15 分钟后再试。"))
            return self.render_page(form, status=429)
        found = requests.find(form.cleaned_data["code"])
        if found is None:
            form.add_error("code", _("没有找到这个查询码，请核对后再试。"))
            return self.render_page(form)
        rating_form = RatingForm(request.POST)
        if rating_form.is_valid():
            try:
                requests.rate(found, rating_form.cleaned_data["rating"], rating_form.cleaned_data["comment"])
            except ValidationError as error:
                rating_form.add_error(None, error)
            else:
                messages.success(request, _("感谢您的评价！"))
                return redirect(reverse("public:track") + f"?code={found.code}")
        return self.render_page(form, found, rating_form)


# --- Staff and cadre side --------------------------------------------------------------------------------------


class ServiceRequestListView(OwnRowsListMixin, ObjectListView):
    """Requests in scope, newest first (the secretary's queue is ``?status=queued``), overdue ones flagged; a
    cadre reads their own."""

    model = ServiceRequest
    queryset = ServiceRequest.objects.select_related("township", "village", "skill", "cadre")
    filterset_class = ServiceRequestFilter
    own_filterset_class = OwnServiceRequestFilter
    table_class = ServiceRequestTable
    permission = "certifications.services"
    shared_title, own_title = gettext_lazy("服务请求"), gettext_lazy("我的服务请求")


class ServiceRequestDetailView(ObjectDetailView):
    model = ServiceRequest
    queryset = ServiceRequest.objects.select_related("township__parent", "village", "skill", "cadre")
    permission = "certifications.services"
    template_name = "certifications/request_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request, user = self.object, self.request.user
        context.update(
            title=_("服务请求 %(code)s") % {"code": request.code},
            overdue=request.is_overdue(),
            can_reassign=user.has_role_perm("certifications.manage") and request.status in ServiceRequest.OPEN_STATES,
            can_close=user.has_role_perm("certifications.serve")
            and request.status == ServiceRequest.Status.ASSIGNED
            and request.cadre_id == user.owner_key,
            record=getattr(request, "service_record", None) if request.status == ServiceRequest.Status.CLOSED else None,
        )
        return context


class RequestActionView(RolePermissionMixin, View):
    """One action on one request in scope, through a small form."""

    form_class = None
    template_name = "certifications/request_action.html"
    heading = ""

    def get_request(self, pk):
        visible = ServiceRequest.objects.visible_to(self.request.user).select_related("township", "skill", "cadre")
        return get_object_or_404(visible, pk=pk)

    def make_form(self, service_request, data=None):
        return self.form_class(data)

    def render_page(self, service_request, form):
        context = {
            "service_request": service_request,
            "form": form,
            "title": f"{self.heading}：{service_request.code}",
            "cancel_url": service_request.get_absolute_url(),
        }
        return render(self.request, self.template_name, context)

    def get(self, request, pk):
        service_request = self.get_request(pk)
        return self.render_page(service_request, self.make_form(service_request))

    def post(self, request, pk):
        service_request = self.get_request(pk)
        form = self.make_form(service_request, request.POST)
        if form.is_valid():
            try:
                self.act(service_request, form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, self.done_message)
                return redirect(service_request.get_absolute_url())
        return self.render_page(service_request, form)


class ReassignView(RequestActionView):
    """The secretary gives a request to another in-post cadre of its township (a reason is required)."""

    permission = "certifications.manage"
    form_class = ReassignForm
    heading = gettext_lazy("改派")
    done_message = gettext_lazy("已改派。")

    def make_form(self, service_request, data=None):
        cadres = requests.reassign_choices(service_request, self.request.user)
        return ReassignForm(data, cadres=cadres, levels=requests.certified_levels(service_request))

    def act(self, service_request, data):
        requests.reassign(service_request, data["cadre"], data["reason"])


class CancelView(RequestActionView):
    permission = "certifications.manage"
    form_class = CancelForm
    heading = gettext_lazy("撤销请求")
    done_message = gettext_lazy("已撤销。")

    def act(self, service_request, data):
        requests.cancel(service_request, data["reason"])


class CloseView(RequestActionView):
    """The cadre records the visit and its outcome: the request is closed into the service ledger."""

    permission = "certifications.serve"
    form_class = CloseForm
    heading = gettext_lazy("办结")
    done_message = gettext_lazy("已办结，服务记录已记入服务台账。")

    def make_form(self, service_request, data=None):
        return CloseForm(data, request=service_request, initial={"served_on": timezone.localdate()})

    def act(self, service_request, data):
        requests.close(
            service_request,
            self.request.user.cadre,
            served_on=data["served_on"],
            content=data["content"],
            outcome=data["outcome"],
        )
