"""The public verification of a certificate: a page for its code (what the QR code opens), a form to type a
code, and the same record as JSON for other systems. No sign-in; lookups of unknown codes are rate-limited per
client address (``services.verification``)."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from skilled_township.core.context import client_ip

from ..forms.verify import VerifyCodeForm
from ..services.verification import TooManyLookups, grouped, look_up, normalise_code


class VerifyFormView(View):
    """``/verify/``: type the code printed on a certificate or a service card."""

    def get(self, request):
        form = VerifyCodeForm(request.GET or None)
        if form.is_valid():
            return redirect("public:verify", code=form.cleaned_data["code"])
        return render(request, "certifications/verify_form.html", {"form": form, "title": _("证书查验")})


class VerifyView(View):
    """``/verify/<code>/``: the whole record of the certificate with this code, or 查无此证 (404)."""

    def get(self, request, code):
        canonical = normalise_code(code)
        if canonical != code and canonical:
            return redirect("public:verify", code=canonical)
        context = {"title": _("证书查验"), "form": VerifyCodeForm()}
        try:
            record = look_up(code, client_ip(request))
        except TooManyLookups:
            return render(request, "certifications/verify_refused.html", context, status=429)
        if record is None:
            return render(request, "certifications/verify_unknown.html", context, status=404)
        context.update(record=record, grouped_code=grouped(record.code))
        return render(request, "certifications/verify.html", context)


class VerificationSerializer(serializers.Serializer):
    """A certificate's public record (``services.verification.PublicRecord``)."""

    code = serializers.CharField(help_text="查验码")
    state = serializers.ChoiceField(choices=["valid", "revoked", "expired"], help_text="有效 / 已撤销 / 已过期")
    state_label = serializers.CharField()
    number = serializers.CharField(help_text="证书编号")
    holder = serializers.CharField(help_text="持证人")
    masked_id = serializers.CharField(help_text="身份证号码（部分隐藏）")
    township = serializers.CharField()
    skill = serializers.CharField()
    skill_code = serializers.CharField()
    level = serializers.IntegerField(help_text="1 最高，5 最低")
    level_label = serializers.CharField()
    issued_on = serializers.DateField()
    expires_on = serializers.DateField(allow_null=True)
    issuing_body = serializers.CharField()
    revoked_on = serializers.DateField(allow_null=True)
    revocation_reason = serializers.CharField(allow_blank=True)


class VerifyApiView(APIView):
    """``GET /api/v1/verify/<code>/``: read only, open without authentication (a signed-in caller is still known, so
    that their answer is not cached), the same record and rate limit as the page."""

    permission_classes = [AllowAny]
    http_method_names = ["get", "head", "options"]

    @extend_schema(
        summary="证书查验（公开，无需登录）",
        responses={
            200: VerificationSerializer,
            404: OpenApiResponse(description="查无此证"),
            429: OpenApiResponse(description="查询过于频繁"),
        },
    )
    def get(self, request, code):
        try:
            record = look_up(code, client_ip(request))
        except TooManyLookups:
            return Response({"detail": _("查询过于频繁，请一小时后再试。")}, status=429)
        if record is None:
            return Response({"detail": _("查无此证。")}, status=404)
        return Response(VerificationSerializer(record).data)
