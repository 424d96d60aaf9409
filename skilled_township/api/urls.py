"""REST API v1: sign-in, schema and documentation, and every app's ``routes`` from its ``api.py`` (plus its
``paths``: endpoints that serve no rows of the user's scope, such as the public verification of a certificate)."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.urls import path
from rest_framework.routers import SimpleRouter

from . import auth, docs

app_name = "api"

# No format-suffix patterns: JSON is the only format clients need, and the browsable API negotiates itself.
router = SimpleRouter()
paths = []
for config in apps.get_app_configs():
    module_name = f"{config.name}.api"
    if config.name.startswith("skilled_township.") and find_spec(module_name):
        for prefix, viewset, basename in getattr(import_module(module_name), "routes", ()):
            router.register(prefix, viewset, basename=basename)
        paths += getattr(import_module(module_name), "paths", ())

urlpatterns = [
    path("auth/token/", auth.ObtainTokenView.as_view(), name="token"),
    path("schema/", docs.SchemaView.as_view(), name="schema"),
    path("docs/", docs.DocsView.as_view(), name="docs"),
    *router.urls,
    *paths,
]
