"""The public's pages: no sign-in, phone first, nothing personal beyond what the cadre chose to publish."""

from django.urls import path

from .views import directory, requests, verify

app_name = "public"

urlpatterns = [
    path("verify/", verify.VerifyFormView.as_view(), name="verify_form"),
    path("verify/<str:code>/", verify.VerifyView.as_view(), name="verify"),
    path("directory/", directory.PublicTownshipsView.as_view(), name="townships"),
    path("directory/<str:code>/", directory.PublicDirectoryView.as_view(), name="directory"),
    path("help/filed/", requests.RequestFiledView.as_view(), name="request_filed"),
    path("help/<str:code>/", requests.PublicRequestView.as_view(), name="request"),
    path("track/", requests.TrackView.as_view(), name="track"),
]
