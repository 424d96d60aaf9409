"""What the pairing lists show (see tests/content.py)."""

from django.urls import reverse

from ..content import Shows
from . import household_builders as built
from .builders import pairing, pairing_awaiting_handover
from .content_visits import LISTS as VISIT_LISTS


def _skilled_member(world):
    """A labour-capable member with a skill, of a registered-poor household: counted on the skill share."""
    poor = built.household(world, "舒长生", registered_poor=True)
    return built.member_skill(world, of=built.member(world, "舒满仓", of=poor)).member


HOUSEHOLD_LISTS = {
    "pairing:household_list": Shows(
        built.household, marks=lambda h: (reverse("pairing:household_detail", args=[h.pk]), h.head_name)
    ),
    # The export masks the ID: the head's name and the last four digits are there.
    "pairing:household_export": Shows(built.household, marks=lambda h: (h.head_name, h.id_number[-4:])),
    "pairing:skill_share": Shows(_skilled_member, marks=lambda m: m.household.village.parent.name),
    "api:household-list": Shows(built.household),
    "api:household-member-list": Shows(built.member),
    "api:household-income-list": Shows(built.income),
}


def _pairing_detail(row) -> str:
    return reverse("pairing:pairing_detail", args=[row.pk])


PAIRING_LISTS = {
    "pairing:pairing_list": Shows(pairing, marks=_pairing_detail),
    # The export masks the ID: the head's name and the last four digits are there.
    "pairing:pairing_export": Shows(pairing, marks=lambda row: (row.household.head_name, row.household.id_number[-4:])),
    "pairing:handover_list": Shows(pairing_awaiting_handover, marks=_pairing_detail),
    # No income recorded yet: 未录入, so on the at-risk list.
    "pairing:at_risk": Shows(pairing, marks=_pairing_detail),
    "pairing:target_summary": Shows(
        pairing, marks=lambda row: f"{reverse('pairing:at_risk')}?township={row.household.village.parent_id}"
    ),
    "api:pairing-list": Shows(pairing),
    "api:pairing-target-list": Shows(pairing),
}

LISTS = {**HOUSEHOLD_LISTS, **PAIRING_LISTS, **VISIT_LISTS}

#: Files with no rows at all.
NO_ROWS = {"pairing:household_import_template"}
