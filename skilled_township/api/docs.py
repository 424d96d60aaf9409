"""The OpenAPI 3 schema and its documentation page (Swagger UI served from ``static/``), for signed-in users."""

from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularAPIView

from skilled_township.core.api import RolePermission
from skilled_township.core.views import RolePermissionMixin


class SchemaView(SpectacularAPIView):
    permission_classes = [RolePermission]
    view_permission = "api.docs"


class DocsView(RolePermissionMixin, TemplateView):
    permission = "api.docs"
    template_name = "api/docs.html"
