from django.urls import path

from . import views

app_name = "regions"

urlpatterns = [
    path("pilots/", views.PilotTownshipListView.as_view(), name="pilot_list"),
    path("pilots/add/", views.PilotTownshipEditView.as_view(), name="pilot_create"),
    path("pilots/<int:pk>/", views.PilotTownshipDetailView.as_view(), name="pilot_detail"),
    path("pilots/<int:pk>/edit/", views.PilotTownshipEditView.as_view(), name="pilot_update"),
    path("incomes/", views.VillageIncomeListView.as_view(), name="income_list"),
    path("incomes/add/", views.VillageIncomeEditView.as_view(), name="income_create"),
    path("incomes/<int:pk>/edit/", views.VillageIncomeEditView.as_view(), name="income_update"),
    path("village-options/", views.VillageOptionsView.as_view(), name="village_options"),
    path("", views.region_tree, name="region_tree"),
    path("<str:code>/", views.RegionDetailView.as_view(), name="region_detail"),
    path("<str:code>/add-child/", views.RegionCreateView.as_view(), name="region_create"),
    path("<str:code>/edit/", views.RegionUpdateView.as_view(), name="region_update"),
]
