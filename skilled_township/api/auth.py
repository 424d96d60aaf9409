"""API tokens: a username and password exchanged for a token, under the same lock-out as the sign-in page."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from skilled_township.accounts.services import SignInRefused, authenticate_or_refuse, record_sign_in
from skilled_township.accounts.tokens import issue_token
from skilled_township.core.context import acting_as, client_ip


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})


class ObtainTokenView(APIView):
    """Send ``Authorization: Token <key>`` with every later request. Inactive accounts get no token; five
    failures in a row lock the username from that address for a while, as on the sign-in page. A token unused
    for ``API_TOKEN_IDLE_SECONDS`` stops working (sign in here again for a new one); a new password or a
    disabled account revokes it, and its owner may revoke it on the page 我的接口令牌."""

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
        request = request._request
        # A token issued is a sign-in: checked, counted and audited like one on the sign-in page.
        with acting_as(None, client_ip(request), source="api"):
            try:
                user = authenticate_or_refuse(request, username, password)
            except SignInRefused as refused:
                code = status.HTTP_429_TOO_MANY_REQUESTS if refused.code == "locked" else status.HTTP_400_BAD_REQUEST
                return Response({"detail": refused.message}, status=code)
            record_sign_in(request, user)
        # The account's token (one per account), or a new one when it has none or it expired unused.
        token = issue_token(user, client_ip(request))
        return Response({"token": token.key})
