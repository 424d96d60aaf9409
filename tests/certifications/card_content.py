"""What the service cards page shows (see tests/content.py)."""

from django.urls import reverse

from ..content import Shows
from . import certificates

LISTS = {
    # The township's service cards: the cadre who gets one, with their card's link.
    "certifications:cards": Shows(
        certificates.the_certificate,
        marks=lambda c: (c.cadre.name, reverse("certifications:card_pdf", args=[c.cadre_id])),
    ),
}

#: The township's batch of cards is a PDF, not rows: its content is read back in test_service_cards.
NO_ROWS = {"certifications:cards_township_pdf"}
