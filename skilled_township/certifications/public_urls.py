"""The public's pages: no sign-in, phone first, nothing personal beyond what the cadre chose to publish."""

from django.urls import path

from .views import verify

app_name = "public"

urlpatterns = [
    path("verify/", verify.VerifyFormView.as_view(), name="verify_form"),
    path("verify/<str:code>/", verify.VerifyView.as_view(), name="verify"),
]
