"""What the pairing app's lists show (see tests/content.py)."""

from django.urls import reverse

from ..content import Shows
from .builders import pairing, pairing_awaiting_handover


def _detail(row) -> str:
    return reverse("pairing:pairing_detail", args=[row.pk])


LISTS = {
    "pairing:pairing_list": Shows(pairing, marks=_detail),
    "pairing:handover_list": Shows(pairing_awaiting_handover, marks=_detail),
    # No income recorded yet: 未录入, so on the at-risk list.
    "pairing:at_risk": Shows(pairing, marks=_detail),
    "pairing:target_summary": Shows(
        pairing, marks=lambda row: f"{reverse('pairing:at_risk')}?township={row.household.village.parent_id}"
    ),
    "api:pairing-list": Shows(pairing),
    "api:pairing-target-list": Shows(pairing),
}
