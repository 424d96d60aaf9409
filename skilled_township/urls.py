"""Root URLs: the home page, the language switch, and each app's ``urls.py`` under its ``url_prefix``
(declared in the app's ``AppConfig``), so a new app mounts itself."""

from django.apps import apps
from django.urls import include, path
from django.views.i18n import set_language

from skilled_township.core.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("i18n/setlang/", set_language, name="set_language"),
    *(
        path(config.url_prefix, include(f"{config.name}.urls"))
        for config in apps.get_app_configs()
        if getattr(config, "url_prefix", None) is not None
    ),
]
