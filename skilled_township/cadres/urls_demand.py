from django.urls import path

from . import views_demand

app_name = "demand"

urlpatterns = [
    path("demand/gap/", views_demand.DemandGapView.as_view(), name="gap"),
]
