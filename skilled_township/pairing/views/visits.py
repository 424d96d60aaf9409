"""The 民情日志 pages: the list in scope (a cadre's own diary for a cadre), a visit's page with its confirmation
and amendments, logging and editing (a correction once confirmed), and the household's confirmation by code
or signature."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from skilled_township.core.exports import ExportView
from skilled_township.core.views import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    OwnRowsListMixin,
    RolePermissionMixin,
)

from .. import exports
from ..filters.visits import OwnVisitFilter, VisitFilter
from ..forms.visits import AmendmentForm, CodeForm, SignatureForm, VisitForm
from ..models import Visit
from ..services import confirmation
from ..services import visits as visit_services
from ..tables.visits import VisitTable


def visits_in_scope(user):
    return Visit.objects.visible_to(user).select_related("household__village__parent", "cadre", "pairing")


class VisitListView(OwnRowsListMixin, ObjectListView):
    model = Visit
    queryset = Visit.objects.select_related("household__village__parent", "cadre")
    filterset_class = VisitFilter
    own_filterset_class = OwnVisitFilter
    table_class = VisitTable
    permission = "pairing.read_visits"
    add_url_name = "pairing:visit_create"
    add_permission = "pairing.visit"
    shared_title, own_title = gettext_lazy("民情日志"), gettext_lazy("我的民情日志")
    keyset = exports.VISITS.order  # index visit_order
    template_name = "pairing/visit_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_see_norm"] = self.request.user.has_role_perm("pairing.view")
        return context


class VisitExportView(ExportView):
    """The 民情日志 as filtered on its list, as an Excel file; a cadre downloads only their own (``visible_to``)."""

    export = exports.VISITS
    list_url_name = "pairing:visit_list"


class VisitDetailView(ObjectDetailView):
    model = Visit
    queryset = Visit.objects.select_related("household__village__parent", "cadre", "recorded_by", "pairing")
    template_name = "pairing/visit_detail.html"
    permission = "pairing.read_visits"
    edit_permission = "pairing.visit"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visit = self.object
        amendments = visit.amendments.select_related("amended_by").order_by("created_at", "id")
        may_confirm = context["can_edit"] and not visit.is_confirmed
        context.update(
            title=_("民情日志：%(visit)s") % {"visit": visit},
            amendments=[
                {
                    "amendment": a,
                    "changes": [
                        {
                            "label": visit_services.field_label(name),
                            "old": visit_services.shown_value(name, old),
                            "new": visit_services.shown_value(name, new),
                        }
                        for name, (old, new) in a.changes.items()
                    ],
                }
                for a in amendments
            ],
            may_confirm=may_confirm,
            may_send_code=may_confirm and confirmation.can_send_code(visit),
            code_form=kwargs.get("code_form") or CodeForm(),
            code_sent=visit.codes.exists() if may_confirm else False,
        )
        return context


class VisitCreateView(ObjectEditView):
    """Log a visit in a minute on a phone: the household among the cadre's own active pairings."""

    model = Visit
    form_class = VisitForm
    permission = "pairing.visit"
    template_name = "pairing/visit_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "files": self.request.FILES or None}

    def get_initial(self):
        # ``?pairing=`` from 我的帮扶户: that household chosen (only if it is among the pairings offered).
        initial = super().get_initial()
        chosen = self.request.GET.get("pairing", "")
        if self.object is None and chosen.isdigit():
            initial["pairing"] = int(chosen)
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        offered = visit_services.pairings_for_logging(self.request.user)
        context["no_pairings"] = self.object is None and not offered.exists()
        return context

    def form_valid(self, form):
        try:
            if self.object is None:
                self.object = visit_services.record_visit(
                    form.instance, by=self.request.user, photo=form.cleaned_data.get("photo")
                )
            else:
                self.object = visit_services.update_visit(
                    form.instance, by=self.request.user, photo=form.cleaned_data.get("photo")
                )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("民情日志已保存：%(visit)s") % {"visit": self.object})
        return HttpResponseRedirect(self.object.get_absolute_url())


class VisitEditView(VisitCreateView):
    """Edit an unconfirmed visit; a confirmed one is corrected through an amendment (reason required)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.has_role_perm(self.permission):
            visit = get_object_or_404(Visit.objects.visible_to(request.user), pk=kwargs["pk"])
            if visit.is_confirmed:
                return self.amend(request, visit)
        return super().dispatch(request, *args, **kwargs)

    def amend(self, request, visit):
        form = AmendmentForm(request.POST or None, visit=visit)
        if request.method == "POST" and form.is_valid():
            try:
                visit_services.amend_visit(visit, form.changes(), form.cleaned_data["reason"], by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("更正已记录，原来的内容保留在日志上。"))
                return redirect(visit)
        context = {
            "form": form,
            "object": visit,
            "title": _("更正民情日志：%(visit)s") % {"visit": visit},
            "cancel_url": visit.get_absolute_url(),
            "amending": True,
        }
        return render(request, "pairing/visit_form.html", context)


class VisitConfirmationMixin(RolePermissionMixin, View):
    """POST only: for the cadre (or a secretary, an admin) with the visit in their scope."""

    permission = "pairing.visit"
    http_method_names = ["post"]

    def get_visit(self, pk):
        return get_object_or_404(visits_in_scope(self.request.user), pk=pk)


class VisitSendCodeView(VisitConfirmationMixin):
    def post(self, request, pk):
        visit = self.get_visit(pk)
        try:
            sent = confirmation.send_code(visit, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("验证码已发送到农户登记的手机 %(phone)s，请户主读出后在下方填写。")
                % {"phone": confirmation.masked_phone(sent.phone)},
            )
        return redirect(visit)


class VisitConfirmCodeView(VisitConfirmationMixin):
    def post(self, request, pk):
        visit = self.get_visit(pk)
        form = CodeForm(request.POST)
        if form.is_valid():
            try:
                confirmation.confirm_with_code(visit, form.cleaned_data["code"], by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("农户已用验证码确认这篇民情日志。"))
        else:
            messages.error(request, _("请填写农户手机收到的 6 位数字验证码。"))
        return redirect(visit)


class VisitSignatureView(VisitConfirmationMixin):
    """The head of the household signs on the cadre's phone when there is no signal: the weaker confirmation."""

    http_method_names = ["get", "post"]

    def render_page(self, visit, form, status=200):
        context = {"object": visit, "form": form, "title": _("户主签名确认：%(visit)s") % {"visit": visit}}
        return render(self.request, "pairing/visit_signature.html", context, status=status)

    def get(self, request, pk):
        visit = self.get_visit(pk)
        if visit.is_confirmed:
            return redirect(visit)
        return self.render_page(visit, SignatureForm())

    def post(self, request, pk):
        visit = self.get_visit(pk)
        form = SignatureForm(request.POST)
        form.is_valid()
        try:
            confirmation.confirm_with_signature(visit, form.cleaned_data.get("signature", ""), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_page(visit, form)
        messages.success(request, _("已保存户主签名。签名确认弱于短信验证码确认。"))
        return redirect(visit)
