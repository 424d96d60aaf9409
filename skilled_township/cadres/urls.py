from django.urls import path

from . import views

app_name = "cadres"

urlpatterns = [
    path("cadres/", views.CadreListView.as_view(), name="cadre_list"),
    path("cadres/add/", views.CadreEditView.as_view(), name="cadre_create"),
    path("cadres/export/", views.CadreExportView.as_view(), name="cadre_export"),
    path("cadres/import/", views.CadreImportView.as_view(), name="cadre_import"),
    path("cadres/import/template/", views.CadreImportTemplateView.as_view(), name="cadre_import_template"),
    path("cadres/<int:pk>/", views.CadreDetailView.as_view(), name="cadre_detail"),
    path("cadres/<int:pk>/edit/", views.CadreEditView.as_view(), name="cadre_update"),
    path("cadres/<int:cadre_pk>/secondments/add/", views.SecondmentCreateView.as_view(), name="secondment_create"),
    path("secondments/<int:pk>/edit/", views.SecondmentUpdateView.as_view(), name="secondment_update"),
]
