from django.urls import include, path
from django.views.i18n import set_language

from skilled_township.core.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("skilled_township.core.urls")),
    path("", include("skilled_township.accounts.urls")),
    path("", include("skilled_township.regions.urls")),
    path("", include("skilled_township.skills.urls")),
    path("", include("skilled_township.cadres.urls")),
    path("", include("skilled_township.cadres.urls_learning")),
    path("", include("skilled_township.cadres.urls_demand")),
    path("api/v1/", include("skilled_township.api.urls")),
]
