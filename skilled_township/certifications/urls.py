from django.urls import path

from .views import cards

app_name = "certifications"

urlpatterns = [
    path("cards/", cards.CardsView.as_view(), name="cards"),
    path("cards/township/<int:pk>/pdf/", cards.TownshipCardsPdfView.as_view(), name="cards_township_pdf"),
    path("cards/cadre/<int:pk>/pdf/", cards.CadreCardPdfView.as_view(), name="card_pdf"),
    path("cards/mine/", cards.MyCardView.as_view(), name="my_card"),
]
