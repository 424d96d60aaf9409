from django.urls import path

from .views import appraisals, cards, certificates, compliance, directory, ledger, requests, talent_pool

app_name = "certifications"

urlpatterns = [
    path("cards/", cards.CardsView.as_view(), name="cards"),
    path("cards/township/<int:pk>/pdf/", cards.TownshipCardsPdfView.as_view(), name="cards_township_pdf"),
    path("cards/cadre/<int:pk>/pdf/", cards.CadreCardPdfView.as_view(), name="card_pdf"),
    path("cards/mine/", cards.MyCardView.as_view(), name="my_card"),
    path("appraisals/", appraisals.AppraisalListView.as_view(), name="appraisal_list"),
    path("appraisals/add/", appraisals.AppraisalCreateView.as_view(), name="appraisal_create"),
    path("certificates/", certificates.CertificateListView.as_view(), name="certificate_list"),
    path("certificates/register/", certificates.CertificateRegisterView.as_view(), name="certificate_register"),
    path("certificates/<int:pk>/", certificates.CertificateDetailView.as_view(), name="certificate_detail"),
    path("certificates/<int:pk>/edit/", certificates.CertificateEditView.as_view(), name="certificate_update"),
    path("certificates/<int:pk>/revoke/", certificates.CertificateRevokeView.as_view(), name="certificate_revoke"),
    path("compliance/", compliance.ComplianceView.as_view(), name="compliance"),
    path("compliance/uncertified/", compliance.UncertifiedListView.as_view(), name="uncertified_list"),
    path("compliance/uncertified/export/", compliance.UncertifiedExportView.as_view(), name="uncertified_export"),
    path("talent-pool/", talent_pool.TalentPoolView.as_view(), name="talent_pool"),
    path("talent-pool/export/", talent_pool.TalentPoolExportView.as_view(), name="talent_pool_export"),
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
