"""The pairing lists as Excel files (``core.exports``): households, pairings and the 民情日志, resident IDs
masked, each with its list's filters."""

from __future__ import annotations

from skilled_township.core.exports import declare

from .filters.households import HouseholdFilter
from .filters.pairings import PairingFilter
from .filters.visits import OwnVisitFilter, VisitFilter
from .models import Household, Pairing, Visit
from .services import export, targets

HOUSEHOLDS = declare(
    kind="household_xlsx",
    permission="pairing.view",
    rows=lambda user: Household.objects.visible_to(user).select_related("village__parent", "paired_cadre"),
    filterset=HouseholdFilter,
    write=lambda rows, user: export.households_bytes(rows),
    filename="households-{today:%Y%m%d}.xlsx",
)

#: A cadre downloads only their own visits (``visible_to``), under the filters of their own diary.
VISITS = declare(
    kind="visit_xlsx",
    permission="pairing.read_visits",
    rows=lambda user: Visit.objects.visible_to(user),
    filterset=VisitFilter,
    own_filterset=OwnVisitFilter,
    order=("-visited_on", "-id"),  # index visit_order, as the list page
    write=lambda rows, user: export.visits_bytes(rows),
    filename="visits-{today:%Y%m%d}.xlsx",
)

#: As the list shows them, with their target status; a handover names the pairing it continues.
PAIRINGS = declare(
    kind="pairing_xlsx",
    permission="pairing.view",
    rows=lambda user: targets.with_targets(Pairing.objects.visible_to(user)),
    filterset=PairingFilter,
    order=("-started_on", "-id"),
    write=lambda rows, user: export.pairings_bytes(rows),
    filename="pairings-{today:%Y%m%d}.xlsx",
)
