"""Appraisals, certificates, the talent pool and service requests (scoped), and the public verification."""

from django.urls import path

from .views import verify

routes = []

#: Endpoints that are not rows of a model in the user's scope: the public verification of a certificate.
paths = [
    path("verify/<str:code>/", verify.VerifyApiView.as_view(), name="verify"),
]
