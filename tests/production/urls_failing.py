"""The project's URLs and one page that fails, for the error page's tests."""

from django.urls import path

from skilled_township.urls import handler500
from skilled_township.urls import urlpatterns as project_urlpatterns


def failing_page(request):
    raise RuntimeError("the page failed")


urlpatterns = [*project_urlpatterns, path("failing/", failing_page, name="failing")]
__all__ = ["handler500", "urlpatterns"]
