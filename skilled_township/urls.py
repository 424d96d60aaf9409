"""Root URLs: the home page, the language switch, and each app's ``urls.py`` under its ``url_prefix``
(declared in the app's ``AppConfig``), so a new app mounts itself. An app with pages for the public (no
sign-in) keeps them in ``public_urls.py``, mounted at its ``public_url_prefix``."""

from django.apps import apps
from django.urls import include, path
from django.views.i18n import set_language

from skilled_township.core.health import healthz
from skilled_township.core.views import HomeView

handler500 = "skilled_township.core.errors.server_error"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    *(
        path(config.url_prefix, include(f"{config.name}.urls"))
        for config in apps.get_app_configs()
        if getattr(config, "url_prefix", None) is not None
    ),
    *(
        path(config.public_url_prefix, include(f"{config.name}.public_urls"))
        for config in apps.get_app_configs()
        if getattr(config, "public_url_prefix", None) is not None
    ),
]
