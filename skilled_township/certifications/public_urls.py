"""The public's pages: no sign-in, phone first, nothing personal beyond what the cadre chose to publish."""

from django.urls import path  # noqa: F401

app_name = "public"

urlpatterns = []
