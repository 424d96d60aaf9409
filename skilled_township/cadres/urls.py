from django.urls import path

from . import views

app_name = "cadres"

urlpatterns = [
    path("", views.CadreListView.as_view(), name="cadre_list"),
    path("add/", views.CadreEditView.as_view(), name="cadre_create"),
    path("export/", views.CadreExportView.as_view(), name="cadre_export"),
    path("import/", views.CadreImportView.as_view(), name="cadre_import"),
    path("import/<int:pk>/", views.CadreImportJobView.as_view(), name="cadre_import_job"),
    path("import/template/", views.CadreImportTemplateView.as_view(), name="cadre_import_template"),
    path("transfers/", views.TransferListView.as_view(), name="transfer_list"),
    path("options/", views.CadreOptionsView.as_view(), name="cadre_options"),
    path("accounts/", views.CadreAccountsView.as_view(), name="cadre_accounts"),
    path("<int:pk>/", views.CadreDetailView.as_view(), name="cadre_detail"),
    path("<int:pk>/edit/", views.CadreEditView.as_view(), name="cadre_update"),
    path("<int:cadre_pk>/secondments/add/", views.SecondmentCreateView.as_view(), name="secondment_create"),
    path("secondments/", views.SecondmentListView.as_view(), name="secondment_list"),
    path("secondments/export/", views.SecondmentExportView.as_view(), name="secondment_export"),
    path("secondments/<int:pk>/edit/", views.SecondmentUpdateView.as_view(), name="secondment_update"),
    path("education/", views.EducationStructureView.as_view(), name="education"),
    path("education/targets/", views.EducationTargetListView.as_view(), name="target_list"),
    path("education/targets/add/", views.EducationTargetEditView.as_view(), name="target_create"),
    path("education/targets/<int:pk>/edit/", views.EducationTargetEditView.as_view(), name="target_update"),
]
