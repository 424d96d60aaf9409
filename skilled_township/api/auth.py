"""API tokens: a username and password exchanged for a token, under the same lock-out as the sign-in page."""

from django.contrib.auth import authenticate, user_logged_in
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from skilled_township.accounts.audit import record_refused_while_locked
from skilled_township.accounts.lockout import locked_until
from skilled_township.core.context import client_ip


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})


class ObtainTokenView(APIView):
    """Send ``Authorization: Token <key>`` with every later request. Inactive accounts get no token; five
    failures in a row lock the username from that address for a while, as on the sign-in page."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
            400: OpenApiResponse(description=_("用户名或密码错误")),
            429: OpenApiResponse(description=_("登录失败次数过多，暂时锁定")),
        },
        auth=[],
    )
    def post(self, request):
        form = TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        username, password = form.validated_data["username"], form.validated_data["password"]
        ip = client_ip(request)
        until = locked_until(username, ip)
        if until is not None:
            record_refused_while_locked(username, ip)
            message = _("登录失败次数过多，账号已暂时锁定，请于 %(until)s 后再试。")
            return Response(
                {"detail": message % {"until": timezone.localtime(until).strftime("%H:%M")}},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        # With the request, a failure fires the signal that counts it towards the lock-out and audits it;
        # the model backend refuses inactive accounts the same way.
        user = authenticate(request._request, username=username, password=password)
        if user is None or not user.is_active:
            return Response({"detail": _("用户名或密码错误。")}, status=status.HTTP_400_BAD_REQUEST)
        # A token issued is a sign-in: audited, and it clears the failures counted so far, as the page does.
        user_logged_in.send(sender=user.__class__, request=request._request, user=user)
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
