from django.urls import path

from .views import households, mine, norms, pairings, visits, warnings

app_name = "pairing"

urlpatterns = [
    # 我的帮扶户: a cadre's own households and each one's page, while they are paired with it.
    path("mine/", mine.MyHouseholdsView.as_view(), name="mine"),
    path("mine/<int:pk>/", mine.MyHouseholdView.as_view(), name="my_household"),
    path("pairings/", pairings.PairingListView.as_view(), name="pairing_list"),
    path("pairings/export/", pairings.PairingExportView.as_view(), name="pairing_export"),
    path("pairings/pair/", pairings.PairView.as_view(), name="pair"),
    path("pairings/<int:pk>/", pairings.PairingDetailView.as_view(), name="pairing_detail"),
    path("pairings/<int:pk>/end/", pairings.PairingEndView.as_view(), name="pairing_end"),
    path("handover/", pairings.HandoverListView.as_view(), name="handover_list"),
    path("handover/cadre/<int:pk>/", pairings.HandoverCadreView.as_view(), name="handover_cadre"),
    path("warnings/", warnings.AtRiskListView.as_view(), name="at_risk"),
    path("warnings/summary/", warnings.TargetSummaryView.as_view(), name="target_summary"),
    # Households, members and their skills, incomes, import and export.
    path("households/", households.HouseholdListView.as_view(), name="household_list"),
    path("households/add/", households.HouseholdEditView.as_view(), name="household_create"),
    path("households/export/", households.HouseholdExportView.as_view(), name="household_export"),
    path("households/import/", households.HouseholdImportView.as_view(), name="household_import"),
    path("households/import/<int:pk>/", households.HouseholdImportJobView.as_view(), name="household_import_job"),
    path(
        "households/import/template/",
        households.HouseholdImportTemplateView.as_view(),
        name="household_import_template",
    ),
    path("households/<int:pk>/", households.HouseholdDetailView.as_view(), name="household_detail"),
    path("households/<int:pk>/edit/", households.HouseholdEditView.as_view(), name="household_update"),
    path("households/<int:household_pk>/members/add/", households.MemberEditView.as_view(), name="member_create"),
    path(
        "households/<int:household_pk>/members/<int:pk>/edit/",
        households.MemberEditView.as_view(),
        name="member_update",
    ),
    path(
        "households/<int:household_pk>/members/<int:pk>/delete/",
        households.MemberDeleteView.as_view(),
        name="member_delete",
    ),
    path(
        "households/<int:household_pk>/members/<int:member_pk>/skills/add/",
        households.MemberSkillCreateView.as_view(),
        name="member_skill_create",
    ),
    path(
        "households/<int:household_pk>/skills/<int:pk>/delete/",
        households.MemberSkillDeleteView.as_view(),
        name="member_skill_delete",
    ),
    path("households/<int:household_pk>/incomes/add/", households.IncomeEditView.as_view(), name="income_create"),
    path(
        "households/<int:household_pk>/incomes/<int:pk>/edit/",
        households.IncomeEditView.as_view(),
        name="income_update",
    ),
    path("skill-share/", households.SkillShareView.as_view(), name="skill_share"),
    # Visits (民情日志), their confirmation and the monthly norm.
    path("visits/", visits.VisitListView.as_view(), name="visit_list"),
    path("visits/export/", visits.VisitExportView.as_view(), name="visit_export"),
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
