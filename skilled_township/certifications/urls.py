from django.urls import path

from .views import directory, ledger, requests

app_name = "certifications"

urlpatterns = [
    path("listing/", directory.ProfileListView.as_view(), name="profile_list"),
    path("listing/mine/", directory.MyProfileView.as_view(), name="profile_mine"),
    path("listing/<int:cadre_pk>/", directory.ProfileEditView.as_view(), name="profile_edit"),
    path("requests/", requests.ServiceRequestListView.as_view(), name="request_list"),
    path("requests/<int:pk>/", requests.ServiceRequestDetailView.as_view(), name="request_detail"),
    path("requests/<int:pk>/reassign/", requests.ReassignView.as_view(), name="request_reassign"),
    path("requests/<int:pk>/cancel/", requests.CancelView.as_view(), name="request_cancel"),
    path("requests/<int:pk>/close/", requests.CloseView.as_view(), name="request_close"),
    path("ledger/", ledger.ServiceRecordListView.as_view(), name="ledger_list"),
    path("ledger/add/", ledger.ServiceRecordCreateView.as_view(), name="ledger_create"),
    path("ledger/export/", ledger.ServiceRecordExportView.as_view(), name="ledger_export"),
]
