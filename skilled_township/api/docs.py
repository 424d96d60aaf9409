"""The OpenAPI 3 schema and its documentation page (Swagger UI served from ``static/``), for signed-in users."""

from django.utils import translation
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response

from skilled_township.core.api import RolePermission
from skilled_township.core.views import RolePermissionMixin

#: The schema is the same for every reader (it describes the code, not the reader's rows), so each process builds
#: it once per language and API version: building it walks every endpoint and takes seconds.
_built: dict[tuple[str, str | None], dict] = {}


class SchemaView(SpectacularAPIView):
    permission_classes = [RolePermission]
    view_permission = "api.docs"

    def _get_schema_response(self, request):
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (translation.get_language(), version)
        if key not in _built:
            generator = self.generator_class(urlconf=self.urlconf, api_version=version, patterns=self.patterns)
            _built[key] = generator.get_schema(request=request, public=self.serve_public)
        filename = self._get_filename(request, version)
        return Response(data=_built[key], headers={"Content-Disposition": f'inline; filename="{filename}"'})


class DocsView(RolePermissionMixin, TemplateView):
    permission = "api.docs"
    template_name = "api/docs.html"
