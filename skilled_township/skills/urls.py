from django.urls import path

from . import views

app_name = "skills"

urlpatterns = [
    path("", views.SkillListView.as_view(), name="skill_list"),
    path("add/", views.SkillEditView.as_view(), name="skill_create"),
    path("<int:pk>/", views.SkillDetailView.as_view(), name="skill_detail"),
    path("<int:pk>/edit/", views.SkillEditView.as_view(), name="skill_update"),
    path("<int:pk>/retire/", views.SkillRetireView.as_view(), name="skill_retire"),
    path("required/", views.RequiredSkillListView.as_view(), name="required_list"),
    path("required/add/", views.RequiredSkillCreateView.as_view(), name="required_create"),
    path("required/<int:pk>/remove/", views.RequiredSkillRemoveView.as_view(), name="required_remove"),
    path("demand/", views.DemandListView.as_view(), name="demand_list"),
    path("demand/add/", views.DemandEditView.as_view(), name="demand_create"),
    path("demand/<int:pk>/edit/", views.DemandEditView.as_view(), name="demand_update"),
    path("demand/<int:pk>/delete/", views.DemandDeleteView.as_view(), name="demand_delete"),
]
