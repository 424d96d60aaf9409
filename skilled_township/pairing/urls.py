from django.urls import path

from .views import norms, visits

app_name = "pairing"

urlpatterns = [
    path("visits/", visits.VisitListView.as_view(), name="visit_list"),
    path("visits/add/", visits.VisitCreateView.as_view(), name="visit_create"),
    path("visits/<int:pk>/", visits.VisitDetailView.as_view(), name="visit_detail"),
    path("visits/<int:pk>/edit/", visits.VisitEditView.as_view(), name="visit_update"),
    path("visits/<int:pk>/send-code/", visits.VisitSendCodeView.as_view(), name="visit_send_code"),
    path("visits/<int:pk>/confirm/", visits.VisitConfirmCodeView.as_view(), name="visit_confirm_code"),
    path("visits/<int:pk>/signature/", visits.VisitSignatureView.as_view(), name="visit_signature"),
    path("visit-norm/", norms.NormReportView.as_view(), name="norm_report"),
    path("norms/", norms.NormListView.as_view(), name="norm_list"),
    path("norms/add/", norms.NormEditView.as_view(), name="norm_create"),
    path("norms/<int:pk>/edit/", norms.NormEditView.as_view(), name="norm_update"),
]
