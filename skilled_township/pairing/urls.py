from django.urls import path

from .views import pairings, warnings

app_name = "pairing"

urlpatterns = [
    path("pairings/", pairings.PairingListView.as_view(), name="pairing_list"),
    path("pairings/pair/", pairings.PairView.as_view(), name="pair"),
    path("pairings/<int:pk>/", pairings.PairingDetailView.as_view(), name="pairing_detail"),
    path("pairings/<int:pk>/end/", pairings.PairingEndView.as_view(), name="pairing_end"),
    path("handover/", pairings.HandoverListView.as_view(), name="handover_list"),
    path("handover/cadre/<int:pk>/", pairings.HandoverCadreView.as_view(), name="handover_cadre"),
    path("warnings/", warnings.AtRiskListView.as_view(), name="at_risk"),
    path("warnings/summary/", warnings.TargetSummaryView.as_view(), name="target_summary"),
]
