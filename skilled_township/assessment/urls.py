from django.urls import path

from .views import assignments, deputies, grades, reports, results, rounds, rubric, scoring, stars, surveys

app_name = "assessment"

urlpatterns = [
    path("", rounds.RoundListView.as_view(), name="round_list"),
    path("add/", rounds.RoundCreateView.as_view(), name="round_create"),
    path("<int:pk>/", rounds.RoundDetailView.as_view(), name="round_detail"),
    path("<int:pk>/settings/", rounds.RoundSettingsView.as_view(), name="round_settings"),
    path("<int:pk>/do/<slug:action>/", rounds.RoundActionView.as_view(), name="round_action"),
    path("<int:pk>/reopen/", rounds.RoundReopenView.as_view(), name="round_reopen"),
    path("<int:round_pk>/indicators/add/", rubric.IndicatorEditView.as_view(), name="indicator_create"),
    path("indicators/<int:pk>/edit/", rubric.IndicatorEditView.as_view(), name="indicator_update"),
    path("indicators/<int:pk>/delete/", rubric.IndicatorDeleteView.as_view(), name="indicator_delete"),
    path("<int:round_pk>/assignments/add/", assignments.AssignmentCreateView.as_view(), name="assignment_create"),
    path("assignments/<int:pk>/delete/", assignments.AssignmentDeleteView.as_view(), name="assignment_delete"),
    path("<int:round_pk>/surveys/<int:township_pk>/", surveys.SurveyEditView.as_view(), name="survey_edit"),
    path("sheets/", scoring.MySheetsView.as_view(), name="my_sheets"),
    path("sheets/<int:pk>/", scoring.SheetView.as_view(), name="sheet"),
    path("<int:pk>/results/", results.RoundResultsView.as_view(), name="round_results"),
    path("results/<int:pk>/", results.ResultDetailView.as_view(), name="result_detail"),
    path("<int:pk>/reports/", reports.RoundReportsView.as_view(), name="round_reports"),
    path("<int:pk>/reports/start/", reports.ReportStartView.as_view(), name="reports_start"),
    path("reports/<int:pk>/<slug:kind>/", reports.ReportDownloadView.as_view(), name="report_download"),
    path("grades/", grades.GradeListView.as_view(), name="grade_list"),
    path("grades/<int:pk>/", grades.GradeDetailView.as_view(), name="grade_detail"),
    path("grades/<int:pk>/edit/", grades.GradeEditView.as_view(), name="grade_edit"),
    path("grades/<int:pk>/appeal/", grades.AppealCreateView.as_view(), name="appeal_create"),
    path("<int:round_pk>/grades/scheme/", grades.SchemeEditView.as_view(), name="grade_scheme"),
    path("<int:round_pk>/grades/do/<slug:action>/", grades.GradeActionView.as_view(), name="grade_action"),
    path("appeals/", grades.AppealListView.as_view(), name="appeal_list"),
    path("appeals/<int:pk>/", grades.AppealDetailView.as_view(), name="appeal_detail"),
    path("deputies/", deputies.DeputyListView.as_view(), name="deputy_list"),
    path("deputies/<int:pk>/", deputies.DeputyAssessView.as_view(), name="deputy_assess"),
    path("stars/", stars.PublicStarsView.as_view(), name="star_public"),
    path("stars/nominations/", stars.StarListView.as_view(), name="star_list"),
    path("stars/nominations/<int:pk>/", stars.StarDetailView.as_view(), name="star_detail"),
    path("stars/nominations/<int:pk>/withdraw/", stars.StarWithdrawView.as_view(), name="star_withdraw"),
    path("<int:round_pk>/stars/nominate/<int:cadre_pk>/", stars.StarNominateView.as_view(), name="star_nominate"),
    path("<int:round_pk>/stars/settings/", stars.StarSettingsView.as_view(), name="star_settings"),
    path("<int:round_pk>/stars/publish/", stars.StarPublishView.as_view(), name="star_publish"),
]
