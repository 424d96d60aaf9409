"""Households, incomes and pairings of the test world, made directly with the ORM."""

from __future__ import annotations

import datetime
from decimal import Decimal

from .. import factories, objects


def household(village, head_name: str = "杨秀英", **extra):
    from skilled_township.pairing.models import Household

    defaults = {"members": 4, "labour_members": 2}
    defaults.update(extra)
    return Household.objects.create(village=village, head_name=head_name, id_number=factories.resident_id(), **defaults)


def income(household, year: int, amount: str):
    from skilled_township.pairing.models import HouseholdIncome

    return HouseholdIncome.objects.create(household=household, year=year, per_capita_net_income=Decimal(amount))


def paired(household, cadre, started_on=datetime.date(2025, 3, 1), **extra):
    """A pairing as the services make it (``Household.paired_cadre`` kept in step)."""
    from skilled_township.pairing.services import pairings

    return pairings.pair(household, cadre, started_on=started_on, **extra)


def pairing(world):
    """An active pairing of 高村镇: the ``cadre`` persona's roster entry with a household of 锦和村."""
    from skilled_township.pairing.models import Pairing

    found = Pairing.objects.filter(household__village=world.village, cadre=objects.cadre(world)).first()
    return found or paired(household(world.village, "杨秀英"), objects.cadre(world), goals="发展柑桔种植")


def pairing_awaiting_handover(world):
    """An active pairing of 高村镇 whose cadre has since left the post."""
    from skilled_township.cadres.models import Cadre

    objects.cadre(world)  # the persona's roster entry stays the township's first cadre
    cadre = factories.cadre(world.township, "离岗干部")
    found = paired(household(world.village, "向远山"), cadre)
    Cadre.objects.filter(pk=cadre.pk).update(status=Cadre.Status.LEFT, left_on=datetime.date(2026, 1, 5))
    return found
