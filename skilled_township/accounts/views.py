from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from skilled_township.core.views import ObjectDetailView, ObjectEditView, ObjectListView, RolePermissionMixin

from .filters import AuditEntryFilter, UserFilter
from .forms import FirstPasswordChangeForm, LoginForm, UserActiveForm, UserForm
from .models import AuditEntry, User
from .services import set_active
from .tables import AuditEntryTable, UserTable
from .tokens import revoke_tokens, tokens_of


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = FirstPasswordChangeForm
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        # A one-time first password, once replaced, no longer holds the account back.
        form.user.must_change_password = False
        return super().form_valid(form)


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_change_done.html"


class UserListView(ObjectListView):
    model = User
    queryset = User.objects.select_related("scope")
    filterset_class = UserFilter
    table_class = UserTable
    permission = "accounts.manage"
    add_url_name = "accounts:user_create"
    title = gettext_lazy("账号管理")


class UserDetailView(ObjectDetailView):
    model = User
    queryset = User.objects.select_related("scope")
    permission = "accounts.manage"
    edit_permission = "accounts.manage"
    template_name = "accounts/user_detail.html"
    context_object_name = "account"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # What the account did, as far as the viewer may see it (entries in their own scope).
        activity = AuditEntry.objects.visible_to(self.request.user).filter(user=self.object)
        context["recent_activity"] = activity.select_related("content_type")[:10]
        context["is_self"] = self.object == self.request.user
        context["tokens"] = tokens_of(self.object)
        return context


class UserEditView(ObjectEditView):
    model = User
    form_class = UserForm
    permission = "accounts.manage"
    context_object_name = "account"


class UserActiveView(RolePermissionMixin, View):
    """Disable or re-enable an account; POST only."""

    permission = "accounts.manage"

    def post(self, request, pk):
        account = get_object_or_404(User.objects.visible_to(request.user), pk=pk)
        form = UserActiveForm(request.POST)
        if form.is_valid():
            try:
                set_active(account, form.cleaned_data["is_active"], by=request.user)
            except ValueError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("账号已启用。") if account.is_active else _("账号已停用。"))
        return redirect(account)


class UserTokenRevokeView(RolePermissionMixin, View):
    """An admin revokes the API tokens of an account in their scope; POST only."""

    permission = "accounts.manage"

    def post(self, request, pk):
        account = get_object_or_404(User.objects.visible_to(request.user), pk=pk)
        if revoke_tokens(account, "revoked"):
            messages.success(request, _("该账号的接口令牌已撤销。"))
        return redirect(account)


class TokenListView(LoginRequiredMixin, TemplateView):
    """The signed-in user's own API tokens: when issued, when and from where last used, and a revoke button."""

    template_name = "accounts/token_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(tokens=tokens_of(self.request.user), **kwargs)


class TokenRevokeView(LoginRequiredMixin, View):
    """The signed-in user revokes their own API tokens; POST only."""

    def post(self, request):
        if revoke_tokens(request.user, "revoked"):
            messages.success(request, _("接口令牌已撤销，使用它的程序须重新获取令牌。"))
        return redirect("accounts:token_list")


class AuditEntryListView(ObjectListView):
    model = AuditEntry
    queryset = AuditEntry.objects.select_related("content_type")
    filterset_class = AuditEntryFilter
    table_class = AuditEntryTable
    permission = "audit.view"
    title = gettext_lazy("审计日志")
    template_name = "accounts/auditentry_list.html"
    keyset = ("-timestamp", "-id")  # index audit_order
