from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    path("mine/", views.MyLearningView.as_view(), name="mine"),
    path("plans/", views.PlanOverviewView.as_view(), name="plan_overview"),
    path("plans/<int:cadre_pk>/<int:year>/", views.PlanEditView.as_view(), name="plan_edit"),
    path("study/", views.StudyRecordListView.as_view(), name="study_list"),
    path("study/add/", views.StudyRecordEditView.as_view(), name="study_create"),
    path("study/session/", views.StudySessionView.as_view(), name="study_session"),
    path("study/<int:pk>/edit/", views.StudyRecordEditView.as_view(), name="study_update"),
    path("study/<int:pk>/delete/", views.StudyRecordDeleteView.as_view(), name="study_delete"),
    path("reports/", views.StudyReportListView.as_view(), name="report_list"),
    path("reports/add/", views.StudyReportEditView.as_view(), name="report_create"),
    path("reports/<int:pk>/edit/", views.StudyReportEditView.as_view(), name="report_update"),
    path("reports/<int:pk>/review/", views.StudyReportReviewView.as_view(), name="report_review"),
    path("reports/export/", views.StudyReportExportView.as_view(), name="report_export"),
    path("monthly/", views.MonthlySummaryView.as_view(), name="monthly"),
    path("monthly/cadre/<int:pk>/", views.CadreMonthlySummaryView.as_view(), name="monthly_cadre"),
    path("demand-gap/", views.DemandGapView.as_view(), name="demand_gap"),
    path("rules/", views.PlanRuleListView.as_view(), name="rule_list"),
    path("rules/add/", views.PlanRuleEditView.as_view(), name="rule_create"),
    path("rules/<int:pk>/edit/", views.PlanRuleEditView.as_view(), name="rule_update"),
]
