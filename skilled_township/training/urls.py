from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("bases/", views.BaseListView.as_view(), name="base_list"),
    path("bases/add/", views.BaseEditView.as_view(), name="base_create"),
    path("bases/<int:pk>/", views.BaseDetailView.as_view(), name="base_detail"),
    path("bases/<int:pk>/edit/", views.BaseEditView.as_view(), name="base_update"),
    path("bases/<int:pk>/photos/upload/", views.BasePhotoUploadView.as_view(), name="base_photo_upload"),
    path("photos/<int:pk>/delete/", views.BasePhotoDeleteView.as_view(), name="photo_delete"),
    path("funds/", views.AllocationListView.as_view(), name="allocation_list"),
    path("funds/add/", views.AllocationEditView.as_view(), name="allocation_create"),
    path("funds/<int:pk>/edit/", views.AllocationEditView.as_view(), name="allocation_update"),
    path("funds/summary/", views.FundSummaryView.as_view(), name="fund_summary"),
    path("disbursements/", views.DisbursementListView.as_view(), name="disbursement_list"),
    path("disbursements/add/", views.DisbursementEditView.as_view(), name="disbursement_create"),
    path("disbursements/<int:pk>/edit/", views.DisbursementEditView.as_view(), name="disbursement_update"),
    path("disbursements/<int:pk>/delete/", views.DisbursementDeleteView.as_view(), name="disbursement_delete"),
    path("plans/", views.PlanListView.as_view(), name="plan_list"),
    path("plans/add/", views.PlanEditView.as_view(), name="plan_create"),
    path("plans/<int:pk>/edit/", views.PlanEditView.as_view(), name="plan_update"),
    path("progress/", views.ProgressView.as_view(), name="progress"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("sessions/", views.SessionListView.as_view(), name="session_list"),
    path("sessions/add/", views.SessionEditView.as_view(), name="session_create"),
    path("sessions/<int:pk>/", views.SessionDetailView.as_view(), name="session_detail"),
    path("sessions/<int:pk>/edit/", views.SessionEditView.as_view(), name="session_update"),
    path("sessions/<int:pk>/delete/", views.SessionDeleteView.as_view(), name="session_delete"),
    path("sessions/<int:pk>/attendance/", views.SessionAttendanceView.as_view(), name="session_attendance"),
    path("claims/<int:pk>/", views.ClaimDecisionView.as_view(), name="claim_decision"),
    path("checkin/<str:token>/", views.CheckInView.as_view(), name="checkin"),
]
