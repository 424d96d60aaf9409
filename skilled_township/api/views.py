from django.contrib.auth import authenticate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from drf_spectacular.utils import extend_schema, inline_serializer
from drf_spectacular.views import SpectacularAPIView
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from skilled_township.accounts.audit import record_refused_while_locked
from skilled_township.accounts.lockout import locked_until
from skilled_township.cadres.models import Cadre, LearningPlan, Secondment, StudyRecord
from skilled_township.core.context import client_ip
from skilled_township.core.views import RolePermissionMixin
from skilled_township.regions.models import Region
from skilled_township.skills.models import Demand, Skill, SkillCategory

from . import filters
from . import serializers as s
from .base import ScopedModelViewSet
from .permissions import RolePermission


class RegionViewSet(ScopedModelViewSet):
    queryset = Region.objects.select_related("parent").order_by("code")
    serializer_class = s.RegionSerializer
    view_permission = "regions.view"
    http_method_names = ["get", "head", "options"]
    filterset_fields = ["level", "parent"]


class SkillCategoryViewSet(ScopedModelViewSet):
    queryset = SkillCategory.objects.order_by("order", "code")
    serializer_class = s.SkillCategorySerializer
    view_permission, manage_permission = "skills.view", "skills.manage"


class SkillViewSet(ScopedModelViewSet):
    queryset = Skill.objects.select_related("category").order_by("code")
    serializer_class = s.SkillSerializer
    view_permission, manage_permission = "skills.view", "skills.manage"
    filterset_fields = ["category", "is_active"]


class CadreViewSet(ScopedModelViewSet):
    queryset = Cadre.objects.select_related("township").order_by("township__code", "name", "id")
    serializer_class = s.CadreSerializer
    view_permission, manage_permission = "cadres.view", "cadres.manage"
    filterset_class = filters.CadreFilter


class SecondmentViewSet(ScopedModelViewSet):
    queryset = Secondment.objects.select_related("cadre").order_by("-start_date", "id")
    serializer_class = s.SecondmentSerializer
    view_permission, manage_permission = "cadres.view", "cadres.manage"
    filterset_fields = ["cadre", "kind"]


class LearningPlanViewSet(ScopedModelViewSet):
    queryset = (
        LearningPlan.objects.select_related("cadre__township").prefetch_related("items__skill").order_by("-year", "id")
    )
    serializer_class = s.LearningPlanSerializer
    view_permission, manage_permission = "learning.view", "learning.manage"
    filterset_fields = ["cadre", "year"]


class StudyRecordViewSet(ScopedModelViewSet):
    queryset = StudyRecord.objects.select_related("cadre").order_by("-studied_on", "-id")
    serializer_class = s.StudyRecordSerializer
    view_permission, manage_permission = "learning.view", "learning.manage"
    filterset_class = filters.StudyRecordFilter
    http_method_names = [*ScopedModelViewSet.http_method_names, "delete"]


class DemandViewSet(ScopedModelViewSet):
    queryset = Demand.objects.select_related("village").order_by("-recorded_on", "-id")
    serializer_class = s.DemandSerializer
    view_permission, manage_permission = "demand.view", "demand.manage"
    filterset_class = filters.DemandFilter
    http_method_names = [*ScopedModelViewSet.http_method_names, "delete"]


class ObtainTokenView(APIView):
    """Exchange a username and password for an API token, under the same lock-out as the sign-in page."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        request=inline_serializer(
            "TokenRequest", {"username": serializers.CharField(), "password": serializers.CharField()}
        ),
        responses={200: inline_serializer("TokenResponse", {"token": serializers.CharField()})},
    )
    def post(self, request):
        username = str(request.data.get("username", ""))[:150]
        password = str(request.data.get("password", ""))
        ip = client_ip(request)
        until = locked_until(username, ip)
        if until is not None:
            record_refused_while_locked(username, ip)
            message = _("登录失败次数过多，账号已暂时锁定，请于 %(until)s 后再试。")
            return Response(
                {"detail": message % {"until": timezone.localtime(until).strftime("%H:%M")}},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        user = authenticate(request._request, username=username, password=password)
        if user is None or not user.is_active:
            return Response({"detail": _("用户名或密码错误。")}, status=status.HTTP_400_BAD_REQUEST)
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class SchemaView(SpectacularAPIView):
    permission_classes = [RolePermission]
    view_permission = "api.docs"


class DocsView(RolePermissionMixin, TemplateView):
    permission = "api.docs"
    template_name = "api/docs.html"
