from django.urls import path

from . import learning_views as views

app_name = "learning"

urlpatterns = [
    path("learning/plans/", views.PlanOverviewView.as_view(), name="plan_overview"),
    path("learning/plans/<int:cadre_pk>/<int:year>/", views.PlanEditView.as_view(), name="plan_edit"),
    path("learning/study/", views.StudyRecordListView.as_view(), name="study_list"),
    path("learning/study/add/", views.StudyRecordEditView.as_view(), name="study_create"),
    path("learning/study/<int:pk>/edit/", views.StudyRecordEditView.as_view(), name="study_update"),
    path("learning/monthly/", views.MonthlySummaryView.as_view(), name="monthly"),
    path("learning/monthly/cadre/<int:pk>/", views.CadreMonthlySummaryView.as_view(), name="monthly_cadre"),
    path("learning/education/", views.EducationStructureView.as_view(), name="education"),
    path("learning/rules/", views.PlanRuleListView.as_view(), name="rule_list"),
    path("learning/rules/add/", views.PlanRuleEditView.as_view(), name="rule_create"),
    path("learning/rules/<int:pk>/edit/", views.PlanRuleEditView.as_view(), name="rule_update"),
    path("learning/targets/", views.EducationTargetListView.as_view(), name="target_list"),
    path("learning/targets/add/", views.EducationTargetEditView.as_view(), name="target_create"),
    path("learning/targets/<int:pk>/edit/", views.EducationTargetEditView.as_view(), name="target_update"),
]
