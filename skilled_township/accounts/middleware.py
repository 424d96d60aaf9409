"""An account signed in with a one-time password must change it before anything else."""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework.views import APIView

#: Pages an account may open before changing its first password.
OPEN_BEFORE_CHANGE = frozenset(
    {
        "accounts:password_change",
        "accounts:password_change_done",
        "accounts:logout",
        "accounts:login",
        "set_language",
        "healthz",
    }
)


class PasswordChangeRequiredMiddleware:
    """Every page leads to the password change form; the API answers 403 saying why (token requests are
    refused the same way by ``accounts.tokens.TokenAuthentication``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or not user.must_change_password:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_BEFORE_CHANGE:
            return None
        view_class = getattr(view_func, "cls", None)
        if isinstance(view_class, type) and issubclass(view_class, APIView):
            return JsonResponse({"detail": _("请先在网页上修改初始密码，然后才能使用接口。")}, status=403)
        return redirect(reverse("accounts:password_change"))
